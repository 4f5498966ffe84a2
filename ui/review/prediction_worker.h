#pragma once
// PredictionWorker: runs the SAM3 predictor (core/inference/predictor.h) over photos on its own
// QThread, every class prompt at once per photo, and fills the project's prediction cache
// (core/review/prediction_store.h). A photo whose cached record is current (same model key and
// class prompts, kept scores reaching down to the job's floor) is not predicted again. A corrupt
// record is reported through problem() with the file's name and the error, then predicted again.
// Requests go in as queued calls carrying an id; results come back as signals with that id.
// cancel() is thread-safe (the photo being predicted finishes first). The predictor is kept
// between jobs while the model stays the same.
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>
#include <optional>

#include "core/review/prediction_store.h"

class QThread;

namespace sam3 {
class Predictor;
}

namespace sam3::ui {

// The model a review predicts with.
struct ReviewModel {
  QString label;  // for people ("Active model: run-1 step 40")
  QString config = QStringLiteral("sam3");
  QString weights;      // file or folder; empty: random weights or the HF cache
  bool random = false;  // seeded random weights (tests, demos)
  quint64 seed = 0;
  QString vocabulary;  // empty: the model folder's
  QString device = QStringLiteral("auto");
  // The cache key (review::model_key); throws sam3::IoError when the weights cannot be read.
  std::string key() const;
  // Full-size SAM3 from the facebook/sam3 snapshot of the Hugging Face cache.
  static ReviewModel base();
  bool operator==(const ReviewModel&) const = default;
};

struct PredictionJob {
  QString projectDir;
  ReviewModel model;
  std::string modelKey;
  struct Photo {
    std::string sha256;
    QString path;
  };
  QVector<Photo> photos;
  std::vector<review::ClassPrompt> prompts;
  double minScore = 0.05;  // detections below it are not kept
  bool predict = true;     // false: only read the cached records (nothing is predicted)
};

class PredictionWorker : public QObject {
  Q_OBJECT
 public:
  PredictionWorker();
  ~PredictionWorker() override;
  void cancel() { m_cancel.store(true); }

 public Q_SLOTS:
  void run(int requestId, const sam3::ui::PredictionJob& job);

 Q_SIGNALS:
  void photoReady(int requestId, const sam3::review::PhotoPredictions& record);  // cached too
  void progress(int requestId, int done, int total);
  void problem(int requestId, const QString& text);  // recoverable: reported, work goes on
  // `error` is empty unless the job stopped on a failure (e.g. the model could not be loaded).
  void finished(int requestId, int predicted, int cached, bool cancelled, const QString& error);

 private:
  // The photo's cached record when it is current; nullopt when absent, stale or corrupt.
  std::optional<review::PhotoPredictions> current(const review::PredictionStore& store,
                                                  const PredictionJob& job,
                                                  const PredictionJob::Photo& photo, int requestId);
  void ensurePredictor(const ReviewModel& model);
  review::PhotoPredictions predictPhoto(const PredictionJob& job,
                                        const PredictionJob::Photo& photo);

  std::unique_ptr<sam3::Predictor> m_predictor;
  ReviewModel m_loaded;
  std::atomic<bool> m_cancel{false};
};

// Owns a PredictionWorker and its thread; the thread stops (after the running photo) when this
// object is destroyed.
class PredictionThread : public QObject {
  Q_OBJECT
 public:
  explicit PredictionThread(QObject* parent = nullptr);
  ~PredictionThread() override;
  PredictionWorker* worker() const { return m_worker; }

 private:
  QThread* m_thread;
  PredictionWorker* m_worker;
};

}  // namespace sam3::ui

Q_DECLARE_METATYPE(sam3::ui::PredictionJob)
Q_DECLARE_METATYPE(sam3::review::PhotoPredictions)
