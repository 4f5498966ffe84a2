#pragma once
// The runs of a project as the checkpoint browser sees them: plain types read from the run
// folders the trainer writes (run_folder.h: config.yaml, metrics.jsonl, model_card.json,
// checkpoints/step_<N>.{safetensors,json,state.safetensors}, checkpoints/best.*). Torch-free;
// part of sam3_train_session. Reading never throws: a folder that cannot be read is reported in
// RunInfo::problem. The mutating functions return a SessionError value.
#include <array>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/train/training_session.h"

namespace sam3::train {

struct CheckpointInfo {
  std::int64_t step = -1;   // -1 for best.*
  std::int64_t epoch = -1;  // from metrics.jsonl; -1 unknown
  bool best = false;
  std::filesystem::path weights, card, state;  // state empty for best.*
  std::int64_t bytes = 0;                      // all its files together
  std::time_t modified = 0;                    // of the card (written last)
  std::string card_json;  // the model card, pretty-printed (its long config text left out)
  std::optional<std::array<double, 12>> bbox, segm;  // the card's validation metrics
  std::string label() const;                         // "step 40" / "best (step 40)"
};

struct RunInfo {
  std::filesystem::path dir;
  std::string name;  // folder name
  std::string model_config;
  std::vector<CheckpointInfo> checkpoints;  // step checkpoints ascending, then best
  std::int64_t last_logged_step = 0;        // from metrics.jsonl
  std::int64_t total_steps = 0;             // from the last step line; 0 unknown
  bool finished = false;                    // model_card.json exists
  std::int64_t bytes = 0;                   // the whole folder
  std::time_t modified = 0;
  std::string problem;  // why the folder could not be read fully; empty when fine
};

struct StepPoint {
  std::int64_t step = 0, epoch = 0;
  double loss = 0;
  std::map<std::string, double> terms, lr;
  double images_per_second = 0;
  std::int64_t gpu_memory_bytes = -1;
};

struct ValidationPoint {
  std::int64_t step = 0, epoch = 0;
  std::array<double, 12> bbox{}, segm{};
};

struct RunCurves {
  std::vector<StepPoint> steps;  // in file order; a resumed run's later lines win
  std::vector<ValidationPoint> validations;
};

// Every folder under <project>/runs holding config.yaml, newest first.
std::vector<RunInfo> list_runs(const std::filesystem::path& project);
RunInfo read_run(const std::filesystem::path& run_dir);
// metrics.jsonl; unreadable lines are skipped.
RunCurves read_curves(const std::filesystem::path& run_dir);

// Removes the checkpoint's files; `freed` gets the bytes released.
SessionError delete_checkpoint(const CheckpointInfo& checkpoint, std::int64_t* freed);
// Removes the whole run folder.
SessionError delete_run(const std::filesystem::path& run_dir, std::int64_t* freed);
// Copies the deployment weights and the model card (weights only, no optimizer state) into
// `out_dir` as <run>_<label>.safetensors / .json; `written` gets the weights file.
SessionError export_weights(const RunInfo& run, const CheckpointInfo& checkpoint,
                            const std::filesystem::path& out_dir,
                            std::filesystem::path* written = nullptr);

}  // namespace sam3::train
