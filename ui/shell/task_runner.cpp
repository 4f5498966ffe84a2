#include "ui/shell/task_runner.h"

#include <QCloseEvent>
#include <QLabel>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include <exception>

namespace sam3::ui {

void TaskControl::progress(const QString& stage, int done, int total, bool cancellable) {
  Q_EMIT m_worker->progressed(stage, done, total, cancellable);
}

void TaskWorker::run(const TaskJob& job, std::shared_ptr<TaskControl> control) {
  TaskOutcome outcome;
  try {
    outcome = job(*control);
  } catch (const std::exception& e) {
    // Jobs turn the engine's errors into messages themselves; this is the last guard.
    outcome = {TaskOutcome::Status::Failed, QString::fromStdString(e.what())};
  }
  Q_EMIT finished(outcome);
}

TaskDialog::TaskDialog(const QString& title, TaskJob job, QWidget* parent)
    : QDialog(parent),
      m_job(std::move(job)),
      m_thread(new QThread(this)),
      m_worker(new TaskWorker),
      m_stage(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)) {
  qRegisterMetaType<sam3::ui::TaskOutcome>();
  setObjectName(QStringLiteral("taskDialog"));
  setWindowTitle(title);
  setModal(true);
  m_control = std::make_shared<TaskControl>(m_worker);
  m_stage->setWordWrap(true);
  m_stage->setMinimumWidth(420);
  m_bar->setRange(0, 0);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_stage);
  layout->addWidget(m_bar);
  layout->addWidget(m_cancel, 0, Qt::AlignRight);
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &TaskWorker::progressed, this, &TaskDialog::showProgress);
  connect(m_worker, &TaskWorker::finished, this, &TaskDialog::finish);
  connect(m_cancel, &QPushButton::clicked, this, &TaskDialog::requestCancel);
  m_thread->start();
}

TaskDialog::~TaskDialog() {
  m_control->cancel();
  m_thread->quit();
  m_thread->wait();
}

void TaskDialog::start() {
  if (m_started) return;
  m_started = true;
  m_running = true;
  m_stage->setText(tr("Starting…"));
  QMetaObject::invokeMethod(
      m_worker,
      [worker = m_worker, job = m_job, control = m_control] { worker->run(job, control); },
      Qt::QueuedConnection);
}

void TaskDialog::requestCancel() {
  if (!m_running) return;
  m_control->cancel();
  m_cancel->setEnabled(false);
  m_stage->setText(tr("Cancelling… (the current step finishes first)"));
}

void TaskDialog::reject() {
  if (m_running)
    requestCancel();
  else
    QDialog::reject();
}

QString TaskDialog::stage() const {
  return m_stage->text();
}

void TaskDialog::showProgress(const QString& stage, int done, int total, bool cancellable) {
  if (m_control->cancelled()) return;  // keep saying "Cancelling…"
  m_stage->setText(stage);
  m_bar->setRange(0, total);
  if (total > 0) m_bar->setValue(done);
  m_cancel->setEnabled(cancellable);
  m_cancel->setToolTip(cancellable ? QString()
                                   : tr("This step writes one transaction and cannot "
                                        "be interrupted."));
}

void TaskDialog::finish(const TaskOutcome& outcome) {
  m_running = false;
  m_outcome = outcome;
  Q_EMIT taskFinished(outcome);
  if (outcome.status == TaskOutcome::Status::Done)
    accept();
  else
    QDialog::reject();
}

TaskOutcome TaskDialog::run(const QString& title, TaskJob job, QWidget* parent) {
  TaskDialog dialog(title, std::move(job), parent);
  dialog.start();
  dialog.exec();
  return dialog.outcome();
}

}  // namespace sam3::ui
