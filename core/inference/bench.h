#pragma once
// Inference latency benchmark of the full image model, stage by stage, the way
// docs/performance.md measures the official code: warm-up, then the median of N runs, each timed
// after a device synchronise; peak CUDA memory from the caching allocator (reset before the run).
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
  int warmup = 5;
  int iterations = 20;
  int prompts = 1;  // prompts per image for the "further prompts" stage
};

struct BenchStage {
  std::string name;  // image_encode, text_encode, ground_cached_text, full_predict, ...
  double median_ms = 0;
  double min_ms = 0;
  double max_ms = 0;
};

struct BenchReport {
  std::string device;
  std::string device_name;
  std::string precision;
  std::string torch_version;
  std::string model;
  int image_size = 0;
  std::vector<BenchStage> stages;
  std::int64_t peak_memory_bytes = -1;  // -1: not measurable (CPU, or LibTorch without CUDA)
  double weights_load_ms = 0;
};

BenchReport run_inference_bench(const BenchOptions& options);
std::string to_json(const BenchReport& report);

}  // namespace sam3
