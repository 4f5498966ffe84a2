#pragma once
// Geometry / exemplar prompt encoder of SAM3 (SequenceGeometryEncoder).
// Port of sam3/model/geometry_encoders.py at facebookresearch/sam3 @ 99d02f2 as built by
// model_builder._create_geometry_encoder: boxes and points each encoded by direct projection +
// pooled image feature (roi_align / grid_sample) + sine position encoding, plus a label embedding;
// a CLS token is always appended — also when there are no boxes and no points, so a text-only
// prompt still gets one geometry token (the Hugging Face port drops it; we follow the official
// code). Then final_proj + norm, pre-norm transformer layers and encode_norm.
// Deliberate differences: no mask prompts (the image model builds no mask encoder).
#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "core/model/encoder.h"
#include "core/model/model_config.h"
#include "core/model/model_misc.h"
#include "core/model/position_encoding.h"

namespace sam3::model {

// Sequence-first geometric prompts; masks are batch-first with true = padding, right-padded.
// Undefined tensors mean "none". Labels: 1 positive, 0 negative (default: all positive).
struct GeometryPrompt {
  torch::Tensor boxes;         // [N, B, 4] normalised cx, cy, w, h
  torch::Tensor box_mask;      // [B, N] bool
  torch::Tensor box_labels;    // [N, B] int64
  torch::Tensor points;        // [P, B, 2] normalised x, y
  torch::Tensor point_mask;    // [B, P] bool
  torch::Tensor point_labels;  // [P, B] int64
};

// Joins two right-padded sequences so that the result is right-padded and contiguous.
// seq [L, B, C], mask [B, L] (true = padding) -> ([L1+L2, B, C], [B, L1+L2]).
std::pair<torch::Tensor, torch::Tensor> concat_padded_sequences(const torch::Tensor& seq1,
                                                                const torch::Tensor& mask1,
                                                                const torch::Tensor& seq2,
                                                                const torch::Tensor& mask2);

struct SequenceGeometryEncoderImpl : torch::nn::Module {
  SequenceGeometryEncoderImpl(const GeometryConfig& config, int64_t d_model);

  // prompt: see GeometryPrompt (batch size B; empty or undefined boxes/points allowed).
  // img_feats / img_pos: the last kept backbone level, sequence-first [H*W, B, D]; feat_h/feat_w
  // its grid. -> (tokens [P + N + 1, B, D], mask [B, P + N + 1]), the CLS token last among the
  // valid tokens of each batch element.
  std::pair<torch::Tensor, torch::Tensor> forward(const GeometryPrompt& prompt,
                                                  const torch::Tensor& img_feats,
                                                  const torch::Tensor& img_pos, int64_t feat_h,
                                                  int64_t feat_w);

  torch::nn::Embedding label_embed{nullptr}, cls_embed{nullptr};
  torch::nn::Linear points_direct_project{nullptr}, points_pool_project{nullptr},
      points_pos_enc_project{nullptr};
  torch::nn::Linear boxes_direct_project{nullptr};
  torch::nn::Conv2d boxes_pool_project{nullptr};
  torch::nn::Linear boxes_pos_enc_project{nullptr};
  torch::nn::Linear final_proj{nullptr};
  torch::nn::LayerNorm norm{nullptr}, img_pre_norm{nullptr};
  torch::nn::ModuleList encode;
  torch::nn::LayerNorm encode_norm{nullptr};
  PositionEmbeddingSine pos_enc{nullptr};  // no parameters, like upstream's pos_enc

 private:
  // feats: pre-normed image [B, D, H, W]
  torch::Tensor encode_points(const torch::Tensor& points, const torch::Tensor& labels,
                              const torch::Tensor& feats);
  torch::Tensor encode_boxes(const torch::Tensor& boxes, const torch::Tensor& labels,
                             const torch::Tensor& feats);
  int64_t d_model_;
  int64_t roi_size_;
};
TORCH_MODULE(SequenceGeometryEncoder);

}  // namespace sam3::model
