// TrainingPage: pre-flight, start / pause / cancel / resume, progress and errors.
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>

#include "core/train/training_runs.h"
#include "ui/training/checkpoint_browser.h"
#include "ui/training/curve_plots.h"
#include "ui/training/model_chooser.h"
#include "ui/training/process_training.h"
#include "ui/training/training_form.h"
#include "ui/training/training_page.h"
#include "ui/training/training_worker.h"

namespace sam3::ui {

namespace {

QString duration(double seconds) {
  const qint64 s = static_cast<qint64>(seconds + 0.5);
  if (s >= 3600) return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
  if (s >= 60) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
  return QStringLiteral("%1 s").arg(s);
}

// Line breaks at spaces (and inside long paths) so that a row fits `width` pixels: the tree's
// rows show explicit line breaks, not wrapped text.
QString wrapped(const QString& text, int width) {
  const int columns = std::max(24, width / 7 - 4);
  QStringList out;
  for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
    QString line;
    for (QString word : paragraph.split(QLatin1Char(' '))) {
      while (word.size() > columns) {  // a long path: cut it
        if (!line.isEmpty()) out << line;
        out << word.left(columns);
        word = word.mid(columns);
        line.clear();
      }
      if (!line.isEmpty() && line.size() + 1 + word.size() > columns) {
        out << line;
        line.clear();
      }
      line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    out << line;
  }
  return out.join(QLatin1Char('\n'));
}

}  // namespace

void TrainingPage::setState(State state) {
  const bool changed = state != m_state;
  m_state = state;
  const bool idle = state == State::Idle;
  const bool hasProject = !projectDir().isEmpty();
  m_check->setEnabled(idle && hasProject && m_yamlValid);
  m_start->setEnabled(idle && hasProject && m_yamlValid);
  m_resume->setEnabled(idle && hasProject);
  m_pause->setEnabled(!m_external && (state == State::Running || state == State::Paused));
  m_pause->setToolTip(m_external && !idle
                          ? tr("A run on several GPUs cannot pause: cancel it and resume later")
                          : QString());
  m_gpus->setEnabled(idle);
  m_cancel->setEnabled(state == State::Running || state == State::Paused);
  m_pause->setText(state == State::Paused ? tr("Continue") : tr("Pause"));
  m_form->setEnabled(idle);
  m_chooser->setEnabled(idle);
  m_yaml->setReadOnly(!idle);
  if (idle) m_refresh->stop();
  if (changed) Q_EMIT stateChanged(state);
}

train::SessionRequest TrainingPage::request(bool resume) const {
  train::SessionRequest r;
  r.project = projectDir().toStdString();
  r.config = m_form->config();
  r.config.data.project = r.project.string();
  r.vocabulary = m_chooser->vocabulary().toStdString();
  r.resume = resume;
  r.run_dir =
      resume ? std::filesystem::path(m_runDir.toStdString()) : train::new_run_dir(r.project);
  return r;
}

void TrainingPage::runCheck() {
  if (m_state != State::Idle || projectDir().isEmpty()) return;
  m_startAfterCheck = false;
  m_pending = request(false);
  setState(State::Checking);
  m_preflight->clear();
  TrainingWorker* w = m_thread->worker();
  QMetaObject::invokeMethod(
      w, [w, id = ++m_requestId, r = m_pending] { w->runPreflight(id, r); }, Qt::QueuedConnection);
}

void TrainingPage::start() {
  if (m_state != State::Idle || projectDir().isEmpty() || !m_yamlValid) return;
  launch(request(false));
}

void TrainingPage::resumeLast() {
  if (m_state != State::Idle || projectDir().isEmpty()) return;
  // The newest run with a checkpoint that did not finish (the one just cancelled first).
  QString dir;
  for (const auto& run : train::list_runs(projectDir().toStdString())) {
    const bool resumable =
        !run.finished && std::any_of(run.checkpoints.begin(), run.checkpoints.end(),
                                     [](const auto& c) { return !c.best; });
    if (resumable && (dir.isEmpty() || QString::fromStdString(run.dir.string()) == m_runDir))
      dir = QString::fromStdString(run.dir.string());
  }
  if (dir.isEmpty()) {
    showError({train::SessionError::Kind::Input,
               tr("No unfinished run with a checkpoint in this project.").toStdString()});
    return;
  }
  m_runDir = dir;
  launch(request(true));
}

// Pre-flight first; the run starts when it finds nothing blocking.
void TrainingPage::launch(const train::SessionRequest& request) {
  m_banner->hide();
  m_startAfterCheck = true;
  m_pending = request;
  setState(State::Checking);
  m_preflight->clear();
  appendLog(request.resume ? tr("Checking before resuming %1 …")
                                 .arg(QString::fromStdString(request.run_dir.string()))
                           : tr("Checking before training …"));
  TrainingWorker* w = m_thread->worker();
  QMetaObject::invokeMethod(
      w, [w, id = ++m_requestId, request] { w->runPreflight(id, request); }, Qt::QueuedConnection);
}

void TrainingPage::onPreflight(int id, const train::PreflightReport& engineReport) {
  if (id != m_requestId) return;  // a stale answer
  train::PreflightReport report = engineReport;
  if (gpusChosen() > 1) {  // several GPUs train through the CLI: is it there?
    train::PreflightItem item;
    item.topic = "gpus";
    const QString cli = m_processRun->cliPath();
    if (QFileInfo(cli).isExecutable()) {
      item.message =
          tr("%1 GPUs, one process each, through %2").arg(gpusChosen()).arg(cli).toStdString();
    } else {
      item.severity = train::PreflightItem::Severity::Error;
      item.message = tr("training on several GPUs needs sam3studio-cli, which is not at %1")
                         .arg(cli)
                         .toStdString();
      item.fix = tr("install sam3studio-cli beside the app, set SAM3STUDIO_CLI to it, or train "
                    "on 1 GPU")
                     .toStdString();
    }
    report.items.push_back(std::move(item));
  }
  m_preflight->clear();
  for (const auto& item : report.items) {
    auto* row = new QTreeWidgetItem(m_preflight);
    const QString found = QString::fromStdString(item.topic) + QStringLiteral(": ") +
                          QString::fromStdString(item.message);
    const QString fix = QString::fromStdString(item.fix);
    const QString full = fix.isEmpty() ? found : found + QStringLiteral("\n→ ") + fix;
    row->setText(0, wrapped(full, m_preflight->viewport()->width()));
    row->setToolTip(0, full);
    const auto icon =
        item.severity == train::PreflightItem::Severity::Error     ? QStyle::SP_MessageBoxCritical
        : item.severity == train::PreflightItem::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                   : QStyle::SP_DialogApplyButton;
    row->setIcon(0, style()->standardIcon(icon));
    row->setData(0, Qt::UserRole, static_cast<int>(item.severity));
  }
  if (!m_startAfterCheck) {
    setState(State::Idle);
    return;
  }
  if (!report.can_start()) {
    appendLog(tr("Not started: the pre-flight check found problems (see the list)."), true);
    m_banner->setText(tr("Not started: fix the problems marked red in the pre-flight list."));
    m_banner->show();
    setState(State::Idle);
    return;
  }
  m_runDir = QString::fromStdString(m_pending.run_dir.string());
  if (!m_pending.resume) {
    m_plots->clear();
  } else {
    m_plots->setLive(tr("this run"), train::read_curves(m_pending.run_dir));
  }
  m_firstStep = -1;
  m_progress->setValue(0);
  appendLog(tr("Training in %1").arg(m_runDir));
  m_external = gpusChosen() > 1;
  setState(State::Running);
  m_refresh->start();
  if (m_external) {
    appendLog(tr("Training on %1 GPUs, one process each: %2 train --gpus %1")
                  .arg(gpusChosen())
                  .arg(m_processRun->cliPath()));
    m_processRun->start(m_requestId, m_pending, gpusChosen());
    return;
  }
  TrainingWorker* w = m_thread->worker();
  QMetaObject::invokeMethod(
      w, [w, id = m_requestId, r = m_pending] { w->train(id, r); }, Qt::QueuedConnection);
}

void TrainingPage::pause() {
  if (m_external) return;  // the ranks meet in every step: cancel and resume instead
  TrainingWorker* w = m_thread->worker();
  if (m_state == State::Running) {
    w->pause();
    setState(State::Paused);
    appendLog(tr("Pausing after the current step …"));
  } else if (m_state == State::Paused) {
    w->resume();
    setState(State::Running);
  }
}

void TrainingPage::cancel() {
  if (m_state != State::Running && m_state != State::Paused) return;
  if (m_external)
    m_processRun->cancel();
  else
    m_thread->worker()->cancel();
  appendLog(tr("Cancelling: the current step finishes and a checkpoint is written …"));
  setState(State::Stopping);
}

void TrainingPage::drainSteps() {
  train::TrainProgress latest;
  const auto steps =
      m_external ? m_processRun->takeSteps(&latest) : m_thread->worker()->takeSteps(&latest);
  if (steps.empty()) return;
  m_plots->appendSteps(steps);
  if (m_firstStep < 0) m_firstStep = steps.front().step - 1;
  const auto total = std::max<std::int64_t>(latest.total_steps, 1);
  m_progress->setRange(0, static_cast<int>(total));
  m_progress->setValue(static_cast<int>(latest.step));
  m_progress->setFormat(tr("step %1 of %2 (%p%)").arg(latest.step).arg(latest.total_steps));
  const auto done = latest.step - m_firstStep;
  const double eta =
      done > 0 ? latest.elapsed_seconds / static_cast<double>(done) * (total - latest.step) : 0;
  const QString gpu = latest.gpu_memory_bytes < 0
                          ? tr("CPU")
                          : tr("GPU memory %1 (peak %2)")
                                .arg(QLocale().formattedDataSize(latest.gpu_memory_bytes),
                                     QLocale().formattedDataSize(latest.gpu_peak_bytes));
  m_stats->setText(tr("Epoch %1 · loss %2 · %3 images/s · ETA %4 · %5")
                       .arg(latest.epoch + 1)
                       .arg(latest.loss, 0, 'g', 4)
                       .arg(latest.images_per_second, 0, 'f', 2)
                       .arg(duration(eta), gpu));
}

void TrainingPage::onValidation(const train::ValidationReport& report) {
  m_plots->appendValidation({report.step, report.epoch, report.bbox, report.segm});
  appendLog(tr("Validation at step %1: box mAP %2, AP50 %3, recall %4%5")
                .arg(report.step)
                .arg(report.bbox[0], 0, 'f', 3)
                .arg(report.bbox[1], 0, 'f', 3)
                .arg(report.bbox[8], 0, 'f', 3)
                .arg(report.is_best ? tr(" (best so far)") : QString()));
}

void TrainingPage::onFinished(int id, const train::SessionResult& result) {
  if (id != m_requestId) return;
  drainSteps();
  if (result.finished)
    appendLog(tr("Finished after %1 steps. Last checkpoint: %2")
                  .arg(result.steps)
                  .arg(QString::fromStdString(result.last_checkpoint.string())));
  else if (result.cancelled)
    appendLog(tr("Cancelled at step %1 of %2; resume continues from %3")
                  .arg(result.steps)
                  .arg(result.total_steps)
                  .arg(QString::fromStdString(result.last_checkpoint.string())));
  else
    showError(result.error);
  setState(State::Idle);
  m_browser->refresh();
  Q_EMIT runFinished(m_runDir, result.finished, result.cancelled);
}

void TrainingPage::appendLog(const QString& text, bool error) {
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
  const QString line = stamp + QStringLiteral("  ") + text;
  if (error)
    m_log->appendHtml(
        QStringLiteral("<span style=\"color:#b71c1c\">%1</span>").arg(line.toHtmlEscaped()));
  else
    m_log->appendPlainText(line);
}

// Engine errors as what to change, not stack traces.
void TrainingPage::showError(const train::SessionError& e) {
  using K = train::SessionError::Kind;
  const QString msg = QString::fromStdString(e.message);
  const QString key = QString::fromStdString(e.key);
  QString text;
  switch (e.kind) {
    case K::Config:
      text = tr("The training config is not valid (%1). Change it in the form or the YAML view: %2")
                 .arg(key.isEmpty() ? tr("line %1").arg(e.line) : key, msg);
      break;
    case K::OutOfMemory:
      text = tr("Out of memory. Choose a preset for less memory (frozen text tower, LoRA), fewer "
                "photos per step, or a smaller input side; then resume from the last checkpoint. "
                "(%1)")
                 .arg(msg);
      break;
    case K::NonFinite:
      text = tr("Training diverged: %1 became NaN or infinite at step %2. Lower the learning "
                "rate (halve optimizer.lr) or lengthen the warm-up, then resume from the last "
                "checkpoint.")
                 .arg(key)
                 .arg(e.step);
      break;
    case K::Disk:
      text = tr("Could not write or read %1: %2. Free disk space (delete old checkpoints in "
                "Runs and checkpoints) and resume.")
                 .arg(QString::fromStdString(e.path.string()), msg);
      break;
    case K::Model:
      text = tr("The weights do not fit the model: %1. Choose weights of the same model size.")
                 .arg(msg);
      break;
    default:
      text = msg.isEmpty() ? tr("Training stopped.") : msg;
      if (m_external)
        text = tr("Training on several GPUs stopped: %1. Resume last run continues from the last "
                  "checkpoint.")
                   .arg(msg);
      break;
  }
  m_banner->setText(text);
  m_banner->show();
  appendLog(text, true);
}

}  // namespace sam3::ui
