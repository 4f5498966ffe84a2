#pragma once
// Sine position encodings of SAM3 (DETR convention): facebookresearch/sam3 @ 99d02f2,
// sam3/model/position_encoding.py (PositionEmbeddingSine). Config: num_pos_feats =
// NeckConfig::d_model (256 in `sam3`), temperature 10000, normalize, scale 2*pi (model_builder.py
// `_create_position_encoding`). Deliberate differences from upstream:
// - The grid cache is keyed by (H, W, device) and filled lazily (upstream pre-fills 1008-based
//   sizes on CUDA); encodings are always fp32, callers cast (as the neck does).
// (`gen_sineembed_for_position` of upstream model_misc.py is in core/model/model_misc.h.)
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include <torch/torch.h>

namespace sam3::model {

class PositionEmbeddingSineImpl : public torch::nn::Module {
 public:
  // num_pos_feats: total channels (half for y, half for x); must be a multiple of 4.
  explicit PositionEmbeddingSineImpl(int num_pos_feats, double temperature = 10000.0,
                                     bool normalize = true,
                                     std::optional<double> scale = std::nullopt);

  // x: [B, *, H, W] (only its shape and device are used) -> [B, num_pos_feats, H, W] fp32;
  // channels [pos_y, pos_x], positions (i+1)/(H+1e-6)*scale when normalised. No gradient.
  at::Tensor forward(const at::Tensor& x);

  // Un-normalised encoding of coordinates already in [0, 1] (multiplied by `scale`):
  // x, y: [N] -> (pos_x [N, F/2], pos_y [N, F/2]), F = num_pos_feats. Differentiable.
  std::pair<at::Tensor, at::Tensor> encode_xy(const at::Tensor& x, const at::Tensor& y) const;
  // Boxes (cx, cy, w, h), each [N] -> [N, F + 2] = [pos_y, pos_x, h, w]. No gradient.
  at::Tensor encode_boxes(const at::Tensor& x, const at::Tensor& y, const at::Tensor& w,
                          const at::Tensor& h) const;
  // Points x, y, labels: [B, N] -> [B, N, F + 1] = [pos_y, pos_x, label]. No gradient.
  at::Tensor encode_points(const at::Tensor& x, const at::Tensor& y,
                           const at::Tensor& labels) const;

  int num_pos_feats() const { return half_ * 2; }
  double temperature() const { return temperature_; }
  double scale() const { return scale_; }

 private:
  at::Tensor dim_t(const c10::Device& device) const;                       // [F/2] fp32
  at::Tensor grid(int64_t h, int64_t w, const c10::Device& device) const;  // [F, H, W]

  int half_;
  double temperature_;
  bool normalize_;
  double scale_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::tuple<int64_t, int64_t, std::string>, at::Tensor> cache_;
};
TORCH_MODULE(PositionEmbeddingSine);

}  // namespace sam3::model
