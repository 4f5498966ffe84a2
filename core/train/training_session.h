#pragma once
// The training facade the ui drives: plain types only (no LibTorch, no Qt), every failure
// returned as a SessionError value rather than thrown. Built as sam3_train_session (needs the
// project store and the image decoder, so GUI builds only).
//
//  - check_config():  strict parse + cross-field checks + the engine's own refusals of a YAML
//    text, with the key and line at fault;
//  - preflight():     what would stop or hurt a run before it starts (config, vocabulary, base
//    weights, classes and prompts, dataset validation, train / valid photos, disk space for the
//    planned checkpoints, GPU memory) with what to change;
//  - run_training():  one run on a project's labelled photos (core/train/project_source.h), new
//    or resumed from the run folder's latest checkpoint, reporting through TrainCallbacks.
// Thread affinity: every function may run on any thread; run_training() blocks for the run and
// calls the callbacks on the calling thread (the ui's worker thread).
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/train/session_error.h"
#include "core/train/train_config.h"
#include "core/train/train_progress.h"

namespace sam3::train {

// Parses `yaml` strictly (source names it in messages) and runs every check the engine runs
// before training. On success `config` holds the parsed config.
SessionError check_config(const std::string& yaml, TrainConfig* config,
                          const std::string& source = "training config");

struct SessionRequest {
  std::filesystem::path project;     // project folder (its store and photos)
  TrainConfig config;                // data.project is replaced by `project`
  std::filesystem::path run_dir;     // new run folder, or the one to resume
  bool resume = false;               // true: config.yaml of run_dir is used, `config` ignored
  std::filesystem::path vocabulary;  // CLIP BPE file or a model folder; empty: the weights' folder
};

// The vocabulary a request uses (its own, else the folder of model.weights; may be empty).
std::filesystem::path effective_vocabulary(const SessionRequest& request);

struct PreflightItem {
  enum class Severity { Ok, Warning, Error };
  Severity severity = Severity::Ok;
  std::string topic;    // config, vocabulary, weights, classes, dataset, disk, gpu
  std::string message;  // what was found
  std::string fix;      // what to change; empty for Ok
};

struct GpuMemory {
  bool available = false;  // a CUDA device will train
  std::int64_t total_bytes = 0;
  std::int64_t free_bytes = -1;  // -1 unknown
};

struct PreflightReport {
  std::vector<PreflightItem> items;
  int train_photos = 0, valid_photos = 0, classes = 0;
  std::int64_t parameters = 0;           // of the model config
  std::int64_t checkpoint_bytes = 0;     // disk the kept checkpoints need at most
  std::int64_t free_disk_bytes = -1;     // at the run folder's volume
  std::int64_t gpu_estimate_bytes = -1;  // weights + gradients + AdamW state; -1 on CPU
  bool can_start() const;                // no Error item
};

// Never throws. Builds the model config's parameters once on the CPU to count them (the full
// model: a few seconds and ~3.4 GB), so call it off the GUI thread.
PreflightReport preflight(const SessionRequest& request, const GpuMemory& gpu);

// Memory of CUDA device `index` through the driver API (no CUDA headers needed); available =
// false without a driver or device. Never throws.
GpuMemory query_gpu_memory(int index = 0);

struct SessionResult {
  bool finished = false;   // ran to its end
  bool cancelled = false;  // stopped by cancel_requested; a resumable checkpoint was written
  std::int64_t steps = 0, total_steps = 0;
  std::filesystem::path run_dir, last_checkpoint;
  SessionError error;  // set when neither finished nor cancelled
};

// Runs (or resumes) a training; never throws. A new run writes run_dir/config.yaml with the
// complete effective config.
SessionResult run_training(const SessionRequest& request, const TrainCallbacks& callbacks);

// <project>/runs/<UTC yyyymmdd-hhmmss> (with -2, -3 ... appended when it exists).
std::filesystem::path new_run_dir(const std::filesystem::path& project);

}  // namespace sam3::train
