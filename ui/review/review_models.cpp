#include "ui/review/review_models.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include "core/train/training_runs.h"
#include "ui/training/checkpoint_browser.h"

namespace sam3::ui {

namespace {

QString vocabulary() {
  return QSettings().value(QStringLiteral("training/vocabulary")).toString();
}

ReviewModel checkpointModel(const train::RunInfo& run, const train::CheckpointInfo& c) {
  ReviewModel m;
  m.label = QCoreApplication::translate("ReviewModels", "%1, %2")
                .arg(QString::fromStdString(run.name), QString::fromStdString(c.label()));
  m.config =
      run.model_config.empty() ? QStringLiteral("sam3") : QString::fromStdString(run.model_config);
  m.weights = QString::fromStdString(c.weights.string());
  m.vocabulary = vocabulary();
  return m;
}

}  // namespace

bool activeModel(const QString& projectDir, ReviewModel* model) {
  const QString weights = CheckpointBrowser::activeModel(projectDir);
  if (weights.isEmpty() || projectDir.isEmpty()) return false;
  const QString canonical = QFileInfo(weights).absoluteFilePath();
  for (const auto& run : train::list_runs(projectDir.toStdString()))
    for (const auto& c : run.checkpoints)
      if (QFileInfo(QString::fromStdString(c.weights.string())).absoluteFilePath() == canonical) {
        *model = checkpointModel(run, c);
        model->label =
            QCoreApplication::translate("ReviewModels", "Active model: %1").arg(model->label);
        return true;
      }
  // Weights outside the project's runs: full-size SAM3 unless told otherwise.
  *model = ReviewModel{};
  model->label = QCoreApplication::translate("ReviewModels", "Active model: %1")
                     .arg(QFileInfo(weights).fileName());
  model->weights = weights;
  model->vocabulary = vocabulary();
  return true;
}

QVector<ReviewModel> availableModels(const QString& projectDir) {
  QVector<ReviewModel> out;
  ReviewModel active;
  if (activeModel(projectDir, &active)) out << active;
  out << ReviewModel::base();
  if (projectDir.isEmpty()) return out;
  for (const auto& run : train::list_runs(projectDir.toStdString()))
    for (const auto& c : run.checkpoints)
      if (!c.weights.empty()) out << checkpointModel(run, c);
  return out;
}

}  // namespace sam3::ui
