#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON header {"__metadata__": {str: str}, key: {"dtype", "shape",
// "data_offsets": [begin, end]}}, then the byte buffer. Reading validates every offset, dtype,
// shape and size before any tensor byte is touched; a malformed file is a FormatError naming the
// file and the tensor, never an out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/weights/named_tensors.h"

namespace sam3::weights {

// The reference implementation's limit on the JSON header.
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

using Metadata = std::map<std::string, std::string>;

struct SafetensorsEntry {
  std::string key;
  std::string dtype;  // "F32", "BF16", ... (one of those safetensors_dtype() accepts)
  Shape shape;
  std::uint64_t begin = 0;  // byte offsets into the data buffer, end exclusive
  std::uint64_t end = 0;
};

struct SafetensorsHeader {
  Metadata metadata;
  std::vector<SafetensorsEntry> entries;  // sorted by key
  std::uint64_t data_start = 0;           // file offset of the data buffer (8 + N)
};

// Validates the header against a file of `file_size` bytes whose first bytes are `bytes`
// (at least min(file_size, 8 + N) of them). Throws FormatError naming `file` and the tensor.
// Accepted dtypes: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL.
SafetensorsHeader parse_safetensors_header(const std::filesystem::path& file,
                                           const std::uint8_t* bytes, std::size_t available,
                                           std::uint64_t file_size);

// Reads only the header of a file (for format detection and listings).
SafetensorsHeader read_safetensors_header(const std::filesystem::path& file);

// The torch dtype of a safetensors dtype name; throws FormatError for unknown names.
torch::ScalarType safetensors_dtype(const std::filesystem::path& file, const std::string& where,
                                    const std::string& name);

struct SafetensorsFile {
  Metadata metadata;
  NamedTensors tensors;
};

// Memory-maps `file` and returns its tensors as CPU views of the (copy-on-write) mapping; each
// view keeps the mapping alive, so the result may outlive this call and the file may be replaced.
// A tensor whose bytes are not aligned to its element size is copied instead. BOOL bytes other
// than 0/1 are rejected. Throws IoError (unreadable) or FormatError (malformed).
SafetensorsFile read_safetensors(const std::filesystem::path& file);

// Writes `tensors` (any device, any strides; dtypes as above) atomically: keys sorted, data in
// key order, `__metadata__` omitted when empty, header padded with spaces to a multiple of 8 as
// the reference writer does. Throws InvalidInput for an undefined tensor or unsupported dtype.
void write_safetensors(const std::filesystem::path& file, const NamedTensors& tensors,
                       const Metadata& metadata = {});

}  // namespace sam3::weights
