// nn.MultiheadAttention port (see attention.h); facebookresearch/sam3 @ 99d02f2 uses PyTorch's
// implementation, whose math this reproduces: q/k/v projections from the packed in_proj, heads
// split as [B*H, L, hd], key padding merged into the additive mask as -inf, output projection.
#include "core/model/attention.h"

#include <cmath>
#include <limits>

#include "core/util/torch_compat.h"

namespace sam3::model {

MultiheadAttentionImpl::MultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads, double dropout)
    : embed_dim_(embed_dim), num_heads_(num_heads), dropout_(dropout) {
  TORCH_CHECK(num_heads > 0 && embed_dim % num_heads == 0, "MultiheadAttention: embed_dim ",
              embed_dim, " must be divisible by num_heads ", num_heads);
  in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * embed_dim, embed_dim}));
  in_proj_bias = register_parameter("in_proj_bias", torch::empty({3 * embed_dim}));
  out_proj = register_module("out_proj", torch::nn::Linear(embed_dim, embed_dim));
  reset_parameters();
}

void MultiheadAttentionImpl::reset_parameters() {
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(in_proj_weight);
  in_proj_bias.zero_();
  out_proj->bias.zero_();
}

namespace {

// [N, B, D] -> [B, H, N, hd]
torch::Tensor split_heads(const torch::Tensor& x, int64_t heads) {
  const int64_t n = x.size(0), b = x.size(1), hd = x.size(2) / heads;
  return x.reshape({n, b * heads, hd}).transpose(0, 1).reshape({b, heads, n, hd});
}

}  // namespace

torch::Tensor MultiheadAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& key,
                                              const torch::Tensor& value,
                                              const torch::Tensor& key_padding_mask,
                                              const torch::Tensor& attn_mask) {
  TORCH_CHECK(query.dim() == 3 && key.dim() == 3 && value.dim() == 3,
              "MultiheadAttention: inputs must be [N, B, D]; got query ", query.sizes(), " key ",
              key.sizes(), " value ", value.sizes());
  TORCH_CHECK(
      query.size(2) == embed_dim_ && key.size(2) == embed_dim_ && value.size(2) == embed_dim_,
      "MultiheadAttention: feature dim must be ", embed_dim_);
  TORCH_CHECK(
      key.size(0) == value.size(0) && key.size(1) == value.size(1) && query.size(1) == key.size(1),
      "MultiheadAttention: key ", key.sizes(), " / value ", value.sizes(), " / query ",
      query.sizes(), " disagree");
  const int64_t L = query.size(0), S = key.size(0), B = query.size(1), H = num_heads_;
  const auto w = in_proj_weight.chunk(3, 0);
  const auto bias = in_proj_bias.chunk(3, 0);
  const torch::Tensor q = split_heads(torch::nn::functional::linear(query, w[0], bias[0]), H);
  const torch::Tensor k = split_heads(torch::nn::functional::linear(key, w[1], bias[1]), H);
  const torch::Tensor v = split_heads(torch::nn::functional::linear(value, w[2], bias[2]), H);

  c10::optional<at::Tensor> mask;
  if (attn_mask.defined()) {
    TORCH_CHECK(attn_mask.is_floating_point(),
                "MultiheadAttention: attn_mask must be additive float");
    if (attn_mask.dim() == 2) {
      TORCH_CHECK(attn_mask.size(0) == L && attn_mask.size(1) == S, "attn_mask ", attn_mask.sizes(),
                  " expected [", L, ", ", S, "]");
      mask = attn_mask.view({1, 1, L, S});
    } else {
      TORCH_CHECK(attn_mask.dim() == 3 && attn_mask.size(0) == B * H && attn_mask.size(1) == L &&
                      attn_mask.size(2) == S,
                  "attn_mask ", attn_mask.sizes(), " expected [", B * H, ", ", L, ", ", S, "]");
      mask = attn_mask.view({B, H, L, S});
    }
  }
  if (key_padding_mask.defined()) {
    TORCH_CHECK(key_padding_mask.dim() == 2 && key_padding_mask.size(0) == B &&
                    key_padding_mask.size(1) == S,
                "key_padding_mask ", key_padding_mask.sizes(), " expected [", B, ", ", S, "]");
    const torch::Tensor kpm = torch::zeros({B, 1, 1, S}, q.options().dtype(torch::kFloat))
                                  .masked_fill(key_padding_mask.to(torch::kBool).view({B, 1, 1, S}),
                                               -std::numeric_limits<float>::infinity());
    mask = mask.has_value() ? *mask + kpm : kpm;
  }
  if (mask.has_value()) mask = mask->to(q.scalar_type()).expand({B, H, L, S}).contiguous();
  const double p = is_training() ? dropout_ : 0.0;
  torch::Tensor out = sam3::compat::scaled_dot_product_attention(q, k, v, mask, p);  // [B,H,L,hd]
  out = out.permute({2, 0, 1, 3}).reshape({L, B, embed_dim_});
  return out_proj->forward(out);
}

torch::Tensor naive_attention(const torch::Tensor& q, const torch::Tensor& k,
                              const torch::Tensor& v, const torch::Tensor& additive_mask) {
  torch::Tensor logits = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
  if (additive_mask.defined()) logits = logits + additive_mask;
  return torch::matmul(torch::softmax(logits, -1), v);
}

}  // namespace sam3::model
