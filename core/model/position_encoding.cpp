// Sine position encodings (sam3/model/position_encoding.py @ 99d02f2).
#include "core/model/position_encoding.h"

#include <cmath>

namespace sam3::model {
namespace {

using torch::indexing::Ellipsis;
using torch::indexing::Slice;

// [..., K] angles -> [..., K]: sin of even channels interleaved with cos of odd channels, exactly
// as upstream's stack((p[..., 0::2].sin(), p[..., 1::2].cos()), -1).flatten(-2).
at::Tensor interleave_sin_cos(const at::Tensor& angles) {
  const auto even = angles.index({Ellipsis, Slice(0, torch::indexing::None, 2)}).sin();
  const auto odd = angles.index({Ellipsis, Slice(1, torch::indexing::None, 2)}).cos();
  return torch::stack({even, odd}, -1).flatten(-2);
}

// temperature ^ (2 * floor(k / 2) / count), k = 0..count-1, fp32 as upstream.
at::Tensor frequency_divisors(int64_t count, double temperature, const c10::Device& device) {
  const auto k = torch::arange(count, torch::TensorOptions().dtype(torch::kFloat32).device(device));
  return torch::pow(temperature, 2 * torch::div(k, 2, "floor") / count);
}

}  // namespace

PositionEmbeddingSineImpl::PositionEmbeddingSineImpl(int num_pos_feats, double temperature,
                                                     bool normalize, std::optional<double> scale)
    : half_(num_pos_feats / 2),
      temperature_(temperature),
      normalize_(normalize),
      scale_(scale.value_or(2.0 * M_PI)) {
  TORCH_CHECK(num_pos_feats > 0 && num_pos_feats % 4 == 0,
              "PositionEmbeddingSine needs num_pos_feats a positive multiple of 4, got ",
              num_pos_feats);
  TORCH_CHECK(!(scale.has_value() && !normalize), "normalize should be true if scale is passed");
}

at::Tensor PositionEmbeddingSineImpl::dim_t(const c10::Device& device) const {
  return frequency_divisors(half_, temperature_, device);
}

at::Tensor PositionEmbeddingSineImpl::grid(int64_t h, int64_t w, const c10::Device& device) const {
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  auto y_embed = torch::arange(1, h + 1, f32).view({-1, 1}).expand({h, w});
  auto x_embed = torch::arange(1, w + 1, f32).view({1, -1}).expand({h, w});
  if (normalize_) {
    constexpr double eps = 1e-6;
    y_embed = y_embed / (y_embed.index({Slice(-1), Slice()}) + eps) * scale_;
    x_embed = x_embed / (x_embed.index({Slice(), Slice(-1)}) + eps) * scale_;
  }
  const auto divisors = dim_t(device);
  const auto pos_x = interleave_sin_cos(x_embed.unsqueeze(-1) / divisors);  // [H, W, F/2]
  const auto pos_y = interleave_sin_cos(y_embed.unsqueeze(-1) / divisors);
  return torch::cat({pos_y, pos_x}, -1).permute({2, 0, 1}).contiguous();  // [F, H, W]
}

at::Tensor PositionEmbeddingSineImpl::forward(const at::Tensor& x) {
  TORCH_CHECK(x.dim() >= 3, "PositionEmbeddingSine expects [B, ..., H, W], got ", x.sizes());
  torch::NoGradGuard no_grad;
  const int64_t h = x.size(-2), w = x.size(-1);
  const auto key = std::make_tuple(h, w, x.device().str());
  at::Tensor pos;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, grid(h, w, x.device())).first;
    pos = it->second;
  }
  return pos.unsqueeze(0).repeat({x.size(0), 1, 1, 1});
}

std::pair<at::Tensor, at::Tensor> PositionEmbeddingSineImpl::encode_xy(const at::Tensor& x,
                                                                       const at::Tensor& y) const {
  TORCH_CHECK(x.dim() == 1 && y.dim() == 1 && x.size(0) == y.size(0),
              "encode_xy expects two [N] tensors, got ", x.sizes(), " and ", y.sizes());
  const auto divisors = dim_t(x.device());
  const auto pos_x = interleave_sin_cos((x * scale_).unsqueeze(-1) / divisors);
  const auto pos_y = interleave_sin_cos((y * scale_).unsqueeze(-1) / divisors);
  return {pos_x, pos_y};
}

at::Tensor PositionEmbeddingSineImpl::encode_boxes(const at::Tensor& x, const at::Tensor& y,
                                                   const at::Tensor& w, const at::Tensor& h) const {
  TORCH_CHECK(w.dim() == 1 && h.dim() == 1 && w.size(0) == x.size(0) && h.size(0) == x.size(0),
              "encode_boxes expects four [N] tensors");
  torch::NoGradGuard no_grad;
  auto [pos_x, pos_y] = encode_xy(x, y);
  return torch::cat({pos_y, pos_x, h.unsqueeze(1), w.unsqueeze(1)}, 1);
}

at::Tensor PositionEmbeddingSineImpl::encode_points(const at::Tensor& x, const at::Tensor& y,
                                                    const at::Tensor& labels) const {
  TORCH_CHECK(x.dim() == 2 && x.sizes() == y.sizes() && x.sizes() == labels.sizes(),
              "encode_points expects three [B, N] tensors, got ", x.sizes(), ", ", y.sizes(), ", ",
              labels.sizes());
  torch::NoGradGuard no_grad;
  const int64_t b = x.size(0), n = x.size(1);
  auto [pos_x, pos_y] = encode_xy(x.flatten(), y.flatten());
  return torch::cat({pos_y.reshape({b, n, -1}), pos_x.reshape({b, n, -1}),
                     labels.unsqueeze(-1).to(pos_x.scalar_type())},
                    2);
}

}  // namespace sam3::model
