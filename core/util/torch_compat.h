#pragma once
// The one place where LibTorch 1.13 (Debian, CPU) and LibTorch 2.x (CUDA) differ for us.
// Include only from core targets that link LibTorch.
#include <ATen/autocast_mode.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/torch.h>

#include <optional>
#include <string>

#if defined(TORCH_VERSION_MAJOR) && TORCH_VERSION_MAJOR >= 2
#define SAM3_TORCH2 1
#else
#define SAM3_TORCH2 0
#endif
// at::autocast takes a device type (is_autocast_enabled(kCUDA), ...) from LibTorch 2.4 on.
#if SAM3_TORCH2 && (TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 4)
#define SAM3_TORCH_AUTOCAST_DEVICE_API 1
#else
#define SAM3_TORCH_AUTOCAST_DEVICE_API 0
#endif

namespace sam3::compat {

// softmax(q k^T / sqrt(d) + mask) v. q: [B, H, Lq, D], k/v: [B, H, Lk, D] -> [B, H, Lq, D].
inline at::Tensor scaled_dot_product_attention(const at::Tensor& q, const at::Tensor& k,
                                               const at::Tensor& v,
                                               const c10::optional<at::Tensor>& mask = c10::nullopt,
                                               double dropout_p = 0.0) {
#if SAM3_TORCH2
  return at::scaled_dot_product_attention(q, k, v, mask, dropout_p, /*is_causal=*/false);
#else
  // 1.13 has only the private op; its result is (out, attn_weights).
  return std::get<0>(at::_scaled_dot_product_attention(q, k, v, mask, dropout_p,
                                                       /*need_attn_weights=*/false,
                                                       /*is_causal=*/false));
#endif
}

// Scope guard for CUDA autocast, like Python's `with torch.autocast("cuda", dtype, enabled)`:
// sets the state for the scope and restores the previous one on exit (clearing the cast cache
// when the outermost autocast scope ends). The 1.13 and >= 2.4 APIs differ in name only.
class CudaAutocastGuard {
 public:
  explicit CudaAutocastGuard(bool enabled, at::ScalarType dtype = at::kBFloat16)
      : prev_enabled_(is_enabled()), prev_dtype_(get_dtype()) {
    set_enabled(enabled);
    if (enabled) set_dtype(dtype);
    at::autocast::increment_nesting();
  }
  ~CudaAutocastGuard() {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    set_enabled(prev_enabled_);
    set_dtype(prev_dtype_);
  }
  CudaAutocastGuard(const CudaAutocastGuard&) = delete;
  CudaAutocastGuard& operator=(const CudaAutocastGuard&) = delete;

  // The dtype autocast casts to (bf16 or fp16) while enabled.
  static at::ScalarType current_dtype() { return get_dtype(); }

  static bool is_enabled() {
#if SAM3_TORCH_AUTOCAST_DEVICE_API
    return at::autocast::is_autocast_enabled(at::kCUDA);
#else
    return at::autocast::is_enabled();
#endif
  }

 private:
  static void set_enabled(bool enabled) {
#if SAM3_TORCH_AUTOCAST_DEVICE_API
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
#else
    at::autocast::set_enabled(enabled);
#endif
  }
  static at::ScalarType get_dtype() {
#if SAM3_TORCH_AUTOCAST_DEVICE_API
    return at::autocast::get_autocast_dtype(at::kCUDA);
#else
    return at::autocast::get_autocast_gpu_dtype();
#endif
  }
  static void set_dtype(at::ScalarType dtype) {
#if SAM3_TORCH_AUTOCAST_DEVICE_API
    at::autocast::set_autocast_dtype(at::kCUDA, dtype);
#else
    at::autocast::set_autocast_gpu_dtype(dtype);
#endif
  }
  bool prev_enabled_;
  at::ScalarType prev_dtype_;
};

// True when the current CUDA device computes in bf16 natively (compute capability >= 8.0, the
// test of Python's torch.cuda.is_bf16_supported), asked through LibTorch's CUDA hooks so that no
// CUDA header is needed; false without CUDA.
inline bool cuda_supports_bf16() {
  const auto& hooks = at::detail::getCUDAHooks();
  return hooks.hasCUDA() && hooks.supportsBFloat16ConvolutionWithCuDNNv8();
}

inline std::string torch_version() {
#if defined(TORCH_VERSION)
  return TORCH_VERSION;
#else
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
#endif
}

}  // namespace sam3::compat
