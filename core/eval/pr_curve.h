#pragma once
// Precision-recall curves for plots, read from COCOeval's accumulated arrays (coco_eval.h): the
// interpolated precision at pycocotools' 101 recall points for one IoU threshold, area "all" and
// maxDets 100 — the very numbers whose mean is AP at that IoU. Recall points beyond the highest
// recall reached have precision 0 (pycocotools leaves them at 0). Pure functions, any thread.
#include <cstddef>
#include <optional>
#include <vector>

#include "core/eval/coco_eval.h"

namespace sam3::eval {

struct PrPoint {
  double recall = 0;     // the recall point (0, 0.01, ..., 1)
  double precision = 0;  // interpolated precision there
  double score = -1;     // detection score reached there (one category only; -1 for the mean)
};

// One category (index into result.category_ids) or, without `category_index`, the mean over the
// categories that have ground truth (the average summarize() takes). Empty when the category (or
// every category) has no ground truth. InvalidInput for an IoU threshold that is not one of
// result.params.iou_thresholds (to 1e-9) or a category index out of range.
std::vector<PrPoint> pr_curve(const CocoEvalResult& result, double iou_threshold = 0.5,
                              std::optional<std::size_t> category_index = std::nullopt);

// Mean precision of a curve (= AP at its IoU threshold); -1 for an empty curve.
double curve_ap(const std::vector<PrPoint>& curve);

}  // namespace sam3::eval
