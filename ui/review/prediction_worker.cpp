#include "ui/review/prediction_worker.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>

#include "core/inference/predictor.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::ui {

namespace {

void registerTypes() {
  static const bool done = [] {
    qRegisterMetaType<PredictionJob>();
    qRegisterMetaType<review::PhotoPredictions>();
    return true;
  }();
  (void)done;
}

// Row-major 0/1 mask -> COCO RLE (column-major runs).
eval::Rle toRle(const BinaryMask& m) {
  const auto h = static_cast<std::uint32_t>(m.height);
  const auto w = static_cast<std::uint32_t>(m.width);
  std::vector<std::uint8_t> columns(static_cast<std::size_t>(h) * w);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      columns[static_cast<std::size_t>(x) * h + y] = m.data[static_cast<std::size_t>(y) * w + x];
  return eval::rle_encode(columns, h, w);
}

}  // namespace

std::string ReviewModel::key() const {
  review::ModelIdentity id;
  id.config = config.toStdString();
  id.weights = weights.toStdString();
  id.variant = random ? "random seed " + std::to_string(seed) : std::string();
  return review::model_key(id);
}

ReviewModel ReviewModel::base() {
  ReviewModel m;
  m.label = QCoreApplication::translate("ReviewModels", "Base SAM3 (Hugging Face cache)");
  m.config = QStringLiteral("sam3");
  return m;
}

PredictionWorker::PredictionWorker() {
  registerTypes();
}

PredictionWorker::~PredictionWorker() = default;

std::optional<review::PhotoPredictions> PredictionWorker::current(
    const review::PredictionStore& store, const PredictionJob& job,
    const PredictionJob::Photo& photo, int requestId) {
  try {
    auto record = store.load(photo.sha256);
    if (record && record->prompts == job.prompts && record->min_score <= job.minScore)
      return record;
  } catch (const sam3::Error& e) {
    // A corrupt record (or one of another photo) is named and predicted again.
    Q_EMIT problem(requestId, QString::fromStdString(e.what()));
  }
  return std::nullopt;
}

void PredictionWorker::ensurePredictor(const ReviewModel& model) {
  if (m_predictor && m_loaded == model) return;
  m_predictor.reset();
  PredictorOptions o;
  o.model_config = model.config.toStdString();
  if (!model.weights.isEmpty()) o.model_path = model.weights.toStdString();
  o.random_weights = model.random;
  o.seed = model.seed;
  if (!model.vocabulary.isEmpty()) o.vocab = model.vocabulary.toStdString();
  o.device = model.device.toStdString();
  o.score_threshold = 0.0;  // the job's floor filters; the review's slider does the rest
  m_predictor = std::make_unique<Predictor>(o);
  m_loaded = model;
}

review::PhotoPredictions PredictionWorker::predictPhoto(const PredictionJob& job,
                                                        const PredictionJob::Photo& photo) {
  const Image image = load_image(photo.path.toStdString());
  m_predictor->set_image(image);
  std::vector<std::string> prompts;
  for (const auto& p : job.prompts) prompts.push_back(p.prompt);
  review::PhotoPredictions out;
  out.photo_sha256 = photo.sha256;
  out.width = image.width;
  out.height = image.height;
  out.min_score = job.minScore;
  out.prompts = job.prompts;
  for (const Detection& d : m_predictor->predict(prompts)) {
    if (d.score < job.minScore) continue;
    review::PredictedObject o;
    o.class_id = job.prompts[static_cast<std::size_t>(d.prompt_index)].class_id;
    o.score = d.score;
    for (int i = 0; i < 4; ++i)
      o.box[static_cast<std::size_t>(i)] = d.box_xyxy[static_cast<std::size_t>(i)];
    if (d.mask.width > 0 && d.mask.height > 0) o.mask = toRle(d.mask);
    out.objects.push_back(std::move(o));
  }
  std::stable_sort(out.objects.begin(), out.objects.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  return out;
}

void PredictionWorker::run(int requestId, const PredictionJob& job) {
  m_cancel.store(false);
  int predicted = 0, cached = 0, done = 0;
  const int total = job.photos.size();
  try {
    const review::PredictionStore store(job.projectDir.toStdString(), job.modelKey);
    Q_EMIT progress(requestId, 0, total);
    for (const auto& photo : job.photos) {
      if (m_cancel.load()) {
        Q_EMIT finished(requestId, predicted, cached, true, {});
        return;
      }
      if (auto record = current(store, job, photo, requestId)) {
        ++cached;
        Q_EMIT photoReady(requestId, *record);
      } else if (job.predict) {
        ensurePredictor(job.model);
        try {
          const review::PhotoPredictions fresh = predictPhoto(job, photo);
          store.save(fresh);
          ++predicted;
          Q_EMIT photoReady(requestId, fresh);
        } catch (const IoError& e) {
          // One unreadable photo (or a cache that cannot be written) does not stop the others.
          Q_EMIT problem(requestId, QString::fromStdString(e.what()));
          Q_EMIT progress(requestId, ++done, total);
          continue;
        } catch (const FormatError& e) {
          Q_EMIT problem(requestId, QString::fromStdString(e.what()));
          Q_EMIT progress(requestId, ++done, total);
          continue;
        }
      }
      Q_EMIT progress(requestId, ++done, total);
    }
  } catch (const std::exception& e) {
    Q_EMIT finished(requestId, predicted, cached, false, QString::fromStdString(e.what()));
    return;
  }
  Q_EMIT finished(requestId, predicted, cached, false, {});
}

PredictionThread::PredictionThread(QObject* parent)
    : QObject(parent), m_thread(new QThread), m_worker(new PredictionWorker) {
  m_thread->setObjectName(QStringLiteral("prediction"));
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread->start();
}

PredictionThread::~PredictionThread() {
  m_worker->cancel();
  m_thread->quit();
  m_thread->wait();
  delete m_thread;
}

}  // namespace sam3::ui
