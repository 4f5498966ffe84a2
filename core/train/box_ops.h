#pragma once
// Box operations of the training losses and matchers, as sam3/model/box_ops.py (facebookresearch/
// sam3 @ 99d02f2). Boxes are normalised to the model input: cxcywh = centre x, centre y, width,
// height; xyxy = x0, y0, x1, y1. Differentiable; no clamping or epsilon (like the official code,
// an empty union gives NaN, which the callers never feed: matched boxes have positive size).
#include <torch/torch.h>

#include <utility>

namespace sam3::train {

torch::Tensor box_cxcywh_to_xyxy(const torch::Tensor& boxes);  // [..., 4] -> [..., 4]
torch::Tensor box_xyxy_to_cxcywh(const torch::Tensor& boxes);  // [..., 4] -> [..., 4]
torch::Tensor box_area(const torch::Tensor& xyxy);             // [..., 4] -> [...]

// Pairwise: a [..., N, 4], b [..., M, 4] (xyxy) -> (iou, union), each [..., N, M].
std::pair<torch::Tensor, torch::Tensor> box_iou(const torch::Tensor& a, const torch::Tensor& b);
// Pairwise generalized IoU (Rezatofighi et al. 2019): [..., N, M].
torch::Tensor generalized_box_iou(const torch::Tensor& a, const torch::Tensor& b);

// Element-wise over matched pairs: a, b [N, 4] (xyxy) -> [N].
torch::Tensor diag_box_iou(const torch::Tensor& a, const torch::Tensor& b);
torch::Tensor diag_generalized_box_iou(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace sam3::train
