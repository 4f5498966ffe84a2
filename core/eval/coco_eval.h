#pragma once
// COCO detection evaluation equal to pycocotools' COCOeval (cocoapi master) with default Params:
// IoU thresholds .50:.05:.95, 101 recall points, area ranges all/small/medium/large, maxDets
// 1/10/100, per-image per-category greedy matching in score order, crowd ground truth ignored.
// Plain types only, so the GUI can plot the arrays. Pure functions; safe to call from any thread.
// Failures (a segmentation missing for iou-type segm) throw sam3::FormatError naming the entry.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/coco_data.h"

namespace sam3::eval {

enum class IouType { BBox, Segm };
std::string to_string(IouType type);
IouType iou_type_from_string(const std::string& name);  // "bbox" | "segm", else InvalidInput

// pycocotools' default Params (np.linspace values reproduced bit for bit).
struct CocoParams {
  std::vector<double> iou_thresholds;     // T = 10: 0.5, 0.55, ..., 0.95
  std::vector<double> recall_thresholds;  // R = 101: 0, 0.01, ..., 1
  std::vector<int> max_dets;              // M = 3: 1, 10, 100
  std::vector<std::array<double, 2>>
      area_ranges;                       // A = 4: [0, 1e10], [0, 32²], [32², 96²], [96², 1e10]
  std::vector<std::string> area_labels;  // all, small, medium, large
  static CocoParams defaults();
};

// The 12 numbers of COCOeval.summarize(), in its order.
inline constexpr std::array<const char*, 12> kStatNames = {
    "AP @[IoU=0.50:0.95 | area=all | maxDets=100]",
    "AP @[IoU=0.50 | area=all | maxDets=100]",
    "AP @[IoU=0.75 | area=all | maxDets=100]",
    "AP @[IoU=0.50:0.95 | area=small | maxDets=100]",
    "AP @[IoU=0.50:0.95 | area=medium | maxDets=100]",
    "AP @[IoU=0.50:0.95 | area=large | maxDets=100]",
    "AR @[IoU=0.50:0.95 | area=all | maxDets=1]",
    "AR @[IoU=0.50:0.95 | area=all | maxDets=10]",
    "AR @[IoU=0.50:0.95 | area=all | maxDets=100]",
    "AR @[IoU=0.50:0.95 | area=small | maxDets=100]",
    "AR @[IoU=0.50:0.95 | area=medium | maxDets=100]",
    "AR @[IoU=0.50:0.95 | area=large | maxDets=100]"};

struct CocoEvalResult {
  IouType iou_type = IouType::BBox;
  CocoParams params;
  std::vector<std::int64_t> category_ids;  // K, sorted ascending (pycocotools' catIds)
  std::vector<std::string> category_names;
  // COCOeval.eval arrays, row-major, -1 where a category has no ground truth in that setting:
  std::vector<double> precision;  // [T][R][K][A][M]
  std::vector<double> recall;     // [T][K][A][M]
  std::vector<double> scores;     // [T][R][K][A][M], score at each recall point
  std::array<double, 12> stats{};

  std::size_t T() const { return params.iou_thresholds.size(); }
  std::size_t R() const { return params.recall_thresholds.size(); }
  std::size_t K() const { return category_ids.size(); }
  std::size_t A() const { return params.area_ranges.size(); }
  std::size_t M() const { return params.max_dets.size(); }
  double precision_at(std::size_t t, std::size_t r, std::size_t k, std::size_t a,
                      std::size_t m) const {
    return precision[(((t * R() + r) * K() + k) * A() + a) * M() + m];
  }
  double recall_at(std::size_t t, std::size_t k, std::size_t a, std::size_t m) const {
    return recall[((t * K() + k) * A() + a) * M() + m];
  }
  double score_at(std::size_t t, std::size_t r, std::size_t k, std::size_t a, std::size_t m) const {
    return scores[(((t * R() + r) * K() + k) * A() + a) * M() + m];
  }
};

// Per-category summary for tables: AP@[.5:.95], AP50, AP75 and AR@100 over area "all",
// maxDets 100; -1 when the category has no ground truth.
struct CategoryAp {
  std::int64_t category_id = 0;
  std::string name;
  double ap = -1, ap50 = -1, ap75 = -1, ar100 = -1;
};
std::vector<CategoryAp> per_category_ap(const CocoEvalResult& result);

// Evaluates every detection against `gt` (all images, all categories of the ground truth).
CocoEvalResult evaluate_coco(const GroundTruth& gt, const std::vector<Detection>& detections,
                             IouType iou_type);

// numpy's float64 add.reduce (pairwise summation per 8192-element buffer), so the stats equal
// np.mean's bit for bit.
double numpy_sum(const double* values, std::size_t n);

}  // namespace sam3::eval
