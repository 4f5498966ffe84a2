// Box operations (box_ops.h), formula for formula as sam3/model/box_ops.py.
#include "core/train/box_ops.h"

#include "core/util/errors.h"

namespace sam3::train {
namespace {

using torch::indexing::Ellipsis;
using torch::indexing::None;
using torch::indexing::Slice;

void check_boxes(const torch::Tensor& t, const char* what) {
  if (!t.defined() || t.dim() < 1 || t.size(-1) != 4) {
    throw InvalidInput(std::string(what) + ": expected boxes [..., 4]");
  }
}

}  // namespace

torch::Tensor box_cxcywh_to_xyxy(const torch::Tensor& boxes) {
  check_boxes(boxes, "box_cxcywh_to_xyxy");
  const auto c = boxes.unbind(-1);
  return torch::stack({c[0] - 0.5 * c[2], c[1] - 0.5 * c[3], c[0] + 0.5 * c[2], c[1] + 0.5 * c[3]},
                      -1);
}

torch::Tensor box_xyxy_to_cxcywh(const torch::Tensor& boxes) {
  check_boxes(boxes, "box_xyxy_to_cxcywh");
  const auto c = boxes.unbind(-1);
  return torch::stack({(c[0] + c[2]) / 2, (c[1] + c[3]) / 2, c[2] - c[0], c[3] - c[1]}, -1);
}

torch::Tensor box_area(const torch::Tensor& xyxy) {
  check_boxes(xyxy, "box_area");
  const auto c = xyxy.unbind(-1);
  return (c[2] - c[0]) * (c[3] - c[1]);
}

std::pair<torch::Tensor, torch::Tensor> box_iou(const torch::Tensor& a, const torch::Tensor& b) {
  check_boxes(a, "box_iou");
  check_boxes(b, "box_iou");
  const torch::Tensor area1 = box_area(a);
  const torch::Tensor area2 = box_area(b);
  const torch::Tensor a_lo = a.index({Ellipsis, Slice(), None, Slice(None, 2)});
  const torch::Tensor a_hi = a.index({Ellipsis, Slice(), None, Slice(2, None)});
  const torch::Tensor b_lo = b.index({Ellipsis, None, Slice(), Slice(None, 2)});
  const torch::Tensor b_hi = b.index({Ellipsis, None, Slice(), Slice(2, None)});
  const torch::Tensor wh = (torch::min(a_hi, b_hi) - torch::max(a_lo, b_lo)).clamp_min(0);
  const torch::Tensor inter = wh.select(-1, 0) * wh.select(-1, 1);
  const torch::Tensor uni = area1.unsqueeze(-1) + area2.unsqueeze(-2) - inter;
  return {inter / uni, uni};
}

torch::Tensor generalized_box_iou(const torch::Tensor& a, const torch::Tensor& b) {
  auto [iou, uni] = box_iou(a, b);
  const torch::Tensor a_lo = a.index({Ellipsis, Slice(), None, Slice(None, 2)});
  const torch::Tensor a_hi = a.index({Ellipsis, Slice(), None, Slice(2, None)});
  const torch::Tensor b_lo = b.index({Ellipsis, None, Slice(), Slice(None, 2)});
  const torch::Tensor b_hi = b.index({Ellipsis, None, Slice(), Slice(2, None)});
  const torch::Tensor wh = (torch::max(a_hi, b_hi) - torch::min(a_lo, b_lo)).clamp_min(0);
  const torch::Tensor area = wh.select(-1, 0) * wh.select(-1, 1);
  return iou - (area - uni) / area;
}

namespace {

struct DiagParts {
  torch::Tensor iou, uni, a_lo, a_hi, b_lo, b_hi;
};

DiagParts diag_parts(const torch::Tensor& a, const torch::Tensor& b) {
  if (!a.defined() || !b.defined() || a.dim() != 2 || b.dim() != 2 || a.size(1) != 4 ||
      b.size(1) != 4 || a.size(0) != b.size(0)) {
    throw InvalidInput("diag_box_iou: expected two [N, 4] box tensors of equal N");
  }
  DiagParts p;
  p.a_lo = a.index({Slice(), Slice(None, 2)});
  p.a_hi = a.index({Slice(), Slice(2, None)});
  p.b_lo = b.index({Slice(), Slice(None, 2)});
  p.b_hi = b.index({Slice(), Slice(2, None)});
  const torch::Tensor area1 = (p.a_hi - p.a_lo).prod(-1);
  const torch::Tensor area2 = (p.b_hi - p.b_lo).prod(-1);
  const torch::Tensor inter =
      (torch::min(p.a_hi, p.b_hi) - torch::max(p.a_lo, p.b_lo)).clamp_min(0).prod(-1);
  p.uni = area1 + area2 - inter;
  p.iou = inter / p.uni;
  return p;
}

}  // namespace

torch::Tensor diag_box_iou(const torch::Tensor& a, const torch::Tensor& b) {
  return diag_parts(a, b).iou;
}

torch::Tensor diag_generalized_box_iou(const torch::Tensor& a, const torch::Tensor& b) {
  const DiagParts p = diag_parts(a, b);
  const torch::Tensor total =
      (torch::max(p.a_hi, p.b_hi) - torch::min(p.a_lo, p.b_lo)).clamp_min(0).prod(-1);
  return p.iou - (total - p.uni) / total;
}

}  // namespace sam3::train
