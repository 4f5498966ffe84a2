#pragma once
// The one place where LibTorch 1.13 (Debian, CPU) and LibTorch 2.x (CUDA) differ for us.
// Include only from core targets that link LibTorch.
#include <torch/torch.h>

#include <optional>
#include <string>

#if defined(TORCH_VERSION_MAJOR) && TORCH_VERSION_MAJOR >= 2
#define SAM3_TORCH2 1
#else
#define SAM3_TORCH2 0
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

inline std::string torch_version() {
#if defined(TORCH_VERSION)
  return TORCH_VERSION;
#else
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
#endif
}

}  // namespace sam3::compat
