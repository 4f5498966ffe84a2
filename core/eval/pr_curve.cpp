#include "core/eval/pr_curve.h"

#include <cmath>
#include <string>

#include "core/util/errors.h"

namespace sam3::eval {
namespace {

constexpr std::size_t kAreaAll = 0;

std::size_t iou_index(const CocoEvalResult& r, double iou) {
  for (std::size_t t = 0; t < r.T(); ++t)
    if (std::abs(r.params.iou_thresholds[t] - iou) < 1e-9) return t;
  throw InvalidInput("pr_curve: IoU threshold " + std::to_string(iou) +
                     " is not one of the evaluation's thresholds (0.50, 0.55, ..., 0.95)");
}

std::size_t max_dets_index(const CocoEvalResult& r) {
  for (std::size_t m = 0; m < r.M(); ++m)
    if (r.params.max_dets[m] == 100) return m;
  return r.M() - 1;
}

}  // namespace

std::vector<PrPoint> pr_curve(const CocoEvalResult& result, double iou_threshold,
                              std::optional<std::size_t> category_index) {
  const std::size_t t = iou_index(result, iou_threshold);
  const std::size_t m = max_dets_index(result);
  if (category_index && *category_index >= result.K())
    throw InvalidInput("pr_curve: category index " + std::to_string(*category_index) +
                       " out of range (the evaluation has " + std::to_string(result.K()) +
                       " categories)");
  std::vector<PrPoint> curve;
  for (std::size_t r = 0; r < result.R(); ++r) {
    PrPoint p;
    p.recall = result.params.recall_thresholds[r];
    if (category_index) {
      p.precision = result.precision_at(t, r, *category_index, kAreaAll, m);
      if (p.precision < 0) return {};  // no ground truth for this category
      p.score = result.score_at(t, r, *category_index, kAreaAll, m);
    } else {
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t k = 0; k < result.K(); ++k) {
        const double v = result.precision_at(t, r, k, kAreaAll, m);
        if (v > -1) {
          sum += v;
          ++n;
        }
      }
      if (n == 0) return {};
      p.precision = sum / static_cast<double>(n);
    }
    curve.push_back(p);
  }
  return curve;
}

double curve_ap(const std::vector<PrPoint>& curve) {
  if (curve.empty()) return -1;
  double sum = 0;
  for (const auto& p : curve) sum += p.precision;
  return sum / static_cast<double>(curve.size());
}

}  // namespace sam3::eval
