#pragma once
// Batch prediction from the GUI: a model of the project (model_choices.h) over a folder of photos
// or a split of the project, writing results.json (COCO results) and overlay images with the
// masks drawn into an output folder (core/batch, the same code as `sam3studio-cli predict`).
// Runs in a TaskDialog worker with progress and cancel; a cancelled run writes no results file
// (the overlays written so far stay). GUI thread only.
#include <QDialog>
#include <QString>
#include <QVector>

#include "ui/evaluation/model_choices.h"
#include "ui/shell/task_runner.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace sam3::ui {

class BatchPredictDialog : public QDialog {
  Q_OBJECT
 public:
  // activeModel: the project's active weights (CheckpointBrowser::activeModel), may be empty.
  BatchPredictDialog(const QString& projectDir, const QString& activeModel,
                     QWidget* parent = nullptr);

  void setFolder(const QString& dir);   // source: a folder of photos
  void setSplit(const QString& split);  // source: a project split (train/valid/test/all)
  void setOutputDir(const QString& dir);
  void setVocabulary(const QString& path);
  void setThreshold(double threshold);
  void addModel(const ModelChoice& choice);  // appended to the model list and selected
  // Runs the batch behind a modal progress dialog; returns its outcome (also shown in the dialog).
  TaskOutcome run();

  QComboBox* modelCombo() const { return m_model; }
  QLabel* result() const { return m_result; }

 private:
  void browse(QLineEdit* edit, bool folder);
  void updateState();

  QString m_project;
  QVector<ModelChoice> m_choices;
  QComboBox* m_model;
  QRadioButton* m_fromSplit;
  QComboBox* m_split;
  QRadioButton* m_fromFolder;
  QLineEdit* m_folder;
  QLineEdit* m_output;
  QLineEdit* m_vocab;
  QDoubleSpinBox* m_threshold;
  QPushButton* m_start;
  QLabel* m_result;
};

}  // namespace sam3::ui
