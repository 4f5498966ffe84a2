#pragma once
// The folder of one training run:
//   config.yaml             the effective config (every default written out)
//   metrics.jsonl           one JSON object per line: {"type":"step",...} /
//   {"type":"validation",...} events.out.tfevents.*   TensorBoard scalars (tensorboard.h)
//   model_card.json         the final model card
//   checkpoints/step_<N>.safetensors + step_<N>.json   weights-only bf16 + model card (deployment)
//   checkpoints/step_<N>.state.safetensors             fp32 weights, AdamW moments, step, RNG
//   checkpoints/best.safetensors + best.json           the best by the chosen metric
// Every file is written atomically (temporary, fsync, rename). A checkpoint counts only once its
// card exists; the card is written last, so any failure leaves the previous checkpoint as the
// latest complete one. Not thread-safe: one trainer per folder.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sam3::train {

struct CheckpointFiles {
  std::int64_t step = 0;
  std::filesystem::path weights, card, state;
};

// Everything a resume needs besides the config.
struct TrainingState {
  std::int64_t step = 0;  // optimizer steps done
  // Data-parallel position (resume across a change of GPU count): photos trained on in total, and
  // the global batch (per-rank batch x accumulation x ranks) and rank count of the run that wrote
  // it. 0 in files from before they were recorded: the resuming run's own global batch is assumed.
  std::int64_t samples_seen = 0;
  std::int64_t global_batch = 0;
  int world_size = 1;
  double best_value = -1;
  std::int64_t best_step = -1;
  std::map<std::string, torch::Tensor> model;      // fp32 parameters and buffers by key
  std::map<std::string, torch::Tensor> optimizer;  // AdamW::state_dict()
  torch::Tensor cpu_rng;                           // CPU generator state (uint8)
};

class RunFolder {
 public:
  // Creates dir and dir/checkpoints. Throws IoError.
  explicit RunFolder(std::filesystem::path dir);
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_file() const { return dir_ / "config.yaml"; }
  std::filesystem::path metrics_file() const { return dir_ / "metrics.jsonl"; }
  std::filesystem::path model_card_file() const { return dir_ / "model_card.json"; }
  std::filesystem::path checkpoints_dir() const { return dir_ / "checkpoints"; }

  void write_config(const std::string& yaml) const;
  // Appends one line and flushes. Throws IoError.
  void append_metrics(const nlohmann::json& line) const;
  // Drops lines whose "step" is greater than `step` (a resume restarts there). Atomic.
  void truncate_metrics_after(std::int64_t step) const;
  // Complete step checkpoints, ascending by step.
  std::vector<CheckpointFiles> checkpoints() const;
  std::optional<CheckpointFiles> latest() const;
  CheckpointFiles best() const;  // paths of best.* (may not exist)

 private:
  std::filesystem::path dir_;
};

// Test seam: called with "state", "weights" after each file of a checkpoint is written; a throw
// simulates a failure (crash, disk full) at that point.
using CheckpointFault = std::function<void(const std::string& stage)>;

// Checks the free space of `dir` against `needed` bytes (+10 %); IoError naming both otherwise.
void check_free_disk(const std::filesystem::path& dir, std::uint64_t needed);

// Writes step_<N>: state, then bf16 weights + card. On failure the partial files of this step are
// removed and the error rethrown; earlier checkpoints are untouched.
CheckpointFiles write_checkpoint(const RunFolder& run, const TrainingState& state,
                                 const std::map<std::string, torch::Tensor>& weights,
                                 const nlohmann::json& card, const CheckpointFault& fault = {},
                                 torch::ScalarType dtype = torch::kBFloat16);
// Writes best.safetensors + best.json (weights only, floating tensors as `dtype`).
void write_best(const RunFolder& run, const std::map<std::string, torch::Tensor>& weights,
                const nlohmann::json& card, torch::ScalarType dtype = torch::kBFloat16);
// Removes all but the newest `keep_last` (>= 1) complete step checkpoints, any incomplete ones and
// the temporaries of killed writes (step_*.tmp-*, best.*.tmp-*).
void prune_checkpoints(const RunFolder& run, int keep_last);

// Reads a state file; FormatError when a required entry is missing.
TrainingState read_training_state(const std::filesystem::path& state_file);

// FNV-1a 64 of a file's bytes as 16 hex digits (a fingerprint, not a security hash).
std::string file_fingerprint(const std::filesystem::path& file);

}  // namespace sam3::train
