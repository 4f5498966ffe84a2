#pragma once
// Prompt and mask transforms of the interactive image predictor: facebookresearch/sam3 @ 99d02f2,
// sam3/model/utils/sam1_utils.py (SAM2Transforms.transform_coords / transform_boxes /
// postprocess_masks) and the connected components it uses (sam3/perflib/connected_components.py:
// 8-connectivity, as skimage.measure.label and the Triton kernel).
// Deliberate difference: postprocess_masks never silently skips hole filling (upstream falls back
// to the unfilled masks when its CUDA kernel fails).
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

// coords [..., 2] (x, y) in pixels of an original image of (orig_h, orig_w) -> pixels of the
// square model input of side `resolution`.
torch::Tensor transform_coords(const torch::Tensor& coords, int64_t orig_h, int64_t orig_w,
                               int64_t resolution);

// Per pixel of `foreground` [H, W] (bool or 0/1, CPU or not), the pixel count of its
// 8-connected component; 0 for background pixels. -> [H, W] int64 on the input's device.
torch::Tensor connected_component_areas(const torch::Tensor& foreground);

struct MaskPostprocess {
  double mask_threshold = 0.0;
  double max_hole_area = 0.0;      // background components up to this area become foreground
  double max_sprinkle_area = 0.0;  // foreground components up to this area become background
};

// low_res [B, M, h, w] logits -> [B, M, orig_h, orig_w] logits: holes filled with threshold + 10,
// sprinkles set to threshold - 10 (both found on the unfilled masks), then bilinear resize
// (align_corners false).
torch::Tensor postprocess_masks(const torch::Tensor& low_res, int64_t orig_h, int64_t orig_w,
                                const MaskPostprocess& options);

}  // namespace sam3::model
