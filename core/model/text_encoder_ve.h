#pragma once
// Text tower of SAM3 (CLIP-style causal transformer) and its VETextEncoder wrapper:
// facebookresearch/sam3 @ 99d02f2, sam3/model/text_encoder_ve.py, built as in model_builder.py
// `_create_text_encoder`. Config: TextConfig (+ NeckConfig::d_model for the resizer).
// Parameter names equal the official ones under `backbone.language_backbone.`:
// encoder.{token_embedding, positional_embedding, transformer.resblocks.N.{ln_1,
// attn.in_proj_weight, attn.in_proj_bias, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj}, ln_final,
// text_projection}, resizer. Deliberate differences from upstream:
// - Input is token ids (the tokenizer is core/model/tokenizer.*, not part of this module).
// - `text_projection` is a parameter (checkpoints hold it) but its product, which upstream computes
//   and discards (pool_type "none"), is not computed.
// - The causal mask is built per call on the input's device (upstream: non-persistent buffer).
// - Attention is a hand-written nn.MultiheadAttention (fused in_proj) on
// scaled_dot_product_attention.
#include <memory>

#include "core/model/model_config.h"
#include "core/model/taps.h"

namespace sam3::model {

// nn.MultiheadAttention(width, heads, batch_first=True) for self-attention with an additive mask.
class TextAttentionImpl : public torch::nn::Module {
 public:
  TextAttentionImpl(int width, int heads);
  // x: [B, L, W], mask: additive [L, L] (or undefined) -> [B, L, W]
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);
  int heads;
  at::Tensor in_proj_weight;  // [3W, W] rows q, k, v
  at::Tensor in_proj_bias;    // [3W]
  torch::nn::Linear out_proj;
};
TORCH_MODULE(TextAttention);

class ResidualAttentionBlockImpl : public torch::nn::Module {
 public:
  ResidualAttentionBlockImpl(int width, int heads, double mlp_ratio);
  // x: [B, L, W] -> [B, L, W]; pre-LN: x + attn(ln_1(x)), then + mlp(ln_2(.)), GELU (erf).
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);
  TextAttention attn;
  torch::nn::LayerNorm ln_1, ln_2;
  torch::nn::Sequential mlp;  // c_fc, gelu, c_proj
};
TORCH_MODULE(ResidualAttentionBlock);

class TextTransformerImpl : public torch::nn::Module {
 public:
  explicit TextTransformerImpl(const TextConfig& cfg);
  // tokens: [B, L] int64, L <= context_length -> [B, L, W] token states after ln_final.
  at::Tensor forward(const at::Tensor& tokens);
  const TextConfig& config() const { return cfg_; }

  // Recompute each residual block's activations in backward (training memory mode; off = none).
  bool activation_checkpointing = false;
  torch::nn::Embedding token_embedding;
  at::Tensor positional_embedding;                 // [context_length, W]
  std::shared_ptr<torch::nn::Module> transformer;  // upstream `Transformer`: holds `resblocks`
  torch::nn::ModuleList resblocks;
  torch::nn::LayerNorm ln_final;
  at::Tensor text_projection;  // [W, projection_dim], unused by the image model

 private:
  TextConfig cfg_;
};
TORCH_MODULE(TextTransformer);

struct TextEncoding {
  at::Tensor language_features;  // [L, B, d_model] seq-first, after the resizer
  at::Tensor language_mask;      // [B, L] bool, true = padding (token id 0)
  at::Tensor language_embeds;    // [L, B, W] raw token embeddings (unused downstream)
};

class VETextEncoderImpl : public torch::nn::Module {
 public:
  VETextEncoderImpl(const TextConfig& cfg, int d_model);
  // tokens: [B, L] int64 ids in [0, vocab_size), zero-padded -> TextEncoding. Taps:
  // text.tower [B, L, W] (after ln_final), text.features [L, B, D], text.mask [B, L] (bool).
  TextEncoding forward(const at::Tensor& tokens, Taps* taps = nullptr);

  TextTransformer encoder;
  torch::nn::Linear resizer;
};
TORCH_MODULE(VETextEncoder);

}  // namespace sam3::model
