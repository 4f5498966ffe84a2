#pragma once
// The project's photos as a list model (one row per photo, ordered by id) with thumbnails made on
// the ImageLoader's thread, kept in a bounded memory cache and on disk in the project's
// cache/thumbnails/<sha256>-<side>.png (content hash and size; remade when missing or corrupt),
// pruned of removed photos and bounded in bytes each time a document is set (ImageLoader),
// plus the filter the photo browser applies. Rows follow the document's photoChanged (badges).
// GUI thread only; the document outlives the model.
#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QPixmap>

#include <optional>
#include <QSet>
#include <QStringList>
#include <QSortFilterProxyModel>

namespace sam3::ui {

class ImageLoader;
class ProjectDocument;

class PhotoListModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role { PhotoIdRole = Qt::UserRole + 1, StatusRole, SplitRole, NegativeRole, VerdictRole };
  static constexpr int kThumbnailSide = 64;  // pixels, longest side

  explicit PhotoListModel(QObject* parent = nullptr);
  ~PhotoListModel() override;
  void setDocument(ProjectDocument* doc);  // nullptr: empty

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  int rowOf(qint64 photoId) const;  // -1 when absent
  qint64 photoIdAt(int row) const;
  const QString& nameAt(int row) const { return m_names[row]; }        // row in range
  const QString& sortKeyAt(int row) const { return m_sortKeys[row]; }  // naturalSortKey(name)
  QString thumbnailCacheFile(qint64 photoId) const;                    // empty without a document
  ImageLoader* loader() const { return m_loader; }  // prunes the disk cache on setDocument()
  bool hasThumbnail(int row) const;                 // decoded and held in memory

  static QString statusText(int status);
  static QString splitText(int split);
  static QString verdictText(int verdict);  // empty for "not inspected"

 private:
  QVariant thumbnail(int row) const;
  void cacheNames();
  void thumbnailLoaded(quint64 requestId, const QImage& image);
  void thumbnailFailed(quint64 requestId);

  ProjectDocument* m_doc = nullptr;
  ImageLoader* m_loader;
  mutable QCache<qint64, QPixmap> m_thumbnails;     // photo id -> thumbnail; cost in KiB
  mutable QHash<quint64, qint64> m_pending;         // request id -> photo id
  mutable QHash<qint64, quint64> m_pendingByPhoto;  // photo id -> request id
  QSet<qint64> m_unreadable;
  mutable QPixmap m_placeholders[2];  // waiting, unreadable
  QStringList m_names;
  QStringList m_sortKeys;  // original names by row, made once per reset
};

// Filters by a name substring (case-insensitive), a category and the photos holding a class, and
// orders by name with numbers compared by value (photo_9 before photo_10), like a file manager.
// The pinned photo (the one being edited) always passes, so a photo whose status changes while
// it is shown does not vanish from under the user; it leaves the list once another is pinned.
class PhotoFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  enum Category { All, Unlabeled, InProgress, Done, Reviewed, Negative, Train, Valid, Test };
  explicit PhotoFilterModel(QObject* parent = nullptr);
  void setText(const QString& text);
  void setCategory(Category category);
  // Only photos in `photoIds` pass; std::nullopt (the default) switches the class filter off.
  void setClassPhotos(std::optional<QSet<qint64>> photoIds);
  void setPinnedPhoto(qint64 photoId);  // 0: none
  bool matches(int sourceRow) const;    // the filter without the pin

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 public:
  // < 0, 0, > 0 as `a` sorts before, with or after `b`: case-insensitive, digit runs by value.
  static int naturalCompare(const QString& a, const QString& b);
  // A key whose plain comparison orders like naturalCompare (digit runs up to 20 digits).
  static QString naturalSortKey(const QString& name);

 private:
  QString m_text;
  Category m_category = All;
  std::optional<QSet<qint64>> m_classPhotos;
  qint64 m_pinned = 0;
};

}  // namespace sam3::ui
