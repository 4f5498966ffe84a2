#pragma once
// DETR-style decoder of SAM3: learned queries + a presence token, post-norm layers
// (self-attn -> text cross-attn -> image cross-attn with a box relative position bias -> FFN),
// conditional query positions from the sine embedding of the current reference boxes, and
// iterative box refinement with a shared box head.
// Port of sam3/model/decoder.py (TransformerDecoderLayer, TransformerDecoder) at
// facebookresearch/sam3 @ 99d02f2 as built by model_builder._create_transformer_decoder.
// Deliberate differences: no instance queries / tracking heads / RoI memory (not built for the
// image model); the boxRPB coordinate grid is computed per call (no cache); dropout is functional.
// The FFN runs with CUDA autocast disabled, as upstream does (decoder.py forward_ffn).
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>

#include "core/model/attention.h"
#include "core/model/model_config.h"
#include "core/model/model_misc.h"

namespace sam3::model {

// Parameter names: cross_attn, norm1, ca_text, catext_norm, self_attn, norm2, linear1, linear2,
// norm3 (registration order of the official module).
struct TransformerDecoderLayerImpl : torch::nn::Module {
  TransformerDecoderLayerImpl(int64_t d_model, int64_t num_heads, int64_t dim_feedforward,
                              double dropout);
  // tgt [Q, B, D], query_pos [Q, B, D]; memory_text [S, B, D] with text_mask [B, S] (true = pad);
  // memory / memory_pos [HW, B, D]; cross_attn_mask additive [B*heads, Q, HW] or undefined;
  // dac: the second half of tgt (one-to-many copies) skips self-attention;
  // presence [1, B, D] or undefined. -> (tgt [Q, B, D], presence out [1, B, D] or undefined).
  std::pair<torch::Tensor, torch::Tensor> forward(
      torch::Tensor tgt, torch::Tensor query_pos, const torch::Tensor& memory_text,
      const torch::Tensor& text_mask, const torch::Tensor& memory, const torch::Tensor& memory_pos,
      torch::Tensor cross_attn_mask, bool dac, const torch::Tensor& presence);

  MultiheadAttention cross_attn{nullptr};
  torch::nn::LayerNorm norm1{nullptr};
  MultiheadAttention ca_text{nullptr};
  torch::nn::LayerNorm catext_norm{nullptr};
  MultiheadAttention self_attn{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  torch::nn::Linear linear1{nullptr}, linear2{nullptr};
  torch::nn::LayerNorm norm3{nullptr};

 private:
  torch::Tensor forward_ffn(const torch::Tensor& tgt);
  double dropout_;
};
TORCH_MODULE(TransformerDecoderLayer);

// Sequence-first results of every layer, as the official decoder returns them.
struct DecoderOutput {
  torch::Tensor hs;               // [L, Q', B, D] normed outputs (Q' = 2Q with DAC)
  torch::Tensor reference_boxes;  // [L, Q', B, 4] input reference boxes of each layer (cxcywh)
  torch::Tensor presence_logits;  // [L, 1, B]
};

// Parameter names: layers, norm, bbox_embed, query_embed, reference_points, boxRPB_embed_x/y,
// presence_token, presence_token_head, presence_token_out_norm, ref_point_head.
struct TransformerDecoderImpl : torch::nn::Module {
  TransformerDecoderImpl(const DecoderConfig& config, int64_t d_model);
  // memory / pos: encoder output and its positions [H*W, B, D] on a feat_h x feat_w grid;
  // memory_text [S, B, D], text_mask [B, S]. apply_dac doubles the queries (training).
  DecoderOutput forward(const torch::Tensor& memory, const torch::Tensor& pos, int64_t feat_h,
                        int64_t feat_w, const torch::Tensor& memory_text,
                        const torch::Tensor& text_mask, bool apply_dac);
  // reference_boxes [Q, B, 4] cxcywh -> additive attention bias [B, heads, Q, H*W].
  torch::Tensor rpb_matrix(const torch::Tensor& reference_boxes, int64_t feat_h, int64_t feat_w);

  int64_t num_queries() const { return num_queries_; }

  // Recompute each layer's activations in backward (training memory mode; off = none).
  bool activation_checkpointing = false;
  torch::nn::ModuleList layers;
  torch::nn::LayerNorm norm{nullptr};
  MLP bbox_embed{nullptr};
  torch::nn::Embedding query_embed{nullptr};
  torch::nn::Embedding reference_points{nullptr};
  MLP boxRPB_embed_x{nullptr}, boxRPB_embed_y{nullptr};
  torch::nn::Embedding presence_token{nullptr};
  MLP presence_token_head{nullptr};
  torch::nn::LayerNorm presence_token_out_norm{nullptr};
  MLP ref_point_head{nullptr};

 private:
  int64_t d_model_;
  int64_t num_heads_;
  int64_t num_queries_;
  std::string box_rpb_;
};
TORCH_MODULE(TransformerDecoder);

}  // namespace sam3::model
