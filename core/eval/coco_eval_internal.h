#pragma once
// Internal to sam3_eval: the per-image results that COCOeval.evaluateImg produces and
// accumulate() consumes. Split out so evaluation and accumulation live in separate files.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/eval/coco_eval.h"

namespace sam3::eval::detail {

// evaluateImg(imgId, catId, areaRng, maxDets[-1]) for one image, category and area range.
struct ImageEval {
  std::vector<double> dt_scores;         // D, highest first (stable), at most maxDets[-1]
  std::vector<std::int64_t> dt_matches;  // [T][D]: id of the matched ground truth, 0 = none
  std::vector<std::uint8_t> dt_ignore;   // [T][D]
  std::size_t gt_not_ignored = 0;        // ground truths that count (not crowd, area in range)
};

// evalImgs in pycocotools' order: [K][A][I]; nullopt where the image has neither gt nor dt.
struct EvalImages {
  std::size_t K = 0, A = 0, I = 0;
  std::vector<std::optional<ImageEval>> items;
  const std::optional<ImageEval>& at(std::size_t k, std::size_t a, std::size_t i) const {
    return items[(k * A + a) * I + i];
  }
};

// What an IoU needs of one annotation: its box (for bbox) or its RLE and the RLE's tight box
// (segm).
struct Geometry {
  BBox box;
  Rle rle;
};
// Throws FormatError naming the annotation when it lacks what `type` needs.
Geometry gt_geometry(const GroundTruth& gt, const GtAnnotation& a, IouType type);
Geometry dt_geometry(const GroundTruth& gt, const Detection& d, IouType type);
double geometry_iou(const Geometry& dt, const Geometry& gt, bool gt_crowd, IouType type);

EvalImages evaluate_images(const GroundTruth& gt, const std::vector<Detection>& detections,
                           IouType iou_type, const CocoParams& params,
                           const std::vector<std::int64_t>& category_ids);

// accumulate() + summarize(): fills precision, recall, scores and stats of `result`.
void accumulate(const EvalImages& evals, CocoEvalResult& result);

}  // namespace sam3::eval::detail
