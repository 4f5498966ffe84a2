#include "ui/evaluation/results_menu.h"

#include <QAction>
#include <QDialog>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>
#include <QVBoxLayout>

#include "ui/evaluation/batch_predict_dialog.h"
#include "ui/evaluation/evaluation_view.h"
#include "ui/report/report_dialog.h"
#include "ui/training/checkpoint_browser.h"

namespace sam3::ui {

ResultsMenu::ResultsMenu(QMenuBar* bar, QWidget* window)
    : QObject(window),
      m_window(window),
      m_menu(bar->addMenu(QString())),
      m_evaluate(m_menu->addAction(QString())),
      m_batch(m_menu->addAction(QString())),
      m_report(m_menu->addAction(QString())) {
  m_menu->setObjectName(QStringLiteral("resultsMenu"));
  connect(m_evaluate, &QAction::triggered, this, &ResultsMenu::showEvaluation);
  connect(m_batch, &QAction::triggered, this, &ResultsMenu::showBatchPrediction);
  connect(m_report, &QAction::triggered, this, &ResultsMenu::showReport);
  window->installEventFilter(this);
  setProjectDir(QString());
  retranslate();
}

void ResultsMenu::setProjectDir(const QString& dir) {
  m_project = dir;
  for (QAction* a : {m_evaluate, m_batch, m_report}) a->setEnabled(!dir.isEmpty());
  if (m_view) m_view->setProjectDir(dir, CheckpointBrowser::activeModel(dir));
}

void ResultsMenu::showEvaluation() {
  if (!m_evaluationWindow) {
    auto* dialog = new QDialog(m_window, Qt::Window);
    dialog->setObjectName(QStringLiteral("evaluationWindow"));
    m_view = new EvaluationView(dialog);
    auto* layout = new QVBoxLayout(dialog);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    dialog->resize(1100, 720);
    m_evaluationWindow = dialog;
    retranslate();
  }
  m_view->setProjectDir(m_project, CheckpointBrowser::activeModel(m_project));
  m_evaluationWindow->show();
  m_evaluationWindow->raise();
}

void ResultsMenu::showBatchPrediction() {
  BatchPredictDialog dialog(m_project, CheckpointBrowser::activeModel(m_project), m_window);
  dialog.exec();
}

void ResultsMenu::showReport() {
  ReportDialog dialog(m_project, m_window);
  dialog.exec();
}

bool ResultsMenu::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_window && event->type() == QEvent::LanguageChange) retranslate();
  return QObject::eventFilter(watched, event);
}

void ResultsMenu::retranslate() {
  m_menu->setTitle(tr("&Results"));
  m_evaluate->setText(tr("&Evaluate Models…"));
  m_evaluate->setStatusTip(
      tr("COCO statistics, AP per class, precision-recall and photo-level results on the valid "
         "or test split; compare two models"));
  m_batch->setText(tr("&Batch Prediction…"));
  m_batch->setStatusTip(tr("Run a model over a folder or a split: COCO results and overlays"));
  m_report->setText(tr("Inspection &Report…"));
  m_report->setStatusTip(tr("Verdicts, notes and counts per photo as CSV, HTML or PDF"));
  if (m_evaluationWindow) m_evaluationWindow->setWindowTitle(tr("Evaluate models"));
}

}  // namespace sam3::ui
