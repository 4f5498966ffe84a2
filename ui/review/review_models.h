#pragma once
// The models the Review view offers: the project's active model (set in the checkpoint browser),
// every checkpoint of the project's runs, and base SAM3 (the facebook/sam3 snapshot of the
// Hugging Face cache). Checkpoints take their run's model config and the CLIP vocabulary chosen
// in the Train view. Reads the run folders (small); GUI thread.
#include <QString>
#include <QVector>

#include "ui/review/prediction_worker.h"

namespace sam3::ui {

// The active model of the project, or nothing (an empty weights path) when none is set.
bool activeModel(const QString& projectDir, ReviewModel* model);
// Active model first (when set), then base SAM3 (ReviewModel::base()), then each checkpoint of
// each run. What the main window gives ReviewPage::setModelSource.
QVector<ReviewModel> availableModels(const QString& projectDir);

}  // namespace sam3::ui
