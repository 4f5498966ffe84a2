#pragma once
// Mixed precision for training: the choice of autocast dtype, and dynamic loss scaling for fp16
// with the semantics of torch.cuda.amp.GradScaler (defaults: initial scale 65536 = 2^16, growth
// x2 after 2000 consecutive steps with finite gradients, backoff x0.5 on a step with inf/NaN
// gradients, whose optimizer step is skipped). Per optimizer step:
//   scaler.scale(loss).backward()   (every micro-batch)
//   scaler.unscale(groups)          (gradients divided by the scale; inf/NaN recorded) — before
//                                   gradient clipping, so that the clip sees true gradients
//   scaler.step(optimizer)          (skipped when inf/NaN was found)
//   scaler.update()                 (backoff or growth)
// The scale is kept as fp32 and gradients are multiplied by the fp32 reciprocal, as PyTorch does.
// A disabled scaler is the identity and always steps. Use from the training thread.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>

#include "core/train/optimizer.h"

namespace sam3::train {

// The mixed precision a run uses.
enum class AmpMode { Off, BF16, FP16 };
const char* to_string(AmpMode mode);

// config precision.amp ("auto" | "bf16" | "fp16" | "off") on `device`: CPU always Off; auto on
// CUDA is BF16 when `cuda_bf16_supported` (compute capability >= 8.0), else FP16. InvalidInput
// for another string.
AmpMode choose_amp(const std::string& amp, bool device_is_cuda, bool cuda_bf16_supported);

struct GradScalerOptions {
  bool enabled = true;
  double init_scale = 65536.0;
  double growth_factor = 2.0;
  double backoff_factor = 0.5;
  int growth_interval = 2000;
};

class GradScaler {
 public:
  // InvalidInput for init_scale <= 0, growth_factor <= 1, backoff_factor outside (0, 1) or
  // growth_interval < 1.
  explicit GradScaler(const GradScalerOptions& options = {});

  bool enabled() const { return options_.enabled; }
  // loss x scale (loss itself when disabled).
  torch::Tensor scale(const torch::Tensor& loss) const;
  // Multiplies every defined gradient of `groups` by 1 / scale in place and returns whether any
  // gradient holds inf or NaN. Once per step: InvalidInput when called again before update().
  bool unscale(const std::vector<ParamGroup>& groups);
  // Unscales first if unscale() was not called this step; runs optimizer.step() unless inf/NaN
  // was found. Returns whether the optimizer stepped.
  bool step(AdamW& optimizer);
  // Ends the step: on inf/NaN scale x backoff and the growth count restarts; otherwise the count
  // grows and, reaching growth_interval, scale x growth and the count restarts.
  void update();

  double current_scale() const { return static_cast<double>(scale_); }
  int growth_tracker() const { return growth_tracker_; }
  bool found_inf() const { return found_inf_; }
  std::int64_t skipped_steps() const { return skipped_; }

  // "grad_scaler.scale" (float), "grad_scaler.growth_tracker" (int64), for resume.
  std::map<std::string, torch::Tensor> state_dict() const;
  // Reads the two keys if present (absent: unchanged, e.g. a state of a bf16 run).
  void load_state_dict(const std::map<std::string, torch::Tensor>& state);

 private:
  GradScalerOptions options_;
  float scale_;
  int growth_tracker_ = 0;
  bool unscaled_ = false, found_inf_ = false;
  std::int64_t skipped_ = 0;
};

// True for the keys GradScaler::state_dict writes.
bool is_grad_scaler_key(const std::string& key);

}  // namespace sam3::train
