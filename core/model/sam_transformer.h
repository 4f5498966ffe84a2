#pragma once
// The SAM mask decoder's two-way transformer: facebookresearch/sam3 @ 99d02f2,
// sam3/sam/transformer.py (Attention, TwoWayAttentionBlock, TwoWayTransformer), built as in
// sam3_tracker_base.py `_build_sam_heads` (sizes: TrackerConfig). Parameter names are upstream's:
// layers.N.{self_attn, cross_attn_token_to_image, cross_attn_image_to_token}.{q,k,v,out}_proj.*,
// layers.N.norm{1..4}.*, layers.N.mlp.lin{1,2}.*, final_attn_token_to_image.*, norm_final_attn.*.
// Deliberate differences: no dropout (0 upstream at inference), no FlashAttention-3 path; the
// RoPE attention of the video memory transformer is not ported (images only).
#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "core/model/sam_common.h"

namespace sam3::model {

// Projections of the image side that do not depend on the prompt: with no mask input the keys
// entering layer 0 are the image embedding (+ the constant no-mask embedding), so layer 0's
// token->image k/v projections and image->token q projection can be computed once per image
// (three [HW, D] x [D, D/r] GEMMs, about a third of the transformer's image-sized work) and reused
// by every click. Undefined tensors: computed in forward as usual.
struct TwoWayImageProjections {
  torch::Tensor t2i_k;  // cross_attn_token_to_image.k_proj(keys + key_pe)  [B, HW, D/r]
  torch::Tensor t2i_v;  // cross_attn_token_to_image.v_proj(keys)           [B, HW, D/r]
  torch::Tensor i2t_q;  // cross_attn_image_to_token.q_proj(keys + key_pe)  [B, HW, D/r]
  // The keys entering layer 0 and their PE, pixel-major and contiguous       [B, HW, D]
  torch::Tensor keys, key_pe;
  bool defined() const {
    return t2i_k.defined() && t2i_v.defined() && i2t_q.defined() && keys.defined() &&
           key_pe.defined();
  }
};

// How the decoder's cross attentions treat the image side (HW tokens) at inference. Unfolded, as
// upstream: every image token is projected to the internal width D/r ([HW, D] x [D, D/r] GEMMs).
// Folded: the few prompt-side tokens' projections are folded into the image side's weights instead
// (logits_h = (q_h W_k,h) k^T, attn_h (v W_v,h^T) = (attn_h v) W_v,h^T, and the same for image
// queries and the output projection), so each image-sized GEMM has heads x tokens columns instead
// of D/r: half the work for one click in sam3 (8 heads x 8 tokens vs 128). Same mathematics,
// results differ in rounding only. Auto folds in eval mode when it is cheaper.
enum class ImageSideFolding { Auto, Never, Always };

// Multi-head attention with separate q/k/v projections into embedding_dim / downsample_rate.
struct SamAttentionImpl : torch::nn::Module {
  SamAttentionImpl(int64_t embedding_dim, int64_t num_heads, int64_t downsample_rate = 1);
  // q: [B, Nq, D], k/v: [B, Nk, D] -> [B, Nq, D]
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
  // The same with some inputs already projected (a defined pq/pk/pv replaces q_proj(q) etc.).
  torch::Tensor forward_projected(const torch::Tensor& q, const torch::Tensor& k,
                                  const torch::Tensor& v, const torch::Tensor& pq,
                                  const torch::Tensor& pk, const torch::Tensor& pv);
  // Folded (see ImageSideFolding) token -> image attention: q [B, Nq, D] (few tokens), k/v
  // [B, N, D] (image) -> [B, Nq, D].
  torch::Tensor forward_folded_keys(const torch::Tensor& q, const torch::Tensor& k,
                                    const torch::Tensor& v);
  // Folded image -> token attention: q [B, N, D] (image) or, when defined, its projection pq
  // [B, N, D/r]; k/v [B, Nk, D] (few tokens) -> [B, N, D].
  torch::Tensor forward_folded_queries(const torch::Tensor& q, const torch::Tensor& pq,
                                       const torch::Tensor& k, const torch::Tensor& v);
  // Folding is cheaper when heads x tokens < the internal width.
  bool folding_pays(int64_t tokens) const { return num_heads_ * tokens < q_proj->weight.size(0); }
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

 private:
  int64_t num_heads_;
};
TORCH_MODULE(SamAttention);

struct TwoWayAttentionBlockImpl : torch::nn::Module {
  TwoWayAttentionBlockImpl(int64_t embedding_dim, int64_t num_heads, int64_t mlp_dim,
                           int64_t downsample_rate, bool skip_first_layer_pe);
  // queries [B, Nq, D], keys [B, HW, D], query_pe like queries, key_pe like keys
  // -> (queries, keys) updated.
  // `pre`: this block's image-side projections of `keys` (layer 0 only), or nullptr. `fold`: the
  // cross attentions' image side folded (ImageSideFolding).
  std::pair<torch::Tensor, torch::Tensor> forward(
      const torch::Tensor& queries, const torch::Tensor& keys, const torch::Tensor& query_pe,
      const torch::Tensor& key_pe, const TwoWayImageProjections* pre = nullptr, bool fold = false);
  // keys [B, HW, D], key_pe like keys -> the projections forward() would compute from them.
  TwoWayImageProjections project_keys(const torch::Tensor& keys, const torch::Tensor& key_pe);
  SamAttention self_attn{nullptr}, cross_attn_token_to_image{nullptr},
      cross_attn_image_to_token{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr}, norm4{nullptr};
  MLPBlock mlp{nullptr};

 private:
  bool skip_first_layer_pe_;
};
TORCH_MODULE(TwoWayAttentionBlock);

struct TwoWayTransformerImpl : torch::nn::Module {
  TwoWayTransformerImpl(int64_t depth, int64_t embedding_dim, int64_t num_heads, int64_t mlp_dim,
                        int64_t downsample_rate);
  // image_embedding [B, D, H, W], image_pe [B, D, H, W], point_embedding [B, N, D]
  // -> (queries [B, N, D], keys [B, HW, D]).
  // layer0: project_image() of this image_embedding and image_pe (bit-identical results; its
  // keys and key_pe replace them), or nullptr.
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image_embedding,
                                                  const torch::Tensor& image_pe,
                                                  const torch::Tensor& point_embedding,
                                                  const TwoWayImageProjections* layer0 = nullptr);
  // image_embedding [B, D, H, W], image_pe like it -> layer 0's prompt-independent projections.
  TwoWayImageProjections project_image(const torch::Tensor& image_embedding,
                                       const torch::Tensor& image_pe);
  // Whether forward() folds the image side for this many prompt-side tokens (output + prompt).
  bool folds(int64_t tokens) const;
  torch::nn::ModuleList layers;
  SamAttention final_attn_token_to_image{nullptr};
  torch::nn::LayerNorm norm_final_attn{nullptr};
  ImageSideFolding folding = ImageSideFolding::Auto;
};
TORCH_MODULE(TwoWayTransformer);

}  // namespace sam3::model
