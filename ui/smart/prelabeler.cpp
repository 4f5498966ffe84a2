#include "ui/smart/prelabeler.h"

#include "ui/project_document.h"
#include "ui/smart/proposal_commands.h"

namespace sam3::ui {

Prelabeler::Prelabeler(ConceptWorker* worker, QObject* parent) : QObject(parent), m_worker(worker) {
  connect(m_worker, &ConceptWorker::progress, this, [this](quint64 request, int done, int total) {
    if (request == m_request) Q_EMIT progressChanged(done, total);
  });
  connect(m_worker, &ConceptWorker::photoDone, this, &Prelabeler::onPhoto);
  connect(m_worker, &ConceptWorker::finished, this, &Prelabeler::onFinished);
  connect(m_worker, &ConceptWorker::failed, this, &Prelabeler::onFailed);
}

void Prelabeler::setDocument(ProjectDocument* doc) {
  if (isRunning()) cancel();
  m_request = 0;  // answers for the previous project are dropped
  m_doc = doc;
}

bool Prelabeler::start(const QString& prompt, qint64 classId, const QList<qint64>& photos) {
  auto refuse = [this](const QString& why) {
    Q_EMIT failed(why);
    return false;
  };
  if (isRunning()) return refuse(tr("Pre-labelling is already running."));
  if (!m_doc) return refuse(tr("Open a project first."));
  if (prompt.trimmed().isEmpty()) return refuse(tr("Type what to find (the class prompt)."));
  if (!classId || !m_doc->classInfo(classId))
    return refuse(tr("Choose the class the proposals get in the Classes panel."));
  QList<PrelabelJob> jobs;
  for (qint64 id : photos)
    if (const auto p = m_doc->photo(id)) jobs.push_back({id, m_doc->photoPath(*p)});
  if (jobs.isEmpty()) return refuse(tr("Choose a photo first."));
  QString whyNot;
  const auto spec = m_specProvider ? m_specProvider(&whyNot) : std::nullopt;
  if (!spec)
    return refuse(whyNot.isEmpty() ? tr("Pre-labelling needs SAM3 weights: choose a weights file "
                                        "(Weights… in the SAM3 bar) or set an active model in "
                                        "Train.")
                                   : whyNot);
  m_request = ++m_next;
  m_classId = classId;
  m_prompt = prompt.trimmed();
  m_added = 0;
  m_photosDone = 0;
  m_worker->cancelFlag() = false;
  const quint64 request = m_request;
  ConceptWorker* w = m_worker;
  const SmartModelSpec s = *spec;
  const QString text = m_prompt;
  QMetaObject::invokeMethod(
      w, [w, request, s, text, jobs] { w->run(request, s, text, jobs); }, Qt::QueuedConnection);
  Q_EMIT started(static_cast<int>(jobs.size()));
  return true;
}

void Prelabeler::cancel() {
  if (isRunning()) m_worker->cancelFlag() = true;
}

void Prelabeler::onPhoto(quint64 request, const PhotoProposals& proposals) {
  if (request != m_request || !m_doc) return;
  ++m_photosDone;
  auto shapes = proposals.shapes;
  for (auto& a : shapes) {
    a.photo_id = proposals.photoId;
    a.class_id = m_classId;
  }
  m_added += proposal_commands::add(*m_doc, std::move(shapes), tr("Find “%1”").arg(m_prompt));
}

void Prelabeler::onFinished(quint64 request, bool cancelled, const QString& device) {
  if (request != m_request) return;
  m_request = 0;
  if (!device.isEmpty()) Q_EMIT deviceChanged(device);
  const QString message =
      cancelled
          ? tr("Pre-labelling cancelled after %n photo(s); %1 proposal(s) kept.", nullptr,
               m_photosDone)
                .arg(m_added)
          : tr("Found %n proposal(s) for “%1”; accept or reject them (Y / N).", nullptr, m_added)
                .arg(m_prompt);
  Q_EMIT finished(cancelled, m_added, message);
}

void Prelabeler::onFailed(quint64 request, const QString& message) {
  if (request != m_request) return;
  m_request = 0;
  Q_EMIT failed(tr("Pre-labelling failed: %1").arg(message));
  Q_EMIT finished(false, m_added, tr("Pre-labelling failed: %1").arg(message));
}

}  // namespace sam3::ui
