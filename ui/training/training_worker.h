#pragma once
// TrainingWorker: runs the training facade (core/train/training_session.h) on its own QThread.
// Requests go in as queued calls carrying an id; results come back as signals with that id.
//
// Step reports are not signalled one by one: the training thread appends them to a queue that the
// GUI drains with takeSteps() on its own timer (the TrainingPage polls at 10 Hz), so the GUI never
// sees more than ten updates a second however fast the steps are, and no point is lost.
//
// Pause: the engine has no pause of its own; the worker holds the training thread inside the step
// callback (after an optimizer step, before the next) until resume() or cancel(). The engine's
// elapsed time and images/s then include the pause. Cancel: the engine finishes the step and
// writes a resumable checkpoint (trainer.h). pause(), resume(), cancel() and takeSteps() are
// thread-safe and meant for the GUI thread.
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/train/training_runs.h"
#include "core/train/training_session.h"
#include "ui/training/training_metatypes.h"

class QThread;

namespace sam3::ui {

// A step report as a point of the curves.
sam3::train::StepPoint stepPoint(const sam3::train::TrainProgress& progress);

class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  TrainingWorker();
  ~TrainingWorker() override;

  // Thread-safe controls of the running training.
  void pause();
  void resume();
  void cancel();
  bool paused() const { return m_paused.load(); }
  // The step reports queued since the last call (oldest first) and the latest one's full report.
  std::vector<sam3::train::StepPoint> takeSteps(sam3::train::TrainProgress* latest = nullptr);

 public Q_SLOTS:
  void runPreflight(int requestId, const sam3::train::SessionRequest& request);
  void train(int requestId, const sam3::train::SessionRequest& request);

 Q_SIGNALS:
  void preflightDone(int requestId, const sam3::train::PreflightReport& report);
  void validated(const sam3::train::ValidationReport& report);
  void message(const QString& text);
  void stepsAvailable();  // queued steps wait for takeSteps() (at most once per drain)
  void finished(int requestId, const sam3::train::SessionResult& result);

 private:
  void onStep(const sam3::train::TrainProgress& progress);
  bool waitWhilePaused();  // true: cancel was asked

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::vector<sam3::train::StepPoint> m_pending;
  sam3::train::TrainProgress m_latest;
  bool m_announced = false;  // stepsAvailable sent since the last drain
  std::atomic<bool> m_cancel{false};
  std::atomic<bool> m_paused{false};
};

// Owns a TrainingWorker and the thread it lives on; the thread stops (after the running request)
// when this object is destroyed.
class TrainingThread : public QObject {
  Q_OBJECT
 public:
  explicit TrainingThread(QObject* parent = nullptr);
  ~TrainingThread() override;
  TrainingWorker* worker() const { return m_worker; }

 private:
  QThread* m_thread;
  TrainingWorker* m_worker;
};

}  // namespace sam3::ui
