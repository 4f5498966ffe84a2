// Port of sam3/model/encoder.py (facebookresearch/sam3 @ 99d02f2); see encoder.h.
#include "core/model/encoder.h"

#include "core/model/activation_checkpoint.h"

namespace sam3::model {

namespace {
torch::nn::LayerNorm layer_norm(int64_t d) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}));
}
}  // namespace

TransformerEncoderLayerImpl::TransformerEncoderLayerImpl(const EncoderLayerOptions& o)
    : options_(o) {
  self_attn = register_module("self_attn", MultiheadAttention(o.d_model, o.num_heads, o.dropout));
  cross_attn_image =
      register_module("cross_attn_image", MultiheadAttention(o.d_model, o.num_heads, o.dropout));
  linear1 = register_module("linear1", torch::nn::Linear(o.d_model, o.dim_feedforward));
  linear2 = register_module("linear2", torch::nn::Linear(o.dim_feedforward, o.d_model));
  norm1 = register_module("norm1", layer_norm(o.d_model));
  norm2 = register_module("norm2", layer_norm(o.d_model));
  norm3 = register_module("norm3", layer_norm(o.d_model));
}

torch::Tensor TransformerEncoderLayerImpl::forward(const torch::Tensor& tgt,
                                                   const torch::Tensor& memory,
                                                   const torch::Tensor& tgt_key_padding_mask,
                                                   const torch::Tensor& memory_key_padding_mask,
                                                   const torch::Tensor& pos,
                                                   const torch::Tensor& query_pos) {
  TORCH_CHECK(tgt.dim() == 3 && memory.dim() == 3 && tgt.size(1) == memory.size(1),
              "TransformerEncoderLayer: tgt [N,B,D] ", tgt.sizes(), " memory [S,B,D] ",
              memory.sizes());
  TORCH_CHECK(!options_.pos_enc_at_attn || query_pos.defined(),
              "TransformerEncoderLayer: query_pos required for self-attention");
  TORCH_CHECK(!options_.pos_enc_at_cross_attn_keys || pos.defined(),
              "TransformerEncoderLayer: pos required for cross-attention keys");
  const double p = is_training() ? options_.dropout : 0.0;
  torch::Tensor x = tgt;
  torch::Tensor h = norm1->forward(x);
  const torch::Tensor qk = options_.pos_enc_at_attn ? h + query_pos : h;
  x = x + torch::dropout(self_attn->forward(qk, qk, h, tgt_key_padding_mask), p, is_training());
  h = norm2->forward(x);
  const torch::Tensor q = options_.pos_enc_at_cross_attn_queries ? h + query_pos : h;
  const torch::Tensor k = options_.pos_enc_at_cross_attn_keys ? memory + pos : memory;
  x = x + torch::dropout(cross_attn_image->forward(q, k, memory, memory_key_padding_mask), p,
                         is_training());
  h = norm3->forward(x);
  h = linear2->forward(torch::dropout(torch::relu(linear1->forward(h)), p, is_training()));
  return x + torch::dropout(h, p, is_training());
}

TransformerEncoderFusionImpl::TransformerEncoderFusionImpl(const TransformerConfig& c,
                                                           int64_t d_model) {
  layers = register_module("layers", torch::nn::ModuleList());
  EncoderLayerOptions o;
  o.d_model = d_model;
  o.num_heads = c.num_heads;
  o.dim_feedforward = c.dim_feedforward;
  o.dropout = c.dropout;
  o.pos_enc_at_attn = true;
  o.pos_enc_at_cross_attn_keys = false;
  o.pos_enc_at_cross_attn_queries = false;
  for (int i = 0; i < c.layers; ++i) layers->push_back(TransformerEncoderLayer(o));
}

torch::Tensor TransformerEncoderFusionImpl::forward(const torch::Tensor& src,
                                                    const torch::Tensor& src_pos,
                                                    const torch::Tensor& prompt,
                                                    const torch::Tensor& prompt_mask) {
  TORCH_CHECK(src.sizes() == src_pos.sizes(), "TransformerEncoderFusion: src ", src.sizes(),
              " and src_pos ", src_pos.sizes(), " differ");
  TORCH_CHECK(prompt.dim() == 3 && prompt.size(1) == src.size(1),
              "TransformerEncoderFusion: prompt [S,B,D] ", prompt.sizes(), " vs src ", src.sizes());
  torch::Tensor out = src;
  for (size_t i = 0; i < layers->size(); ++i) {
    auto layer = layers->ptr<TransformerEncoderLayerImpl>(i);
    if (!activation_checkpointing) {
      out = layer->forward(out, prompt, /*tgt_kpm=*/{}, prompt_mask, /*pos=*/{},
                           /*query_pos=*/src_pos);
      continue;
    }
    out = checkpoint_block(true, *layer,
                           [layer, prompt_mask](const torch::autograd::variable_list& in) {
                             return torch::autograd::variable_list{layer->forward(
                                 in[0], in[1], {}, prompt_mask, {}, /*query_pos=*/in[2])};
                           },
                           {out, prompt, src_pos})[0];
  }
  return out;
}

}  // namespace sam3::model
