// sam3/sam/transformer.py @ 99d02f2; see sam_transformer.h.
#include "core/model/sam_transformer.h"

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
          cross_attn_image_to_token->q_proj->forward(k)};
}

std::pair<torch::Tensor, torch::Tensor> TwoWayAttentionBlockImpl::forward(
    const torch::Tensor& queries_in, const torch::Tensor& keys_in, const torch::Tensor& query_pe,
    const torch::Tensor& key_pe, const TwoWayImageProjections* pre) {
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
                          : cross_attn_token_to_image->forward(q, k, keys_in);
  queries = norm2->forward(queries + t2i);
  queries = norm3->forward(queries + mlp->forward(queries));

  q = queries + query_pe;
  const auto i2t =
      cached ? cross_attn_image_to_token->forward_projected(k, q, queries, pre->i2t_q, {}, {})
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

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(
    const torch::Tensor& image_embedding, const torch::Tensor& image_pe,
    const torch::Tensor& point_embedding, const TwoWayImageProjections* layer0) {
  TORCH_CHECK(image_embedding.dim() == 4 && image_pe.sizes() == image_embedding.sizes(),
              "two-way transformer expects image [B, D, H, W] and a pe of the same shape, got ",
              image_embedding.sizes(), " and ", image_pe.sizes());
  TORCH_CHECK(point_embedding.dim() == 3 && point_embedding.size(0) == image_embedding.size(0),
              "point embedding must be [B, N, D], got ", point_embedding.sizes());
  auto keys = image_embedding.flatten(2).permute({0, 2, 1});  // [B, HW, D]
  const auto key_pe = image_pe.flatten(2).permute({0, 2, 1});
  auto queries = point_embedding;
  bool first = true;
  for (const auto& layer : *layers) {
    std::tie(queries, keys) = layer->as<TwoWayAttentionBlockImpl>()->forward(
        queries, keys, point_embedding, key_pe, first ? layer0 : nullptr);
    first = false;
  }
  const auto q = queries + point_embedding;
  const auto k = keys + key_pe;
  queries = norm_final_attn->forward(queries + final_attn_token_to_image->forward(q, k, keys));
  return {queries, keys};
}

}  // namespace sam3::model
