#pragma once
// Helpers shared by the libFuzzer targets of tests/fuzz (never linked into the product).
//
// Contract of every target: the code under test may reject an input only with one of the typed
// exceptions of core/util/errors.h (sam3::Error and its subclasses), which carry a clear message.
// Anything else escaping (std::out_of_range, a YAML or JSON library exception, a crash, an ASan or
// UBSan report, a leak, a hang) is a finding: the target lets it through, and libFuzzer stops.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/errors.h"

namespace sam3::fuzz {

// A scratch folder of this process under /dev/shm (memory) when it exists, else the temp folder.
// It is emptied by the caller between inputs as needed; it is never removed (the fuzzer process
// runs until killed and the folder is small).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::filesystem::path d = base / ("sam3-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Splits the input at NUL bytes into at most `n` parts (the last part keeps any further NULs).
// Lets one input hold several files (a data.yaml and a label file, a text and its options).
inline std::vector<std::string_view> split_parts(const std::uint8_t* data, std::size_t size,
                                                 std::size_t n) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    std::size_t nul = all.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(all.substr(0, nul));
    all.remove_prefix(nul + 1);
  }
  parts.push_back(all);
  while (parts.size() < n) parts.push_back({});
  return parts;
}

}  // namespace sam3::fuzz
