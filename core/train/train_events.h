#pragma once
// `sam3studio-cli train --events`: what a training run tells the app when the app trains through
// the CLI (several GPUs: one process per GPU, ui/training/process_training.h). Rank 0 writes one
// JSON object per line to stderr; every rank that fails writes an error line:
//   {"event":"step", "step":..., "total_steps":..., "epoch":..., "loss":..., "terms":{...},
//    "lr":{...}, "grad_norm":..., "images_per_second":..., "samples_seen":...,
//    "elapsed_seconds":..., "gpu_memory_bytes":..., "gpu_peak_bytes":...}
//   {"event":"validation", "step":..., "epoch":..., "bbox":[12], "segm":[12],
//    "best_metric":..., "is_best":...}
//   {"event":"message", "text":"..."}
//   {"event":"error", "rank":R, "peer_failed":bool, "kind":"out_of_memory", "message":"...",
//    "advice":"...", "key":"...", "line":N, "path":"...", "step":N}
// Other lines (the launcher's own report, a rank's plain error text) are plain text. Plain types
// only (no LibTorch, no Qt).
#include <string>

#include "core/train/session_error.h"
#include "core/train/train_progress.h"

namespace sam3::train {

std::string step_event(const TrainProgress& progress);
std::string validation_event(const ValidationReport& report);
std::string message_event(const std::string& text);
// `rank` -1: the process was no rank of a data-parallel job. `peer_failed`: it stopped because
// another rank failed (the launcher blames that one).
std::string error_event(const SessionError& error, int rank, bool peer_failed);

struct TrainEvent {
  enum class Type { Step, Validation, Message, Error, Text };
  Type type = Type::Text;
  TrainProgress step;
  ValidationReport validation;
  std::string text;  // Message and Text: the line's text
  SessionError error;
  int rank = -1;
  bool peer_failed = false;
};

// One line of `train --events` output (without its newline). A line that is not a well-formed
// event (another program's text, a torn line) comes back as Type::Text, never an exception.
TrainEvent parse_train_event(const std::string& line);

}  // namespace sam3::train
