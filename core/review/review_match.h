#pragma once
// Detections against the ground truth of a labelled photo, and one model's detections against
// another's. Per class, greedy in descending score (COCO's rule): each detection at or above the
// threshold takes the unmatched object of its class with the highest IoU, if that IoU is at least
// `iou` (0.5). IoU is of the masks when both sides have a mask of the same size, else of the boxes.
// Coordinates are pixels of the stored photo. Pure functions; InvalidInput for a ground-truth
// shape that cannot be rasterised.
#include <cstdint>
#include <vector>

#include "core/eval/rle.h"
#include "core/project/types.h"
#include "core/review/prediction_store.h"

namespace sam3::review {

// A ground-truth object: box x, y, w, h and its mask (0 x 0 when it has none).
struct GroundTruth {
  std::int64_t annotation_id = 0;
  std::int64_t class_id = 0;
  eval::BBox box;
  eval::Rle mask;
};

// A polygon (outer ring minus holes) or box annotation on a photo of `width` x `height`.
GroundTruth ground_truth_of(const project::Annotation& annotation, int width, int height);

// IoU of two objects given as (box x0 y0 x1 y1 or x y w h as BBox, mask).
double object_iou(const eval::BBox& a_box, const eval::Rle& a_mask, const eval::BBox& b_box,
                  const eval::Rle& b_mask);
eval::BBox to_bbox(const std::array<double, 4>& xyxy);

struct MatchResult {
  static constexpr int kBelowThreshold = -2;
  static constexpr int kUnmatched = -1;
  std::vector<int> detection_match;  // per detection: ground-truth index, kUnmatched, or below
  std::vector<int> truth_match;      // per ground-truth object: detection index or kUnmatched
  int matched = 0;
  int false_positives = 0;  // detections at or above the threshold without a match
  int misses = 0;           // ground-truth objects without a match
  int disagreement() const { return false_positives + misses; }
};

MatchResult match_to_ground_truth(const std::vector<PredictedObject>& detections,
                                  const std::vector<GroundTruth>& truth, double threshold,
                                  double iou = 0.5);

// Model A against model B on one photo (both at the threshold).
struct ModelDifference {
  int only_a = 0;         // A's detections without a same-class match in B
  int only_b = 0;         // and the other way round
  int class_changes = 0;  // of only_a: overlapping (IoU >= iou) a B detection of another class
  int count_a = 0;        // detections at or above the threshold
  int count_b = 0;
  bool disagree() const { return only_a > 0 || only_b > 0; }
};

ModelDifference compare_models(const std::vector<PredictedObject>& a,
                               const std::vector<PredictedObject>& b, double threshold,
                               double iou = 0.5);

}  // namespace sam3::review
