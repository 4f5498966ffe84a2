// Vision + language backbone (sam3/model/vl_combiner.py @ 99d02f2); see vl_combiner.h.
#include "core/model/vl_combiner.h"

#include <string>

namespace sam3::model {

Sam3VLBackboneImpl::Sam3VLBackboneImpl(const ModelConfig& cfg)
    : vision_backbone(cfg.vision, cfg.neck),
      language_backbone(cfg.text, cfg.d_model()),
      scalp_(cfg.neck.scalp) {
  TORCH_CHECK(scalp_ >= 0 && scalp_ < static_cast<int>(cfg.neck.scale_factors.size()), "scalp ",
              scalp_, " must leave at least one of ", cfg.neck.scale_factors.size(),
              " pyramid levels");
  register_module("vision_backbone", vision_backbone);
  register_module("language_backbone", language_backbone);
}

VisionFeatures Sam3VLBackboneImpl::forward_image(const at::Tensor& images, Taps* taps) {
  const int kept = static_cast<int>(vision_backbone->convs->size()) - scalp_;
  NeckOutput neck = vision_backbone->forward(images, kept, taps);
  for (size_t i = 0; i < neck.features.size(); ++i) {
    record_tap(taps, "neck.fpn" + std::to_string(i), neck.features[i]);
    record_tap(taps, "neck.pos" + std::to_string(i), neck.pos[i]);
  }
  VisionFeatures out;
  out.vision_features = neck.features.back();
  out.vision_pos_enc = std::move(neck.pos);
  out.backbone_fpn = std::move(neck.features);
  return out;
}

TextEncoding Sam3VLBackboneImpl::forward_text(const at::Tensor& tokens, Taps* taps) {
  return language_backbone->forward(tokens, taps);
}

}  // namespace sam3::model
