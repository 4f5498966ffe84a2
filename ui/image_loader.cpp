#include "ui/image_loader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtGlobal>

#include <limits>

#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::ui {

std::vector<quint64> ThumbnailQueue::push(ThumbnailJob job) {
  std::lock_guard lock(m_mutex);
  m_jobs.push_back(std::move(job));
  std::vector<quint64> dropped;
  while (m_jobs.size() > m_capacity) {
    dropped.push_back(m_jobs.front().id);
    m_jobs.pop_front();
  }
  return dropped;
}

std::optional<ThumbnailJob> ThumbnailQueue::takeNewest() {
  std::lock_guard lock(m_mutex);
  if (m_jobs.empty()) return std::nullopt;
  ThumbnailJob job = std::move(m_jobs.back());
  m_jobs.pop_back();
  return job;
}

ImageWorker::ImageWorker(std::shared_ptr<std::atomic<quint64>> skipUpTo,
                         std::shared_ptr<ThumbnailQueue> thumbnails)
    : m_skipUpTo(std::move(skipUpTo)), m_thumbnails(std::move(thumbnails)) {}

void ImageWorker::load(quint64 id, const QString& path, int maxSide) {
  if (id <= m_skipUpTo->load()) return;
  QString error;
  QImage image = ImageLoader::decode(path, maxSide, &error);
  if (image.isNull())
    Q_EMIT failed(id, error);
  else
    Q_EMIT loaded(id, image);
}

void ImageWorker::loadNextThumbnail() {
  // One call per request; calls for requests pushed out of the queue find nothing left.
  if (auto job = m_thumbnails->takeNewest(); job && job->id > m_skipUpTo->load())
    loadThumbnail(*job);
}

void ImageWorker::loadThumbnail(const ThumbnailJob& job) {
  const quint64 id = job.id;
  const QString& cacheFile = job.cacheFile;
  const QSize expected = job.expected;
  if (!cacheFile.isEmpty() && QFileInfo::exists(cacheFile)) {
    QImage cached;
    // A file that does not decode to the expected size is corrupt or stale: made again below.
    if (cached.load(cacheFile, "PNG") && cached.size() == expected) {
      QFile touched(cacheFile);  // recently used: pruned last
      if (touched.open(QIODevice::ReadWrite))
        touched.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
      Q_EMIT loaded(id, cached.convertToFormat(QImage::Format_RGB888));
      return;
    }
  }
  QString error;
  const QImage image = ImageLoader::decode(job.path, job.maxSide, &error);
  if (image.isNull()) {
    Q_EMIT failed(id, error);
    return;
  }
  if (!cacheFile.isEmpty()) {
    QDir().mkpath(QFileInfo(cacheFile).absolutePath());
    QSaveFile out(cacheFile);  // atomic: a crash never leaves half a thumbnail
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit())
      qWarning("thumbnail cache %s not written: %s", qPrintable(cacheFile),
               qPrintable(out.errorString()));
  }
  Q_EMIT loaded(id, image);
}

ImageLoader::ImageLoader(QObject* parent)
    : QObject(parent),
      m_skipUpTo(std::make_shared<std::atomic<quint64>>(0)),
      m_thumbnails(std::make_shared<ThumbnailQueue>(kThumbnailQueue)) {
  auto* worker = new ImageWorker(m_skipUpTo, m_thumbnails);
  m_worker = worker;
  worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
  connect(this, &ImageLoader::requested, worker, &ImageWorker::load, Qt::QueuedConnection);
  connect(this, &ImageLoader::thumbnailQueued, worker, &ImageWorker::loadNextThumbnail,
          Qt::QueuedConnection);
  connect(worker, &ImageWorker::loaded, this, &ImageLoader::loaded, Qt::QueuedConnection);
  connect(worker, &ImageWorker::failed, this, &ImageLoader::failed, Qt::QueuedConnection);
  m_thread.setObjectName(QStringLiteral("ImageLoader"));
  m_thread.start(QThread::LowPriority);
}

ImageLoader::~ImageLoader() {
  m_skipUpTo->store(std::numeric_limits<quint64>::max());
  m_thread.quit();
  m_thread.wait();
}

quint64 ImageLoader::request(const QString& path, int maxSide) {
  const quint64 id = m_nextId++;
  Q_EMIT requested(id, path, maxSide);
  return id;
}

quint64 ImageLoader::requestThumbnail(const QString& path, const QString& cacheFile, QSize expected,
                                      int maxSide) {
  const quint64 id = m_nextId++;
  for (const quint64 dropped : m_thumbnails->push({id, path, cacheFile, expected, maxSide}))
    Q_EMIT thumbnailDropped(dropped);
  Q_EMIT thumbnailQueued();
  return id;
}

void ImageLoader::pruneThumbnails(const QString& dir, const QSet<QString>& keepHashes, int side,
                                  qint64 maxBytes) {
  QMetaObject::invokeMethod(
      m_worker,
      [this, dir, keepHashes, side, maxBytes] {
        Q_EMIT thumbnailCachePruned(pruneThumbnailCache(dir, keepHashes, side, maxBytes));
      },
      Qt::QueuedConnection);
}

int ImageLoader::pruneThumbnailCache(const QString& dir, const QSet<QString>& keepHashes, int side,
                                     qint64 maxBytes) {
  const QString suffix = QStringLiteral("-%1.png").arg(side);
  int removed = 0;
  QFileInfoList kept;
  const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden, QDir::Time);
  for (const QFileInfo& f : files) {  // newest first
    const QString name = f.fileName();
    const bool ours =
        name.endsWith(suffix) && keepHashes.contains(name.left(name.size() - suffix.size()));
    if (ours)
      kept << f;
    else if (QFile::remove(f.absoluteFilePath()))
      ++removed;
  }
  qint64 total = 0;
  for (const QFileInfo& f : kept) {
    total += f.size();
    if (total > maxBytes && QFile::remove(f.absoluteFilePath())) ++removed;
  }
  return removed;
}

QSize ImageLoader::thumbnailSize(QSize photo, int maxSide) {
  if (photo.isEmpty() || maxSide <= 0 || (photo.width() <= maxSide && photo.height() <= maxSide))
    return photo;
  return photo.scaled(maxSide, maxSide, Qt::KeepAspectRatio);
}

void ImageLoader::dropPending() {
  m_skipUpTo->store(m_nextId - 1);
}

QImage ImageLoader::decode(const QString& path, int maxSide, QString* error) {
  try {
    const sam3::Image img = sam3::load_image(path.toStdString());
    QImage image(img.rgb.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888);
    if (maxSide > 0 && (img.width > maxSide || img.height > maxSide))
      return image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image.copy();  // detach from the decoder's buffer
  } catch (const sam3::Error& e) {
    if (error) *error = QString::fromStdString(e.what());
    return {};
  }
}

}  // namespace sam3::ui
