#pragma once
// Decodes photos off the GUI thread: a worker QObject lives on a QThread owned by the loader.
// request() returns an id; the result arrives on the loader's thread as loaded(id, image) or
// failed(id, message). Requests older than dropPending()'s mark are skipped unread, so a caller
// that moved on never waits behind stale work; callers also ignore ids they no longer wait for.
// Images are RGB of the EXIF-corrected photo, scaled to fit maxSide when maxSide > 0.
// requestThumbnail() first reads a cached thumbnail file and uses it when it decodes to the
// expected size; otherwise (missing, corrupt, stale) it decodes the photo and rewrites the cache
// file atomically. A cache that cannot be written only costs speed (a warning is logged).
// Thumbnails are taken newest first from a bounded queue (a list scrolled past 10,000 rows asks
// for the rows now in view before the ones it left); a request pushed out of a full queue is
// reported as thumbnailDropped(id) and may simply be asked again.
// The disk cache stays tidy and bounded: pruneThumbnails() (on the loader's thread, in line with
// the thumbnails it writes) removes the files of photos no longer in the project, of another
// thumbnail size and half-written temporaries, then the least recently used files (a cache hit
// refreshes the file's time) while the folder holds more than its byte budget.
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace sam3::ui {

struct ThumbnailJob {
  quint64 id = 0;
  QString path;
  QString cacheFile;
  QSize expected;
  int maxSide = 0;
};

// Shared by the loader (GUI thread) and its worker; thread-safe.
class ThumbnailQueue {
 public:
  explicit ThumbnailQueue(std::size_t capacity) : m_capacity(capacity) {}
  std::vector<quint64> push(ThumbnailJob job);  // the ids pushed out (the oldest ones)
  std::optional<ThumbnailJob> takeNewest();

 private:
  std::mutex m_mutex;
  std::deque<ThumbnailJob> m_jobs;
  std::size_t m_capacity;
};

class ImageWorker : public QObject {
  Q_OBJECT
 public:
  ImageWorker(std::shared_ptr<std::atomic<quint64>> skipUpTo,
              std::shared_ptr<ThumbnailQueue> thumbnails);

 public Q_SLOTS:
  void load(quint64 id, const QString& path, int maxSide);
  void loadNextThumbnail();  // the newest queued thumbnail, if any

 Q_SIGNALS:
  void loaded(quint64 id, const QImage& image);
  void failed(quint64 id, const QString& message);

 private:
  void loadThumbnail(const ThumbnailJob& job);

  std::shared_ptr<std::atomic<quint64>> m_skipUpTo;
  std::shared_ptr<ThumbnailQueue> m_thumbnails;
};

class ImageLoader : public QObject {
  Q_OBJECT
 public:
  static constexpr std::size_t kThumbnailQueue = 128;          // a few screens of rows
  static constexpr qint64 kThumbnailCacheBytes = 256LL << 20;  // per project

  explicit ImageLoader(QObject* parent = nullptr);
  ~ImageLoader() override;  // drops queued work, stops and joins the thread

  quint64 request(const QString& path, int maxSide = 0);
  // `expected`: the thumbnail's size (thumbnailSize()); `cacheFile` may be empty (no cache).
  quint64 requestThumbnail(const QString& path, const QString& cacheFile, QSize expected,
                           int maxSide);
  // The size a photo of `photo` pixels has when scaled to fit maxSide (never enlarged).
  static QSize thumbnailSize(QSize photo, int maxSide);
  void dropPending();  // every request made so far that has not started is skipped
  // Tidies `dir` on the loader's thread (see above); thumbnailCachePruned(removed) when done.
  void pruneThumbnails(const QString& dir, const QSet<QString>& keepHashes, int side,
                       qint64 maxBytes = kThumbnailCacheBytes);
  // The pruning itself, on the calling thread: keeps "<hash>-<side>.png" for hashes in
  // `keepHashes`, newest first, up to `maxBytes` in all; returns how many files it removed.
  static int pruneThumbnailCache(const QString& dir, const QSet<QString>& keepHashes, int side,
                                 qint64 maxBytes);

  // Decodes on the calling thread (same rules); a null image when the file cannot be read.
  static QImage decode(const QString& path, int maxSide, QString* error = nullptr);

 Q_SIGNALS:
  void loaded(quint64 id, const QImage& image);
  void failed(quint64 id, const QString& message);
  void requested(quint64 id, const QString& path, int maxSide);  // to the worker, queued
  void thumbnailDropped(quint64 id);                             // pushed out of the queue unread
  void thumbnailQueued();                                        // to the worker, queued
  void thumbnailCachePruned(int removed);                        // from the worker's thread

 private:
  QThread m_thread;
  ImageWorker* m_worker;
  std::shared_ptr<std::atomic<quint64>> m_skipUpTo;
  std::shared_ptr<ThumbnailQueue> m_thumbnails;
  quint64 m_nextId = 1;
};

}  // namespace sam3::ui
