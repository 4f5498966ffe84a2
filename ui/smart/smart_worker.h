#pragma once
// The model side of smart polygon and pre-labelling, on worker threads (QObjects moved to a
// QThread by SmartTools): every slot is called queued, runs the model there and answers with a
// signal carrying the caller's request id, so the GUI thread never waits and drops stale answers.
// The InteractiveWorker holds SAM3's interactive predictor (image embedding once per photo, cached
// on disk; a click runs only the decoder) and traces the chosen mask into polygons there too.
// The ConceptWorker runs the concept predictor (text prompt) over photos, between which a cancel
// flag set from any thread is checked. Errors come back as translated-free messages of the core's
// typed exceptions; the ui adds the translated explanation.
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "core/inference/interactive_predictor.h"
#include "core/inference/mask_to_polygon.h"
#include "core/inference/predictor.h"
#include "core/project/types.h"

namespace sam3::ui {

// Which weights and where: from the project's active model, the weights setting or a test.
struct SmartModelSpec {
  QString weights;  // a weights file or model folder; empty: the Hugging Face cache
  QString modelConfig = QStringLiteral("sam3");
  bool randomWeights = false;  // seeded random weights: tests only, never chosen by the product
  quint64 seed = 0;
  QString device = QStringLiteral("auto");
  QString cacheDir;  // embedding cache folder (<project>/cache/embeddings); empty: none
  QString vocab;     // tokenizer for text prompts; empty: the model folder's
  double scoreThreshold = 0.5;
  int maxProposals = 50;  // per photo, best scores first
  bool operator==(const SmartModelSpec&) const = default;
};

struct SmartPrompt {
  std::vector<ClickPoint> points;  // pixels of the stored photo
  std::optional<PromptBox> box;
  bool empty() const { return points.empty() && !box; }
};

// A predicted mask, traced once: simplification at any tolerance is cheap afterwards.
struct SmartMask {
  qint64 photoId = 0;
  quint64 revision = 0;  // of the prompt that produced it
  std::shared_ptr<const polygon::TracedMask> traced;
  float score = 0;  // predicted IoU of the chosen candidate
  int candidates = 0;
  double decoderMs = 0;  // wall time of the decoder call on the worker
};

// Proposals for one photo: polygons (class unset) with their detection scores.
struct PhotoProposals {
  qint64 photoId = 0;
  std::vector<project::Annotation> shapes;
};

struct PrelabelJob {
  qint64 photoId = 0;
  QString file;
};

class InteractiveWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  ~InteractiveWorker() override;

 public Q_SLOTS:
  void load(quint64 request, sam3::ui::SmartModelSpec spec);
  void setPhoto(quint64 request, qint64 photoId, const QString& file, const QString& hash);
  void predict(quint64 request, qint64 photoId, sam3::ui::SmartPrompt prompt, quint64 revision);

 Q_SIGNALS:
  void loaded(quint64 request, const QString& device, const QString& model);
  void embeddingReady(quint64 request, qint64 photoId, bool fromCache, double seconds);
  void maskReady(quint64 request, sam3::ui::SmartMask mask);
  void failed(quint64 request, const QString& message);

 private:
  std::unique_ptr<InteractivePredictor> m_predictor;
  qint64 m_photoId = 0;
};

class ConceptWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  ~ConceptWorker() override;
  // Set from any thread: the run stops before its next photo. The caller clears it before run().
  std::atomic<bool>& cancelFlag() { return m_cancel; }

 public Q_SLOTS:
  void run(quint64 request, sam3::ui::SmartModelSpec spec, const QString& prompt,
           const QList<sam3::ui::PrelabelJob>& photos);

 Q_SIGNALS:
  void progress(quint64 request, int done, int total);
  void photoDone(quint64 request, sam3::ui::PhotoProposals proposals);
  void finished(quint64 request, bool cancelled, const QString& device);
  void failed(quint64 request, const QString& message);

 private:
  std::unique_ptr<Predictor> m_predictor;
  std::optional<SmartModelSpec> m_spec;
  std::atomic<bool> m_cancel{false};
};

// Detections -> polygons: each mask's regions above `minArea` pixels, simplified at `tolerance`.
std::vector<project::Annotation> detectionsToShapes(const std::vector<Detection>& detections,
                                                    double tolerance, double minArea,
                                                    int maxShapes);

// Polygon regions -> annotations (rings: outer then holes), class and photo unset.
std::vector<project::Annotation> regionsToShapes(const std::vector<polygon::Region>& regions);

void registerSmartMetaTypes();

}  // namespace sam3::ui

Q_DECLARE_METATYPE(sam3::ui::SmartModelSpec)
Q_DECLARE_METATYPE(sam3::ui::SmartPrompt)
Q_DECLARE_METATYPE(sam3::ui::SmartMask)
Q_DECLARE_METATYPE(sam3::ui::PhotoProposals)
Q_DECLARE_METATYPE(sam3::ui::PrelabelJob)
