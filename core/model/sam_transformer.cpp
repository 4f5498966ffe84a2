// sam3/sam/transformer.py @ 99d02f2; see sam_transformer.h.
#include "core/model/sam_transformer.h"

#include <cmath>

#include "core/util/torch_compat.h"

namespace sam3::model {

SamAttentionImpl::SamAttentionImpl(int64_t embedding_dim, int64_t num_heads,
                                   int64_t downsample_rate)
    : num_heads_(num_heads) {
  const int64_t internal = embedding_dim / downsample_rate;
  TORCH_CHECK(internal % num_heads == 0, "num_heads (", num_heads, ") must divide ", internal);
  q_proj = register_module("q_proj", torch::nn::Linear(embedding_dim, internal));
  k_proj = register_module("k_proj", torch::nn::Linear(embedding_dim, internal));
  v_proj = register_module("v_proj", torch::nn::Linear(embedding_dim, internal));
  out_proj = register_module("out_proj", torch::nn::Linear(internal, embedding_dim));
}

torch::Tensor SamAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v) {
  return forward_projected(q, k, v, {}, {}, {});
}

torch::Tensor SamAttentionImpl::forward_projected(const torch::Tensor& q, const torch::Tensor& k,
                                                  const torch::Tensor& v, const torch::Tensor& pq,
                                                  const torch::Tensor& pk,
                                                  const torch::Tensor& pv) {
  TORCH_CHECK((pq.defined() || q.dim() == 3) && (pk.defined() || k.dim() == 3) &&
                  (pv.defined() || v.dim() == 3),
              "attention expects [B, N, D] inputs");
  auto heads = [&](const torch::Tensor& x) {  // [B, N, C] -> [B, H, N, C/H]
    return x.reshape({x.size(0), x.size(1), num_heads_, x.size(2) / num_heads_}).transpose(1, 2);
  };
  auto out = sam3::compat::scaled_dot_product_attention(
      heads(pq.defined() ? pq : q_proj->forward(q)), heads(pk.defined() ? pk : k_proj->forward(k)),
      heads(pv.defined() ? pv : v_proj->forward(v)));
  out = out.transpose(1, 2);  // [B, N, H, C/H]
  return out_proj->forward(out.reshape({out.size(0), out.size(1), -1}));
}

// The folded forms only regroup the products of forward_projected (see ImageSideFolding):
// softmax rows sum to 1, so a value bias passes through the attention unchanged.
torch::Tensor SamAttentionImpl::forward_folded_keys(const torch::Tensor& q, const torch::Tensor& k,
                                                    const torch::Tensor& v) {
  TORCH_CHECK(q.dim() == 3 && k.dim() == 3 && v.dim() == 3 && k.sizes() == v.sizes(),
              "folded attention expects q [B, Nq, D] and k/v [B, N, D], got ", q.sizes(), ", ",
              k.sizes(), ", ", v.sizes());
  const int64_t b = q.size(0), nq = q.size(1), n = k.size(1), d = k.size(2);
  const int64_t h = num_heads_, c = q_proj->weight.size(0) / h;
  const double scale = 1.0 / std::sqrt(static_cast<double>(c));
  const auto qh = q_proj->forward(q).view({b, nq, h, c}).transpose(1, 2);        // [B, H, Nq, c]
  const auto g = torch::matmul(qh, k_proj->weight.view({h, c, d})) * scale;      // [B, H, Nq, D]
  const auto qb = (qh * k_proj->bias.view({1, h, 1, c})).sum(-1, true) * scale;  // [B, H, Nq, 1]
  const auto logits =
      torch::matmul(g.reshape({b, h * nq, d}), k.transpose(1, 2)).view({b, h, nq, n}) + qb;
  const auto attn = torch::softmax(logits, -1).view({b, h * nq, n});
  const auto av = torch::matmul(attn, v).view({b, h, nq, d});  // [B, H, Nq, D]
  const auto out = torch::matmul(av, v_proj->weight.view({h, c, d}).transpose(1, 2)) +
                   v_proj->bias.view({1, h, 1, c});  // [B, H, Nq, c]
  return out_proj->forward(out.transpose(1, 2).reshape({b, nq, h * c}));
}

torch::Tensor SamAttentionImpl::forward_folded_queries(const torch::Tensor& q,
                                                       const torch::Tensor& pq,
                                                       const torch::Tensor& k,
                                                       const torch::Tensor& v) {
  TORCH_CHECK((pq.defined() ? pq.dim() : q.dim()) == 3 && k.dim() == 3 && v.dim() == 3,
              "folded attention expects q [B, N, D] (or pq [B, N, D/r]) and k/v [B, Nk, D]");
  const int64_t b = k.size(0), nk = k.size(1), d = k.size(2);
  const int64_t h = num_heads_, c = q_proj->weight.size(0) / h;
  const double scale = 1.0 / std::sqrt(static_cast<double>(c));
  const auto kt =
      k_proj->forward(k).view({b, nk, h, c}).permute({0, 2, 3, 1}) * scale;  // [B,H,c,Nk]
  const auto vh = v_proj->forward(v).view({b, nk, h, c}).transpose(1, 2);    // [B, H, Nk, c]
  torch::Tensor logits;                                                      // [B, N, H, Nk]
  if (pq.defined()) {
    const int64_t n = pq.size(1);
    logits = torch::matmul(pq.view({b, n, h, c}).transpose(1, 2), kt).permute({0, 2, 1, 3});
  } else {
    const int64_t n = q.size(1);
    // (q W_q,h^T + b_q,h) k_h^T = q (W_q,h^T k_h^T) + b_q,h k_h^T
    const auto m = torch::matmul(q_proj->weight.view({h, c, d}).transpose(1, 2), kt);  // [B,H,D,Nk]
    const auto mb = torch::matmul(q_proj->bias.view({1, h, 1, c}), kt);                // [B,H,1,Nk]
    logits = torch::matmul(q, m.permute({0, 2, 1, 3}).reshape({b, d, h * nk})).view({b, n, h, nk}) +
             mb.permute({0, 2, 1, 3});
  }
  const auto attn = torch::softmax(logits, -1).reshape({b, -1, h * nk});  // [B, N, H*Nk]
  // sum_h attn_h v_h W_o,h^T: one GEMM with the heads' value rows through out_proj stacked.
  const int64_t d_out = out_proj->weight.size(0);
  const auto p = torch::matmul(vh, out_proj->weight.view({d_out, h, c}).permute({1, 2, 0}))
                     .reshape({b, h * nk, d_out});  // [B, H*Nk, Dout]
  return torch::matmul(attn, p) + out_proj->bias;
}

TwoWayAttentionBlockImpl::TwoWayAttentionBlockImpl(int64_t embedding_dim, int64_t num_heads,
                                                   int64_t mlp_dim, int64_t downsample_rate,
                                                   bool skip_first_layer_pe)
    : skip_first_layer_pe_(skip_first_layer_pe) {
  auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({embedding_dim})); };
  self_attn = register_module("self_attn", SamAttention(embedding_dim, num_heads));
  norm1 = register_module("norm1", ln());
  cross_attn_token_to_image = register_module(
      "cross_attn_token_to_image", SamAttention(embedding_dim, num_heads, downsample_rate));
  norm2 = register_module("norm2", ln());
  mlp = register_module("mlp", MLPBlock(embedding_dim, mlp_dim, Activation::ReLU));
  norm3 = register_module("norm3", ln());
  norm4 = register_module("norm4", ln());
  cross_attn_image_to_token = register_module(
      "cross_attn_image_to_token", SamAttention(embedding_dim, num_heads, downsample_rate));
}

TwoWayImageProjections TwoWayAttentionBlockImpl::project_keys(const torch::Tensor& keys,
                                                              const torch::Tensor& key_pe) {
  const auto k = keys + key_pe;
  return {cross_attn_token_to_image->k_proj->forward(k),
          cross_attn_token_to_image->v_proj->forward(keys),
          cross_attn_image_to_token->q_proj->forward(k), keys.contiguous(), key_pe.contiguous()};
}

std::pair<torch::Tensor, torch::Tensor> TwoWayAttentionBlockImpl::forward(
    const torch::Tensor& queries_in, const torch::Tensor& keys_in, const torch::Tensor& query_pe,
    const torch::Tensor& key_pe, const TwoWayImageProjections* pre, bool fold) {
  const bool cached = pre && pre->defined();
  torch::Tensor queries;
  if (skip_first_layer_pe_) {
    queries = self_attn->forward(queries_in, queries_in, queries_in);
  } else {
    const auto q = queries_in + query_pe;
    queries = queries_in + self_attn->forward(q, q, queries_in);
  }
  queries = norm1->forward(queries);

  auto q = queries + query_pe;
  const auto k = cached ? torch::Tensor() : keys_in + key_pe;
  const auto t2i = cached ? cross_attn_token_to_image->forward_projected(q, k, keys_in, {},
                                                                         pre->t2i_k, pre->t2i_v)
                   : fold ? cross_attn_token_to_image->forward_folded_keys(q, k, keys_in)
                          : cross_attn_token_to_image->forward(q, k, keys_in);
  queries = norm2->forward(queries + t2i);
  queries = norm3->forward(queries + mlp->forward(queries));

  q = queries + query_pe;
  torch::Tensor i2t;
  if (fold)
    i2t = cross_attn_image_to_token->forward_folded_queries(
        k, cached ? pre->i2t_q : torch::Tensor(), q, queries);
  else
    i2t = cached ? cross_attn_image_to_token->forward_projected(k, q, queries, pre->i2t_q, {}, {})
                 : cross_attn_image_to_token->forward(k, q, queries);
  auto keys = norm4->forward(keys_in + i2t);
  return {queries, keys};
}

TwoWayTransformerImpl::TwoWayTransformerImpl(int64_t depth, int64_t embedding_dim,
                                             int64_t num_heads, int64_t mlp_dim,
                                             int64_t downsample_rate) {
  for (int64_t i = 0; i < depth; ++i)
    layers->push_back(
        TwoWayAttentionBlock(embedding_dim, num_heads, mlp_dim, downsample_rate, i == 0));
  register_module("layers", layers);
  final_attn_token_to_image = register_module(
      "final_attn_token_to_image", SamAttention(embedding_dim, num_heads, downsample_rate));
  norm_final_attn = register_module(
      "norm_final_attn", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embedding_dim})));
}

TwoWayImageProjections TwoWayTransformerImpl::project_image(const torch::Tensor& image_embedding,
                                                            const torch::Tensor& image_pe) {
  TORCH_CHECK(image_embedding.dim() == 4 && image_pe.sizes() == image_embedding.sizes(),
              "project_image expects image [B, D, H, W] and a pe of the same shape, got ",
              image_embedding.sizes(), " and ", image_pe.sizes());
  const auto keys = image_embedding.flatten(2).permute({0, 2, 1});  // [B, HW, D]
  const auto key_pe = image_pe.flatten(2).permute({0, 2, 1});
  return layers[0]->as<TwoWayAttentionBlockImpl>()->project_keys(keys, key_pe);
}

bool TwoWayTransformerImpl::folds(int64_t tokens) const {
  switch (folding) {
    case ImageSideFolding::Never:
      return false;
    case ImageSideFolding::Always:
      return true;
    case ImageSideFolding::Auto:
      break;
  }
  return !is_training() && final_attn_token_to_image->folding_pays(tokens);
}

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(
    const torch::Tensor& image_embedding, const torch::Tensor& image_pe,
    const torch::Tensor& point_embedding, const TwoWayImageProjections* layer0) {
  TORCH_CHECK(image_embedding.dim() == 4 && image_pe.sizes() == image_embedding.sizes(),
              "two-way transformer expects image [B, D, H, W] and a pe of the same shape, got ",
              image_embedding.sizes(), " and ", image_pe.sizes());
  TORCH_CHECK(point_embedding.dim() == 3 && point_embedding.size(0) == image_embedding.size(0),
              "point embedding must be [B, N, D], got ", point_embedding.sizes());
  const bool prepared = layer0 && layer0->defined();
  auto keys =
      prepared ? layer0->keys : image_embedding.flatten(2).permute({0, 2, 1});  // [B, HW, D]
  const auto key_pe = prepared ? layer0->key_pe : image_pe.flatten(2).permute({0, 2, 1});
  auto queries = point_embedding;
  const bool fold = folds(point_embedding.size(1));
  bool first = true;
  for (const auto& layer : *layers) {
    std::tie(queries, keys) = layer->as<TwoWayAttentionBlockImpl>()->forward(
        queries, keys, point_embedding, key_pe, first ? layer0 : nullptr, fold);
    first = false;
  }
  const auto q = queries + point_embedding;
  const auto k = keys + key_pe;
  const auto attn = fold ? final_attn_token_to_image->forward_folded_keys(q, k, keys)
                         : final_attn_token_to_image->forward(q, k, keys);
  queries = norm_final_attn->forward(queries + attn);
  return {queries, keys};
}

}  // namespace sam3::model
