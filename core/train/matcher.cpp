// Hungarian and one-to-many matchers (matcher.h), following BinaryHungarianMatcherV2 and
// BinaryOneToManyMatcher of sam3/train/matcher.py. The cost matrices are computed in float32 on
// the predictions' device like the official code; only the assignment runs in double on the CPU.
#include "core/train/matcher.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/train/box_ops.h"
#include "core/train/linear_assignment.h"
#include "core/util/errors.h"

namespace sam3::train {

using torch::indexing::Slice;

std::int64_t TargetBatch::total_boxes() const {
  return std::accumulate(num_boxes.begin(), num_boxes.end(), std::int64_t{0});
}

std::vector<std::int64_t> TargetBatch::offsets() const {
  std::vector<std::int64_t> out(num_boxes.size(), 0);
  for (size_t i = 1; i < num_boxes.size(); ++i) out[i] = out[i - 1] + num_boxes[i - 1];
  return out;
}

torch::Tensor TargetBatch::boxes_xyxy() const {
  return box_cxcywh_to_xyxy(boxes);
}

torch::Tensor TargetBatch::boxes_padded() const {
  const std::int64_t b = batch_size();
  const std::int64_t n_max =
      num_boxes.empty() ? 0 : *std::max_element(num_boxes.begin(), num_boxes.end());
  torch::Tensor padded = torch::zeros({b, n_max, 4}, boxes.options());
  const auto off = offsets();
  for (std::int64_t i = 0; i < b; ++i) {
    if (num_boxes[i] > 0) {
      padded[i].slice(0, 0, num_boxes[i]).copy_(boxes.slice(0, off[i], off[i] + num_boxes[i]));
    }
  }
  return padded;
}

void TargetBatch::validate() const {
  for (size_t i = 0; i < num_boxes.size(); ++i) {
    if (num_boxes[i] < 0) {
      throw InvalidInput("targets: num_boxes[" + std::to_string(i) + "] is negative");
    }
  }
  const std::int64_t n = total_boxes();
  if (!boxes.defined() || boxes.dim() != 2 || boxes.size(1) != 4 || boxes.size(0) != n) {
    throw InvalidInput("targets: boxes must be [" + std::to_string(n) +
                       ", 4] (the sum of num_boxes)" +
                       (boxes.defined() ? ", got " + std::to_string(boxes.dim()) + "-D with " +
                                              std::to_string(boxes.size(0)) + " rows"
                                        : ", got none"));
  }
  if (masks.defined() && (masks.dim() != 3 || masks.size(0) != n)) {
    throw InvalidInput("targets: masks must be [" + std::to_string(n) + ", H, W]");
  }
  if (masks_valid.defined() && (masks_valid.dim() != 1 || masks_valid.size(0) != n)) {
    throw InvalidInput("targets: masks_valid must be [" + std::to_string(n) + "]");
  }
}

namespace {

void check_predictions(const torch::Tensor& logits, const torch::Tensor& boxes,
                       const TargetBatch& targets, const char* who) {
  targets.validate();
  if (!logits.defined() || logits.dim() != 3 || logits.size(2) != 1) {
    throw InvalidInput(std::string(who) + ": pred_logits must be [B, Q, 1]");
  }
  if (!boxes.defined() || boxes.dim() != 3 || boxes.size(2) != 4 ||
      boxes.size(0) != logits.size(0) || boxes.size(1) != logits.size(1)) {
    throw InvalidInput(std::string(who) + ": pred_boxes must be [B, Q, 4] like pred_logits");
  }
  if (logits.size(0) != targets.batch_size()) {
    throw InvalidInput(std::string(who) + ": " + std::to_string(logits.size(0)) +
                       " predictions for " + std::to_string(targets.batch_size()) + " prompts");
  }
}

MatchIndices to_indices(const std::vector<std::int64_t>& b, const std::vector<std::int64_t>& s,
                        const std::vector<std::int64_t>& t, const torch::Device& device) {
  const auto make = [&](const std::vector<std::int64_t>& v) {
    return torch::tensor(v, torch::kLong).reshape({static_cast<std::int64_t>(v.size())}).to(device);
  };
  return {make(b), make(s), make(t)};
}

// [B, Q, T] cost, lower is better.
torch::Tensor hungarian_cost(const torch::Tensor& logits, const torch::Tensor& boxes,
                             const torch::Tensor& tgt, const HungarianMatcherOptions& o) {
  const torch::Tensor score = logits.squeeze(-1);  // [B, Q]
  const torch::Tensor cost_bbox = torch::cdist(boxes, tgt, 1);
  const torch::Tensor cost_giou =
      -generalized_box_iou(box_cxcywh_to_xyxy(boxes), box_cxcywh_to_xyxy(tgt));
  const torch::Tensor prob = torch::sigmoid(score);
  torch::Tensor cost_class;
  if (o.focal) {
    const torch::Tensor log_p = torch::log_sigmoid(score);
    const torch::Tensor log_1mp = torch::log_sigmoid(-score);
    cost_class =
        -o.alpha * (1 - prob).pow(o.gamma) * log_p + (1 - o.alpha) * prob.pow(o.gamma) * log_1mp;
  } else {
    cost_class = -prob;
  }
  cost_class = cost_class.unsqueeze(-1).expand_as(cost_bbox);
  return o.cost_bbox * cost_bbox + o.cost_class * cost_class + o.cost_giou * cost_giou;
}

}  // namespace

MatchIndices hungarian_match(const torch::Tensor& pred_logits, const torch::Tensor& pred_boxes,
                             const TargetBatch& targets, const HungarianMatcherOptions& options) {
  torch::NoGradGuard no_grad;
  check_predictions(pred_logits, pred_boxes, targets, "hungarian_match");
  const torch::Device device = pred_logits.device();
  const std::int64_t q = pred_logits.size(1);
  std::vector<std::int64_t> bi, si, ti;
  if (targets.total_boxes() == 0) return to_indices(bi, si, ti, device);
  const torch::Tensor tgt = targets.boxes_padded().to(device, torch::kFloat32);
  const torch::Tensor cost =
      hungarian_cost(pred_logits.to(torch::kFloat32), pred_boxes.to(torch::kFloat32), tgt, options)
          .to(torch::kCPU, torch::kFloat64);
  // Official: pairs sorted by target unless some prompt has more targets than queries.
  bool by_query = false;
  for (const std::int64_t n : targets.num_boxes) by_query = by_query || q < n;
  const auto off = targets.offsets();
  for (std::int64_t b = 0; b < targets.batch_size(); ++b) {
    const std::int64_t n = targets.num_boxes[b];
    if (n == 0) continue;
    const torch::Tensor c = cost[b].slice(1, 0, n);
    if (!torch::isfinite(c).all().item<bool>()) {
      throw InvalidInput("hungarian_match: non-finite matching cost for prompt " +
                         std::to_string(b) + " (NaN or infinite predictions or targets)");
    }
    const Assignment a = linear_sum_assignment(c);
    std::vector<std::int64_t> order(a.rows.size());
    std::iota(order.begin(), order.end(), 0);
    if (!by_query) {
      std::sort(order.begin(), order.end(),
                [&](std::int64_t x, std::int64_t y) { return a.cols[x] < a.cols[y]; });
    }
    for (const std::int64_t k : order) {
      bi.push_back(b);
      si.push_back(a.rows[k]);
      ti.push_back(off[b] + a.cols[k]);
    }
  }
  return to_indices(bi, si, ti, device);
}

MatchIndices one_to_many_match(const torch::Tensor& pred_logits, const torch::Tensor& pred_boxes,
                               const TargetBatch& targets, const OneToManyMatcherOptions& options) {
  torch::NoGradGuard no_grad;
  check_predictions(pred_logits, pred_boxes, targets, "one_to_many_match");
  const torch::Device device = pred_logits.device();
  const std::int64_t q = pred_logits.size(1);
  if (options.topk < 1 || options.topk >= q) {
    throw InvalidInput("one_to_many_match: topk " + std::to_string(options.topk) +
                       " must be in [1, " + std::to_string(q) + ") for " + std::to_string(q) +
                       " queries");
  }
  const torch::Tensor tgt = targets.boxes_padded().to(device, torch::kFloat32);
  const std::int64_t t = tgt.size(1);
  if (t == 0) return to_indices({}, {}, {}, device);
  const torch::Tensor prob = torch::sigmoid(pred_logits.to(torch::kFloat32)).squeeze(-1);
  const torch::Tensor iou =
      box_iou(box_cxcywh_to_xyxy(pred_boxes.to(torch::kFloat32)), box_cxcywh_to_xyxy(tgt)).first;
  const torch::Tensor c = options.alpha * prob.unsqueeze(-1) + (1 - options.alpha) * iou;
  const double level = 1.0 - static_cast<double>(options.topk) / static_cast<double>(q);
  const torch::Tensor quant = torch::quantile(c, level, 1, /*keepdim=*/true, "linear");
  torch::Tensor matches = (c > quant) & (c > options.threshold);
  const torch::Tensor counts = torch::tensor(targets.num_boxes, torch::kLong).to(device);
  const torch::Tensor slot_valid =
      torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(0) <
      counts.unsqueeze(1);  // [B, T]
  matches = matches & slot_valid.unsqueeze(1);
  const torch::Tensor nz = matches.nonzero();  // [M, 3], row-major order
  const torch::Tensor offsets = torch::tensor(targets.offsets(), torch::kLong).to(device);
  MatchIndices out;
  out.batch = nz.select(1, 0).contiguous();
  out.src = nz.select(1, 1).contiguous();
  out.tgt = (nz.select(1, 2) + offsets.index_select(0, out.batch)).contiguous();
  return out;
}

}  // namespace sam3::train
