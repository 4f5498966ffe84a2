#pragma once
// Private state of Trainer, shared by trainer.cpp (loop, checkpoints) and trainer_eval.cpp
// (validation). Not part of the interface.
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>

#include "core/model/sam3_image.h"
#include "core/train/distributed.h"
#include "core/train/grad_reducer.h"
#include "core/train/grad_scaler.h"
#include "core/train/lora.h"
#include "core/train/memory_modes.h"
#include "core/train/optimizer.h"
#include "core/train/prefetch.h"
#include "core/train/run_folder.h"
#include "core/train/tensorboard.h"
#include "core/train/trainer.h"

namespace sam3::train {

struct Trainer::Impl {
  TrainerOptions options;
  model::ModelConfig config;
  torch::Device device{torch::kCPU};
  model::Sam3Image model{nullptr};
  torch::Tensor class_ids;  // [C, 32] int64 token ids of the class prompts
  std::unique_ptr<TrainingDataset> train_data, valid_data;
  std::unique_ptr<AdamW> optimizer;
  std::optional<RunFolder> run;  // rank 0 only (other ranks write nothing)
  std::filesystem::path run_dir;
  // Data-parallel (null: one process).
  DistContext* dist = nullptr;
  std::unique_ptr<GradReducer> reducer;
  std::int64_t samples_seen = 0;
  int world() const { return dist ? dist->world_size() : 1; }
  int rank() const { return dist ? dist->rank() : 0; }
  bool is_main() const { return rank() == 0; }
  // True on every rank when it is true on any (an all-reduce; the flag alone without dist).
  bool any_rank(bool flag) const;
  std::unique_ptr<TensorBoardWriter> tensorboard;
  std::string config_yaml, source_description, base_weights_hash;
  double best_value = -1;
  std::int64_t best_step = -1;
  // Memory modes and precision (memory_modes.h, lora.h, grad_scaler.h).
  AmpMode amp = AmpMode::Off;
  std::unique_ptr<GradScaler> scaler;            // disabled unless amp is FP16
  std::unique_ptr<LoraAdapters> lora;            // null unless options.lora
  std::unique_ptr<TextFeatureCache> text_cache;  // cached features when the text tower is frozen

  bool autocast() const { return amp != AmpMode::Off; }
  at::ScalarType autocast_dtype() const { return amp == AmpMode::FP16 ? at::kHalf : at::kBFloat16; }
  // What checkpoints store as the model: the adapters only with LoRA, else every parameter.
  std::map<std::string, torch::Tensor> checkpoint_weights() const;
  // Sets up precision and memory modes on the freshly built model (trainer.cpp).
  void setup_memory_modes();
  // Forward of a batch in training mode: P = B x C prompts; returns the loss result.
  // NonFiniteLoss (naming the output and `step`) when the predictions are not finite.
  LossResult forward_loss(const TrainBatch& batch, std::int64_t step);
  TrainBatch make_batch(std::int64_t micro_index) const;
  nlohmann::json model_card(std::int64_t step, const std::optional<ValidationReport>& v) const;
  std::filesystem::path save_checkpoint(std::int64_t step, const std::optional<ValidationReport>& v,
                                        const TrainCallbacks& cb);
  void restore(const TrainingState& state);
  // The step a resume continues at with global batch `global` (steps_per_epoch `spe`).
  std::int64_t resume_step(const TrainingState& state, std::int64_t global, std::int64_t spe) const;
  void log_step(const TrainProgress& p);
  // One optimizer step: grad_accumulation forwards and backwards, clipping, the update.
  TrainProgress train_step(std::int64_t step, std::int64_t total_steps,
                           std::int64_t steps_per_epoch, Prefetcher& prefetch);
  ValidationReport validate(std::int64_t step, std::int64_t epoch);
};

// Builds the packed targets of a batch (prompt p = sample b, class c at p = b * C + c).
TargetBatch make_targets(const TrainBatch& batch, bool masks, const torch::Device& device);

}  // namespace sam3::train
