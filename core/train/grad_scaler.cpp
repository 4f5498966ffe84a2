// Mixed precision choice and dynamic loss scaling (see grad_scaler.h).
#include "core/train/grad_scaler.h"

#include <cmath>
#include <vector>

#include "core/util/errors.h"

namespace sam3::train {
namespace {
const std::string kScaleKey = "grad_scaler.scale";
const std::string kTrackerKey = "grad_scaler.growth_tracker";
}  // namespace

const char* to_string(AmpMode mode) {
  switch (mode) {
    case AmpMode::BF16:
      return "bf16";
    case AmpMode::FP16:
      return "fp16";
    case AmpMode::Off:
      break;
  }
  return "off";
}

AmpMode choose_amp(const std::string& amp, bool device_is_cuda, bool cuda_bf16_supported) {
  if (amp != "auto" && amp != "bf16" && amp != "fp16" && amp != "off")
    throw InvalidInput("precision.amp: expected auto, bf16, fp16 or off, got '" + amp + "'");
  if (!device_is_cuda || amp == "off") return AmpMode::Off;
  if (amp == "bf16") return AmpMode::BF16;
  if (amp == "fp16") return AmpMode::FP16;
  return cuda_bf16_supported ? AmpMode::BF16 : AmpMode::FP16;
}

bool is_grad_scaler_key(const std::string& key) {
  return key == kScaleKey || key == kTrackerKey;
}

GradScaler::GradScaler(const GradScalerOptions& o)
    : options_(o), scale_(static_cast<float>(o.init_scale)) {
  if (!(o.init_scale > 0) || !(o.growth_factor > 1) ||
      !(o.backoff_factor > 0 && o.backoff_factor < 1) || o.growth_interval < 1)
    throw InvalidInput(
        "grad scaler: init_scale must be > 0, growth_factor > 1, backoff_factor in (0, 1) and "
        "growth_interval >= 1");
}

torch::Tensor GradScaler::scale(const torch::Tensor& loss) const {
  if (!options_.enabled) return loss;
  return loss * static_cast<double>(scale_);
}

bool GradScaler::unscale(const std::vector<ParamGroup>& groups) {
  if (!options_.enabled) return false;
  if (unscaled_)
    throw InvalidInput("grad scaler: unscale() already called since the last update()");
  torch::NoGradGuard no_grad;
  // PyTorch: inv_scale = scale.double().reciprocal().float(); grads *= inv_scale; found_inf
  // when any gradient is not finite.
  const auto inv = static_cast<float>(1.0 / static_cast<double>(scale_));
  // One flag per gradient, on the gradients' device; a single synchronisation at the end.
  std::vector<torch::Tensor> finite;
  for (const auto& g : groups)
    for (const auto& p : g.params) {
      torch::Tensor grad = p.tensor.grad();
      if (!grad.defined()) continue;
      grad.mul_(inv);
      const torch::Tensor ok = torch::isfinite(grad).all();
      finite.push_back(finite.empty() ? ok : ok.to(finite.front().device()));
    }
  unscaled_ = true;
  found_inf_ = !finite.empty() && !torch::stack(finite).all().item<bool>();
  return found_inf_;
}

bool GradScaler::step(AdamW& optimizer) {
  if (!options_.enabled) {
    optimizer.step();
    return true;
  }
  if (!unscaled_) unscale(optimizer.groups());
  if (found_inf_) {
    ++skipped_;
    return false;
  }
  optimizer.step();
  return true;
}

void GradScaler::update() {
  if (!options_.enabled) return;
  if (found_inf_) {
    scale_ = static_cast<float>(scale_ * options_.backoff_factor);
    growth_tracker_ = 0;
  } else if (++growth_tracker_ == options_.growth_interval) {
    const auto grown = static_cast<float>(scale_ * options_.growth_factor);
    if (std::isfinite(grown)) scale_ = grown;  // as PyTorch: never grow to inf
    growth_tracker_ = 0;
  }
  unscaled_ = false;
  found_inf_ = false;
}

std::map<std::string, torch::Tensor> GradScaler::state_dict() const {
  return {{kScaleKey, torch::tensor(scale_, torch::kFloat)},
          {kTrackerKey, torch::tensor(static_cast<std::int64_t>(growth_tracker_), torch::kInt64)}};
}

void GradScaler::load_state_dict(const std::map<std::string, torch::Tensor>& state) {
  const auto s = state.find(kScaleKey), t = state.find(kTrackerKey);
  if (s != state.end()) {
    const float v = s->second.item<float>();
    if (!(v > 0) || !std::isfinite(v))
      throw ModelError("grad scaler state: scale " + std::to_string(v) +
                       " is not a positive number");
    scale_ = v;
  }
  if (t != state.end()) growth_tracker_ = static_cast<int>(t->second.item<std::int64_t>());
  unscaled_ = false;
  found_inf_ = false;
}

}  // namespace sam3::train
