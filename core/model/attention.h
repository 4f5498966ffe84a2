#pragma once
// Equivalent of torch.nn.MultiheadAttention (batch_first=False, need_weights=False) as the
// official SAM3 code uses it (facebookresearch/sam3 @ 99d02f2, model_misc.MultiheadAttentionWrapper
// and every nn.MultiheadAttention in encoder/decoder/geometry/segmentation modules).
// Parameter names match PyTorch: in_proj_weight [3D, D] (= [Wq; Wk; Wv]), in_proj_bias [3D],
// out_proj.{weight,bias}. Deliberate differences: no attention weights are returned; masks are
// merged into one additive float mask and the product runs through
// sam3::compat::scaled_dot_product_attention. Tensors are sequence-first.
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

struct MultiheadAttentionImpl : torch::nn::Module {
  MultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads, double dropout = 0.0);

  // query [L, B, D], key [S, B, D], value [S, B, D] -> [L, B, D].
  // key_padding_mask: optional [B, S] bool, true = ignore that key.
  // attn_mask: optional additive float mask [L, S] or [B*num_heads, L, S] (head index fastest,
  // as PyTorch lays it out). Dropout on the attention weights only in training mode.
  torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& key,
                        const torch::Tensor& value, const torch::Tensor& key_padding_mask = {},
                        const torch::Tensor& attn_mask = {});

  void reset_parameters();
  int64_t embed_dim() const { return embed_dim_; }
  int64_t num_heads() const { return num_heads_; }

  torch::Tensor in_proj_weight;
  torch::Tensor in_proj_bias;
  torch::nn::Linear out_proj{nullptr};

 private:
  int64_t embed_dim_;
  int64_t num_heads_;
  double dropout_;
};
TORCH_MODULE(MultiheadAttention);

// Reference implementation for tests: softmax(q k^T / sqrt(d) + mask) v on [B, H, L, D] inputs.
torch::Tensor naive_attention(const torch::Tensor& q, const torch::Tensor& k,
                              const torch::Tensor& v, const torch::Tensor& additive_mask = {});

}  // namespace sam3::model
