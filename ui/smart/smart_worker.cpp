#include "ui/smart/smart_worker.h"

#include <QElapsedTimer>

#include <algorithm>

#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::ui {
namespace {

InteractiveOptions interactiveOptions(const SmartModelSpec& spec) {
  InteractiveOptions o;
  o.model_config = spec.modelConfig.toStdString();
  if (!spec.weights.isEmpty()) o.model_path = spec.weights.toStdString();
  o.random_weights = spec.randomWeights;
  o.seed = spec.seed;
  o.device = spec.device.toStdString();
  if (!spec.cacheDir.isEmpty()) o.cache_dir = spec.cacheDir.toStdString();
  return o;
}

PredictorOptions conceptOptions(const SmartModelSpec& spec) {
  PredictorOptions o;
  o.model_config = spec.modelConfig.toStdString();
  if (!spec.weights.isEmpty()) o.model_path = spec.weights.toStdString();
  o.random_weights = spec.randomWeights;
  o.seed = spec.seed;
  o.device = spec.device.toStdString();
  if (!spec.vocab.isEmpty()) o.vocab = spec.vocab.toStdString();
  o.score_threshold = spec.scoreThreshold;
  return o;
}

QString what(const std::exception& e) {
  return QString::fromStdString(e.what());
}

}  // namespace

void registerSmartMetaTypes() {
  qRegisterMetaType<SmartModelSpec>();
  qRegisterMetaType<SmartPrompt>();
  qRegisterMetaType<SmartMask>();
  qRegisterMetaType<PhotoProposals>();
  qRegisterMetaType<PrelabelJob>();
  qRegisterMetaType<QList<PrelabelJob>>();
}

std::vector<project::Annotation> regionsToShapes(const std::vector<polygon::Region>& regions) {
  std::vector<project::Annotation> out;
  for (const auto& region : regions) {
    project::Annotation a;
    a.kind = project::ShapeKind::Polygon;
    auto toRing = [](const polygon::Ring& r) {
      project::Ring ring;
      ring.reserve(r.size());
      for (const auto& p : r) ring.push_back({p.x, p.y});
      return ring;
    };
    a.rings.push_back(toRing(region.outer));
    for (const auto& hole : region.holes) a.rings.push_back(toRing(hole));
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<project::Annotation> detectionsToShapes(const std::vector<Detection>& detections,
                                                    double tolerance, double minArea,
                                                    int maxShapes) {
  std::vector<const Detection*> order;
  for (const auto& d : detections) order.push_back(&d);
  std::stable_sort(order.begin(), order.end(),
                   [](const Detection* a, const Detection* b) { return a->score > b->score; });
  std::vector<project::Annotation> out;
  for (const Detection* d : order) {
    if (static_cast<int>(out.size()) >= maxShapes) break;
    if (d->mask.data.empty()) continue;
    // One shape per detection: its largest region (a detection is one object).
    auto regions = polygon::mask_to_polygons(d->mask.width, d->mask.height, d->mask.data,
                                             {tolerance, minArea, minArea});
    if (regions.empty()) continue;
    regions.resize(1);
    auto shapes = regionsToShapes(regions);
    shapes.front().source = project::Source::Model;
    shapes.front().score = std::clamp(static_cast<double>(d->score), 0.0, 1.0);
    out.push_back(std::move(shapes.front()));
  }
  return out;
}

InteractiveWorker::~InteractiveWorker() = default;

void InteractiveWorker::load(quint64 request, SmartModelSpec spec) {
  m_predictor.reset();
  m_photoId = 0;
  try {
    m_predictor = std::make_unique<InteractivePredictor>(interactiveOptions(spec));
    const auto& info = m_predictor->info();
    Q_EMIT loaded(request, QString::fromStdString(info.device),
                  QString::fromStdString(info.model_name));
  } catch (const std::exception& e) {
    Q_EMIT failed(request, what(e));
  }
}

void InteractiveWorker::setPhoto(quint64 request, qint64 photoId, const QString& file,
                                 const QString& hash) {
  if (!m_predictor) return Q_EMIT failed(request, QStringLiteral("no model loaded"));
  m_photoId = 0;
  try {
    QElapsedTimer clock;
    clock.start();
    const Image image = load_image(file.toStdString());
    const bool hit = m_predictor->set_image(image, hash.toStdString());
    m_photoId = photoId;
    Q_EMIT embeddingReady(request, photoId, hit, clock.elapsed() / 1000.0);
  } catch (const std::exception& e) {
    Q_EMIT failed(request, what(e));
  }
}

void InteractiveWorker::predict(quint64 request, qint64 photoId, SmartPrompt prompt,
                                quint64 revision) {
  if (!m_predictor || m_photoId != photoId)
    return Q_EMIT failed(request, QStringLiteral("the photo's embedding is not ready"));
  try {
    QElapsedTimer clock;
    clock.start();
    // One click is ambiguous (part or whole): three candidates, the best scored is shown.
    const bool multimask = prompt.points.size() == 1 && !prompt.box;
    const auto result = m_predictor->predict(prompt.points, prompt.box, nullptr, multimask);
    SmartMask out;
    out.decoderMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    out.photoId = photoId;
    out.revision = revision;
    out.candidates = static_cast<int>(result.masks.size());
    const auto& best = result.masks.at(static_cast<std::size_t>(result.best));
    out.score = best.score;
    out.traced = std::make_shared<const polygon::TracedMask>(best.mask.width, best.mask.height,
                                                             best.mask.data);
    Q_EMIT maskReady(request, out);
  } catch (const std::exception& e) {
    Q_EMIT failed(request, what(e));
  }
}

ConceptWorker::~ConceptWorker() = default;

void ConceptWorker::run(quint64 request, SmartModelSpec spec, const QString& prompt,
                        const QList<PrelabelJob>& photos) {
  try {
    if (!m_predictor || !m_spec || !(*m_spec == spec)) {
      m_predictor.reset();
      m_spec.reset();
      m_predictor = std::make_unique<Predictor>(conceptOptions(spec));
      m_spec = spec;
    }
    const int total = static_cast<int>(photos.size());
    Q_EMIT progress(request, 0, total);
    for (int i = 0; i < total; ++i) {
      if (m_cancel) return Q_EMIT finished(request, true, QString());
      const auto& job = photos[i];
      m_predictor->set_image(load_image(job.file.toStdString()));
      const auto detections = m_predictor->predict({prompt.toStdString()});
      PhotoProposals proposals;
      proposals.photoId = job.photoId;
      proposals.shapes = detectionsToShapes(detections, 1.0, 16.0, spec.maxProposals);
      Q_EMIT photoDone(request, std::move(proposals));
      Q_EMIT progress(request, i + 1, total);
    }
    Q_EMIT finished(request, false, QString::fromStdString(m_predictor->info().device));
  } catch (const std::exception& e) {
    Q_EMIT failed(request, what(e));
  }
}

}  // namespace sam3::ui
