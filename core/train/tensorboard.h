#pragma once
// A TensorBoard event file written by hand (no protobuf dependency): TFRecord framing —
// uint64 length (LE), uint32 masked CRC32C of the length, the bytes, uint32 masked CRC32C of the
// bytes — around tensorflow.Event messages: wall_time (1, double), step (2, int64),
// file_version (3, "brain.Event:2") in the first record, and summary (5) with one
// Summary.Value { tag (1, string), simple_value (2, float) } per scalar.
// Each add_scalar is flushed, so a crash loses at most the record being written.
// Not thread-safe: one writer per thread.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace sam3::train {

// CRC-32C (Castagnoli), and TensorFlow's masking of it: ((crc >> 15) | (crc << 17)) + 0xa282ead8.
std::uint32_t crc32c(std::string_view bytes);
std::uint32_t masked_crc32c(std::string_view bytes);

class TensorBoardWriter {
 public:
  // Creates `folder` and a new events.out.tfevents.<seconds>.sam3studio.<pid> file in it, and
  // writes the file_version record. Throws IoError.
  explicit TensorBoardWriter(const std::filesystem::path& folder);
  ~TensorBoardWriter();
  TensorBoardWriter(const TensorBoardWriter&) = delete;
  TensorBoardWriter& operator=(const TensorBoardWriter&) = delete;

  // wall_time in seconds since the epoch (now when negative).
  void add_scalar(const std::string& tag, float value, std::int64_t step, double wall_time = -1);
  const std::filesystem::path& path() const { return path_; }

 private:
  void write_record(const std::string& event);
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

}  // namespace sam3::train
