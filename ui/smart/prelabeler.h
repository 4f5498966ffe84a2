#pragma once
// Text pre-labelling ("Find <class prompt>"): runs SAM3's concept predictor over the chosen photos
// on the ConceptWorker's thread and adds what it finds as pending proposals (source = model, with
// score) of the given class, one undo step per photo, beside the human shapes (never replacing or
// moving them). Progress per photo; cancel stops before the next photo and keeps what was added.
// GUI thread only.
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

#include "ui/smart/smart_worker.h"

namespace sam3::ui {

class ProjectDocument;

class Prelabeler : public QObject {
  Q_OBJECT
 public:
  Prelabeler(ConceptWorker* worker, QObject* parent = nullptr);
  void setDocument(ProjectDocument* doc);
  using SpecProvider = std::function<std::optional<SmartModelSpec>(QString* whyNot)>;
  void setSpecProvider(SpecProvider provider) { m_specProvider = std::move(provider); }

  // Starts a run; false (with the reason through failed()) without a document, prompt, class,
  // photos or weights, or while one runs.
  bool start(const QString& prompt, qint64 classId, const QList<qint64>& photos);
  void cancel();
  bool isRunning() const { return m_request != 0; }
  int proposalsAdded() const { return m_added; }

 Q_SIGNALS:
  void started(int photos);
  void progressChanged(int done, int total);
  // The run ended: cancelled or not, with the proposals it added.
  void finished(bool cancelled, int proposals, const QString& message);
  void failed(const QString& message);
  void deviceChanged(const QString& device);

 private:
  void onPhoto(quint64 request, const PhotoProposals& proposals);
  void onFinished(quint64 request, bool cancelled, const QString& device);
  void onFailed(quint64 request, const QString& message);

  ConceptWorker* m_worker;
  QPointer<ProjectDocument> m_doc;
  SpecProvider m_specProvider;
  quint64 m_request = 0;  // the run in flight (0: none)
  quint64 m_next = 0;
  qint64 m_classId = 0;
  QString m_prompt;
  int m_added = 0;
  int m_photosDone = 0;
};

}  // namespace sam3::ui
