// sam3/sam/prompt_encoder.py @ 99d02f2; see sam_prompt_encoder.h.
#include "core/model/sam_prompt_encoder.h"

#include <cmath>

namespace sam3::model {

PositionEmbeddingRandomImpl::PositionEmbeddingRandomImpl(int64_t num_pos_feats) {
  positional_encoding_gaussian_matrix =
      register_buffer("positional_encoding_gaussian_matrix", torch::randn({2, num_pos_feats}));
}

torch::Tensor PositionEmbeddingRandomImpl::pe_encoding(const torch::Tensor& coords) {
  auto c = 2 * coords - 1;
  c = torch::matmul(c, positional_encoding_gaussian_matrix);
  c = 2 * M_PI * c;
  return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

torch::Tensor PositionEmbeddingRandomImpl::forward(int64_t h, int64_t w) {
  const auto opts = positional_encoding_gaussian_matrix.options().dtype(torch::kFloat);
  const auto grid = torch::ones({h, w}, opts);
  const auto y = (grid.cumsum(0) - 0.5) / static_cast<double>(h);
  const auto x = (grid.cumsum(1) - 0.5) / static_cast<double>(w);
  return pe_encoding(torch::stack({x, y}, -1)).permute({2, 0, 1});
}

torch::Tensor PositionEmbeddingRandomImpl::forward_with_coords(const torch::Tensor& coords,
                                                               int64_t height, int64_t width) {
  TORCH_CHECK(coords.dim() == 3 && coords.size(2) == 2, "coords must be [B, N, 2], got ",
              coords.sizes());
  auto c = coords.clone();
  c.select(2, 0).div_(static_cast<double>(width));
  c.select(2, 1).div_(static_cast<double>(height));
  return pe_encoding(c.to(torch::kFloat));
}

SamPromptEncoderImpl::SamPromptEncoderImpl(int64_t embed_dim, int64_t image_embedding_size,
                                           int64_t input_image_size, int64_t mask_in_chans)
    : embed_dim_(embed_dim), embedding_size_(image_embedding_size), input_size_(input_image_size) {
  pe_layer = register_module("pe_layer", PositionEmbeddingRandom(embed_dim / 2));
  for (int i = 0; i < 4; ++i) point_embeddings->push_back(torch::nn::Embedding(1, embed_dim));
  register_module("point_embeddings", point_embeddings);
  not_a_point_embed = register_module("not_a_point_embed", torch::nn::Embedding(1, embed_dim));
  // mask_downscaling = Sequential(Conv2d, LayerNorm2d, GELU, Conv2d, LayerNorm2d, GELU, Conv2d);
  // the GELUs hold no parameters, the others keep their Sequential index as name.
  auto mask_downscaling =
      register_module("mask_downscaling", std::make_shared<torch::nn::Module>());
  using torch::nn::Conv2dOptions;
  mask_conv0 = mask_downscaling->register_module(
      "0", torch::nn::Conv2d(Conv2dOptions(1, mask_in_chans / 4, 2).stride(2)));
  mask_norm1 = mask_downscaling->register_module("1", LayerNorm2d(mask_in_chans / 4));
  mask_conv3 = mask_downscaling->register_module(
      "3", torch::nn::Conv2d(Conv2dOptions(mask_in_chans / 4, mask_in_chans, 2).stride(2)));
  mask_norm4 = mask_downscaling->register_module("4", LayerNorm2d(mask_in_chans));
  mask_conv6 = mask_downscaling->register_module(
      "6", torch::nn::Conv2d(Conv2dOptions(mask_in_chans, embed_dim, 1)));
  no_mask_embed = register_module("no_mask_embed", torch::nn::Embedding(1, embed_dim));
}

torch::Tensor SamPromptEncoderImpl::point_embedding(int i) const {
  return point_embeddings->at<torch::nn::EmbeddingImpl>(static_cast<size_t>(i)).weight;
}

torch::Tensor SamPromptEncoderImpl::get_dense_pe() {
  return pe_layer->forward(embedding_size_, embedding_size_).unsqueeze(0);
}

torch::Tensor SamPromptEncoderImpl::embed_points(const torch::Tensor& coords_in,
                                                 const torch::Tensor& labels_in) {
  const auto b = coords_in.size(0);
  auto points = coords_in.to(torch::kFloat) + 0.5;  // centre of the pixel
  points = torch::cat({points, torch::zeros({b, 1, 2}, points.options())}, 1);
  const auto labels = torch::cat({labels_in.to(torch::kLong),
                                  -torch::ones({b, 1}, labels_in.options().dtype(torch::kLong))},
                                 1)
                          .unsqueeze(-1);
  auto emb = pe_layer->forward_with_coords(points, input_size_, input_size_);
  emb = torch::where(labels == -1, torch::zeros_like(emb) + not_a_point_embed->weight, emb);
  for (int i = 0; i < 4; ++i) emb = torch::where(labels == i, emb + point_embedding(i), emb);
  return emb;
}

torch::Tensor SamPromptEncoderImpl::embed_masks(const torch::Tensor& masks) {
  auto x = torch::gelu(mask_norm1->forward(mask_conv0->forward(masks)));
  x = torch::gelu(mask_norm4->forward(mask_conv3->forward(x)));
  return mask_conv6->forward(x);
}

std::pair<torch::Tensor, torch::Tensor> SamPromptEncoderImpl::forward(const torch::Tensor& coords,
                                                                      const torch::Tensor& labels,
                                                                      const torch::Tensor& masks) {
  TORCH_CHECK(coords.defined() == labels.defined(), "point coords and labels go together");
  int64_t b = 1;
  if (coords.defined()) {
    TORCH_CHECK(coords.dim() == 3 && coords.size(2) == 2 && labels.dim() == 2 &&
                    labels.size(0) == coords.size(0) && labels.size(1) == coords.size(1),
                "points must be coords [B, N, 2] and labels [B, N], got ", coords.sizes(), " and ",
                labels.sizes());
    b = coords.size(0);
  } else if (masks.defined()) {
    b = masks.size(0);
  }
  const auto device = no_mask_embed->weight.device();
  auto sparse = torch::empty({b, 0, embed_dim_}, torch::TensorOptions().device(device));
  if (coords.defined()) sparse = torch::cat({sparse, embed_points(coords, labels)}, 1);
  torch::Tensor dense;
  if (masks.defined()) {
    const auto m = mask_input_size();
    TORCH_CHECK(masks.dim() == 4 && masks.size(0) == b && masks.size(1) == 1 &&
                    masks.size(2) == m && masks.size(3) == m,
                "mask input must be [", b, ", 1, ", m, ", ", m, "], got ", masks.sizes());
    dense = embed_masks(masks.to(torch::kFloat));
  } else {
    dense = no_mask_embed->weight.reshape({1, -1, 1, 1})
                .expand({b, -1, embedding_size_, embedding_size_});
  }
  return {sparse, dense};
}

}  // namespace sam3::model
