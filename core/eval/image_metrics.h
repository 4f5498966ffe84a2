#pragma once
// Image-level (photo-level) metrics for inspectors: at a score threshold, is each photo flagged?
// A photo is positive when it has at least one ground-truth annotation (crowd included) of the
// selected categories; it is flagged when at least one detection of those categories has
// score >= threshold. A positive photo that is not flagged is a FN; a negative photo (no ground
// truth, e.g. a confirmed-empty photo) that is not flagged is a TN.
// Instance level: detections with score >= threshold matched greedily in score order (stable) to
// the unmatched non-crowd ground truth of best IoU >= iou_threshold in the same image and
// category; a detection matching only crowd ground truth is neither TP nor FP; unmatched non-crowd
// ground truth is FN; every detection counts (no maxDets cap). Ratios with a zero denominator are
// reported as 0.
// Plain types only, for the GUI's tables and plots; pure functions, safe on any thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/coco_data.h"
#include "core/eval/coco_eval.h"

namespace sam3::eval {

struct ImageLevelOptions {
  IouType iou_type = IouType::BBox;
  double iou_threshold = 0.5;
  std::optional<std::int64_t> category_id;  // only this category; all categories when absent
};

struct ImageLevelMetrics {
  double threshold = 0;
  // photos
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  double accuracy = 0, precision = 0, recall = 0, specificity = 0, f1 = 0;
  // instances at options.iou_threshold
  std::size_t instance_tp = 0, instance_fp = 0, instance_fn = 0;
  double instance_precision = 0, instance_recall = 0, instance_f1 = 0;
};

enum class PhotoOutcome { TP, FP, FN, TN };
std::string to_string(PhotoOutcome outcome);

struct PhotoVerdict {
  std::int64_t image_id = 0;
  std::string file_name;
  bool positive = false;  // has ground truth
  bool has_detection = false;
  double max_score = 0;  // highest detection score on the photo; 0 when it has none
  PhotoOutcome outcome = PhotoOutcome::TN;
};

struct OperatingPoint {
  double threshold = 0;
  double target_recall = 0.95;
  bool meets_target = false;  // true: highest threshold with photo recall >= target; false: max F1
  ImageLevelMetrics metrics;
};

// Matching done once; metrics at any threshold are then counts over sorted scores.
class ImageLevelEvaluator {
 public:
  // Throws FormatError (from the readers' data) when a segmentation needed for segm is missing.
  ImageLevelEvaluator(const GroundTruth& gt, const std::vector<Detection>& detections,
                      const ImageLevelOptions& options = {});

  ImageLevelMetrics at(double threshold) const;
  std::vector<PhotoVerdict> photos(double threshold) const;  // in ground-truth image order
  // Metrics at each threshold, in the given order.
  std::vector<ImageLevelMetrics> sweep(const std::vector<double>& thresholds) const;
  // Highest threshold of `thresholds` whose photo recall >= target_recall; when none reaches it,
  // the threshold of maximal photo F1 (the highest among ties). `thresholds` must not be empty.
  OperatingPoint recommend(const std::vector<double>& thresholds,
                           double target_recall = 0.95) const;

  // 0.00, 0.01, ..., 1.00.
  static std::vector<double> default_thresholds();

 private:
  struct Photo {
    std::int64_t image_id;
    std::string file_name;
    bool positive;
    bool has_detection;
    double max_score;
  };
  std::vector<Photo> photos_;
  std::vector<double> positive_max_scores_;  // ascending; photos without detections excluded
  std::vector<double> negative_max_scores_;  // ascending
  std::size_t positives_ = 0, negatives_ = 0;
  std::vector<double> tp_scores_, fp_scores_;  // ascending scores of matched / unmatched detections
  std::size_t gt_instances_ = 0;               // non-crowd ground truth
};

}  // namespace sam3::eval
