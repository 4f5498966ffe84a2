#pragma once
// Inference benchmark of the full image model, region by region, the way docs/performance.md
// measures the official code (tests/reference/official_bench.py prints the same fields): warm-up,
// then the median of N runs, each timed after a device synchronise. Peak GPU memory per region from
// the CUDA caching allocator, its peak statistics reset before the region (warm-up included); the
// peak includes what stays allocated across regions (weights, the encoded image and text).
//
// Regions: load_fp32 / load_bf16 (a weights file read and copied into the model already on the
// device, file in the page cache), image_encode (normalised S x S tensor -> ImageState),
// text_encode (token ids -> TextEncoding), ground_cached_text (one prompt on the encoded image with
// its text encoded: grounding + post-processing), prompt_uncached_text (text encode + grounding +
// post-processing), encode_image_and_ground_cached_text, full_predict (all of it);
// images_per_second = 1000 / full_predict median.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sam3 {

struct BenchOptions {
  std::string model_config = "sam3";
  std::optional<std::filesystem::path> weights;  // unset: seeded random weights
  std::string device = "auto";
  bool bf16 = true;
  // With bf16 on CUDA: Linear / conv weights stored in bf16 (model/inference_dtype.h), as the
  // app's Predictor runs them; false keeps fp32 weights under autocast.
  bool bf16_weights = true;
  int warmup = 5;
  int iterations = 20;
  // Weights files timed by load_fp32 / load_bf16. Both unset: the model's own weights are written
  // to a temporary folder (our safetensors layout, fp32 and bf16) and those are timed.
  std::optional<std::filesystem::path> load_fp32, load_bf16;
  bool time_loads = true;
  int load_iterations = 3;  // after one untimed load
};

struct BenchStage {
  std::string name;  // image_encode, text_encode, ground_cached_text, full_predict, ...
  double median_ms = 0;
  double min_ms = 0;
  double max_ms = 0;
  std::int64_t peak_bytes = -1;  // -1: not measurable (CPU, or LibTorch without CUDA)
  std::string file;              // load regions: the file timed
};

struct BenchReport {
  std::string device;
  std::string device_name;
  std::string precision;
  std::string torch_version;
  std::string model;
  int image_size = 0;
  std::vector<BenchStage> stages;
  std::int64_t peak_memory_bytes = -1;     // max over the stages; -1 when not measurable
  std::int64_t weights_memory_bytes = -1;  // allocated once the model is on the device (and cast)
  double weights_load_ms = 0;              // model set-up: random init or --weights, to device
  double images_per_second = 0;
};

BenchReport run_inference_bench(const BenchOptions& options);
std::string to_json(const BenchReport& report);

}  // namespace sam3
