#pragma once
// Fusion encoder of SAM3: image tokens self-attend and cross-attend to the prompt.
// Port of sam3/model/encoder.py (TransformerEncoderLayer, TransformerEncoderFusion) at
// facebookresearch/sam3 @ 99d02f2 as built by model_builder._create_transformer_encoder.
// Deliberate differences: only the pre-norm path is ported (the only one SAM3 builds); one
// feature level, no level embedding and no pooled-text addition (num_feature_levels=1,
// add_pooled_text_to_img_feat=False); everything is sequence-first (the official fusion encoder
// is batch-first internally — same math); dropout is functional.
#include <torch/torch.h>

#include <cstdint>

#include "core/model/attention.h"
#include "core/model/model_config.h"

namespace sam3::model {

struct EncoderLayerOptions {
  int64_t d_model = 256;
  int64_t num_heads = 8;
  int64_t dim_feedforward = 2048;
  double dropout = 0.1;
  bool pos_enc_at_attn = true;                 // add query_pos to self-attention q and k
  bool pos_enc_at_cross_attn_keys = false;     // add pos to cross-attention keys
  bool pos_enc_at_cross_attn_queries = false;  // add query_pos to cross-attention queries
};

// Pre-norm layer: x += SA(LN1 x); x += CA(LN2 x, memory); x += FFN(LN3 x) with ReLU.
// Parameter names: self_attn, cross_attn_image, linear1, linear2, norm1, norm2, norm3.
struct TransformerEncoderLayerImpl : torch::nn::Module {
  explicit TransformerEncoderLayerImpl(const EncoderLayerOptions& options);
  // tgt [N, B, D], memory [S, B, D] -> [N, B, D]. tgt_key_padding_mask [B, N] and
  // memory_key_padding_mask [B, S] are optional bool (true = padding). pos [S, B, D] (memory
  // positions) and query_pos [N, B, D] are optional unless the options ask for them.
  torch::Tensor forward(const torch::Tensor& tgt, const torch::Tensor& memory,
                        const torch::Tensor& tgt_key_padding_mask = {},
                        const torch::Tensor& memory_key_padding_mask = {},
                        const torch::Tensor& pos = {}, const torch::Tensor& query_pos = {});

  MultiheadAttention self_attn{nullptr};
  MultiheadAttention cross_attn_image{nullptr};
  torch::nn::Linear linear1{nullptr}, linear2{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};

 private:
  EncoderLayerOptions options_;
};
TORCH_MODULE(TransformerEncoderLayer);

// Parameter names: layers.N.*.
struct TransformerEncoderFusionImpl : torch::nn::Module {
  TransformerEncoderFusionImpl(const TransformerConfig& config, int64_t d_model);
  // src: image tokens [HW, B, D], src_pos [HW, B, D], prompt [S, B, D], prompt_mask [B, S]
  // (true = padding) -> memory [HW, B, D]. The prompt is not updated (the official returns it
  // unchanged as memory_text).
  torch::Tensor forward(const torch::Tensor& src, const torch::Tensor& src_pos,
                        const torch::Tensor& prompt, const torch::Tensor& prompt_mask);

  // Recompute each layer's activations in backward (training memory mode; off = none).
  bool activation_checkpointing = false;
  torch::nn::ModuleList layers;
};
TORCH_MODULE(TransformerEncoderFusion);

}  // namespace sam3::model
