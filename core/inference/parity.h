#pragma once
// Parity of the port with the official SAM3 code on a fixture folder written by
// tests/reference/make_parity_fixtures.py (weights, inputs, outputs with the taps of
// tests/reference/TAPS.md). Plain types, so the CLI and tests report without LibTorch.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sam3 {

struct ParityOptions {
  std::filesystem::path fixture_dir;  // weights.safetensors, inputs.safetensors, outputs...
  std::string model_config;           // empty: from the fixture's meta.json ("config")
  std::optional<std::filesystem::path> weights;  // another layout of the same weights (HF, .pt)
  std::string device = "cpu";
  bool bf16 = false;          // CUDA bf16 autocast (official fp32 islands kept)
  bool bf16_weights = false;  // with bf16: Linear/conv weights stored in bf16 (inference_dtype.h)
  // Official outputs to compare with; default <fixture_dir>/outputs.safetensors (the official fp32
  // run). make_parity_fixtures.py --bf16-reference also writes outputs_bf16.safetensors.
  std::optional<std::filesystem::path> reference;
};

struct TapDiff {
  std::string name;
  std::string shape;
  std::int64_t numel = 0;
  double max_abs = 0;  // max |ours - official|
  double mean_abs = 0;
  double cosine = 0;       // cosine similarity of the flattened tensors
  double ref_max_abs = 0;  // scale of the official tensor
};

struct ParityReport {
  std::string device;
  std::string precision;
  std::vector<TapDiff> taps;         // every tap both sides have, in name order
  std::vector<std::string> missing;  // official taps we did not produce
  double mask_pixel_agreement = 0;   // fraction of pred_masks pixels with the same sign
  int detections_official = 0;       // queries with score > 0.5
  int detections_ours = 0;
  int detections_common = 0;
  double min_mask_iou_top = 1.0;   // min IoU of (logit > 0) masks over the official top-10 queries
  double mean_mask_iou_top = 1.0;  // their mean
  double max_abs(const std::string& tap) const;  // -1 when absent
};

// Throws IoError/FormatError for a broken fixture, ModelError for weights that do not fit.
ParityReport run_parity(const ParityOptions& options);
std::string to_json(const ParityReport& report);

}  // namespace sam3
