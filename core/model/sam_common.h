#pragma once
// Small blocks of the SAM heads (facebookresearch/sam3 @ 99d02f2, sam3/sam/common.py): LayerNorm2d
// (channel LayerNorm of [B, C, H, W], eps 1e-6) and MLPBlock (lin1 -> activation -> lin2).
// Parameter names: weight, bias; lin1.*, lin2.*. The hypernetwork / IoU MLPs of the mask decoder
// (sam/mask_decoder.py MLP) are core/model/model_misc.h's MLP, which has the same names and ReLUs.
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

struct LayerNorm2dImpl : torch::nn::Module {
  explicit LayerNorm2dImpl(int64_t num_channels, double eps = 1e-6);
  // x: [B, C, H, W] -> same, normalised over C per pixel.
  torch::Tensor forward(const torch::Tensor& x);
  double eps() const { return eps_; }
  torch::Tensor weight, bias;

 private:
  double eps_;
};
TORCH_MODULE(LayerNorm2d);

enum class Activation { ReLU, GELU };

struct MLPBlockImpl : torch::nn::Module {
  MLPBlockImpl(int64_t embedding_dim, int64_t mlp_dim, Activation act);
  // x: [..., D] -> [..., D]
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear lin1{nullptr}, lin2{nullptr};

 private:
  Activation act_;
};
TORCH_MODULE(MLPBlock);

}  // namespace sam3::model
