#include "ui/evaluation/evaluation_result.h"

#include <variant>

namespace sam3::ui {

std::shared_ptr<const ModelEvaluation> summarize(const QString& label, const QString& split,
                                                 const sam3::train::EvaluationOutcome& outcome) {
  auto out = std::make_shared<ModelEvaluation>();
  out->label = label;
  out->split = split;
  out->photos = outcome.photos;
  out->unlabelled = outcome.unlabelled;
  out->bbox = sam3::eval::evaluate_coco(outcome.gt, outcome.detections, sam3::eval::IouType::BBox);
  // Masks are the model's RLE masks; a results file's box-only entries get their box as a polygon
  // (pycocotools' loadRes), which is no mask to evaluate.
  bool masks = !outcome.detections.empty();
  for (const auto& d : outcome.detections)
    masks = masks && std::holds_alternative<sam3::eval::Rle>(d.segmentation);
  if (masks)
    out->segm =
        sam3::eval::evaluate_coco(outcome.gt, outcome.detections, sam3::eval::IouType::Segm);
  sam3::eval::ImageLevelOptions all;
  out->imageLevel.push_back(
      std::make_shared<const sam3::eval::ImageLevelEvaluator>(outcome.gt, outcome.detections, all));
  for (const auto id : out->bbox.category_ids) {
    sam3::eval::ImageLevelOptions one;
    one.category_id = id;
    out->imageLevel.push_back(std::make_shared<const sam3::eval::ImageLevelEvaluator>(
        outcome.gt, outcome.detections, one));
  }
  return out;
}

}  // namespace sam3::ui
