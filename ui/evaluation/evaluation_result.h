#pragma once
// One model evaluated on a split, ready for the evaluation view: the COCO results for bbox and
// segm (core/eval/coco_eval.h) and image-level evaluators (photo has the class / model finds it)
// for all classes together and each class alone. Built off the GUI thread by evaluateModel();
// afterwards read-only, so it is shared between the view's widgets.
#include <QString>
#include <QVector>

#include <memory>
#include <optional>

#include "core/eval/coco_eval.h"
#include "core/eval/image_metrics.h"
#include "core/train/evaluation_session.h"

namespace sam3::ui {

struct ModelEvaluation {
  QString label;
  QString split;
  std::size_t photos = 0, unlabelled = 0;
  sam3::eval::CocoEvalResult bbox;
  std::optional<sam3::eval::CocoEvalResult> segm;  // absent unless every detection has an RLE mask
  // [0]: every class; [1 + k]: category k of bbox.category_ids alone.
  QVector<std::shared_ptr<const sam3::eval::ImageLevelEvaluator>> imageLevel;
};

// COCO and image-level evaluation of an evaluation_session outcome (which must be ok()).
// Pure computation; any thread. Throws what core/eval throws (FormatError for a bad segmentation).
std::shared_ptr<const ModelEvaluation> summarize(const QString& label, const QString& split,
                                                 const sam3::train::EvaluationOutcome& outcome);

}  // namespace sam3::ui
