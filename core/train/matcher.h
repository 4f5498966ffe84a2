#pragma once
// The matchers of SAM3 training (sam3/train/matcher.py @ 99d02f2):
// - hungarian_match: BinaryHungarianMatcherV2 (one-to-one). Cost per (query, target)
//   C = cost_bbox * L1(cxcywh) + cost_class * focal_cost + cost_giou * (-GIoU), with
//   focal_cost = -alpha (1-p)^gamma log p + (1-alpha) p^gamma log(1-p), p = sigmoid(logit)
//   (presence not included); prompts without target boxes are skipped; each prompt is solved with
//   linear_sum_assignment (exact, in double).
// - one_to_many_match: BinaryOneToManyMatcher (DAC). C = alpha p + (1-alpha) IoU; a query matches a
//   target when C exceeds the (1 - topk/Q) quantile of C over the queries (linear interpolation,
//   as torch.quantile) and the threshold; a query may match several targets.
// Both run without gradient and return indices on the predictions' device.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace sam3::train {

// The targets of a batch of B prompts (one prompt = one image x one class), packed prompt by
// prompt. Boxes are cxcywh normalised to the model input (after augmentation).
struct TargetBatch {
  torch::Tensor boxes;                  // [N, 4] float, N = sum(num_boxes)
  std::vector<std::int64_t> num_boxes;  // [B]; 0 for a negative prompt
  torch::Tensor masks;        // [N, H, W] bool/uint8/float in {0, 1}; undefined = no masks
  torch::Tensor masks_valid;  // [N] bool; undefined = every mask valid

  std::int64_t batch_size() const { return static_cast<std::int64_t>(num_boxes.size()); }
  std::int64_t total_boxes() const;
  std::vector<std::int64_t> offsets() const;  // [B], start of each prompt's boxes
  torch::Tensor boxes_xyxy() const;           // [N, 4]
  torch::Tensor boxes_padded() const;         // [B, max(num_boxes), 4], zero padded
  // Throws InvalidInput naming what is inconsistent (sizes, shapes, negative counts).
  void validate() const;
};

// Matched pairs: prediction (batch[k], src[k]) <-> packed target tgt[k]. int64 [M] each.
struct MatchIndices {
  torch::Tensor batch, src, tgt;
  std::int64_t size() const { return batch.defined() ? batch.size(0) : 0; }
};

struct HungarianMatcherOptions {
  double cost_class = 2.0;
  double cost_bbox = 5.0;
  double cost_giou = 2.0;
  bool focal = true;  // false: cost_class = -p
  double alpha = 0.25;
  double gamma = 2.0;
};

struct OneToManyMatcherOptions {
  double alpha = 0.3;
  double threshold = 0.4;
  std::int64_t topk = 4;
};

// pred_logits [B, Q, 1], pred_boxes [B, Q, 4] cxcywh. Pairs come prompt by prompt, ordered by
// target (by query when some prompt has more targets than queries), as the official matcher.
// Throws InvalidInput for mismatched shapes or a non-finite cost.
MatchIndices hungarian_match(const torch::Tensor& pred_logits, const torch::Tensor& pred_boxes,
                             const TargetBatch& targets,
                             const HungarianMatcherOptions& options = {});

// Same inputs; pairs ordered by (prompt, query, target). Throws InvalidInput when topk >= Q.
MatchIndices one_to_many_match(const torch::Tensor& pred_logits, const torch::Tensor& pred_boxes,
                               const TargetBatch& targets,
                               const OneToManyMatcherOptions& options = {});

}  // namespace sam3::train
