#include "ui/evaluation/model_choices.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileInfo>

#include "core/train/training_runs.h"

namespace sam3::ui {
namespace {

QString text(const std::string& s) {
  return QString::fromStdString(s);
}

ModelChoice fromCheckpoint(const QString& label, const std::filesystem::path& weights) {
  ModelChoice c;
  c.label = label;
  const sam3::train::SessionError e = sam3::train::checkpoint_model(weights, &c.model);
  if (!e.ok()) c.error = text(e.message);
  c.model.label = label.toStdString();
  return c;
}

ModelChoice baseOf(const QString& label, const std::filesystem::path& weights) {
  ModelChoice c;
  c.label = label;
  const sam3::train::SessionError e = sam3::train::base_model_of(weights, &c.model);
  if (!e.ok()) c.error = text(e.message);
  c.model.label = label.toStdString();
  return c;
}

}  // namespace

QVector<ModelChoice> ModelChoices::forProject(const QString& projectDir,
                                              const QString& activeWeights) {
  QVector<ModelChoice> out;
  if (projectDir.isEmpty()) return out;
  const QString& active = activeWeights;
  if (!active.isEmpty() && QFileInfo::exists(active)) {
    const std::filesystem::path w = active.toStdString();
    out.push_back(fromCheckpoint(QCoreApplication::translate("ModelChoices", "Active model (%1)")
                                     .arg(QFileInfo(active).fileName()),
                                 w));
    out.push_back(
        baseOf(QCoreApplication::translate("ModelChoices", "Base model of the active model"), w));
  }
  for (const auto& run : sam3::train::list_runs(projectDir.toStdString())) {
    for (const auto& cp : run.checkpoints) {
      const QString label = QCoreApplication::translate("ModelChoices", "%1: %2")
                                .arg(text(run.name), text(cp.label()));
      out.push_back(fromCheckpoint(label, cp.weights));
    }
    if (!run.checkpoints.empty())
      out.push_back(
          baseOf(QCoreApplication::translate("ModelChoices", "%1: base model").arg(text(run.name)),
                 run.checkpoints.front().weights));
  }
  return out;
}

ModelChoice ModelChoices::forFile(const QString& weights, const QString& modelConfig) {
  const std::filesystem::path w = weights.toStdString();
  std::filesystem::path card = w;
  card.replace_extension(".json");
  if (std::filesystem::exists(card)) return fromCheckpoint(QFileInfo(weights).fileName(), w);
  ModelChoice c;
  c.label = QFileInfo(weights).fileName();
  c.model.weights = w;
  c.model.model_config = modelConfig.toStdString();
  c.model.label = c.label.toStdString();
  if (!QFileInfo::exists(weights))
    c.error = QCoreApplication::translate("ModelChoices", "%1 does not exist.").arg(weights);
  return c;
}

void ModelChoices::fill(QComboBox* combo, const QVector<ModelChoice>& choices) {
  const QString current = combo->currentText();
  combo->clear();
  for (int i = 0; i < choices.size(); ++i) combo->addItem(choices[i].label, i);
  const int keep = combo->findText(current);
  if (keep >= 0) combo->setCurrentIndex(keep);
}

}  // namespace sam3::ui
