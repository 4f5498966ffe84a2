#pragma once
// Learning-rate schedules, as multipliers of each group's base learning rate, evaluated at the
// optimizer step s (0-based: the first step uses s = 0, so with warmup it has lr 0 as upstream)
// of a run of `total_steps` steps.
//  - InverseSqrt: sam3/train/optim/schedulers.py InverseSquareRootParamScheduler:
//    f(s) = (s > warmup ? 1/sqrt((s + timescale - warmup) / timescale) : 1)
//           * (warmup ? min(1, s / warmup) : 1) * (cooldown ? min(1, (total - s) / cooldown) : 1)
//  - Cosine: linear warmup to 1 over `warmup` steps, then min_ratio + (1 - min_ratio) *
//    0.5 * (1 + cos(pi * (s - warmup) / (total - warmup))).
//  - Constant: 1.
#include <cstdint>
#include <string>

namespace sam3::train {

enum class ScheduleKind { InverseSqrt, Cosine, Constant };
ScheduleKind schedule_kind_from_string(
    const std::string& name);  // "inverse_sqrt" | "cosine" | "constant"
std::string to_string(ScheduleKind kind);

struct ScheduleOptions {
  ScheduleKind kind = ScheduleKind::InverseSqrt;
  std::int64_t warmup_steps = 20;
  std::int64_t cooldown_steps = 20;  // inverse_sqrt only
  std::int64_t timescale = 20;       // inverse_sqrt only
  double min_ratio = 0.0;            // cosine only
};

// Throws InvalidInput for negative counts, timescale < 1 or total_steps < 1.
double schedule_factor(const ScheduleOptions& options, std::int64_t step, std::int64_t total_steps);

}  // namespace sam3::train
