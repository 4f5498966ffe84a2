#pragma once
// Training curves with QCustomPlot, in three tabs: loss (total and each term, log scale),
// learning rate (per parameter family) and validation (mAP, AP50, recall = AR@100; segm AP when
// masks are evaluated). Live mode shows one run as it grows; overlay mode shows several runs
// (total loss and validation AP50 per run) for comparison.
// Interaction: drag to pan, wheel to zoom, hover for the values at the nearest step; a smoothing
// slider (exponential moving average of the loss curves, the raw total stays faint behind);
// export of the shown tab as PNG and of all data as CSV. Redrawing happens only in
// appendSteps / appendValidation / setRuns / setSmoothing: the caller throttles them.
#include <QString>
#include <QWidget>

#include <vector>

#include "core/train/training_runs.h"

class QCustomPlot;
class QCheckBox;
class QLabel;
class QMouseEvent;
class QPushButton;
class QSlider;
class QTabWidget;

namespace sam3::ui {

class CurvePlots : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { Live, Overlay };
  explicit CurvePlots(Mode mode, QWidget* parent = nullptr);

  void clear();
  // Live mode: adds points to the one run and redraws.
  void appendSteps(const std::vector<sam3::train::StepPoint>& steps);
  void appendValidation(const sam3::train::ValidationPoint& point);
  void setLive(const QString& name, const sam3::train::RunCurves& curves);
  // Overlay mode: one series per run.
  struct Run {
    QString name;
    sam3::train::RunCurves curves;
  };
  void setRuns(const std::vector<Run>& runs);

  void setSmoothing(int percent);  // 0 = raw ... 99
  int smoothing() const;
  std::size_t stepCount() const;  // step points held, all runs
  std::size_t validationCount() const;
  QCustomPlot* lossPlot() const { return m_loss; }
  QCustomPlot* lrPlot() const { return m_lr; }
  QCustomPlot* validationPlot() const { return m_val; }
  QTabWidget* tabs() const { return m_tabs; }
  // What hovering at plot pixel `pos` of `plot` shows (also set by mouse moves).
  QString hoverAt(QCustomPlot* plot, const QPointF& pos);
  // Writes the current tab's plot / every point of every run. False when the file fails.
  bool exportPng(const QString& file, int width = 0, int height = 0);
  bool exportCsv(const QString& file) const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QCustomPlot* makePlot(const QString& yLabel, bool logY);
  void redraw();
  void drawLoss();
  void drawLr();
  void drawValidation();
  void retranslate();
  void chooseExportPng();
  void chooseExportCsv();

  Mode m_mode;
  std::vector<Run> m_runs;
  QTabWidget* m_tabs;
  QCustomPlot* m_loss;
  QCustomPlot* m_lr;
  QCustomPlot* m_val;
  QSlider* m_smooth;
  QLabel* m_smoothLabel;
  QCheckBox* m_aux;
  QLabel* m_hover;
  QPushButton* m_fit;
  QPushButton* m_png;
  QPushButton* m_csv;
};

}  // namespace sam3::ui
