#include "core/train/schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/util/errors.h"

namespace sam3::train {

ScheduleKind schedule_kind_from_string(const std::string& name) {
  if (name == "inverse_sqrt") return ScheduleKind::InverseSqrt;
  if (name == "cosine") return ScheduleKind::Cosine;
  if (name == "constant") return ScheduleKind::Constant;
  throw InvalidInput("schedule: unknown kind '" + name +
                     "', expected inverse_sqrt, cosine or constant");
}

std::string to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::InverseSqrt:
      return "inverse_sqrt";
    case ScheduleKind::Cosine:
      return "cosine";
    case ScheduleKind::Constant:
      return "constant";
  }
  return "?";
}

double schedule_factor(const ScheduleOptions& o, std::int64_t step, std::int64_t total_steps) {
  if (o.warmup_steps < 0 || o.cooldown_steps < 0 || o.timescale < 1 || total_steps < 1 ||
      step < 0 || !(o.min_ratio >= 0 && o.min_ratio <= 1))
    throw InvalidInput(
        "schedule: warmup/cooldown must be >= 0, timescale >= 1, total >= 1, "
        "step >= 0 and min_ratio within [0, 1]");
  const auto s = static_cast<double>(step), total = static_cast<double>(total_steps);
  const auto warmup = static_cast<double>(o.warmup_steps);
  switch (o.kind) {
    case ScheduleKind::Constant:
      return 1.0;
    case ScheduleKind::InverseSqrt: {
      double f = 1.0;
      const double shift = static_cast<double>(o.timescale) - warmup;
      if (warmup < s) f /= std::sqrt((s + shift) / static_cast<double>(o.timescale));
      if (o.warmup_steps > 0) f *= std::min(1.0, s / warmup);
      if (o.cooldown_steps > 0)
        f *= std::min(1.0, (total - s) / static_cast<double>(o.cooldown_steps));
      return std::max(f, 0.0);
    }
    case ScheduleKind::Cosine: {
      if (s < warmup) return s / warmup;
      const double span = std::max(total - warmup, 1.0);
      const double t = std::clamp((s - warmup) / span, 0.0, 1.0);
      return o.min_ratio + (1 - o.min_ratio) * 0.5 * (1 + std::cos(std::numbers::pi * t));
    }
  }
  return 1.0;
}

}  // namespace sam3::train
