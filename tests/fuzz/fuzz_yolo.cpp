// libFuzzer target: YOLO import (core/project/yolo.cpp). The input holds up to three files
// separated by NUL bytes: data.yaml, train/labels/a.txt and the photo train/images/a.png (its
// header is probed for the pixel size the normalised coordinates are scaled by).
#include <cstdint>

#include "core/project/interchange.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path dir = sam3::fuzz::scratch_dir() / "yolo";
  auto parts = sam3::fuzz::split_parts(data, size, 3);
  sam3::fuzz::write_bytes(dir / "data.yaml", parts[0]);
  sam3::fuzz::write_bytes(dir / "train" / "labels" / "a.txt", parts[1]);
  sam3::fuzz::write_bytes(dir / "train" / "images" / "a.png", parts[2]);
  try {
    sam3::project::Dataset d = sam3::project::parse_yolo(dir / "data.yaml");
    (void)d;
  } catch (const sam3::Error&) {
  }
  return 0;
}
