#pragma once
// The Train view: set up a run (model weights, preset, form over the config keys beside the
// effective YAML, pre-flight check), run it in the TrainingWorker (start, pause, cancel, resume)
// or, when "Train on N GPUs" is chosen (offered when the machine has more than one), through
// `sam3studio-cli train --gpus N` (ProcessTraining: one process per GPU; cancel and resume, no
// pause) and watch it (live curves, progress with ETA, images/s and GPU memory, the run's log,
// engine errors as what-to-change messages); a second tab browses the project's runs and
// checkpoints. The project is the one the annotation workspace has open (read when the page is
// shown and before each start). Curves and progress are redrawn at most ten times a second.
#include <QPointer>
#include <QString>
#include <QWidget>

#include "core/train/training_session.h"

class QLabel;
class QComboBox;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTimer;
class QTreeWidget;

namespace sam3::ui {

class AnnotationWorkspace;
class CheckpointBrowser;
class CurvePlots;
class ModelChooser;
class ProcessTraining;
class TrainingForm;
class TrainingThread;

class TrainingPage : public QWidget {
  Q_OBJECT
 public:
  enum class State { Idle, Checking, Running, Paused, Stopping };
  // `workspace` tells the open project (may be nullptr: use setProjectDir).
  explicit TrainingPage(AnnotationWorkspace* workspace, QWidget* parent = nullptr);
  ~TrainingPage() override;

  void setProjectDir(const QString& dir);  // overrides the workspace's project
  QString projectDir() const;
  State state() const { return m_state; }
  QString lastRunDir() const { return m_runDir; }

  // The actions of the buttons (tests call them directly).
  void runCheck();
  void start();
  void pause();
  void cancel();
  void resumeLast();
  void applyPreset(const QString& id);
  // CUDA devices of this machine (MainWindow sets them from the runtime info): with more than
  // one, "Train on N GPUs" is offered, all of them chosen at first.
  void setGpuCount(int count);
  int gpuCount() const { return m_gpuCount; }
  int gpusChosen() const;  // 1 unless several are offered and chosen
  void setGpusChosen(int gpus);
  ProcessTraining* processTraining() const { return m_processRun; }
  bool trainsThroughCli() const { return m_external; }

  ModelChooser* modelChooser() const { return m_chooser; }
  TrainingForm* form() const { return m_form; }
  QPlainTextEdit* yamlView() const { return m_yaml; }
  QLabel* yamlStatus() const { return m_yamlStatus; }
  QTreeWidget* preflightView() const { return m_preflight; }
  CurvePlots* plots() const { return m_plots; }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* statsLabel() const { return m_stats; }
  QLabel* banner() const { return m_banner; }
  QPlainTextEdit* log() const { return m_log; }
  CheckpointBrowser* checkpoints() const { return m_browser; }
  QTabWidget* tabs() const { return m_tabs; }
  int refreshIntervalMs() const;
  bool yamlValid() const { return m_yamlValid; }

 Q_SIGNALS:
  void stateChanged(sam3::ui::TrainingPage::State state);
  void runFinished(const QString& runDir, bool finished, bool cancelled);

 protected:
  void showEvent(QShowEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QWidget* buildSetup();
  QWidget* buildMonitor();
  void retranslate();
  void setState(State state);
  void configEdited();
  void yamlEdited();
  void syncProject();
  sam3::train::SessionRequest request(bool resume) const;
  void launch(const sam3::train::SessionRequest& request);
  void onPreflight(int id, const sam3::train::PreflightReport& engineReport);
  void onFinished(int id, const sam3::train::SessionResult& result);
  void onValidation(const sam3::train::ValidationReport& report);
  void drainSteps();
  void appendLog(const QString& text, bool error = false);
  void showError(const sam3::train::SessionError& error);

  AnnotationWorkspace* m_workspace;
  QString m_project;  // explicit project (setProjectDir); else the workspace's
  TrainingThread* m_thread;
  State m_state = State::Idle;
  int m_requestId = 0;
  bool m_startAfterCheck = false;
  sam3::train::SessionRequest m_pending;
  QString m_runDir;
  std::int64_t m_firstStep = -1;
  bool m_yamlValid = true;
  bool m_writingYaml = false;

  QTabWidget* m_tabs;
  ModelChooser* m_chooser;
  QComboBox* m_presets;
  QComboBox* m_gpus;
  QLabel* m_gpusLabel;
  ProcessTraining* m_processRun;
  int m_gpuCount = 0;
  bool m_external = false;  // the running (or last) run goes through the CLI
  QLabel* m_presetHint;
  TrainingForm* m_form;
  QPlainTextEdit* m_yaml;
  QLabel* m_yamlStatus;
  QTimer* m_yamlTimer;
  QTreeWidget* m_preflight;
  QPushButton* m_check;
  QPushButton* m_start;
  QPushButton* m_pause;
  QPushButton* m_cancel;
  QPushButton* m_resume;
  CurvePlots* m_plots;
  QProgressBar* m_progress;
  QLabel* m_stats;
  QLabel* m_banner;
  QPlainTextEdit* m_log;
  QTimer* m_refresh;
  CheckpointBrowser* m_browser;
  QList<QLabel*> m_titles;
};

}  // namespace sam3::ui
