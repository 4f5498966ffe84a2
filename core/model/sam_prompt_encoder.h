#pragma once
// SAM prompt encoder of the SAM3 tracker: facebookresearch/sam3 @ 99d02f2,
// sam3/sam/prompt_encoder.py (PromptEncoder, PositionEmbeddingRandom), built as in
// sam3_tracker_base.py `_build_sam_heads`: embed_dim = neck.d_model, image embedding
// image_size/patch_size per side, input image image_size, mask_in_chans from TrackerConfig.
// Parameter names: pe_layer.positional_encoding_gaussian_matrix (a buffer, loaded: it is random
// upstream), point_embeddings.{0..3}.weight (negative, positive, box corner 1, box corner 2),
// not_a_point_embed.weight, no_mask_embed.weight, mask_downscaling.{0,1,3,4,6}.* (2, 5 are GELUs).
// Deliberate differences: the `boxes` argument is not ported (the interactive predictor passes
// boxes as two corner points labelled 2 and 3, never through `boxes`), and points are always padded
// with one "not a point" as upstream does whenever `boxes` is None.
#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "core/model/sam_common.h"

namespace sam3::model {

struct PositionEmbeddingRandomImpl : torch::nn::Module {
  explicit PositionEmbeddingRandomImpl(int64_t num_pos_feats);
  // Dense encoding of an h x w grid (cell centres) -> [2F, h, w].
  torch::Tensor forward(int64_t h, int64_t w);
  // coords [B, N, 2] (x, y) in pixels of an image of (height, width) -> [B, N, 2F].
  torch::Tensor forward_with_coords(const torch::Tensor& coords, int64_t height, int64_t width);
  // coords in [0, 1]: [..., 2] -> [..., 2F] = [sin, cos] of 2π (2c - 1) G.
  torch::Tensor pe_encoding(const torch::Tensor& coords);
  torch::Tensor positional_encoding_gaussian_matrix;  // [2, F]
};
TORCH_MODULE(PositionEmbeddingRandom);

struct SamPromptEncoderImpl : torch::nn::Module {
  SamPromptEncoderImpl(int64_t embed_dim, int64_t image_embedding_size, int64_t input_image_size,
                       int64_t mask_in_chans);

  // points: coords [B, N, 2] in pixels of the model input (x, y), labels [B, N] int (0 negative,
  // 1 positive, 2/3 box corners, -1 padding); both undefined for no points. masks: undefined or
  // [B, 1, 4h, 4w] low-res mask logits. -> (sparse [B, N+1 or 0, D], dense [B, D, h, w]).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& coords,
                                                  const torch::Tensor& labels,
                                                  const torch::Tensor& masks);
  // [1, D, h, w]: the dense positional encoding of the image embedding grid.
  torch::Tensor get_dense_pe();

  int64_t embed_dim() const { return embed_dim_; }
  int64_t image_embedding_size() const { return embedding_size_; }
  int64_t mask_input_size() const { return 4 * embedding_size_; }

  PositionEmbeddingRandom pe_layer{nullptr};
  torch::nn::ModuleList point_embeddings;
  torch::nn::Embedding not_a_point_embed{nullptr}, no_mask_embed{nullptr};
  torch::nn::Conv2d mask_conv0{nullptr}, mask_conv3{nullptr}, mask_conv6{nullptr};
  LayerNorm2d mask_norm1{nullptr}, mask_norm4{nullptr};

 private:
  torch::Tensor embed_points(const torch::Tensor& coords, const torch::Tensor& labels);
  torch::Tensor embed_masks(const torch::Tensor& masks);
  torch::Tensor point_embedding(int i) const;  // [1, D]

  int64_t embed_dim_;
  int64_t embedding_size_;
  int64_t input_size_;
};
TORCH_MODULE(SamPromptEncoder);

}  // namespace sam3::model
