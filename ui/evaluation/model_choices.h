#pragma once
// The models a project offers for evaluation and batch prediction: the active model (the caller
// passes CheckpointBrowser::activeModel), the base model the active model's run started from, every
// checkpoint of every run (core/train/training_runs.h), and a weights file the user picks. Each
// resolves to an EvaluationModel through the checkpoint's model card (evaluation_session.h);
// a choice whose card cannot be read carries the reason instead. GUI thread; reads small files.
#include <QString>
#include <QVector>

#include "core/train/evaluation_session.h"

class QComboBox;

namespace sam3::ui {

struct ModelChoice {
  QString label;  // translated, for combo boxes and table headers
  sam3::train::EvaluationModel model;
  QString error;  // non-empty: the choice cannot be evaluated, and why
  bool ok() const { return error.isEmpty(); }
};

class ModelChoices {
 public:
  // Active model and its base first (when set), then each run's checkpoints, newest run first.
  static QVector<ModelChoice> forProject(const QString& projectDir,
                                         const QString& activeWeights = QString());
  // A weights file chosen by the user: our checkpoint (its card gives the config) or base weights
  // of `modelConfig` (sam3, sam3-tiny or a YAML file).
  static ModelChoice forFile(const QString& weights, const QString& modelConfig);
  // Fills `combo` with the labels (item data = index into `choices`); keeps the selected label.
  static void fill(QComboBox* combo, const QVector<ModelChoice>& choices);
};

}  // namespace sam3::ui
