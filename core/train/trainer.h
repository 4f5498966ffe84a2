#pragma once
// The fine-tuning loop (sam3-spec §D): a plain C++ loop over optimizer steps with gradient
// accumulation, the official loss (losses.h), AdamW groups (optimizer.h), a per-step schedule
// (schedule.h), global grad-norm clipping, bf16 autocast on CUDA, validation with the COCO engine
// every N epochs, atomic checkpoints (run_folder.h), metrics.jsonl, TensorBoard and a model card.
//
// Reproducibility: the model init, dropout and drop-path draw from the CPU generator seeded with
// `seed`; batches depend only on (seed, step) (dataset.h). On CPU, a run resumed from the
// checkpoint of step k continues bit for bit like an uninterrupted run (its state file holds fp32
// weights, AdamW moments and the generator state).
// Failure: NonFiniteLoss names the loss term and step; CUDA out of memory becomes
// sam3::OutOfMemory with advice; a failed checkpoint write (disk full) throws the IoError naming
// the file and removes that step's partial files. In every case the run stops, earlier
// checkpoints stay as they were, and run(resume = true) continues from the latest of them.
// Cancel (TrainCallbacks::cancel_requested), by the phase it is requested in (phase_hook.h):
//  - loading (constructor, resume restore): run() returns Cancelled before the first step and
//    writes nothing (a resumed run keeps its checkpoint);
//  - a step: the step finishes, then a resumable checkpoint is written and run() returns Cancelled;
//  - validation: the validation finishes, then as for a step (the checkpoint holds its metrics);
//  - a checkpoint write: the write completes (it is never cut), then run() returns Cancelled with
//    that checkpoint as the resume point.
// Photos are decoded once, in the constructor: a photo file deleted or changed during run() does
// not affect the run. A later Trainer (a resume) reads the source again; a file that is gone then
// fails the constructor with the source's error naming the file (ProjectSource: IoError /
// FormatError) until the file is back or the photo is removed from the project.
// Thread affinity: run() on one (worker) thread.
//
// Data-parallel (a DistContext given, distributed.h; one Trainer per rank, every rank the same
// options): batch_size is per rank, the global batch per optimizer step is batch_size x
// grad_accumulation x world size. Every rank draws the same epoch permutation from the seed and
// takes its contiguous slice of each global batch, so W ranks x batch b see exactly the photos of
// one process with batch W x b. The loss is normalised by the global box count (all-reduced
// before the loss) and the global prompt count (losses.h LossNormalisation); gradients are
// averaged over the ranks in buckets overlapped with backward (grad_reducer.h); rank 0's
// parameters and buffers are broadcast when run() starts. Reported losses are the mean over the
// ranks, images/s the global rate. Rank 0 alone writes the run folder (config, metrics.jsonl,
// TensorBoard, checkpoints, best, model card) and validates; the others wait for it in the next
// collective. Cancel: any rank's request stops every rank after the same step (agreed through an
// all-reduce), then rank 0 writes the resumable checkpoint. A rank that dies or fails makes the
// others' next collective throw DistributedError within the context's timeout. The other ranks
// never create the run folder; a resume reads rank 0's checkpoint from it (one host, or a shared
// file system). Dropout and drop-path draw from per-rank generators, so with dropout on the ranks
// are statistically, not numerically, equal to one process.
// Resume with another world size (or batch): the checkpoint records the step, the global batch
// and the photos seen. Same global batch: the run continues at the same step, schedule point and
// place in the epoch order, exactly. Another global batch G': it continues in the same epoch at
// the first step of G' photos at or after the checkpoint's place in that epoch (exact when G'
// divides it), with steps counted in G' (steps_per_epoch and total_steps follow G'), so the
// schedule keeps its fraction; max_steps counts steps of the current global batch.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/train/dataset.h"
#include "core/train/lora.h"
#include "core/train/losses.h"
#include "core/train/optimizer.h"
#include "core/train/schedule.h"
#include "core/train/train_progress.h"
#include "core/util/errors.h"

namespace sam3::train {

struct TrainerOptions {
  // Model
  std::string model_config = "sam3-tiny";  // a name of resources/models or a YAML path
  std::filesystem::path base_weights;      // empty: seeded random initialisation
  std::filesystem::path vocab;             // CLIP BPE vocabulary (file or model folder)
  std::string device = "auto";             // auto | cpu | cuda | cuda:N
  // Mixed precision on CUDA (grad_scaler.h): auto = bf16 where supported, else fp16 with dynamic
  // loss scaling; bf16 | fp16 | off force it. Always off on the CPU.
  std::string amp = "auto";
  int image_size = 0;  // model input side; 0 = the model config's
  // Memory modes: frozen parameters get no gradient and no optimizer state.
  bool freeze_text = false;          // backbone.language_backbone (run without grad)
  bool freeze_vision_trunk = false;  // backbone.vision_backbone.trunk but its last N blocks
  int train_last_vision_blocks = 0;
  // Recompute the activations of every ViT / text block and encoder / decoder layer in backward.
  bool activation_checkpointing = false;
  // Several ranks: all-reduce the gradients in bf16 (half the traffic) instead of fp32.
  bool grad_allreduce_bf16 = false;
  // LoRA adapters on the ViT trunk (lora.h): everything else frozen, checkpoints hold only the
  // adapters; `lora_options.seed` is replaced by `seed`.
  bool lora = false;
  LoraOptions lora_options;
  // Data (image size, mean and std come from the model config)
  DatasetOptions data;
  // Loop
  std::uint64_t seed = 0;
  int batch_size = 1;         // photos per forward (each with one query per class)
  int grad_accumulation = 1;  // forwards per optimizer step
  std::int64_t epochs = 20;
  std::int64_t max_steps = 0;  // > 0: stop after this many optimizer steps in total
  int prefetch = 2;            // batches made ahead by the background thread
  OptimizerOptions optimizer;
  ScheduleOptions schedule;
  double grad_clip = 0.1;  // max global L2 norm; <= 0 off
  LossOptions loss;
  // Validation and checkpoints
  int validate_every_epochs = 10;  // also after the last epoch; 0 = only then
  std::string best_metric =
      "bbox_AP50";  // <bbox|segm>_<AP|AP50|AP75|APs|APm|APl|AR1|AR10|AR100|ARs|ARm|ARl>
  int checkpoint_every_epochs = 1;  // and always at the end and on cancel
  int keep_last = 2;
  bool keep_best = true;
  bool weights_fp32 = false;  // deployment weights dtype: bf16 (default) or fp32
  int log_every_steps = 1;    // metrics.jsonl / TensorBoard (always the last step)
  bool tensorboard = true;
};

enum class TrainStatus { Finished, Cancelled };

struct TrainResult {
  TrainStatus status = TrainStatus::Finished;
  std::int64_t steps = 0;  // optimizer steps done in total
  std::int64_t total_steps = 0;
  std::int64_t samples_seen = 0;    // photos trained on in total, over every rank
  std::vector<double> step_losses;  // total loss of every step run by this call, in order
  std::optional<ValidationReport> last_validation;
  std::filesystem::path last_checkpoint;
};

// A loss term or the gradient norm became NaN or Inf.
class NonFiniteLoss : public Error {
 public:
  NonFiniteLoss(const std::string& term, std::int64_t step, double value);
  const std::string& term() const { return term_; }
  std::int64_t step() const { return step_; }

 private:
  std::string term_;
  std::int64_t step_;
};

// Index of a metric name in the 12 COCO stats and its iou type ("bbox_AP50" -> {false, 1});
// InvalidInput for unknown names.
std::pair<bool, int> parse_metric_name(const std::string& name);

class DistContext;

class Trainer {
 public:
  // `effective_config_yaml` is written to the run folder as config.yaml (the caller renders its
  // config). Loads the model config, vocabulary and base weights, decodes the dataset.
  // `dist`: this process's rank of a data-parallel job (not owned; must outlive the Trainer);
  // null = one process. Throws ConfigError / IoError / ModelError / InvalidInput.
  Trainer(const TrainerOptions& options, const SampleSource& source,
          const std::filesystem::path& run_dir, std::string effective_config_yaml,
          DistContext* dist = nullptr);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Trains to the end (or max_steps). resume: continue from the latest complete checkpoint of
  // the run folder (InvalidInput when it has none).
  TrainResult run(const TrainCallbacks& callbacks = {}, bool resume = false);
  // Validation on the valid split now, with the current weights.
  ValidationReport validate(std::int64_t step, std::int64_t epoch);

  std::int64_t steps_per_epoch() const;
  std::int64_t total_steps() const;
  // Photos per optimizer step over all ranks: batch_size x grad_accumulation x world size.
  std::int64_t global_batch() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sam3::train
