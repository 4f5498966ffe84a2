// libFuzzer target: COCO / Roboflow annotation import (core/project/coco_import.cpp). The input is
// one _annotations.coco.json; the file names it refers to are resolved beside it (the scratch
// folder holds no photos, so they are reported missing, or name the JSON itself).
#include <cstdint>

#include "core/project/interchange.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = sam3::fuzz::scratch_dir() / "coco" / "_annotations.coco.json";
  sam3::fuzz::write_bytes(file, {reinterpret_cast<const char*>(data), size});
  try {
    sam3::project::Dataset d = sam3::project::parse_coco_file(file);
    (void)d;
  } catch (const sam3::Error&) {
  }
  return 0;
}
