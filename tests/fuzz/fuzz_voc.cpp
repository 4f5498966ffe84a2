// libFuzzer target: Pascal VOC import (core/project/voc.cpp, xml_lite.cpp). The input is one
// annotation .xml in a VOC folder.
#include <cstdint>

#include "core/project/interchange.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path dir = sam3::fuzz::scratch_dir() / "voc";
  sam3::fuzz::write_bytes(dir / "a.xml", {reinterpret_cast<const char*>(data), size});
  try {
    sam3::project::Dataset d = sam3::project::parse_voc(dir);
    (void)d;
  } catch (const sam3::Error&) {
  }
  return 0;
}
