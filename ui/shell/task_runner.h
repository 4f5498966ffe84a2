#pragma once
// Long jobs (import, export, writing the demo project) off the GUI thread: a TaskWorker lives on
// its own QThread and runs one job at a time; the TaskDialog shows the job's stage and progress
// and offers Cancel. A job checks TaskControl::cancelled() between steps; a step the core cannot
// interrupt (one store transaction) finishes first, and the job then throws nothing away that it
// committed: each job states what cancelling leaves behind.
#include <QDialog>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QThread;

namespace sam3::ui {

struct TaskOutcome {
  enum class Status { Done, Cancelled, Failed };
  Status status = Status::Done;
  QString message;  // translated: the summary, or why it failed
};

class TaskWorker;

// What a running job sees. Thread-safe.
class TaskControl {
 public:
  explicit TaskControl(TaskWorker* worker) : m_worker(worker) {}
  bool cancelled() const { return m_cancel.load(); }
  void cancel() { m_cancel.store(true); }
  // total 0: no count known (busy indicator); `cancellable` false while a step cannot stop.
  void progress(const QString& stage, int done = 0, int total = 0, bool cancellable = true);

 private:
  TaskWorker* m_worker;
  std::atomic<bool> m_cancel{false};
};

using TaskJob = std::function<TaskOutcome(TaskControl&)>;

// Runs jobs on its own thread; lives there after moveToThread (TaskDialog does it).
class TaskWorker : public QObject {
  Q_OBJECT
 public:
  void run(const sam3::ui::TaskJob& job, std::shared_ptr<sam3::ui::TaskControl> control);

 Q_SIGNALS:
  void progressed(const QString& stage, int done, int total, bool cancellable);
  void finished(const sam3::ui::TaskOutcome& outcome);
};

// A modal progress dialog running one job; exec() returns after the job has ended.
class TaskDialog : public QDialog {
  Q_OBJECT
 public:
  TaskDialog(const QString& title, TaskJob job, QWidget* parent = nullptr);
  ~TaskDialog() override;  // stops and joins the worker thread
  void start();            // without exec(): tests wait for finished()
  const TaskOutcome& outcome() const { return m_outcome; }
  bool isRunning() const { return m_running; }
  void requestCancel();
  QProgressBar* progressBar() const { return m_bar; }
  // The running job's side: progressed() is emitted on the worker's thread (a DirectConnection
  // runs there, and may cancel() the control in step with the job).
  TaskWorker* worker() const { return m_worker; }
  TaskControl& control() const { return *m_control; }
  QString stage() const;

  // Runs `job` with this dialog and returns its outcome (modal; the event loop keeps running).
  static TaskOutcome run(const QString& title, TaskJob job, QWidget* parent);

 Q_SIGNALS:
  void taskFinished(const sam3::ui::TaskOutcome& outcome);

 protected:
  void reject() override;  // Esc and the close button cancel; the dialog closes when the job ends

 private:
  void showProgress(const QString& stage, int done, int total, bool cancellable);
  void finish(const TaskOutcome& outcome);

  TaskJob m_job;
  QThread* m_thread;
  TaskWorker* m_worker;
  std::shared_ptr<TaskControl> m_control;
  QLabel* m_stage;
  QProgressBar* m_bar;
  QPushButton* m_cancel;
  TaskOutcome m_outcome;
  bool m_running = false;
  bool m_started = false;
};

}  // namespace sam3::ui

Q_DECLARE_METATYPE(sam3::ui::TaskOutcome)
