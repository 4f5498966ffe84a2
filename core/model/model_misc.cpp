// Port of sam3/model/model_misc.py (MLP, DotProductScoring, inverse_sigmoid,
// gen_sineembed_for_position) and sam3/model/box_ops.py (facebookresearch/sam3 @ 99d02f2).
#include "core/model/model_misc.h"

#include <cmath>

namespace sam3::model {

namespace F = torch::nn::functional;

MLPImpl::MLPImpl(int64_t input_dim, int64_t hidden_dim, int64_t output_dim, int64_t num_layers,
                 double dropout, bool residual, bool out_norm_enabled)
    : dropout_(dropout), residual_(residual) {
  TORCH_CHECK(num_layers >= 1, "MLP needs at least one layer, got ", num_layers);
  TORCH_CHECK(!residual || input_dim == output_dim,
              "MLP residual needs input_dim == output_dim, got ", input_dim, " vs ", output_dim);
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < num_layers; ++i) {
    const int64_t in = i == 0 ? input_dim : hidden_dim;
    const int64_t out = i == num_layers - 1 ? output_dim : hidden_dim;
    linears_.emplace_back(in, out);
    layers->push_back(linears_.back());
  }
  if (out_norm_enabled) {
    out_norm = register_module("out_norm",
                               torch::nn::LayerNorm(torch::nn::LayerNormOptions({output_dim})));
  }
}

torch::Tensor MLPImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x;
  for (size_t i = 0; i < linears_.size(); ++i) {
    h = linears_[i]->forward(h);
    if (i + 1 < linears_.size()) {
      h = torch::relu(h);
      if (dropout_ > 0) h = torch::dropout(h, dropout_, is_training());
    }
  }
  if (residual_) h = h + x;
  if (out_norm) h = out_norm->forward(h);
  return h;
}

DotProductScoringImpl::DotProductScoringImpl(int64_t d_model, int64_t hidden_dim, double dropout,
                                             double clamp_max)
    : scale_(1.0 / std::sqrt(static_cast<double>(d_model))), clamp_max_(clamp_max) {
  prompt_mlp = register_module("prompt_mlp", MLP(d_model, hidden_dim, d_model, 2, dropout,
                                                 /*residual=*/true, /*out_norm=*/true));
  prompt_proj = register_module("prompt_proj", torch::nn::Linear(d_model, d_model));
  hs_proj = register_module("hs_proj", torch::nn::Linear(d_model, d_model));
}

torch::Tensor valid_token_weights(const torch::Tensor& prompt_mask) {
  return prompt_mask.logical_not().to(torch::kFloat).permute({1, 0}).unsqueeze(-1);
}

torch::Tensor masked_mean_pool(const torch::Tensor& prompt, const torch::Tensor& prompt_mask) {
  TORCH_CHECK(prompt.dim() == 3 && prompt_mask.dim() == 2, "masked_mean_pool: prompt [S,B,D] ",
              prompt.sizes(), " mask [B,S] ", prompt_mask.sizes());
  TORCH_CHECK(prompt.size(0) == prompt_mask.size(1) && prompt.size(1) == prompt_mask.size(0),
              "masked_mean_pool: prompt ", prompt.sizes(), " does not match mask ",
              prompt_mask.sizes());
  const torch::Tensor is_valid = valid_token_weights(prompt_mask);  // [S, B, 1]
  const torch::Tensor num_valid = torch::clamp(is_valid.sum(0), 1.0);
  return (prompt * is_valid).sum(0) / num_valid;
}

torch::Tensor DotProductScoringImpl::forward(const torch::Tensor& hs, const torch::Tensor& prompt,
                                             const torch::Tensor& prompt_mask) {
  TORCH_CHECK(hs.dim() == 4, "DotProductScoring: hs must be [L,B,Q,D], got ", hs.sizes());
  const torch::Tensor p = prompt_mlp->forward(prompt);
  const torch::Tensor pooled = masked_mean_pool(p, prompt_mask);   // [B, D]
  const torch::Tensor proj_prompt = prompt_proj->forward(pooled);  // [B, D]
  const torch::Tensor proj_hs = hs_proj->forward(hs);              // [L, B, Q, D]
  torch::Tensor scores = torch::matmul(proj_hs, proj_prompt.unsqueeze(-1)) * scale_;
  return scores.clamp(-clamp_max_, clamp_max_);
}

torch::Tensor inverse_sigmoid(const torch::Tensor& x, double eps) {
  const torch::Tensor c = x.clamp(0.0, 1.0);
  return torch::log(c.clamp_min(eps) / (1 - c).clamp_min(eps));
}

torch::Tensor box_cxcywh_to_xyxy(const torch::Tensor& boxes) {
  TORCH_CHECK(boxes.size(-1) == 4, "box_cxcywh_to_xyxy: last dim must be 4, got ", boxes.sizes());
  const auto c = boxes.unbind(-1);
  return torch::stack({c[0] - 0.5 * c[2], c[1] - 0.5 * c[3], c[0] + 0.5 * c[2], c[1] + 0.5 * c[3]},
                      -1);
}

torch::Tensor box_xyxy_to_cxcywh(const torch::Tensor& boxes) {
  TORCH_CHECK(boxes.size(-1) == 4, "box_xyxy_to_cxcywh: last dim must be 4, got ", boxes.sizes());
  const auto c = boxes.unbind(-1);
  return torch::stack({(c[0] + c[2]) / 2, (c[1] + c[3]) / 2, c[2] - c[0], c[3] - c[1]}, -1);
}

torch::Tensor sine_encode(const torch::Tensor& coord, int64_t num_feats) {
  TORCH_CHECK(num_feats > 0 && num_feats % 2 == 0, "sine_encode: num_feats must be even, got ",
              num_feats);
  auto opts = torch::TensorOptions().dtype(torch::kFloat).device(coord.device());
  torch::Tensor dim_t = torch::arange(num_feats, opts);
  dim_t = torch::pow(10000.0, 2 * torch::div(dim_t, 2, "floor") / static_cast<double>(num_feats));
  const torch::Tensor pos = (coord * (2 * M_PI)).unsqueeze(-1) / dim_t;
  using torch::indexing::Slice;
  const torch::Tensor s = pos.index({"...", Slice(0, torch::indexing::None, 2)}).sin();
  const torch::Tensor c = pos.index({"...", Slice(1, torch::indexing::None, 2)}).cos();
  return torch::stack({s, c}, -1).flatten(-2);
}

torch::Tensor gen_sineembed_for_position(const torch::Tensor& pos, int64_t num_feats) {
  TORCH_CHECK(pos.dim() == 3 && (pos.size(-1) == 2 || pos.size(-1) == 4),
              "gen_sineembed_for_position: pos must be [N,B,2|4], got ", pos.sizes());
  const int64_t n = num_feats / 2;
  const auto c = pos.unbind(-1);
  const torch::Tensor px = sine_encode(c[0], n);
  const torch::Tensor py = sine_encode(c[1], n);
  if (pos.size(-1) == 2) return torch::cat({py, px}, -1);
  return torch::cat({py, px, sine_encode(c[2], n), sine_encode(c[3], n)}, -1);
}

}  // namespace sam3::model
