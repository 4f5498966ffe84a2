#pragma once
// SAM mask decoder of the SAM3 tracker: facebookresearch/sam3 @ 99d02f2, sam3/sam/mask_decoder.py
// (MaskDecoder), built as in sam3_tracker_base.py `_build_sam_heads` + build_tracker's extra args:
// high-resolution features on, IoU prediction through a sigmoid, object-score token with an MLP
// head, dynamic multimask via stability. Sizes: TrackerConfig and neck.d_model.
// Parameter names: transformer.*, iou_token, mask_tokens, obj_score_token,
// output_upscaling.{0,1,3}.* (ConvT, LayerNorm2d, ConvT; 2 and 4 are GELUs), conv_s0, conv_s1,
// output_hypernetworks_mlps.N.layers.M.*, iou_prediction_head.layers.M.*,
// pred_obj_score_head.layers.M.*.
// Deliberate differences: the decoder always runs with high-resolution features (the only way the
// tracker builds it); object pointers (SAM output tokens for video memory) are not returned. In
// eval mode the output upscaling runs pixel-major (upscale_pixel_major): the two 2x2 stride-2
// transposed convolutions as one GEMM each over the transformer's [HW, D] keys, LayerNorm2d as a
// layer norm over the last dimension, no NCHW round trips; same mathematics, rounding differs.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/model/model_config.h"
#include "core/model/model_misc.h"
#include "core/model/sam_common.h"
#include "core/model/sam_transformer.h"

namespace sam3::model {

struct MaskDecoderOutput {
  torch::Tensor masks;                // [B, M, 4h, 4w] low-res mask logits (M = 3 or 1)
  torch::Tensor iou_pred;             // [B, M] predicted IoU in [0, 1]
  torch::Tensor object_score_logits;  // [B, 1]
  // Before the multimask selection: all num_multimask_outputs + 1 tokens.
  torch::Tensor all_masks;     // [B, T, 4h, 4w]
  torch::Tensor all_iou_pred;  // [B, T]
};

struct SamMaskDecoderImpl : torch::nn::Module {
  SamMaskDecoderImpl(int64_t transformer_dim, const TrackerConfig& config);

  // image_embeddings [B or 1, D, h, w], image_pe [1, D, h, w], sparse [B, N, D], dense
  // [B, D, h, w], high_res_features {[B or 1, D/8, 4h, 4w], [B or 1, D/4, 2h, 2w]} (already
  // through conv_s0 / conv_s1). repeat_image: image tensors have batch 1 and are repeated per
  // prompt. Multimask: tokens 1..3; otherwise token 0, replaced in eval by the best multimask
  // token when its stability score is below the threshold.
  MaskDecoderOutput forward(const torch::Tensor& image_embeddings, const torch::Tensor& image_pe,
                            const torch::Tensor& sparse_prompt_embeddings,
                            const torch::Tensor& dense_prompt_embeddings, bool multimask_output,
                            bool repeat_image, const std::vector<torch::Tensor>& high_res_features,
                            const TwoWayImageProjections* layer0 = nullptr);
  // The transformer's prompt-independent layer-0 projections for image_embeddings + dense (batch
  // 1; dense: the no-mask embedding, as the prompt encoder gives it without a mask input); pass
  // them to forward() with that same dense for every prompt of the image.
  TwoWayImageProjections project_image(const torch::Tensor& image_embeddings,
                                       const torch::Tensor& image_pe, const torch::Tensor& dense);

  // area(logits > delta) / area(logits > -delta) per mask (1 where the union is empty).
  // mask_logits [..., H, W] -> [...].
  torch::Tensor stability_scores(const torch::Tensor& mask_logits) const;

  int64_t num_mask_tokens() const { return num_mask_tokens_; }

  // Output upscaling, upstream's order: src [B, D, h, w] -> [B, D/8, 4h, 4w].
  torch::Tensor upscale(const torch::Tensor& src, const torch::Tensor& feat_s0,
                        const torch::Tensor& feat_s1);
  // The same from pixel-major keys [B, h*w, D] -> [B, 16*h*w, D/8] (pixel-major; feats as in
  // upscale(), batch 1 broadcast; channels-last feats are read without a copy).
  torch::Tensor upscale_pixel_major(const torch::Tensor& keys, int64_t h, int64_t w,
                                    const torch::Tensor& feat_s0, const torch::Tensor& feat_s1);
  // Eval only: false runs upstream's NCHW upscaling (tests compare the two).
  bool pixel_major_upscaling = true;

  TwoWayTransformer transformer{nullptr};
  torch::nn::Embedding iou_token{nullptr}, mask_tokens{nullptr}, obj_score_token{nullptr};
  torch::nn::ConvTranspose2d upscale_conv0{nullptr}, upscale_conv3{nullptr};
  LayerNorm2d upscale_norm1{nullptr};
  torch::nn::Conv2d conv_s0{nullptr}, conv_s1{nullptr};
  torch::nn::ModuleList output_hypernetworks_mlps;
  MLP iou_prediction_head{nullptr};
  MLP pred_obj_score_head{nullptr};

 private:
  void dynamic_multimask_via_stability(MaskDecoderOutput& out) const;

  int64_t num_mask_tokens_;
  double stability_delta_;
  double stability_thresh_;
};
TORCH_MODULE(SamMaskDecoder);

}  // namespace sam3::model
