#include "ui/training/training_worker.h"

#include <QThread>

namespace sam3::ui {

train::StepPoint stepPoint(const train::TrainProgress& p) {
  train::StepPoint s;
  s.step = p.step;
  s.epoch = p.epoch;
  s.loss = p.loss;
  s.terms = p.terms;
  s.lr = p.lr;
  s.images_per_second = p.images_per_second;
  s.gpu_memory_bytes = p.gpu_memory_bytes;
  return s;
}

namespace {

void registerTypes() {
  static const bool done = [] {
    qRegisterMetaType<train::SessionRequest>();
    qRegisterMetaType<train::PreflightReport>();
    qRegisterMetaType<train::ValidationReport>();
    qRegisterMetaType<train::SessionResult>();
    return true;
  }();
  (void)done;
}

}  // namespace

TrainingWorker::TrainingWorker() {
  registerTypes();
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::pause() {
  m_paused.store(true);
}

void TrainingWorker::resume() {
  {
    std::lock_guard lock(m_mutex);
    m_paused.store(false);
  }
  m_wake.notify_all();
}

void TrainingWorker::cancel() {
  {
    std::lock_guard lock(m_mutex);
    m_cancel.store(true);
  }
  m_wake.notify_all();
}

std::vector<train::StepPoint> TrainingWorker::takeSteps(train::TrainProgress* latest) {
  std::lock_guard lock(m_mutex);
  std::vector<train::StepPoint> out;
  out.swap(m_pending);
  if (latest) *latest = m_latest;
  m_announced = false;
  return out;
}

void TrainingWorker::onStep(const train::TrainProgress& progress) {
  bool announce = false;
  {
    std::lock_guard lock(m_mutex);
    m_pending.push_back(stepPoint(progress));
    m_latest = progress;
    announce = !m_announced;
    m_announced = true;
  }
  if (announce) Q_EMIT stepsAvailable();
}

bool TrainingWorker::waitWhilePaused() {
  std::unique_lock lock(m_mutex);
  if (m_paused.load() && !m_cancel.load()) {
    lock.unlock();
    Q_EMIT message(tr("Paused after step %1.").arg(m_latest.step));
    lock.lock();
    m_wake.wait(lock, [this] { return !m_paused.load() || m_cancel.load(); });
    if (!m_cancel.load()) {
      lock.unlock();
      Q_EMIT message(tr("Resumed."));
      lock.lock();
    }
  }
  return m_cancel.load();
}

void TrainingWorker::runPreflight(int requestId, const train::SessionRequest& request) {
  const train::GpuMemory gpu = train::query_gpu_memory(0);
  Q_EMIT preflightDone(requestId, train::preflight(request, gpu));
}

void TrainingWorker::train(int requestId, const train::SessionRequest& request) {
  m_cancel.store(false);
  m_paused.store(false);
  {
    std::lock_guard lock(m_mutex);
    m_pending.clear();
    m_latest = {};
    m_announced = false;
  }
  train::TrainCallbacks callbacks;
  callbacks.on_step = [this](const train::TrainProgress& p) { onStep(p); };
  callbacks.on_validation = [this](const train::ValidationReport& v) { Q_EMIT validated(v); };
  callbacks.on_message = [this](const std::string& m) {
    Q_EMIT message(QString::fromStdString(m));
  };
  callbacks.cancel_requested = [this] { return waitWhilePaused(); };
  const train::SessionResult result = train::run_training(request, callbacks);
  Q_EMIT finished(requestId, result);
}

TrainingThread::TrainingThread(QObject* parent)
    : QObject(parent), m_thread(new QThread), m_worker(new TrainingWorker) {
  m_thread->setObjectName(QStringLiteral("training"));
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread->start();
}

TrainingThread::~TrainingThread() {
  m_worker->resume();
  m_worker->cancel();  // a running training stops after its step (and writes its checkpoint)
  m_thread->quit();
  m_thread->wait();
  delete m_thread;
}

}  // namespace sam3::ui
