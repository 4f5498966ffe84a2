// libFuzzer target: labelme import (core/project/labelme.cpp). The input is one labelme .json.
#include <cstdint>

#include "core/project/interchange.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = sam3::fuzz::scratch_dir() / "labelme" / "a.json";
  sam3::fuzz::write_bytes(file, {reinterpret_cast<const char*>(data), size});
  try {
    sam3::project::Dataset d = sam3::project::parse_labelme(file);
    (void)d;
  } catch (const sam3::Error&) {
  }
  return 0;
}
