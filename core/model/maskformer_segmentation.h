#pragma once
// Mask head of SAM3 (UniversalSegmentationHead with its PixelDecoder and MaskPredictor).
// Port of sam3/model/maskformer_segmentation.py at facebookresearch/sam3 @ 99d02f2 as built by
// model_builder._create_segmentation_head: the encoder memory cross-attends to the prompt
// (cross_attend_prompt + cross_attn_norm), replaces the coarsest backbone level, a nearest-upsample
// pixel decoder climbs to the finest level, and per-query mask embeddings are dotted with the
// instance embedding map. Deliberate differences: no presence head / no aux masks / no
// activation checkpointing (none is built or used by the image model at inference);
// conv_layers.2 / norms.2 exist (checkpoint layout) but, as upstream, only as many stages as there
// are finer levels run (2 for sam3).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/model/attention.h"
#include "core/model/model_config.h"
#include "core/model/model_misc.h"
#include "core/model/taps.h"

namespace sam3::model {

// Parameter names: conv_layers.N, norms.N (GroupNorm).
struct PixelDecoderImpl : torch::nn::Module {
  PixelDecoderImpl(int64_t hidden_dim, int64_t num_stages, int64_t groups);
  // feats: finest first, each [B, D, H_i, W_i]; the last one is the start. -> [B, D, H_0, W_0]
  torch::Tensor forward(const std::vector<torch::Tensor>& feats);

  torch::nn::ModuleList conv_layers, norms;

 private:
  std::vector<torch::nn::Conv2d> convs_;
  std::vector<torch::nn::GroupNorm> gns_;
};
TORCH_MODULE(PixelDecoder);

// Parameter names: mask_embed.layers.N.
struct MaskPredictorImpl : torch::nn::Module {
  explicit MaskPredictorImpl(int64_t hidden_dim);
  // queries [B, Q, D], pixel_embed [B, D, H, W] -> mask logits [B, Q, H, W]
  torch::Tensor forward(const torch::Tensor& queries, const torch::Tensor& pixel_embed);
  MLP mask_embed{nullptr};
};
TORCH_MODULE(MaskPredictor);

struct SegmentationOutput {
  torch::Tensor pred_masks;    // [B, Q, H_0, W_0] logits
  torch::Tensor semantic_seg;  // [B, 1, H_0, W_0] logits
};

// Parameter names: pixel_decoder, mask_predictor, cross_attend_prompt, cross_attn_norm,
// semantic_seg_head, instance_seg_head.
struct UniversalSegmentationHeadImpl : torch::nn::Module {
  UniversalSegmentationHeadImpl(const SegmentationConfig& config, int64_t d_model,
                                int64_t num_heads);
  // backbone_fpn: kept levels finest first [B_img, D, H_i, W_i] (B_img = 1 or B);
  // queries: last-layer decoder states [B, Q, D]; memory: encoder output [H*W, B, D] on the grid
  // of the last level; prompt [S, B, D] with prompt_mask [B, S] (true = padding).
  // Taps: seg.pixel_embed [B, D, H_0, W_0].
  SegmentationOutput forward(const std::vector<torch::Tensor>& backbone_fpn,
                             const torch::Tensor& queries, const torch::Tensor& memory,
                             const torch::Tensor& prompt, const torch::Tensor& prompt_mask,
                             Taps* taps = nullptr);

  PixelDecoder pixel_decoder{nullptr};
  MaskPredictor mask_predictor{nullptr};
  MultiheadAttention cross_attend_prompt{nullptr};
  torch::nn::LayerNorm cross_attn_norm{nullptr};
  torch::nn::Conv2d semantic_seg_head{nullptr}, instance_seg_head{nullptr};
};
TORCH_MODULE(UniversalSegmentationHead);

}  // namespace sam3::model
