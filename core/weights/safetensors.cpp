#include "core/weights/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/util/errors.h"
#include "core/weights/mapped_file.h"

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

namespace sam3::weights {
namespace {

using nlohmann::json;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
  std::uint64_t size;
};

constexpr DtypeInfo kDtypes[] = {
    {"F64", torch::kFloat64, 8},   {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8},   {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},     {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeInfo* find_dtype(const std::string& name) {
  for (const auto& d : kDtypes)
    if (name == d.name) return &d;
  return nullptr;
}

std::string tensor_where(const std::string& key) {
  return "tensor '" + key + "'";
}

// nlohmann keeps the last of duplicate keys silently; a duplicate is a malformed header here.
json parse_json_rejecting_duplicates(const std::filesystem::path& file, const char* text,
                                     std::size_t size) {
  std::vector<std::set<std::string>> open_objects;
  json::parser_callback_t cb = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key && !open_objects.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second)
        throw FormatError(file, "header", "duplicate key '" + key + "' in the JSON header");
    }
    return true;
  };
  try {
    return json::parse(text, text + size, cb);
  } catch (const json::parse_error& e) {
    throw FormatError(file, "header byte " + std::to_string(e.byte),
                      std::string("invalid JSON header: ") + e.what());
  } catch (const json::exception& e) {  // out_of_range 406: a number beyond double
    throw FormatError(file, "header", std::string("invalid JSON header: ") + e.what());
  }
}

std::uint64_t unsigned_field(const std::filesystem::path& file, const std::string& key,
                             const json& value, const char* what) {
  if (!value.is_number_unsigned())
    throw FormatError(file, tensor_where(key),
                      std::string(what) + " must be a non-negative integer, got " + value.dump());
  return value.get<std::uint64_t>();
}

SafetensorsEntry parse_entry(const std::filesystem::path& file, const std::string& key,
                             const json& info, std::uint64_t data_size) {
  if (!info.is_object()) throw FormatError(file, tensor_where(key), "entry is not a JSON object");
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!info.contains(field))
      throw FormatError(file, tensor_where(key), std::string("missing field '") + field + "'");
  SafetensorsEntry e;
  e.key = key;
  if (!info["dtype"].is_string())
    throw FormatError(file, tensor_where(key), "dtype is not a string");
  e.dtype = info["dtype"].get<std::string>();
  const DtypeInfo* dtype = find_dtype(e.dtype);
  if (dtype == nullptr)
    throw FormatError(file, tensor_where(key), "unknown or unsupported dtype '" + e.dtype + "'");
  const json& shape = info["shape"];
  if (!shape.is_array()) throw FormatError(file, tensor_where(key), "shape is not an array");
  std::uint64_t numel = 1;
  for (const auto& dim : shape) {
    std::uint64_t d = unsigned_field(file, key, dim, "shape entry");
    if (d > static_cast<std::uint64_t>(INT64_MAX) || __builtin_mul_overflow(numel, d, &numel))
      throw FormatError(file, tensor_where(key), "shape " + shape.dump() + " overflows");
    e.shape.push_back(static_cast<std::int64_t>(d));
  }
  const json& offsets = info["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2)
    throw FormatError(file, tensor_where(key), "data_offsets must be [begin, end]");
  e.begin = unsigned_field(file, key, offsets[0], "data_offsets entry");
  e.end = unsigned_field(file, key, offsets[1], "data_offsets entry");
  if (e.end < e.begin)
    throw FormatError(file, tensor_where(key),
                      "data_offsets " + offsets.dump() + " end before begin");
  if (e.end > data_size)
    throw FormatError(file, tensor_where(key),
                      "data_offsets " + offsets.dump() + " run past the data buffer of " +
                          std::to_string(data_size) + " bytes");
  std::uint64_t nbytes = 0;
  if (__builtin_mul_overflow(numel, dtype->size, &nbytes) || nbytes != e.end - e.begin)
    throw FormatError(file, tensor_where(key),
                      "shape " + shape.dump() + " of " + e.dtype + " needs " +
                          std::to_string(numel) + " x " + std::to_string(dtype->size) +
                          " bytes but data_offsets " + offsets.dump() + " hold " +
                          std::to_string(e.end - e.begin));
  return e;
}

// The reference implementation requires the tensors to tile the buffer exactly.
void check_layout(const std::filesystem::path& file, std::vector<SafetensorsEntry> entries,
                  std::uint64_t data_size) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t pos = 0;
  const SafetensorsEntry* previous = nullptr;
  for (const auto& e : entries) {
    if (e.begin < pos)
      throw FormatError(file, tensor_where(e.key),
                        "data overlaps tensor '" + previous->key + "' (begins at " +
                            std::to_string(e.begin) + ", previous ends at " + std::to_string(pos) +
                            ")");
    if (e.begin > pos)
      throw FormatError(file, tensor_where(e.key),
                        "gap of " + std::to_string(e.begin - pos) + " bytes before its data");
    pos = e.end;
    previous = &e;
  }
  if (pos != data_size)
    throw FormatError(file, "data buffer",
                      std::to_string(data_size - pos) + " trailing bytes after the last tensor");
}

}  // namespace

torch::ScalarType safetensors_dtype(const std::filesystem::path& file, const std::string& where,
                                    const std::string& name) {
  const DtypeInfo* d = find_dtype(name);
  if (d == nullptr) throw FormatError(file, where, "unknown or unsupported dtype '" + name + "'");
  return d->type;
}

SafetensorsHeader parse_safetensors_header(const std::filesystem::path& file,
                                           const std::uint8_t* bytes, std::size_t available,
                                           std::uint64_t file_size) {
  if (file_size < 8 || available < 8)
    throw FormatError(
        file, "header",
        "file of " + std::to_string(file_size) + " bytes is too short for a safetensors header");
  std::uint64_t n = 0;
  std::memcpy(&n, bytes, 8);
  if (n > kMaxSafetensorsHeaderBytes)
    throw FormatError(file, "header",
                      "header length " + std::to_string(n) + " exceeds the " +
                          std::to_string(kMaxSafetensorsHeaderBytes) + "-byte limit");
  if (n > file_size - 8)
    throw FormatError(file, "header",
                      "header length " + std::to_string(n) + " runs past the end of the file (" +
                          std::to_string(file_size) + " bytes)");
  if (available < 8 + n) throw FormatError(file, "header", "header truncated");
  json header = parse_json_rejecting_duplicates(file, reinterpret_cast<const char*>(bytes) + 8, n);
  if (!header.is_object()) throw FormatError(file, "header", "JSON header is not an object");
  SafetensorsHeader out;
  out.data_start = 8 + n;
  const std::uint64_t data_size = file_size - out.data_start;
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) throw FormatError(file, "__metadata__", "is not a JSON object");
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string())
          throw FormatError(file, "__metadata__." + mk, "metadata value is not a string");
        out.metadata[mk] = mv.get<std::string>();
      }
      continue;
    }
    out.entries.push_back(parse_entry(file, key, value, data_size));
  }
  check_layout(file, out.entries, data_size);
  return out;  // entries are in key order: nlohmann's object is a sorted map
}

SafetensorsHeader read_safetensors_header(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file, "cannot open");
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) throw IoError(file, "cannot read size: " + ec.message());
  std::vector<std::uint8_t> head(8, 0);
  in.read(reinterpret_cast<char*>(head.data()), 8);
  std::uint64_t n = 0;
  std::memcpy(&n, head.data(), 8);
  if (static_cast<std::uint64_t>(in.gcount()) == 8 && n <= kMaxSafetensorsHeaderBytes &&
      n <= size - 8) {
    head.resize(8 + n);
    in.read(reinterpret_cast<char*>(head.data()) + 8, static_cast<std::streamsize>(n));
    if (static_cast<std::uint64_t>(in.gcount()) != n) throw IoError(file, "short read of header");
  }
  return parse_safetensors_header(file, head.data(), head.size(), size);
}

SafetensorsFile read_safetensors(const std::filesystem::path& file) {
  auto mapping = MappedFile::open(file);
  SafetensorsHeader header =
      parse_safetensors_header(file, mapping->data(), mapping->size(), mapping->size());
  SafetensorsFile out;
  out.metadata = std::move(header.metadata);
  for (const auto& e : header.entries) {
    const torch::ScalarType type = safetensors_dtype(file, tensor_where(e.key), e.dtype);
    auto options = torch::TensorOptions().dtype(type);
    if (e.begin == e.end) {
      out.tensors.emplace(e.key, torch::empty(e.shape, options));
      continue;
    }
    std::uint8_t* ptr = mapping->data() + header.data_start + e.begin;
    if (type == torch::kBool &&
        std::any_of(ptr, ptr + (e.end - e.begin), [](std::uint8_t b) { return b > 1; }))
      throw FormatError(file, tensor_where(e.key), "BOOL tensor holds bytes other than 0 and 1");
    const auto elem = static_cast<std::uintptr_t>(c10::elementSize(type));
    torch::Tensor t;
    if (reinterpret_cast<std::uintptr_t>(ptr) % elem == 0) {
      t = torch::from_blob(
          ptr, e.shape, [keep = mapping](void*) mutable { keep.reset(); }, options);
    } else {
      t = torch::from_blob(ptr, e.shape, options).clone();
    }
    out.tensors.emplace(e.key, std::move(t));
  }
  return out;
}

}  // namespace sam3::weights
