#pragma once
// Training-step benchmark (issue 10): the real training engine (Trainer, official loss, AdamW
// groups, grad clipping, autocast) timed per optimizer step, at batch 1 and at the largest batch
// that fits, for each memory mode. The JSON it prints is matched field for field by
// tests/reference/official_bench.py (the official SAM3 training step on the same data).
//
// Memory modes are settings of the training YAML config (dotted keys such as memory.freeze_text
// or precision.amp), applied on top of the default (or a given) config and passed through
// parse_train_config / validate_train_config / trainer_options_from_config exactly as
// `sam3studio-cli train` does. A mode whose keys the engine does not know or refuses (ConfigError)
// is reported "unavailable" with the engine's message and is never measured; settings accepted
// without effect are listed in the mode's "notes" (the engine's own notes).
//
// Data (identical on the official side): `photos` synthetic S x S photos (S = the model's input
// side), pixel (x, y) of channel c of photo i = (3x + 7y + 85c + 41i) mod 256, each with two
// axis-aligned rectangles of class "fuse cutout" (bench_rectangles); one prompt per photo.
// Augmentation is off, so the model sees exactly these pixels.
//
// Timing: each optimizer step ends with a device synchronise in the step callback; the step time
// is the time between two callbacks (data waiting, forward, loss, backward, clipping, update).
// The first `warmup` steps are not timed. Peak GPU memory: allocator peak over every step of that
// batch size (reset before the run and after each step), -1 on CPU. The run is stopped by the
// callback after the last timed step (no validation, checkpoint or model card is written).
// Largest batch: doubling from 1 while the step fits; on CUDA until an out-of-memory error (caught,
// the cache emptied) or max_batch; on CPU only up to max_batch (no out-of-memory signal there).
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sam3::train {

struct TrainBenchMode {
  std::string name;
  std::vector<std::pair<std::string, std::string>> settings;  // dotted key -> YAML value
};

// Built-in modes: full (defaults: activation checkpointing on, amp auto), full_no_checkpointing,
// frozen_text (the 16 GB-card preset), frozen_text_trunk, lora (+ frozen text), fp16.
const std::vector<TrainBenchMode>& default_train_bench_modes();
// "name:key=value,key=value" -> mode (InvalidInput when malformed). "name" alone = no settings.
TrainBenchMode parse_train_bench_mode(const std::string& spec);

struct TrainBenchOptions {
  std::string model_config = "sam3";
  std::filesystem::path weights;      // base weights; empty = seeded random initialisation
  std::filesystem::path vocab;        // CLIP BPE vocabulary (file or folder); required
  std::filesystem::path base_config;  // training YAML under the modes; empty = defaults
  std::string device = "auto";
  std::vector<TrainBenchMode> modes;  // empty = default_train_bench_modes()
  int warmup = 1;                     // untimed steps per batch size, >= 1
  int iterations = 3;                 // timed steps per batch size, >= 1
  int max_batch = 0;                  // cap of the doubling; 0 = 64 on CUDA, 1 on CPU
  int photos = 4;                     // train photos (batches wrap around them)
  std::uint64_t seed = 0;
  std::filesystem::path work_dir;  // run folders go below (removed after); empty = temp dir
  // Called after each batch size of each mode with a one-line summary (progress for long runs).
  std::function<void(const std::string&)> on_progress;
};

struct TrainBenchRun {
  int batch = 0;
  bool fits = true;   // false: out of memory (the fields below are then unset)
  std::string error;  // the out-of-memory message
  double median_ms = 0, min_ms = 0, max_ms = 0;
  double images_per_second = 0;  // batch / median step time
  std::int64_t peak_bytes = -1;  // -1 on CPU
  double last_loss = 0;
};

struct TrainBenchModeReport {
  TrainBenchMode mode;
  std::string status;  // "measured" | "unavailable" | "failed"
  std::string reason;  // why unavailable / failed
  std::vector<std::string> notes;
  std::vector<TrainBenchRun> runs;  // every batch size tried, ascending
  std::string largest_limited_by;   // "out_of_memory" | "max_batch" | ""
};

struct TrainBenchReport {
  std::string model, device, device_name, libtorch;
  int image_size = 0;
  int warmup = 0, iterations = 0, max_batch = 0;
  std::vector<TrainBenchModeReport> modes;
};

// The two rectangles of photo `index` for an S x S photo: {x0, y0, x1, y1} in whole pixels.
std::array<std::array<int, 4>, 2> bench_rectangles(int image_size, int index);

// Throws InvalidInput for bad options (no vocabulary, warmup < 1, ...), ConfigError for a base
// config that does not load, ModelError / IoError from the model and weights.
TrainBenchReport run_train_bench(const TrainBenchOptions& options);
nlohmann::ordered_json to_json(const TrainBenchReport& report);

}  // namespace sam3::train
