#include "core/eval/image_metrics.h"

#include <algorithm>
#include <map>

#include "core/eval/coco_eval_internal.h"
#include "core/util/errors.h"

namespace sam3::eval {
namespace {

double ratio(std::size_t num, std::size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

double f1_of(double precision, double recall) {
  return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}

// Number of values >= threshold in an ascending list.
std::size_t count_at_least(const std::vector<double>& ascending, double threshold) {
  return static_cast<std::size_t>(ascending.end() -
                                  std::lower_bound(ascending.begin(), ascending.end(), threshold));
}

struct Cell {
  std::vector<const GtAnnotation*> gts;
  std::vector<const Detection*> dts;
};

// Greedy matching of one image and category; appends detection scores to tp or fp.
void match_cell(const GroundTruth& gt, Cell& cell, const ImageLevelOptions& options,
                std::vector<double>& tp_scores, std::vector<double>& fp_scores) {
  std::stable_sort(cell.dts.begin(), cell.dts.end(),
                   [](const Detection* a, const Detection* b) { return a->score > b->score; });
  std::vector<detail::Geometry> g;
  if (!cell.dts.empty())
    for (const auto* a : cell.gts) g.push_back(detail::gt_geometry(gt, *a, options.iou_type));
  std::vector<bool> taken(cell.gts.size(), false);
  for (const Detection* d : cell.dts) {
    const detail::Geometry dg = detail::dt_geometry(gt, *d, options.iou_type);
    std::ptrdiff_t best = -1;
    double best_iou = 0;
    bool crowd_hit = false;
    for (std::size_t j = 0; j < cell.gts.size(); j++) {
      const bool crowd = cell.gts[j]->iscrowd;
      const double iou = detail::geometry_iou(dg, g[j], crowd, options.iou_type);
      if (iou < options.iou_threshold) continue;
      if (crowd) {
        crowd_hit = true;
      } else if (!taken[j] && (best == -1 || iou > best_iou)) {
        best = static_cast<std::ptrdiff_t>(j);
        best_iou = iou;
      }
    }
    if (best >= 0) {
      taken[static_cast<std::size_t>(best)] = true;
      tp_scores.push_back(d->score);
    } else if (!crowd_hit) {
      fp_scores.push_back(d->score);
    }
  }
}

}  // namespace

std::string to_string(PhotoOutcome outcome) {
  switch (outcome) {
    case PhotoOutcome::TP:
      return "TP";
    case PhotoOutcome::FP:
      return "FP";
    case PhotoOutcome::FN:
      return "FN";
    case PhotoOutcome::TN:
      return "TN";
  }
  return "?";
}

ImageLevelEvaluator::ImageLevelEvaluator(const GroundTruth& gt,
                                         const std::vector<Detection>& detections,
                                         const ImageLevelOptions& options) {
  if (options.category_id && !gt.category_index(*options.category_id))
    throw InvalidInput("unknown category id " + std::to_string(*options.category_id));
  auto selected = [&](std::int64_t category) {
    return !options.category_id || *options.category_id == category;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Cell> cells;  // (image, category)
  struct Seen {
    bool positive = false, has_detection = false;
    double max_score = 0;
  };
  std::map<std::int64_t, Seen> per_image;
  for (const auto& img : gt.images) per_image[img.id] = {};
  for (const auto& a : gt.annotations) {
    if (!selected(a.category_id)) continue;
    cells[{a.image_id, a.category_id}].gts.push_back(&a);
    per_image.at(a.image_id).positive = true;
    if (!a.iscrowd) gt_instances_++;
  }
  for (const auto& d : detections) {
    if (!selected(d.category_id)) continue;
    auto it = per_image.find(d.image_id);
    if (it == per_image.end())
      throw InvalidInput("detection " + std::to_string(d.index) + ": unknown image id " +
                         std::to_string(d.image_id));
    cells[{d.image_id, d.category_id}].dts.push_back(&d);
    Seen& seen = it->second;
    seen.max_score = seen.has_detection ? std::max(seen.max_score, d.score) : d.score;
    seen.has_detection = true;
  }
  for (auto& [key, cell] : cells) match_cell(gt, cell, options, tp_scores_, fp_scores_);
  std::sort(tp_scores_.begin(), tp_scores_.end());
  std::sort(fp_scores_.begin(), fp_scores_.end());
  for (const auto& img : gt.images) {
    const Seen& seen = per_image.at(img.id);
    photos_.push_back({img.id, img.file_name, seen.positive, seen.has_detection, seen.max_score});
    (seen.positive ? positives_ : negatives_)++;
    // A photo with no detection is never flagged, whatever the threshold.
    if (seen.has_detection)
      (seen.positive ? positive_max_scores_ : negative_max_scores_).push_back(seen.max_score);
  }
  std::sort(positive_max_scores_.begin(), positive_max_scores_.end());
  std::sort(negative_max_scores_.begin(), negative_max_scores_.end());
}

ImageLevelMetrics ImageLevelEvaluator::at(double threshold) const {
  ImageLevelMetrics m;
  m.threshold = threshold;
  m.tp = count_at_least(positive_max_scores_, threshold);
  m.fn = positives_ - m.tp;
  m.fp = count_at_least(negative_max_scores_, threshold);
  m.tn = negatives_ - m.fp;
  m.accuracy = ratio(m.tp + m.tn, positives_ + negatives_);
  m.precision = ratio(m.tp, m.tp + m.fp);
  m.recall = ratio(m.tp, positives_);
  m.specificity = ratio(m.tn, negatives_);
  m.f1 = f1_of(m.precision, m.recall);
  m.instance_tp = count_at_least(tp_scores_, threshold);
  m.instance_fp = count_at_least(fp_scores_, threshold);
  m.instance_fn = gt_instances_ - m.instance_tp;
  m.instance_precision = ratio(m.instance_tp, m.instance_tp + m.instance_fp);
  m.instance_recall = ratio(m.instance_tp, gt_instances_);
  m.instance_f1 = f1_of(m.instance_precision, m.instance_recall);
  return m;
}

std::vector<PhotoVerdict> ImageLevelEvaluator::photos(double threshold) const {
  std::vector<PhotoVerdict> out;
  out.reserve(photos_.size());
  for (const auto& p : photos_) {
    const bool flagged = p.has_detection && p.max_score >= threshold;
    const PhotoOutcome outcome = p.positive ? (flagged ? PhotoOutcome::TP : PhotoOutcome::FN)
                                            : (flagged ? PhotoOutcome::FP : PhotoOutcome::TN);
    out.push_back({p.image_id, p.file_name, p.positive, p.has_detection, p.max_score, outcome});
  }
  return out;
}

std::vector<ImageLevelMetrics> ImageLevelEvaluator::sweep(
    const std::vector<double>& thresholds) const {
  std::vector<ImageLevelMetrics> out;
  out.reserve(thresholds.size());
  for (double t : thresholds) out.push_back(at(t));
  return out;
}

OperatingPoint ImageLevelEvaluator::recommend(const std::vector<double>& thresholds,
                                              double target_recall) const {
  if (thresholds.empty()) throw InvalidInput("no thresholds to choose an operating point from");
  OperatingPoint best;
  best.target_recall = target_recall;
  bool have_target = false, have_f1 = false;
  ImageLevelMetrics best_f1;
  for (const auto& m : sweep(thresholds)) {
    if (m.recall >= target_recall && (!have_target || m.threshold > best.metrics.threshold)) {
      best.metrics = m;
      have_target = true;
    }
    if (!have_f1 || m.f1 > best_f1.f1 || (m.f1 == best_f1.f1 && m.threshold > best_f1.threshold)) {
      best_f1 = m;
      have_f1 = true;
    }
  }
  best.meets_target = have_target;
  if (!have_target) best.metrics = best_f1;
  best.threshold = best.metrics.threshold;
  return best;
}

std::vector<double> ImageLevelEvaluator::default_thresholds() {
  std::vector<double> t;
  for (int i = 0; i <= 100; i++) t.push_back(i / 100.0);
  return t;
}

}  // namespace sam3::eval
