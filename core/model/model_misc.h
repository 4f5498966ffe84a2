#pragma once
// Small building blocks shared by the SAM3 heads: MLP, dot-product scoring, box conversions,
// inverse sigmoid and the un-normalised sine encoding of coordinates.
// Port of sam3/model/model_misc.py and box_ops.py (facebookresearch/sam3 @ 99d02f2).
// Deliberate differences: dropout is functional (no Dropout submodules; they hold no parameters);
// sine_encode() is the per-coordinate core shared by gen_sineembed_for_position() and the
// geometry encoder's PositionEmbeddingSine._encode_xy (same formula: value*2π/dim_t, sin/cos).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace sam3::model {

// nn.Linear stack with ReLU (and dropout) between layers; optional residual and LayerNorm on the
// output. Parameter names: layers.N.{weight,bias}, out_norm.{weight,bias}.
struct MLPImpl : torch::nn::Module {
  MLPImpl(int64_t input_dim, int64_t hidden_dim, int64_t output_dim, int64_t num_layers,
          double dropout = 0.0, bool residual = false, bool out_norm = false);
  // x: [..., input_dim] -> [..., output_dim]
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear layer(size_t i) const { return linears_.at(i); }
  size_t num_layers() const { return linears_.size(); }

  torch::nn::ModuleList layers;
  torch::nn::LayerNorm out_norm{nullptr};

 private:
  std::vector<torch::nn::Linear> linears_;
  double dropout_;
  bool residual_;
};
TORCH_MODULE(MLP);

// Class logits as a scaled dot product between decoder queries and the mean-pooled prompt.
// Parameter names: prompt_mlp.*, prompt_proj.*, hs_proj.*.
struct DotProductScoringImpl : torch::nn::Module {
  // prompt_mlp = MLP(d_model, hidden_dim, d_model, 2, dropout, residual, out_norm)
  DotProductScoringImpl(int64_t d_model, int64_t hidden_dim, double dropout, double clamp_max);
  // hs: [L, B, Q, D], prompt: [S, B, D], prompt_mask: [B, S] bool (true = padding)
  // -> logits [L, B, Q, 1], clamped to ±clamp_max.
  torch::Tensor forward(const torch::Tensor& hs, const torch::Tensor& prompt,
                        const torch::Tensor& prompt_mask);

  MLP prompt_mlp{nullptr};
  torch::nn::Linear prompt_proj{nullptr};
  torch::nn::Linear hs_proj{nullptr};

 private:
  double scale_;
  double clamp_max_;
};
TORCH_MODULE(DotProductScoring);

// Mean over the valid (mask false) tokens. prompt: [S, B, D], mask [B, S] -> [B, D].
torch::Tensor masked_mean_pool(const torch::Tensor& prompt, const torch::Tensor& prompt_mask);

// log(x / (1 - x)) with x clamped to [0, 1] and both terms clamped below at eps.
torch::Tensor inverse_sigmoid(const torch::Tensor& x, double eps = 1e-3);

// [..., 4] box conversions.
torch::Tensor box_cxcywh_to_xyxy(const torch::Tensor& boxes);
torch::Tensor box_xyxy_to_cxcywh(const torch::Tensor& boxes);

// Un-normalised sine encoding of one coordinate: coord [...] -> [..., num_feats] with
// pos = coord * 2π / 10000^(2⌊k/2⌋/num_feats), channel k = sin(pos_k) (k even) / cos(pos_k) (odd).
torch::Tensor sine_encode(const torch::Tensor& coord, int64_t num_feats);

// pos: [N, B, 2 or 4] (x, y[, w, h]) -> [N, B, 2*num_feats or 4*num_feats/2] in the order
// [y, x] or [y, x, w, h]; num_feats is the total for (x, y), each coordinate gets num_feats/2.
torch::Tensor gen_sineembed_for_position(const torch::Tensor& pos, int64_t num_feats);

// Python's "x.mean over valid tokens" helpers need a float mask of valid tokens: [S, B, 1].
torch::Tensor valid_token_weights(const torch::Tensor& prompt_mask);

}  // namespace sam3::model
