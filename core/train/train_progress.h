#pragma once
// What the training loop reports after each optimizer step and each validation: plain types only,
// so the ui can include this header (no LibTorch). Units: seconds, bytes, images per second.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace sam3::train {

struct TrainProgress {
  std::int64_t step = 0;  // optimizer steps done (1 after the first)
  std::int64_t total_steps = 0;
  std::int64_t epoch = 0;               // 0-based epoch of this step
  double loss = 0;                      // the total the backward ran on (mean over accumulation)
  std::map<std::string, double> terms;  // every loss term ("loss_bbox", "loss_ce_aux_0", ...)
  std::map<std::string, double> lr;     // per family: transformer, vision, text
  double grad_norm = 0;                 // before clipping
  double images_per_second = 0;         // over all ranks
  std::int64_t samples_seen = 0;        // photos trained on so far, over all ranks and resumes
  double elapsed_seconds = 0;
  std::int64_t gpu_memory_bytes = -1;  // allocated now on the training GPU; -1 on CPU
  std::int64_t gpu_peak_bytes = -1;
};

struct ValidationReport {
  std::int64_t step = 0;
  std::int64_t epoch = 0;
  std::array<double, 12> bbox{};  // COCO stats in pycocotools' order
  std::array<double, 12> segm{};  // all -1 when masks are not evaluated
  double best_metric = 0;         // value of the chosen metric
  bool is_best = false;
};

// Called on the training thread; keep them short. Returning from on_step is enough: the ui
// throttles to its own rate. cancel_requested is polled once loading is done (before the first
// step), after each optimizer step (and its validation) and after each checkpoint write; what a
// cancel does in each phase: trainer.h.
struct TrainCallbacks {
  std::function<void(const TrainProgress&)> on_step;
  std::function<void(const ValidationReport&)> on_validation;
  std::function<void(const std::string&)> on_message;  // checkpoint written, resumed, ...
  std::function<bool()> cancel_requested;
};

}  // namespace sam3::train
