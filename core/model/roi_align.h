#pragma once
// RoIAlign with torchvision.ops.roi_align semantics (torchvision's CPU/CUDA kernels), written with
// differentiable torch ops so that autograd flows into the feature map (not into the boxes, as in
// torchvision). Used by the geometry encoder for box / exemplar prompts.
// Semantics: box coords are multiplied by spatial_scale; aligned=false keeps torchvision's legacy
// convention (no -0.5 pixel shift, RoI width/height clamped to at least 1); sampling_ratio <= 0
// means adaptive: ceil(roi_h / out_h) x ceil(roi_w / out_w) bilinear samples per bin, averaged.
// Samples more than one pixel outside the map contribute 0; samples in [-1, 0) are clamped to 0.
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

struct RoiAlignOptions {
  int64_t output_h = 7;
  int64_t output_w = 7;
  double spatial_scale = 1.0;
  int64_t sampling_ratio = -1;
  bool aligned = false;
};

// input: [N, C, H, W] float; rois: [K, 5] rows (batch_index, x1, y1, x2, y2) in input-pixel units
// before spatial_scale -> [K, C, output_h, output_w]. Throws c10::Error on bad shapes or a batch
// index outside [0, N).
torch::Tensor roi_align(const torch::Tensor& input, const torch::Tensor& rois,
                        const RoiAlignOptions& options = {});

}  // namespace sam3::model
