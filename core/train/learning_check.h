#pragma once
// The held-out learning check of issue 6: a model trained from a seeded random initialisation on
// synthetic panels (synthetic_learning_options()), then bbox-evaluated with the COCO engine on
// the held-out split (photos of another seed, never trained on) and, optionally, on its own first
// training photos (train vs held-out tells underfitting from overfitting). The slow test
// TrainerLearning.TinyFromScratchReachesAp50OnHeldOutPanels and `sam3studio-cli learning` (recipe
// sweeps, tests/reference/learning_sweep_gpu.sh) run it.
// Throws what Trainer throws (ConfigError, InvalidInput, IoError, NonFiniteLoss, ...).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/train/synthetic_data.h"
#include "core/train/trainer.h"

namespace sam3::train {

struct LearningCheckOptions {
  TrainerOptions trainer;  // checkpointing and TensorBoard are turned off; the rest is used as is
  SyntheticOptions data = synthetic_learning_options();
  int valid_photos = kSyntheticLearningValidPhotos;
  int train_eval_photos = 0;       // > 0: also evaluate on this many of the training photos
  int diagnose_photos = 0;         // > 0: describe every query on this many held-out photos
  std::filesystem::path work_dir;  // temporary run folder (removed at the end)
  std::function<void(const std::string&)> on_line;  // progress lines (steps, validations)
  int log_every_steps = 250;
  int threads = 0;  // > 0: torch's intra-op threads for this process (set before training)
};

// One query of a diagnosed photo: its logit and box (normalised cx, cy, w, h of the S x S input).
struct QueryDiagnosis {
  double logit = 0;
  std::vector<double> box;
};
struct PhotoDiagnosis {
  double presence_logit = 0;
  std::vector<std::vector<double>> truth;  // normalised cx, cy, w, h
  std::vector<QueryDiagnosis> queries;
  double logit_std = 0;  // spread across queries; ~0 means constant scores
  double box_std = 0;    // mean over the 4 coordinates of the spread across queries
};

struct LearningCheckResult {
  std::int64_t steps = 0;
  double cpu_seconds = 0, wall_seconds = 0;  // training and validation, this process
  double first_loss = 0, last_loss = 0;
  ValidationReport held_out;                 // bbox stats on the held-out split
  std::optional<ValidationReport> on_train;  // bbox stats on training photos
  std::vector<PhotoDiagnosis> diagnosis;
};

LearningCheckResult run_learning_check(const LearningCheckOptions& options);

}  // namespace sam3::train
