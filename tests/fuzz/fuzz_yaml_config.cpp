// libFuzzer target: the strict YAML loaders of the training config (core/train/train_config.cpp)
// and of the model config (core/model/model_config.cpp). The first byte picks the loader (even:
// training config, odd: model config); the rest is the YAML text. An accepted training config is
// also validated and written back (to_yaml), and what it writes must load again.
#include <cstdint>
#include <string>

#include "core/model/model_config.h"
#include "core/train/train_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    sam3::train::TrainConfig config;
    try {
      config = sam3::train::parse_train_config(text, "fuzz.yaml");
      sam3::train::validate_train_config(config, "fuzz.yaml");
    } catch (const sam3::Error&) {
      return 0;
    }
    // A valid config written out must read back to the same config (no exception allowed).
    const std::string written = sam3::train::to_yaml(config);
    if (!(sam3::train::parse_train_config(written, "written.yaml") == config)) __builtin_trap();
    return 0;
  }
  const std::filesystem::path file = sam3::fuzz::scratch_dir() / "model.yaml";
  sam3::fuzz::write_bytes(file, text);
  try {
    sam3::model::ModelConfig m = sam3::model::load_model_config(file);
    (void)m;
  } catch (const sam3::Error&) {
  }
  return 0;
}
