// Port of sam3/model/decoder.py (facebookresearch/sam3 @ 99d02f2); see decoder.h.
#include "core/model/decoder.h"

#include <cmath>
#include <vector>

#include "core/model/activation_checkpoint.h"
#include "core/util/torch_compat.h"

namespace sam3::model {

using torch::indexing::None;
using torch::indexing::Slice;

namespace {
torch::nn::LayerNorm layer_norm(int64_t d) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}));
}
}  // namespace

TransformerDecoderLayerImpl::TransformerDecoderLayerImpl(int64_t d, int64_t heads, int64_t ffn,
                                                         double dropout)
    : dropout_(dropout) {
  cross_attn = register_module("cross_attn", MultiheadAttention(d, heads, dropout));
  norm1 = register_module("norm1", layer_norm(d));
  ca_text = register_module("ca_text", MultiheadAttention(d, heads, dropout));
  catext_norm = register_module("catext_norm", layer_norm(d));
  self_attn = register_module("self_attn", MultiheadAttention(d, heads, dropout));
  norm2 = register_module("norm2", layer_norm(d));
  linear1 = register_module("linear1", torch::nn::Linear(d, ffn));
  linear2 = register_module("linear2", torch::nn::Linear(ffn, d));
  norm3 = register_module("norm3", layer_norm(d));
}

torch::Tensor TransformerDecoderLayerImpl::forward_ffn(const torch::Tensor& tgt) {
  const double p = is_training() ? dropout_ : 0.0;
  torch::Tensor h;
  {
    sam3::compat::CudaAutocastGuard fp32_island(false);
    const torch::Tensor x = tgt.to(linear1->weight.scalar_type());
    h = linear2->forward(torch::dropout(torch::relu(linear1->forward(x)), p, is_training()));
  }
  return norm3->forward(tgt + torch::dropout(h, p, is_training()));
}

std::pair<torch::Tensor, torch::Tensor> TransformerDecoderLayerImpl::forward(
    torch::Tensor tgt, torch::Tensor query_pos, const torch::Tensor& memory_text,
    const torch::Tensor& text_mask, const torch::Tensor& memory, const torch::Tensor& memory_pos,
    torch::Tensor cross_attn_mask, bool dac, const torch::Tensor& presence) {
  const double p = is_training() ? dropout_ : 0.0;
  const bool train = is_training();
  // Self-attention over [presence; one-to-one queries]; DAC's one-to-many half skips it.
  TORCH_CHECK(!dac || tgt.size(0) % 2 == 0, "decoder layer: DAC needs an even query count");
  const int64_t n_o2o = dac ? tgt.size(0) / 2 : tgt.size(0);
  torch::Tensor tgt_o2o = tgt.index({Slice(0, n_o2o)});
  torch::Tensor pos_o2o = query_pos.index({Slice(0, n_o2o)});
  if (presence.defined()) {
    const torch::Tensor zero = torch::zeros_like(presence);
    tgt_o2o = torch::cat({presence, tgt_o2o}, 0);
    pos_o2o = torch::cat({zero, pos_o2o}, 0);
    query_pos = torch::cat({zero, query_pos}, 0);
  }
  const torch::Tensor qk = tgt_o2o + pos_o2o;
  tgt_o2o = tgt_o2o + torch::dropout(self_attn->forward(qk, qk, tgt_o2o), p, train);
  tgt = dac ? torch::cat({tgt_o2o, tgt.index({Slice(n_o2o, None)})}, 0) : tgt_o2o;
  tgt = norm2->forward(tgt);

  tgt = catext_norm->forward(
      tgt + torch::dropout(ca_text->forward(tgt + query_pos, memory_text, memory_text, text_mask),
                           p, train));

  if (presence.defined() && cross_attn_mask.defined()) {
    cross_attn_mask = torch::cat(
        {torch::zeros_like(cross_attn_mask.index({Slice(), Slice(0, 1)})), cross_attn_mask}, 1);
  }
  tgt =
      norm1->forward(tgt + torch::dropout(cross_attn->forward(tgt + query_pos, memory + memory_pos,
                                                              memory, {}, cross_attn_mask),
                                          p, train));
  tgt = forward_ffn(tgt);
  if (!presence.defined()) return {tgt, {}};
  return {tgt.index({Slice(1, None)}), tgt.index({Slice(0, 1)})};
}

TransformerDecoderImpl::TransformerDecoderImpl(const DecoderConfig& c, int64_t d)
    : d_model_(d), num_heads_(c.num_heads), num_queries_(c.num_queries), box_rpb_(c.box_rpb) {
  TORCH_CHECK(box_rpb_ == "none" || box_rpb_ == "log" || box_rpb_ == "linear" || box_rpb_ == "both",
              "decoder: box_rpb must be none|log|linear|both, got '", box_rpb_, "'");
  layers = register_module("layers", torch::nn::ModuleList());
  for (int i = 0; i < c.layers; ++i) {
    layers->push_back(TransformerDecoderLayer(d, c.num_heads, c.dim_feedforward, c.dropout));
  }
  norm = register_module("norm", layer_norm(d));
  bbox_embed = register_module("bbox_embed", MLP(d, d, 4, 3));
  query_embed = register_module("query_embed", torch::nn::Embedding(c.num_queries, d));
  reference_points = register_module("reference_points", torch::nn::Embedding(c.num_queries, 4));
  if (box_rpb_ != "none") {
    const int64_t n_in = box_rpb_ == "both" ? 4 : 2;
    boxRPB_embed_x = register_module("boxRPB_embed_x", MLP(n_in, d, c.num_heads, 2));
    boxRPB_embed_y = register_module("boxRPB_embed_y", MLP(n_in, d, c.num_heads, 2));
  }
  presence_token = register_module("presence_token", torch::nn::Embedding(1, d));
  presence_token_head = register_module("presence_token_head", MLP(d, d, 1, 3));
  presence_token_out_norm = register_module("presence_token_out_norm", layer_norm(d));
  ref_point_head = register_module("ref_point_head", MLP(2 * d, d, d, 2));
  torch::NoGradGuard no_grad;  // box refinement starts from the anchors: last box layer is zero
  bbox_embed->layer(2)->weight.zero_();
  bbox_embed->layer(2)->bias.zero_();
}

namespace {
// One decoder layer under activation checkpointing: every tensor that may need a gradient is an
// input of the recomputed function; the bool text mask and the flags are captured.
std::pair<torch::Tensor, torch::Tensor> checkpointed_layer(
    TransformerDecoderLayerImpl& layer, const torch::Tensor& tgt, const torch::Tensor& query_pos,
    const torch::Tensor& memory_text, const torch::Tensor& text_mask, const torch::Tensor& memory,
    const torch::Tensor& memory_pos, const torch::Tensor& mask, bool dac,
    const torch::Tensor& presence) {
  using torch::autograd::variable_list;
  variable_list inputs{tgt, query_pos, memory_text, memory, memory_pos};
  const bool has_presence = presence.defined(), has_mask = mask.defined();
  if (has_presence) inputs.push_back(presence);
  if (has_mask) inputs.push_back(mask);
  auto self = std::dynamic_pointer_cast<TransformerDecoderLayerImpl>(layer.shared_from_this());
  const variable_list out = checkpoint_block(
      true, layer,
      [self, text_mask, dac, has_presence, has_mask](const variable_list& in) {
        const torch::Tensor p = has_presence ? in[5] : torch::Tensor();
        const torch::Tensor m = has_mask ? in[has_presence ? 6 : 5] : torch::Tensor();
        auto [t, pr] = self->forward(in[0], in[1], in[2], text_mask, in[3], in[4], m, dac, p);
        return pr.defined() ? variable_list{t, pr} : variable_list{t};
      },
      inputs);
  return {out[0], out.size() > 1 ? out[1] : torch::Tensor()};
}
}  // namespace

torch::Tensor TransformerDecoderImpl::rpb_matrix(const torch::Tensor& reference_boxes, int64_t H,
                                                 int64_t W) {
  const torch::Tensor xyxy = box_cxcywh_to_xyxy(reference_boxes).transpose(0, 1);  // [B, Q, 4]
  const int64_t B = xyxy.size(0), Q = xyxy.size(1);
  const auto fopts = torch::TensorOptions().dtype(torch::kFloat).device(xyxy.device());
  const torch::Tensor coords_h = torch::arange(H, fopts) / static_cast<double>(H);
  const torch::Tensor coords_w = torch::arange(W, fopts) / static_cast<double>(W);
  const torch::Tensor flat = xyxy.reshape({-1, 1, 4});
  torch::Tensor dy = (coords_h.view({1, -1, 1}) - flat.index({Slice(), Slice(), Slice(1, 4, 2)}))
                         .view({B, Q, -1, 2});
  torch::Tensor dx = (coords_w.view({1, -1, 1}) - flat.index({Slice(), Slice(), Slice(0, 3, 2)}))
                         .view({B, Q, -1, 2});
  if (box_rpb_ == "log" || box_rpb_ == "both") {
    auto log_scale = [](const torch::Tensor& d) {
      const torch::Tensor d8 = d * 8;
      return torch::sign(d8) * torch::log2(torch::abs(d8) + 1.0) / std::log2(8.0);
    };
    const torch::Tensor dx_log = log_scale(dx), dy_log = log_scale(dy);
    dx = box_rpb_ == "log" ? dx_log : torch::cat({dx, dx_log}, -1);
    dy = box_rpb_ == "log" ? dy_log : torch::cat({dy, dy_log}, -1);
  }
  const torch::Tensor ex = boxRPB_embed_x->forward(dx);          // [B, Q, W, heads]
  const torch::Tensor ey = boxRPB_embed_y->forward(dy);          // [B, Q, H, heads]
  const torch::Tensor bias = ey.unsqueeze(3) + ex.unsqueeze(2);  // [B, Q, H, W, heads]
  return bias.flatten(2, 3).permute({0, 3, 1, 2}).contiguous();
}

DecoderOutput TransformerDecoderImpl::forward(const torch::Tensor& memory, const torch::Tensor& pos,
                                              int64_t feat_h, int64_t feat_w,
                                              const torch::Tensor& memory_text,
                                              const torch::Tensor& text_mask, bool apply_dac) {
  TORCH_CHECK(memory.dim() == 3 && memory.size(0) == feat_h * feat_w && memory.size(2) == d_model_,
              "TransformerDecoder: memory must be [", feat_h * feat_w, ", B, ", d_model_, "], got ",
              memory.sizes());
  TORCH_CHECK(pos.sizes() == memory.sizes(), "TransformerDecoder: pos ", pos.sizes(),
              " differs from memory ", memory.sizes());
  TORCH_CHECK(memory_text.dim() == 3 && memory_text.size(1) == memory.size(1) &&
                  text_mask.sizes() == torch::IntArrayRef({memory.size(1), memory_text.size(0)}),
              "TransformerDecoder: prompt ", memory_text.sizes(), " / mask ", text_mask.sizes(),
              " do not match batch ", memory.size(1));
  const int64_t B = memory.size(1);
  const int64_t copies = apply_dac ? 2 : 1;
  torch::Tensor output = query_embed->weight.unsqueeze(1).repeat({copies, B, 1});  // [Q', B, D]
  torch::Tensor ref = reference_points->weight.unsqueeze(1).repeat({copies, B, 1}).sigmoid();
  torch::Tensor presence_out = presence_token->weight.unsqueeze(0).expand({1, B, d_model_});
  std::vector<torch::Tensor> hs, refs{ref}, presence_logits;
  const int64_t L = static_cast<int64_t>(layers->size());
  for (int64_t l = 0; l < L; ++l) {
    const torch::Tensor query_pos =
        ref_point_head->forward(gen_sineembed_for_position(ref, d_model_));
    torch::Tensor mask;
    if (box_rpb_ != "none") mask = rpb_matrix(ref, feat_h, feat_w).flatten(0, 1);  // [B*h, Q', HW]
    auto layer = layers->ptr<TransformerDecoderLayerImpl>(static_cast<size_t>(l));
    if (!activation_checkpointing) {
      std::tie(output, presence_out) = layer->forward(output, query_pos, memory_text, text_mask,
                                                      memory, pos, mask, apply_dac, presence_out);
    } else {
      std::tie(output, presence_out) =
          checkpointed_layer(*layer, output, query_pos, memory_text, text_mask, memory, pos, mask,
                             apply_dac, presence_out);
    }
    const torch::Tensor normed = norm->forward(output);
    const torch::Tensor new_ref = (bbox_embed->forward(normed) + inverse_sigmoid(ref)).sigmoid();
    ref = new_ref.detach();
    // Stored references after layer 0 keep their graph ("look forward twice").
    if (l != L - 1) refs.push_back(new_ref);
    hs.push_back(normed);
    // The official clamp(±10) of presence logits is not assigned, i.e. a no-op: not applied.
    presence_logits.push_back(
        presence_token_head->forward(presence_token_out_norm->forward(presence_out)).squeeze(-1));
  }
  return {torch::stack(hs), torch::stack(refs), torch::stack(presence_logits)};
}

}  // namespace sam3::model
