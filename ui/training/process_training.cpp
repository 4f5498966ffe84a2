#include "ui/training/process_training.h"

#include <signal.h>

#include <utility>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>

#include "core/train/train_config.h"
#include "core/train/train_events.h"
#include "ui/training/training_worker.h"

namespace sam3::ui {

namespace {

QString fromPath(const std::filesystem::path& p) {
  return QString::fromStdString(p.string());
}

}  // namespace

ProcessTraining::ProcessTraining(QObject* parent) : QObject(parent), m_cli(defaultCliPath()) {}

ProcessTraining::~ProcessTraining() {
  if (!running()) return;
  disconnect(m_process, nullptr, this, nullptr);
  // Ranks that train are cancelled (a checkpoint is written); a CLI still starting is stopped.
  if (m_launcherReady || m_process->readAllStandardError().contains("train: starting "))
    ::kill(static_cast<pid_t>(m_process->processId()), SIGINT);
  else
    m_process->kill();
  if (!m_process->waitForFinished(120000)) {
    m_process->kill();
    m_process->waitForFinished(5000);
  }
}

QString ProcessTraining::defaultCliPath() {
  const QString env = qEnvironmentVariable("SAM3STUDIO_CLI");
  if (!env.isEmpty()) return env;
  return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sam3studio-cli"));
}

bool ProcessTraining::running() const {
  return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ProcessTraining::launcherPid() const {
  return running() ? m_process->processId() : 0;
}

void ProcessTraining::start(int requestId, const train::SessionRequest& request, int gpus) {
  m_requestId = requestId;
  m_request = request;
  m_steps.clear();
  m_latest = {};
  m_announced = false;
  m_haveRankError = false;
  m_launcherReady = m_cancelPending = false;
  m_error = m_peerError = {};
  m_launcherError.clear();
  m_tail.clear();
  m_pendingText.clear();

  QStringList args = {QStringLiteral("train"),     QStringLiteral("--events"),
                      QStringLiteral("--gpus"),    QString::number(gpus),
                      QStringLiteral("--project"), fromPath(request.project)};
  if (request.resume) {
    args << QStringLiteral("--resume") << fromPath(request.run_dir);
  } else {
    train::TrainConfig config = request.config;
    config.data.project = request.project.string();
    m_config = std::make_unique<QTemporaryFile>(
        QDir::temp().filePath(QStringLiteral("sam3studio-train-XXXXXX.yaml")));
    const QByteArray yaml = QByteArray::fromStdString(train::to_yaml(config));
    if (!m_config->open() || m_config->write(yaml) != yaml.size() || !m_config->flush()) {
      train::SessionError e{
          train::SessionError::Kind::Disk,
          "cannot write the run's config: " + m_config->errorString().toStdString()};
      e.path = m_config->fileName().toStdString();
      fail(e);
      return;
    }
    args << QStringLiteral("--config") << m_config->fileName() << QStringLiteral("--run")
         << fromPath(request.run_dir);
  }
  const auto vocabulary = train::effective_vocabulary(request);
  if (!vocabulary.empty()) args << QStringLiteral("--vocab") << fromPath(vocabulary);
  m_arguments = args;

  if (!QFileInfo(m_cli).isExecutable()) {
    train::SessionError e{
        train::SessionError::Kind::Input,
        "training on several GPUs runs sam3studio-cli, which is not there or not executable: " +
            m_cli.toStdString() + " (install it beside the app or set SAM3STUDIO_CLI)"};
    e.path = m_cli.toStdString();
    fail(e);
    return;
  }
  delete m_process;
  m_process = new QProcess(this);
  m_process->setProcessChannelMode(QProcess::SeparateChannels);
  connect(m_process, &QProcess::readyReadStandardError, this, &ProcessTraining::readEvents);
  connect(m_process, &QProcess::finished, this, &ProcessTraining::onFinished);
  connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;
    fail({train::SessionError::Kind::Input,
          "cannot start " + m_cli.toStdString() + ": " + m_process->errorString().toStdString()});
  });
  m_process->start(m_cli, args);
}

// SIGINT kills the CLI until it has set up its launcher (it then passes it on to the ranks, which
// keep it pending until they can cancel): a cancel before the launcher's first line waits for it.
void ProcessTraining::cancel() {
  if (!running()) return;
  if (!m_launcherReady) {
    m_cancelPending = true;
    return;
  }
  ::kill(static_cast<pid_t>(m_process->processId()), SIGINT);
}

std::vector<train::StepPoint> ProcessTraining::takeSteps(train::TrainProgress* latest) {
  std::vector<train::StepPoint> out;
  out.swap(m_steps);
  if (latest) *latest = m_latest;
  m_announced = false;
  return out;
}

void ProcessTraining::readEvents() {
  m_pendingText += m_process->readAllStandardError();
  qsizetype nl;
  while ((nl = m_pendingText.indexOf('\n')) >= 0) {
    const QString line = QString::fromUtf8(m_pendingText.left(nl)).trimmed();
    m_pendingText.remove(0, nl + 1);
    if (!line.isEmpty()) handleLine(line);
  }
}

void ProcessTraining::handleLine(const QString& line) {
  using Type = train::TrainEvent::Type;
  const train::TrainEvent e = train::parse_train_event(line.toStdString());
  switch (e.type) {
    case Type::Step:
      m_steps.push_back(stepPoint(e.step));
      m_latest = e.step;
      if (!m_announced) {
        m_announced = true;
        Q_EMIT stepsAvailable();
      }
      break;
    case Type::Validation:
      Q_EMIT validated(e.validation);
      break;
    case Type::Message:
      Q_EMIT message(QString::fromStdString(e.text));
      break;
    case Type::Error:
      if (!e.peer_failed && !m_haveRankError) {
        m_haveRankError = true;
        m_error = e.error;
        if (e.rank >= 0)
          m_error.message = "rank " + std::to_string(e.rank) + ": " + e.error.message;
      } else if (e.peer_failed && m_peerError.ok()) {
        m_peerError = e.error;
      }
      break;
    case Type::Text:
      if (!m_launcherReady && line.startsWith(QStringLiteral("train: starting "))) {
        m_launcherReady = true;
        if (std::exchange(m_cancelPending, false)) cancel();
      }
      m_tail << line;
      if (m_tail.size() > 8) m_tail.removeFirst();
      if (line.startsWith(QStringLiteral("error:"))) {  // reported by finished(), not twice
        if (m_launcherError.isEmpty()) m_launcherError = line.mid(6).trimmed();
        break;
      }
      Q_EMIT message(line);
      break;
  }
}

void ProcessTraining::fail(const train::SessionError& error) {
  train::SessionResult r;
  r.run_dir = m_request.run_dir;
  r.error = error;
  Q_EMIT finished(m_requestId, r);
}

void ProcessTraining::onFinished(int exitCode, QProcess::ExitStatus status) {
  readEvents();
  if (!m_pendingText.trimmed().isEmpty()) handleLine(QString::fromUtf8(m_pendingText).trimmed());
  m_pendingText.clear();
  m_config.reset();
  train::SessionResult r;
  r.run_dir = m_request.run_dir;
  r.steps = m_latest.step;
  r.total_steps = m_latest.total_steps;
  const QJsonObject summary = QJsonDocument::fromJson(m_process->readAllStandardOutput()).object();
  if (status == QProcess::NormalExit && exitCode == 0 &&
      summary.contains(QStringLiteral("status"))) {
    const QString s = summary.value(QStringLiteral("status")).toString();
    r.finished = s == QStringLiteral("finished");
    r.cancelled = s == QStringLiteral("cancelled");
    r.steps = summary.value(QStringLiteral("steps")).toInteger(r.steps);
    r.total_steps = summary.value(QStringLiteral("total_steps")).toInteger(r.total_steps);
    r.last_checkpoint = summary.value(QStringLiteral("last_checkpoint")).toString().toStdString();
    Q_EMIT finished(m_requestId, r);
    return;
  }
  if (m_haveRankError) {
    r.error = m_error;  // the rank that failed first, in its own words
  } else if (!m_launcherError.isEmpty()) {
    r.error = {train::SessionError::Kind::Other, m_launcherError.toStdString()};
  } else if (!m_peerError.ok()) {
    r.error = m_peerError;
  } else {
    const QString how = status == QProcess::CrashExit
                            ? tr("sam3studio-cli crashed")
                            : tr("sam3studio-cli exited with status %1").arg(exitCode);
    const QString text =
        how + (m_tail.isEmpty() ? QString() : QStringLiteral(": ") + m_tail.join(QLatin1Char(' ')));
    r.error = {train::SessionError::Kind::Other, text.toStdString()};
  }
  Q_EMIT finished(m_requestId, r);
}

}  // namespace sam3::ui
