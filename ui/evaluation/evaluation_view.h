#pragma once
// The evaluation view: a model (and optionally a second one to compare, e.g. the base model
// against the fine-tuned one) over the valid or test split of the project, run in a worker with
// progress and cancel (TaskDialog), then: the 12 COCO stats for bbox and segm of both models in
// one table, AP per class, the precision-recall curves (QCustomPlot, IoU 0.5), and the image-level
// confusion matrix (photo has the class / the model finds it at the threshold, negative photos
// included) with the threshold the evaluation engine recommends for a target photo recall.
// GUI thread only; the model runs on the TaskDialog's worker thread.
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

#include "ui/evaluation/evaluation_result.h"
#include "ui/evaluation/model_choices.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QCustomPlot;

namespace sam3::ui {

class EvaluationView : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluationView(QWidget* parent = nullptr);

  // The project and its active model's weights (may be empty); refreshes the model lists.
  void setProjectDir(const QString& dir, const QString& activeModel = QString());
  QString projectDir() const { return m_project; }
  void setVocabulary(const QString& path);
  void refreshModels();
  const QVector<ModelChoice>& choices() const { return m_choices; }
  void addWeightsFile(const QString& weights, const QString& modelConfig);
  // Adds a resolved model to both lists and selects it in `Model` (or in `Compare with`).
  void addModel(const ModelChoice& choice, bool asComparison = false);

  // Evaluates the chosen model(s) on the chosen split behind a modal progress dialog; returns
  // when done, cancelled or failed (false for the last two; the status line says why).
  bool evaluate();
  // Shows evaluations made elsewhere (tests, or a later session): `b` may be null.
  void showResults(std::shared_ptr<const ModelEvaluation> a,
                   std::shared_ptr<const ModelEvaluation> b = nullptr);

  QComboBox* splitCombo() const { return m_split; }
  QComboBox* modelCombo() const { return m_model; }
  QComboBox* compareCombo() const { return m_compare; }
  QTabWidget* tabs() const { return m_tabs; }
  QTableWidget* statsTable() const { return m_stats; }
  QTableWidget* classTable() const { return m_classes; }
  QCustomPlot* prPlot() const { return m_pr; }
  QTableWidget* confusionTable() const { return m_confusion; }
  QComboBox* imageClassCombo() const { return m_imageClass; }
  QDoubleSpinBox* thresholdSpin() const { return m_threshold; }
  QDoubleSpinBox* targetRecallSpin() const { return m_targetRecall; }
  QLabel* recommendation() const { return m_recommend; }
  QLabel* imageMetrics() const { return m_imageMetrics; }
  QLabel* status() const { return m_status; }

 Q_SIGNALS:
  void evaluated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QWidget* buildImageTab();
  void chooseWeightsFile();
  void chooseVocabulary();
  void fillStats();
  void fillClasses();
  void fillCurves();
  void fillImageLevel();
  void useRecommended();
  void retranslate();
  const ModelChoice* choiceAt(QComboBox* combo) const;

  QString m_project;
  QString m_activeModel;
  QVector<ModelChoice> m_choices;
  std::shared_ptr<const ModelEvaluation> m_a, m_b;
  double m_recommended = -1;
  QLabel* m_splitLabel;
  QComboBox* m_split;
  QLabel* m_modelLabel;
  QComboBox* m_model;
  QLabel* m_compareLabel;
  QComboBox* m_compare;
  QPushButton* m_file;
  QLabel* m_vocabLabel;
  QLineEdit* m_vocab;
  QPushButton* m_vocabBrowse;
  QPushButton* m_run;
  QLabel* m_status;
  QTabWidget* m_tabs;
  QTableWidget* m_stats;
  QTableWidget* m_classes;
  QCustomPlot* m_pr;
  QLabel* m_imageClassLabel;
  QComboBox* m_imageClass;
  QLabel* m_thresholdLabel;
  QDoubleSpinBox* m_threshold;
  QLabel* m_targetLabel;
  QDoubleSpinBox* m_targetRecall;
  QTableWidget* m_confusion;
  QLabel* m_imageMetrics;
  QLabel* m_recommend;
  QPushButton* m_useRecommended;
};

}  // namespace sam3::ui
