// libFuzzer target: the safetensors reader (core/weights/safetensors.cpp). The input is a whole
// .safetensors file: its header is validated from memory (parse_safetensors_header), and when that
// accepts it, the file is read as the app reads weights (memory-mapped, tensors viewed or copied).
#include <cstdint>

#include "core/weights/safetensors.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = sam3::fuzz::scratch_dir() / "input.safetensors";
  try {
    sam3::weights::SafetensorsHeader header =
        sam3::weights::parse_safetensors_header(file, data, size, size);
    (void)header;
  } catch (const sam3::Error&) {
    return 0;
  }
  sam3::fuzz::write_bytes(file, {reinterpret_cast<const char*>(data), size});
  try {
    sam3::weights::SafetensorsFile read = sam3::weights::read_safetensors(file);
    for (const auto& [key, tensor] : read.tensors) {
      // Touch every byte of every view: an out-of-range view would be an ASan report here.
      if (tensor.numel() > 0) (void)tensor.to(torch::kFloat64).sum().item<double>();
    }
  } catch (const sam3::Error&) {
  }
  return 0;
}
