#include "core/train/tensorboard.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>

#include "core/util/errors.h"

namespace sam3::train {
namespace {

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[i] = c;
  }
  return table;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

template <typename T>
void put_le(std::string& out, T v) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));  // little-endian hosts only (x86-64, aarch64)
  out.append(reinterpret_cast<const char*>(bytes), sizeof(T));
}

void put_bytes_field(std::string& out, int field, std::string_view bytes) {
  put_varint(out, static_cast<std::uint64_t>(field) << 3 | 2);
  put_varint(out, bytes.size());
  out.append(bytes);
}

std::string event_header(double wall_time, std::int64_t step) {
  std::string e;
  e.push_back(0x09);  // field 1, fixed64
  put_le(e, wall_time);
  e.push_back(0x10);  // field 2, varint
  put_varint(e, static_cast<std::uint64_t>(step));
  return e;
}

}  // namespace

std::uint32_t crc32c(std::string_view bytes) {
  static const std::array<std::uint32_t, 256> table = make_crc_table();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::uint32_t masked_crc32c(std::string_view bytes) {
  const std::uint32_t crc = crc32c(bytes);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

TensorBoardWriter::TensorBoardWriter(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw IoError(folder, "cannot create folder: " + ec.message());
  const double now = now_seconds();
  path_ = folder / ("events.out.tfevents." + std::to_string(static_cast<std::int64_t>(now)) +
                    ".sam3studio." + std::to_string(::getpid()));
  file_ = std::fopen(path_.c_str(), "ab");
  if (file_ == nullptr) throw IoError(path_, std::string("cannot open: ") + std::strerror(errno));
  std::string e = event_header(now, 0);
  put_bytes_field(e, 3, "brain.Event:2");
  write_record(e);
}

TensorBoardWriter::~TensorBoardWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void TensorBoardWriter::add_scalar(const std::string& tag, float value, std::int64_t step,
                                   double wall_time) {
  std::string v;
  put_bytes_field(v, 1, tag);
  v.push_back(0x15);  // field 2, fixed32
  put_le(v, value);
  std::string summary;
  put_bytes_field(summary, 1, v);
  std::string e = event_header(wall_time < 0 ? now_seconds() : wall_time, step);
  put_bytes_field(e, 5, summary);
  write_record(e);
}

void TensorBoardWriter::write_record(const std::string& event) {
  std::string header;
  put_le(header, static_cast<std::uint64_t>(event.size()));
  std::string record = header;
  put_le(record, masked_crc32c(header));
  record += event;
  put_le(record, masked_crc32c(event));
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() ||
      std::fflush(file_) != 0)
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
}

}  // namespace sam3::train
