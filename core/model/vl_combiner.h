#pragma once
// Vision + language backbone of SAM3 without fusion (`SAM3VLBackbone`): facebookresearch/sam3 @
// 99d02f2, sam3/model/vl_combiner.py, built as in model_builder.py `_create_vl_backbone`
// (scalp 1). Config: ModelConfig (vision, neck, text).
// Registered by the image model as `backbone`, so its parameters are
// backbone.vision_backbone.{trunk, convs}.* and backbone.language_backbone.{encoder, resizer}.*.
// Deliberate differences from upstream:
// - Text comes in as token ids (tokenize with core/model/tokenizer.h); no `additional_text`.
// - The `scalp` dropped pyramid levels are not computed (same kept outputs).
// - No SDPA backend selection. Activation checkpointing:
// Sam3ImageImpl::set_activation_checkpointing.
#include <vector>

#include "core/model/model_config.h"
#include "core/model/necks.h"
#include "core/model/taps.h"
#include "core/model/text_encoder_ve.h"

namespace sam3::model {

struct VisionFeatures {
  at::Tensor vision_features;              // [B, D, S/14, S/14]: the last kept level
  std::vector<at::Tensor> vision_pos_enc;  // per kept level [B, D, H_i, W_i]
  std::vector<at::Tensor> backbone_fpn;    // per kept level [B, D, H_i, W_i], S/3.5 first
};

class Sam3VLBackboneImpl : public torch::nn::Module {
 public:
  explicit Sam3VLBackboneImpl(const ModelConfig& cfg);

  // images: [B, 3, S, S] normalised, S a multiple of 14 -> VisionFeatures (levels 4x, 2x, 1x of
  // the S/14 grid for `sam3`). Taps: the trunk's, neck.fpnI and neck.posI per kept level.
  VisionFeatures forward_image(const at::Tensor& images, Taps* taps = nullptr);
  // tokens: [B, 32] int64 -> language_features [32, B, D], language_mask [B, 32] (true = pad).
  // Taps: text.features, text.mask.
  TextEncoding forward_text(const at::Tensor& tokens, Taps* taps = nullptr);

  int scalp() const { return scalp_; }

  Sam3DualViTDetNeck vision_backbone;
  VETextEncoder language_backbone;

 private:
  int scalp_;
};
TORCH_MODULE(Sam3VLBackbone);

}  // namespace sam3::model
