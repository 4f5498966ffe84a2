// SimpleFPN neck (sam3/model/necks.py @ 99d02f2); see necks.h for the deliberate differences.
#include "core/model/necks.h"

namespace sam3::model {
namespace {

torch::nn::ConvTranspose2d upsample_2x(int in, int out) {
  return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 2).stride(2));
}

}  // namespace

FpnLevelImpl::FpnLevelImpl(int in_dim, int d_model, double scale_factor) : scale(scale_factor) {
  int out_dim = in_dim;
  if (scale == 4.0) {
    dconv_2x2_0 = register_module("dconv_2x2_0", upsample_2x(in_dim, in_dim / 2));
    dconv_2x2_1 = register_module("dconv_2x2_1", upsample_2x(in_dim / 2, in_dim / 4));
    out_dim = in_dim / 4;
  } else if (scale == 2.0) {
    dconv_2x2 = register_module("dconv_2x2", upsample_2x(in_dim, in_dim / 2));
    out_dim = in_dim / 2;
  } else if (scale == 0.5) {
    maxpool_2x2 = register_module("maxpool_2x2",
                                  torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)));
  } else {
    TORCH_CHECK(scale == 1.0, "FPN scale factor ", scale, " is not supported (4, 2, 1, 0.5)");
  }
  conv_1x1 =
      register_module("conv_1x1", torch::nn::Conv2d(torch::nn::Conv2dOptions(out_dim, d_model, 1)));
  conv_3x3 = register_module(
      "conv_3x3", torch::nn::Conv2d(torch::nn::Conv2dOptions(d_model, d_model, 3).padding(1)));
}

at::Tensor FpnLevelImpl::forward(const at::Tensor& x) {
  TORCH_CHECK(x.dim() == 4, "FPN level expects [B, C, H, W], got ", x.sizes());
  auto y = x;
  if (dconv_2x2_0) {
    y = dconv_2x2_1->forward(torch::gelu(dconv_2x2_0->forward(y)));
  } else if (dconv_2x2) {
    y = dconv_2x2->forward(y);
  } else if (maxpool_2x2) {
    y = maxpool_2x2->forward(y);
  }
  return conv_3x3->forward(conv_1x1->forward(y));
}

Sam3DualViTDetNeckImpl::Sam3DualViTDetNeckImpl(const VisionConfig& vision, const NeckConfig& neck)
    : trunk(vision), position_encoding(neck.d_model) {
  register_module("trunk", trunk);
  register_module("position_encoding", position_encoding);
  for (double scale : neck.scale_factors)
    convs->push_back(FpnLevel(vision.embed_dim, neck.d_model, scale));
  register_module("convs", convs);
}

NeckOutput Sam3DualViTDetNeckImpl::forward(const at::Tensor& images, int num_levels, Taps* taps) {
  return forward_features(trunk->forward(images, taps), num_levels);
}

NeckOutput Sam3DualViTDetNeckImpl::forward_features(const at::Tensor& trunk_out, int num_levels) {
  TORCH_CHECK(trunk_out.dim() == 4 && trunk_out.size(1) == trunk->config().embed_dim,
              "neck expects the trunk output [B, ", trunk->config().embed_dim, ", H, W], got ",
              trunk_out.sizes());
  const int total = static_cast<int>(convs->size());
  const int count = num_levels < 0 ? total : num_levels;
  TORCH_CHECK(count <= total, "neck has ", total, " levels, ", count, " requested");
  NeckOutput out;
  for (int i = 0; i < count; ++i) {
    auto features = convs->ptr<FpnLevelImpl>(static_cast<size_t>(i))->forward(trunk_out);
    out.pos.push_back(position_encoding->forward(features).to(features.scalar_type()));
    out.features.push_back(std::move(features));
  }
  return out;
}

}  // namespace sam3::model
