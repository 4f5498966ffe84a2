#pragma once
// The Results menu of the main window: Evaluate models… (the evaluation view in its own window),
// Batch prediction… and Inspection report… for the open project. The main window creates it and
// tells it the project; the menu keeps its own texts translated. GUI thread only.
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMenu;
class QMenuBar;
class QWidget;

namespace sam3::ui {

class EvaluationView;

class ResultsMenu : public QObject {
  Q_OBJECT
 public:
  // Adds the menu to `bar`; dialogs get `window` as parent.
  ResultsMenu(QMenuBar* bar, QWidget* window);

  void setProjectDir(const QString& dir);  // empty: actions disabled
  QMenu* menu() const { return m_menu; }
  QAction* evaluateAction() const { return m_evaluate; }
  QAction* batchAction() const { return m_batch; }
  QAction* reportAction() const { return m_report; }
  EvaluationView* evaluationView() const { return m_view; }  // null until first shown

  void showEvaluation();
  void showBatchPrediction();
  void showReport();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void retranslate();

  QWidget* m_window;
  QString m_project;
  QMenu* m_menu;
  QAction* m_evaluate;
  QAction* m_batch;
  QAction* m_report;
  QPointer<QWidget> m_evaluationWindow;
  EvaluationView* m_view = nullptr;
};

}  // namespace sam3::ui
