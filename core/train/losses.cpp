// SAM3 training loss (losses.h). Each function mirrors one official loss class; comments name the
// official behaviour where it is easy to get wrong.
#include "core/train/losses.h"

#include <cmath>
#include <string>
#include <unordered_set>

#include "core/train/box_ops.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

namespace F = torch::nn::functional;

torch::Tensor xyxy_of(const LayerOutputs& out) {
  return out.pred_boxes_xyxy.defined() ? out.pred_boxes_xyxy.to(torch::kFloat32)
                                       : box_cxcywh_to_xyxy(out.pred_boxes.to(torch::kFloat32));
}

torch::Tensor gather_pred(const torch::Tensor& t, const MatchIndices& idx) {
  return t.index({idx.batch, idx.src});
}

// A query matched to several targets (one-to-many) gets the soft target of its first pair, the
// lowest target index. The official `t[(b, q)] = ...` leaves the winner unspecified (index_put
// without accumulate); the first pair is what its CUDA run in the parity fixture produced.
torch::Tensor first_occurrences(const MatchIndices& idx, std::int64_t queries) {
  const torch::Tensor key = (idx.batch * queries + idx.src).to(torch::kCPU).contiguous();
  const std::int64_t* k = key.data_ptr<std::int64_t>();
  torch::Tensor keep = torch::zeros({key.numel()}, torch::kBool);
  bool* out = keep.data_ptr<bool>();
  std::unordered_set<std::int64_t> seen;
  for (std::int64_t i = 0; i < key.numel(); ++i) out[i] = seen.insert(k[i]).second;
  return keep;
}

torch::Tensor scalar_zero(const torch::Tensor& like) {
  return torch::zeros({}, like.options().dtype(torch::kFloat32));
}

}  // namespace

torch::Tensor sigmoid_focal_loss(const torch::Tensor& logits, const torch::Tensor& targets,
                                 double alpha, double gamma) {
  const torch::Tensor prob = torch::sigmoid(logits);
  const torch::Tensor ce = F::binary_cross_entropy_with_logits(
      logits, targets, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
  const torch::Tensor p_t = prob * targets + (1 - prob) * (1 - targets);
  torch::Tensor loss = ce * (1 - p_t).pow(gamma);
  if (alpha >= 0) loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss;
  return loss;
}

// Boxes (loss_fns.py): L1 on cxcywh and 1 - GIoU on xyxy over matched pairs, / num_boxes.
std::map<std::string, torch::Tensor> box_losses(const LayerOutputs& out, const TargetBatch& targets,
                                                const MatchIndices& idx, double num_boxes) {
  const torch::Device device = out.pred_boxes.device();
  const torch::Tensor tgt = targets.boxes.to(device, torch::kFloat32).index_select(0, idx.tgt);
  const torch::Tensor tgt_xyxy =
      targets.boxes_xyxy().to(device, torch::kFloat32).index_select(0, idx.tgt);
  const torch::Tensor src = gather_pred(out.pred_boxes.to(torch::kFloat32), idx);
  const torch::Tensor src_xyxy = gather_pred(xyxy_of(out), idx);
  std::map<std::string, torch::Tensor> losses;
  losses["loss_bbox"] = (src - tgt).abs().sum() / num_boxes;
  losses["loss_giou"] = (1 - diag_generalized_box_iou(src_xyxy, tgt_xyxy)).sum() / num_boxes;
  return losses;
}

// IABCEMdetr with weak_loss=False, use_presence=True, pos_focal=False.
std::map<std::string, torch::Tensor> iabce_losses(const LayerOutputs& out,
                                                  const TargetBatch& targets,
                                                  const MatchIndices& idx, const LossOptions& o) {
  const torch::Tensor logits = out.pred_logits.to(torch::kFloat32).squeeze(-1);  // [B, Q]
  const torch::Device device = logits.device();
  const torch::Tensor prob = torch::sigmoid(logits);
  torch::Tensor target_classes, soft_targets;
  {
    torch::NoGradGuard no_grad;
    target_classes = torch::zeros_like(logits);
    target_classes.index_put_({idx.batch, idx.src}, torch::ones({idx.size()}, logits.options()));
    const torch::Tensor tgt_xyxy =
        targets.boxes_xyxy().to(device, torch::kFloat32).index_select(0, idx.tgt);
    const torch::Tensor iou = diag_box_iou(gather_pred(xyxy_of(out), idx), tgt_xyxy);
    const torch::Tensor t =
        (gather_pred(prob, idx).pow(o.iabce_alpha) * iou.pow(1 - o.iabce_alpha)).clamp_min(0.01);
    soft_targets = target_classes.clone();
    const torch::Tensor first = first_occurrences(idx, logits.size(1)).to(device);
    soft_targets.index_put_({idx.batch.index({first}), idx.src.index({first})}, t.index({first}));
  }
  const auto none = F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone);
  torch::Tensor loss = F::binary_cross_entropy_with_logits(logits, soft_targets, none) *
                       target_classes * o.iabce_pos_weight;
  loss = loss + F::binary_cross_entropy_with_logits(logits, target_classes, none) *
                    (1 - target_classes) * prob.pow(o.iabce_gamma);
  // Prompts without a visible target (width and height > 0) get no per-query loss.
  const torch::Tensor padded = targets.boxes_padded().to(device, torch::kFloat32);
  const torch::Tensor visible = (padded.select(-1, 2) > 0) & (padded.select(-1, 3) > 0);
  const torch::Tensor keep = (visible.sum(-1, /*keepdim=*/true) != 0).to(torch::kFloat32);
  loss = loss * keep;
  std::map<std::string, torch::Tensor> losses;
  const std::int64_t b = logits.size(0), q = logits.size(1);
  losses["loss_ce"] =
      q >= o.pad_n_queries ? loss.mean() : loss.sum() / static_cast<double>(o.pad_n_queries * b);
  if (out.presence_logit_dec.defined()) {
    const torch::Tensor presence = out.presence_logit_dec.to(torch::kFloat32).reshape({b, 1});
    losses["presence_loss"] =
        sigmoid_focal_loss(presence, keep, o.presence_alpha, o.presence_gamma).sum() /
        static_cast<double>(b);
  } else {
    losses["presence_loss"] = scalar_zero(logits);  // o2m queries carry no presence token
  }
  return losses;
}

// Masks without point sampling: predictions bilinearly resized to the targets, invalid masks out.
std::map<std::string, torch::Tensor> mask_losses(const LayerOutputs& out,
                                                 const TargetBatch& targets,
                                                 const MatchIndices& idx, double num_boxes,
                                                 const LossOptions& o) {
  std::map<std::string, torch::Tensor> losses;
  const torch::Tensor pred = out.pred_masks.to(torch::kFloat32);
  if (!targets.masks.defined()) {
    losses["loss_mask"] = scalar_zero(pred);
    losses["loss_dice"] = scalar_zero(pred);
    return losses;
  }
  const torch::Device device = pred.device();
  torch::Tensor tgt = targets.masks.to(device, torch::kFloat32).index_select(0, idx.tgt);
  torch::Tensor src = gather_pred(pred, idx);  // [M, h, w]
  if (targets.masks_valid.defined()) {
    const torch::Tensor keep =
        targets.masks_valid.to(device, torch::kBool).index_select(0, idx.tgt);
    src = src.index({keep});
    tgt = tgt.index({keep});
  }
  if (src.size(0) == 0) {
    src = src.flatten(1);
    tgt = tgt.reshape(src.sizes());
  } else {
    src = F::interpolate(src.unsqueeze(1),
                         F::InterpolateFuncOptions()
                             .size(std::vector<std::int64_t>{tgt.size(-2), tgt.size(-1)})
                             .mode(torch::kBilinear)
                             .align_corners(false))
              .select(1, 0)
              .flatten(1);
    tgt = tgt.flatten(1);
  }
  const double pixels = static_cast<double>(src.size(1));
  losses["loss_mask"] = sigmoid_focal_loss(src, tgt, o.mask_focal_alpha, o.mask_focal_gamma).sum() /
                        (num_boxes * pixels);
  const torch::Tensor p = torch::sigmoid(src);
  const torch::Tensor numerator = 2 * (p * tgt).sum(1);
  const torch::Tensor denominator = p.sum(-1) + tgt.sum(-1);
  losses["loss_dice"] = (1 - (numerator + 1) / (denominator + 1)).sum() / num_boxes;
  return losses;
}

}  // namespace sam3::train
