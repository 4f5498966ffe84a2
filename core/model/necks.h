#pragma once
// SimpleFPN neck of SAM3 (`Sam3DualViTDetNeck`): facebookresearch/sam3 @ 99d02f2,
// sam3/model/necks.py, built as in model_builder.py `_create_vit_neck`. Config: NeckConfig (and
// VisionConfig for the trunk it owns, as upstream's neck owns `trunk`).
// Parameter names equal the official ones under `backbone.vision_backbone.`:
// trunk.*, convs.N.{dconv_2x2_0, dconv_2x2_1, dconv_2x2, conv_1x1, conv_3x3}.
// Deliberate differences from upstream:
// - No `sam2_convs` (the image model is built with add_sam2_neck=False).
// - forward() can stop before the last levels (`num_levels`); upstream computes every level and
//   the caller drops `scalp` of them, which gives the same kept outputs.
#include <vector>

#include "core/model/model_config.h"
#include "core/model/position_encoding.h"
#include "core/model/taps.h"
#include "core/model/vitdet.h"

namespace sam3::model {

// One pyramid level: optional up/down-sampling, then conv_1x1 (in -> d_model), conv_3x3.
//   4.0: dconv_2x2_0 (C -> C/2, k2 s2), GELU, dconv_2x2_1 (C/2 -> C/4, k2 s2)
//   2.0: dconv_2x2 (C -> C/2, k2 s2);  1.0: nothing;  0.5: maxpool_2x2 (k2 s2)
class FpnLevelImpl : public torch::nn::Module {
 public:
  FpnLevelImpl(int in_dim, int d_model, double scale);
  // x: [B, C, H, W] -> [B, d_model, H * scale, W * scale]
  at::Tensor forward(const at::Tensor& x);
  double scale;
  torch::nn::ConvTranspose2d dconv_2x2_0{nullptr}, dconv_2x2_1{nullptr}, dconv_2x2{nullptr};
  torch::nn::MaxPool2d maxpool_2x2{nullptr};
  torch::nn::Conv2d conv_1x1{nullptr}, conv_3x3{nullptr};
};
TORCH_MODULE(FpnLevel);

struct NeckOutput {
  std::vector<at::Tensor> features;  // level i: [B, d_model, H_i, W_i], highest resolution first
  std::vector<at::Tensor> pos;  // level i: [B, d_model, H_i, W_i] sine encoding, features' dtype
};

class Sam3DualViTDetNeckImpl : public torch::nn::Module {
 public:
  Sam3DualViTDetNeckImpl(const VisionConfig& vision, const NeckConfig& neck);
  // images: [B, 3, S, S] -> the first `num_levels` levels (all when < 0) of the pyramid built on
  // the trunk output [B, C, S/14, S/14]. Taps: the trunk's (see ViTImpl::forward).
  NeckOutput forward(const at::Tensor& images, int num_levels = -1, Taps* taps = nullptr);
  // Pyramid of an already computed trunk output. trunk_out: [B, C, G, G].
  NeckOutput forward_features(const at::Tensor& trunk_out, int num_levels = -1);

  ViT trunk;
  PositionEmbeddingSine position_encoding;
  torch::nn::ModuleList convs;
};
TORCH_MODULE(Sam3DualViTDetNeck);

}  // namespace sam3::model
