// sam3/sam/common.py @ 99d02f2; see sam_common.h.
#include "core/model/sam_common.h"

namespace sam3::model {

LayerNorm2dImpl::LayerNorm2dImpl(int64_t num_channels, double eps) : eps_(eps) {
  weight = register_parameter("weight", torch::ones({num_channels}));
  bias = register_parameter("bias", torch::zeros({num_channels}));
}

torch::Tensor LayerNorm2dImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == weight.size(0), "LayerNorm2d expects [B, ",
              weight.size(0), ", H, W], got ", x.sizes());
  // Same operation order as upstream (mean, biased variance, divide by sqrt(var + eps)).
  const auto u = x.mean(1, /*keepdim=*/true);
  const auto s = (x - u).pow(2).mean(1, /*keepdim=*/true);
  const auto y = (x - u) / torch::sqrt(s + eps_);
  return weight.view({1, -1, 1, 1}) * y + bias.view({1, -1, 1, 1});
}

MLPBlockImpl::MLPBlockImpl(int64_t embedding_dim, int64_t mlp_dim, Activation act) : act_(act) {
  lin1 = register_module("lin1", torch::nn::Linear(embedding_dim, mlp_dim));
  lin2 = register_module("lin2", torch::nn::Linear(mlp_dim, embedding_dim));
}

torch::Tensor MLPBlockImpl::forward(const torch::Tensor& x) {
  const auto h = lin1->forward(x);
  return lin2->forward(act_ == Activation::ReLU ? torch::relu(h) : torch::gelu(h));
}

}  // namespace sam3::model
