#pragma once
// ProcessTraining: one training run on several GPUs through `sam3studio-cli train --gpus N
// --events` (data-parallel training needs one process per GPU, not threads; the CLI's launcher
// starts the ranks, app/cli/train_launch.h). The run is followed from the event lines of its
// stderr (core/train/train_events.h) and ends with the summary on its stdout. It offers the
// TrainingWorker's signals and step queue, so the TrainingPage drives either the same way.
//
// No pause: the ranks meet in every step, a held rank would time the others out. cancel() sends
// SIGINT to the launcher, which passes it on: the ranks agree to stop after the current step and
// rank 0 writes a resumable checkpoint (trainer.h). A rank that fails stops the others (the
// launcher's report names it); the finished() result then carries the failing rank's own error
// (out of memory, NaN loss, disk, ...) or the launcher's report. Lives on the GUI thread.
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "core/train/training_runs.h"
#include "core/train/training_session.h"
#include "ui/training/training_metatypes.h"

class QTemporaryFile;

namespace sam3::ui {

class ProcessTraining : public QObject {
  Q_OBJECT
 public:
  explicit ProcessTraining(QObject* parent = nullptr);
  // A running run is cancelled (its checkpoint written) and waited for, at most two minutes.
  ~ProcessTraining() override;

  // $SAM3STUDIO_CLI, else sam3studio-cli beside the application's executable.
  static QString defaultCliPath();
  void setCliPath(const QString& path) { m_cli = path; }
  QString cliPath() const { return m_cli; }

  // Starts the run (new: `request.config` goes to a temporary YAML; resume: the run folder's
  // config.yaml). finished() always follows, also when the CLI cannot be started.
  void start(int requestId, const sam3::train::SessionRequest& request, int gpus);
  void cancel();
  bool running() const;
  qint64 launcherPid() const;
  QStringList arguments() const { return m_arguments; }

  std::vector<sam3::train::StepPoint> takeSteps(sam3::train::TrainProgress* latest = nullptr);

 Q_SIGNALS:
  void validated(const sam3::train::ValidationReport& report);
  void message(const QString& text);
  void stepsAvailable();
  void finished(int requestId, const sam3::train::SessionResult& result);

 private:
  void readEvents();
  void handleLine(const QString& line);
  void onFinished(int exitCode, QProcess::ExitStatus status);
  void fail(const sam3::train::SessionError& error);

  QString m_cli;
  QProcess* m_process = nullptr;
  std::unique_ptr<QTemporaryFile> m_config;
  QStringList m_arguments;
  QByteArray m_pendingText;
  int m_requestId = 0;
  sam3::train::SessionRequest m_request;
  std::vector<sam3::train::StepPoint> m_steps;
  sam3::train::TrainProgress m_latest;
  bool m_announced = false;
  bool m_haveRankError = false;  // a rank's own (not a peer's) error event arrived
  bool m_launcherReady = false;  // its first line came: SIGINT is a cancel from now on
  bool m_cancelPending = false;
  sam3::train::SessionError m_error, m_peerError;
  QString m_launcherError;  // the launcher's "error: ..." line
  QStringList m_tail;       // the last plain lines, for an unexplained exit
};

}  // namespace sam3::ui
