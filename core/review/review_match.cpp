#include "core/review/review_match.h"

#include <algorithm>
#include <numeric>

#include "core/util/errors.h"

namespace sam3::review {

namespace {

bool has_mask(const eval::Rle& m) {
  return m.h > 0 && m.w > 0;
}

// Indices of the detections at or above the threshold, by score descending (stable).
std::vector<int> ranked(const std::vector<PredictedObject>& dets, double threshold) {
  std::vector<int> order;
  for (int i = 0; i < static_cast<int>(dets.size()); ++i)
    if (dets[static_cast<std::size_t>(i)].score >= threshold) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    return dets[static_cast<std::size_t>(x)].score > dets[static_cast<std::size_t>(y)].score;
  });
  return order;
}

// Greedy per-class matching of `dets` (ranked) against `targets`; returns det -> target.
// Targets are GroundTruth or PredictedObject (both name their class_id).
template <typename Target, typename IouOf>
std::vector<int> greedy(const std::vector<int>& order, const std::vector<PredictedObject>& dets,
                        const std::vector<Target>& targets, double iou, IouOf iou_of,
                        std::vector<int>& target_match) {
  std::vector<int> det_match(dets.size(), MatchResult::kBelowThreshold);
  target_match.assign(targets.size(), MatchResult::kUnmatched);
  for (int d : order) {
    int best = MatchResult::kUnmatched;
    double best_iou = iou;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (target_match[t] != MatchResult::kUnmatched ||
          targets[t].class_id != dets[static_cast<std::size_t>(d)].class_id)
        continue;
      const double v = iou_of(d, targets[t]);
      if (v >= best_iou) {
        best_iou = v;
        best = static_cast<int>(t);
      }
    }
    det_match[static_cast<std::size_t>(d)] = best;
    if (best >= 0) target_match[static_cast<std::size_t>(best)] = d;
  }
  return det_match;
}

}  // namespace

eval::BBox to_bbox(const std::array<double, 4>& b) {
  return {b[0], b[1], b[2] - b[0], b[3] - b[1]};
}

GroundTruth ground_truth_of(const project::Annotation& a, int width, int height) {
  if (width <= 0 || height <= 0)
    throw InvalidInput("ground truth: photo size " + std::to_string(width) + " x " +
                       std::to_string(height));
  GroundTruth g;
  g.annotation_id = a.id;
  g.class_id = a.class_id;
  const auto h = static_cast<std::uint32_t>(height);
  const auto w = static_cast<std::uint32_t>(width);
  g.box = {a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]};
  if (a.kind == project::ShapeKind::Box) {
    g.mask = eval::rle_from_bbox(g.box, h, w);
    return g;
  }
  if (a.rings.empty() || a.rings[0].size() < 3)
    throw InvalidInput("ground truth: annotation " + std::to_string(a.id) +
                       " has no outer ring of 3 or more points");
  auto flat = [](const project::Ring& ring) {
    std::vector<double> xy;
    for (const auto& p : ring) {
      xy.push_back(p.x);
      xy.push_back(p.y);
    }
    return xy;
  };
  std::vector<std::uint8_t> mask = eval::rle_decode(eval::rle_from_polygon(flat(a.rings[0]), h, w));
  for (std::size_t r = 1; r < a.rings.size(); ++r) {
    if (a.rings[r].size() < 3) continue;
    const auto hole = eval::rle_decode(eval::rle_from_polygon(flat(a.rings[r]), h, w));
    for (std::size_t i = 0; i < mask.size(); ++i)
      if (hole[i]) mask[i] = 0;
  }
  g.mask = eval::rle_encode(mask, h, w);
  return g;
}

double object_iou(const eval::BBox& a_box, const eval::Rle& a_mask, const eval::BBox& b_box,
                  const eval::Rle& b_mask) {
  if (has_mask(a_mask) && has_mask(b_mask) && a_mask.h == b_mask.h && a_mask.w == b_mask.w)
    return eval::rle_iou(a_mask, b_mask, false);
  return eval::bbox_iou(a_box, b_box, false);
}

MatchResult match_to_ground_truth(const std::vector<PredictedObject>& dets,
                                  const std::vector<GroundTruth>& truth, double threshold,
                                  double iou) {
  MatchResult r;
  const auto order = ranked(dets, threshold);
  r.detection_match = greedy(
      order, dets, truth, iou,
      [&](int d, const GroundTruth& g) {
        const auto& o = dets[static_cast<std::size_t>(d)];
        return object_iou(to_bbox(o.box), o.mask, g.box, g.mask);
      },
      r.truth_match);
  for (int m : r.detection_match) {
    if (m >= 0) ++r.matched;
    if (m == MatchResult::kUnmatched) ++r.false_positives;
  }
  r.misses = static_cast<int>(
      std::count(r.truth_match.begin(), r.truth_match.end(), MatchResult::kUnmatched));
  return r;
}

ModelDifference compare_models(const std::vector<PredictedObject>& a,
                               const std::vector<PredictedObject>& b, double threshold,
                               double iou) {
  ModelDifference diff;
  const auto order_a = ranked(a, threshold);
  const auto order_b = ranked(b, threshold);
  std::vector<PredictedObject> targets;
  for (int i : order_b) targets.push_back(b[static_cast<std::size_t>(i)]);
  std::vector<int> target_match;
  const auto a_match = greedy(
      order_a, a, targets, iou,
      [&](int d, const PredictedObject& t) {
        const auto& o = a[static_cast<std::size_t>(d)];
        return object_iou(to_bbox(o.box), o.mask, to_bbox(t.box), t.mask);
      },
      target_match);
  diff.count_a = static_cast<int>(order_a.size());
  diff.count_b = static_cast<int>(order_b.size());
  for (int d : order_a) {
    if (a_match[static_cast<std::size_t>(d)] >= 0) continue;
    ++diff.only_a;
    const auto& o = a[static_cast<std::size_t>(d)];
    for (const auto& t : targets)
      if (t.class_id != o.class_id &&
          object_iou(to_bbox(o.box), o.mask, to_bbox(t.box), t.mask) >= iou) {
        ++diff.class_changes;
        break;
      }
  }
  diff.only_b = static_cast<int>(
      std::count(target_match.begin(), target_match.end(), MatchResult::kUnmatched));
  return diff;
}

}  // namespace sam3::review
