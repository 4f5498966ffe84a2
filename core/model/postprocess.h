#pragma once
// Post-processing of the official Sam3Processor._forward_grounding
// (sam3/model/sam3_image_processor.py, facebookresearch/sam3 @ 99d02f2), in its order:
// score = sigmoid(pred_logits) * sigmoid(presence_logit_dec); keep score > threshold (strict);
// boxes cxcywh -> xyxy scaled to the original image; mask logits upsampled bilinearly
// (align_corners=False) to the original size, then sigmoid, then > mask_threshold. No NMS.
// Deliberate difference: images of a batch may have different original sizes.
#include <torch/torch.h>

#include <vector>

namespace sam3::model {

struct PostprocessOptions {
  double score_threshold = 0.5;  // official default confidence_threshold
  double mask_threshold = 0.5;
  bool masks = true;  // false: skip the (expensive) full-resolution masks
};

// One image's kept detections, in query order.
struct Detections {
  torch::Tensor query_index;  // [K] int64, index into the decoder queries
  torch::Tensor scores;       // [K] float
  torch::Tensor boxes_xyxy;   // [K, 4] float, pixels of the original image (x0, y0, x1, y1)
  torch::Tensor masks;        // [K, H, W] bool at the original size (undefined if masks off)
};

struct OriginalSize {
  int height = 0;
  int width = 0;
};

// pred_logits [B, Q, 1], presence_logit_dec [B, 1], pred_boxes [B, Q, 4] cxcywh in [0, 1],
// pred_masks [B, Q, h, w] logits (may be undefined when options.masks is false), sizes: B entries.
// -> B Detections, float32 on the inputs' device. Throws c10::Error on inconsistent shapes.
std::vector<Detections> postprocess(const torch::Tensor& pred_logits,
                                    const torch::Tensor& presence_logit_dec,
                                    const torch::Tensor& pred_boxes,
                                    const torch::Tensor& pred_masks,
                                    const std::vector<OriginalSize>& sizes,
                                    const PostprocessOptions& options = {});

// sigmoid(pred_logits) * sigmoid(presence) -> [B, Q] (the eval post-processor's scores).
torch::Tensor detection_scores(const torch::Tensor& pred_logits,
                               const torch::Tensor& presence_logit_dec);

}  // namespace sam3::model
