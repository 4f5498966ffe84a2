#include "ui/photo_list_model.h"

#include <QColor>
#include <QPixmap>

#include "ui/image_loader.h"
#include "ui/project_document.h"

namespace sam3::ui {

PhotoListModel::PhotoListModel(QObject* parent)
    : QAbstractListModel(parent), m_loader(new ImageLoader(this)) {
  m_thumbnails.setMaxCost(64 * 1024);  // KiB: about 4,000 thumbnails
  connect(m_loader, &ImageLoader::loaded, this, &PhotoListModel::thumbnailLoaded);
  connect(m_loader, &ImageLoader::failed, this,
          [this](quint64 id, const QString&) { thumbnailFailed(id); });
  // Pushed out of the loader's queue by newer rows: asked again when the row is painted again.
  connect(m_loader, &ImageLoader::thumbnailDropped, this, [this](quint64 id) {
    if (const auto it = m_pending.find(id); it != m_pending.end()) {
      m_pendingByPhoto.remove(it.value());
      m_pending.erase(it);
    }
  });
}

PhotoListModel::~PhotoListModel() = default;

void PhotoListModel::setDocument(ProjectDocument* doc) {
  beginResetModel();
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_loader->dropPending();
  m_thumbnails.clear();
  m_pending.clear();
  m_pendingByPhoto.clear();
  m_unreadable.clear();
  if (m_doc) {
    connect(m_doc, &ProjectDocument::photosChanged, this, [this] {
      beginResetModel();
      cacheNames();
      endResetModel();
    });
    connect(m_doc, &ProjectDocument::photoChanged, this, [this](qint64 photoId) {
      const int row = rowOf(photoId);
      if (row >= 0) Q_EMIT dataChanged(index(row), index(row));
    });
    connect(m_doc, &QObject::destroyed, this, [this] { setDocument(nullptr); });
  }
  cacheNames();
  endResetModel();
  if (m_doc) {  // thumbnails of photos removed since the last time, and the cache's bound
    QSet<QString> hashes;
    hashes.reserve(static_cast<qsizetype>(m_doc->photos().size()));
    for (const auto& p : m_doc->photos()) hashes.insert(QString::fromStdString(p.sha256));
    m_loader->pruneThumbnails(
        QString::fromStdString((m_doc->store().cache_dir() / "thumbnails").string()), hashes,
        kThumbnailSide);
  }
}

void PhotoListModel::cacheNames() {
  m_names.clear();
  m_sortKeys.clear();
  if (!m_doc) return;
  m_names.reserve(static_cast<qsizetype>(m_doc->photos().size()));
  m_sortKeys.reserve(m_names.capacity());
  for (const auto& p : m_doc->photos()) {
    m_names << QString::fromStdString(p.original_name);
    m_sortKeys << PhotoFilterModel::naturalSortKey(m_names.back());
  }
}

int PhotoListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !m_doc ? 0 : static_cast<int>(m_doc->photos().size());
}

int PhotoListModel::rowOf(qint64 photoId) const {
  if (!m_doc) return -1;
  const auto& photos = m_doc->photos();
  // Photos are ordered by id.
  auto it = std::lower_bound(photos.begin(), photos.end(), photoId,
                             [](const project::Photo& p, qint64 id) { return p.id < id; });
  return it != photos.end() && it->id == photoId ? static_cast<int>(it - photos.begin()) : -1;
}

QString PhotoListModel::thumbnailCacheFile(qint64 photoId) const {
  const int row = rowOf(photoId);
  if (row < 0) return {};
  const project::Photo& p = m_doc->photos()[static_cast<std::size_t>(row)];
  return QString::fromStdString((m_doc->store().cache_dir() / "thumbnails").string()) +
         QStringLiteral("/%1-%2.png").arg(QString::fromStdString(p.sha256)).arg(kThumbnailSide);
}

bool PhotoListModel::hasThumbnail(int row) const {
  const qint64 id = photoIdAt(row);
  return id != 0 && m_thumbnails.contains(id);
}

qint64 PhotoListModel::photoIdAt(int row) const {
  if (!m_doc || row < 0 || row >= rowCount()) return 0;
  return m_doc->photos()[static_cast<std::size_t>(row)].id;
}

QString PhotoListModel::statusText(int status) {
  switch (static_cast<project::PhotoStatus>(status)) {
    case project::PhotoStatus::Unlabeled:
      return tr("unlabeled");
    case project::PhotoStatus::InProgress:
      return tr("in progress");
    case project::PhotoStatus::Done:
      return tr("done");
    case project::PhotoStatus::Reviewed:
      return tr("reviewed");
  }
  return {};
}

QString PhotoListModel::splitText(int split) {
  switch (static_cast<project::Split>(split)) {
    case project::Split::None:
      return {};
    case project::Split::Train:
      return tr("train");
    case project::Split::Valid:
      return tr("valid");
    case project::Split::Test:
      return tr("test");
  }
  return {};
}

QString PhotoListModel::verdictText(int verdict) {
  switch (static_cast<project::Verdict>(verdict)) {
    case project::Verdict::None:
      return {};
    case project::Verdict::Ok:
      return tr("pass");
    case project::Verdict::Defect:
      return tr("fail");
    case project::Verdict::Unsure:
      return tr("needs review");
  }
  return {};
}

QVariant PhotoListModel::data(const QModelIndex& index, int role) const {
  if (!m_doc || !index.isValid() || index.row() >= rowCount()) return {};
  const project::Photo& p = m_doc->photos()[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return QString::fromStdString(p.original_name);
    case Qt::ToolTipRole:
      return tr("%1\n%2 × %3 px · %4")
          .arg(QString::fromStdString(p.original_name))
          .arg(p.width)
          .arg(p.height)
          .arg(statusText(static_cast<int>(p.status)));
    case Qt::DecorationRole:
      return thumbnail(index.row());
    case PhotoIdRole:
      return QVariant::fromValue<qint64>(p.id);
    case StatusRole:
      return static_cast<int>(p.status);
    case SplitRole:
      return static_cast<int>(p.split);
    case NegativeRole:
      return p.confirmed_negative;
    case VerdictRole:
      return static_cast<int>(p.verdict);
    default:
      return {};
  }
}

QVariant PhotoListModel::thumbnail(int row) const {
  const project::Photo& p = m_doc->photos()[static_cast<std::size_t>(row)];
  if (const QPixmap* cached = m_thumbnails.object(p.id)) return *cached;
  if (!m_unreadable.contains(p.id) && !m_pendingByPhoto.contains(p.id)) {
    const quint64 id = m_loader->requestThumbnail(
        m_doc->photoPath(p), thumbnailCacheFile(p.id),
        ImageLoader::thumbnailSize(QSize(p.width, p.height), kThumbnailSide), kThumbnailSide);
    m_pending.insert(id, p.id);
    m_pendingByPhoto.insert(p.id, id);
  }
  // Made once: a scroll through 10,000 rows asks for thousands of placeholders.
  if (m_placeholders[0].isNull()) {
    for (int i = 0; i < 2; ++i) {
      m_placeholders[i] = QPixmap(kThumbnailSide, kThumbnailSide * 3 / 4);
      m_placeholders[i].fill(i == 0 ? QColor(0x50, 0x50, 0x50) : QColor(0x80, 0x20, 0x20));
    }
  }
  return m_placeholders[m_unreadable.contains(p.id) ? 1 : 0];
}

void PhotoListModel::thumbnailLoaded(quint64 requestId, const QImage& image) {
  const auto it = m_pending.find(requestId);
  if (it == m_pending.end()) return;  // stale: the project changed since the request
  const qint64 photoId = it.value();
  m_pending.erase(it);
  m_pendingByPhoto.remove(photoId);
  const int costKiB = std::max<int>(1, static_cast<int>(image.sizeInBytes() / 1024));
  m_thumbnails.insert(photoId, new QPixmap(QPixmap::fromImage(image)), costKiB);
  const int row = rowOf(photoId);
  if (row >= 0) Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
}

void PhotoListModel::thumbnailFailed(quint64 requestId) {
  const auto it = m_pending.find(requestId);
  if (it == m_pending.end()) return;
  const qint64 photoId = it.value();
  m_pending.erase(it);
  m_pendingByPhoto.remove(photoId);
  m_unreadable.insert(photoId);
  const int row = rowOf(photoId);
  if (row >= 0) Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
}

PhotoFilterModel::PhotoFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void PhotoFilterModel::setText(const QString& text) {
  m_text = text.trimmed();
  invalidateFilter();
}

void PhotoFilterModel::setCategory(Category category) {
  m_category = category;
  invalidateFilter();
}

void PhotoFilterModel::setClassPhotos(std::optional<QSet<qint64>> photoIds) {
  m_classPhotos = std::move(photoIds);
  invalidateFilter();
}

void PhotoFilterModel::setPinnedPhoto(qint64 photoId) {
  if (photoId == m_pinned) return;
  const qint64 old = m_pinned;
  m_pinned = photoId;
  // Only a pinned photo that no longer matches has to leave: then the filter runs again.
  auto* model = qobject_cast<PhotoListModel*>(sourceModel());
  const int oldRow = model && old ? model->rowOf(old) : -1;
  if (oldRow >= 0 && !matches(oldRow)) invalidateFilter();
}

bool PhotoFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  if (m_pinned && !sourceParent.isValid() &&
      sourceModel()->index(sourceRow, 0).data(PhotoListModel::PhotoIdRole).toLongLong() == m_pinned)
    return true;
  return matches(sourceRow);
}

bool PhotoFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  // Names come from the model's cache: sorting 10,000 rows makes ~140,000 comparisons.
  const auto* model = static_cast<const PhotoListModel*>(sourceModel());
  const int c = model->sortKeyAt(left.row()).compare(model->sortKeyAt(right.row()));
  return c != 0 ? c < 0 : left.row() < right.row();  // rows are in id order
}

QString PhotoFilterModel::naturalSortKey(const QString& name) {
  constexpr qsizetype kWidth = 20;  // digit runs right-aligned to this width
  QString key;
  key.reserve(name.size() + kWidth);
  for (qsizetype i = 0; i < name.size();) {
    if (!name[i].isDigit()) {
      key += name[i++].toCaseFolded();
      continue;
    }
    qsizetype end = i;
    while (end < name.size() && name[end].isDigit()) ++end;
    while (i + 1 < end && name[i] == QLatin1Char('0')) ++i;  // leading zeros do not count
    if (end - i < kWidth) key += QString(kWidth - (end - i), QLatin1Char('0'));
    key += QStringView(name).mid(i, end - i);
    i = end;
  }
  return key;
}

int PhotoFilterModel::naturalCompare(const QString& a, const QString& b) {
  qsizetype i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].isDigit() && b[j].isDigit()) {
      qsizetype ie = i, je = j;
      while (ie < a.size() && a[ie].isDigit()) ++ie;
      while (je < b.size() && b[je].isDigit()) ++je;
      // Compare by value without overflow: skip leading zeros, then by length, then digits.
      qsizetype is = i, js = j;
      while (is + 1 < ie && a[is] == QLatin1Char('0')) ++is;
      while (js + 1 < je && b[js] == QLatin1Char('0')) ++js;
      if (ie - is != je - js) return ie - is < je - js ? -1 : 1;
      for (; is < ie; ++is, ++js)
        if (a[is] != b[js]) return a[is] < b[js] ? -1 : 1;
      i = ie;
      j = je;
      continue;
    }
    const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
    if (ca != cb) return ca < cb ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

bool PhotoFilterModel::matches(int sourceRow) const {
  const QModelIndex i = sourceModel()->index(sourceRow, 0);
  if (m_classPhotos && !m_classPhotos->contains(i.data(PhotoListModel::PhotoIdRole).toLongLong()))
    return false;
  if (!m_text.isEmpty() && !static_cast<const PhotoListModel*>(sourceModel())
                                ->nameAt(sourceRow)
                                .contains(m_text, Qt::CaseInsensitive))
    return false;
  const auto status = static_cast<project::PhotoStatus>(i.data(PhotoListModel::StatusRole).toInt());
  const auto split = static_cast<project::Split>(i.data(PhotoListModel::SplitRole).toInt());
  switch (m_category) {
    case All:
      return true;
    case Unlabeled:
      return status == project::PhotoStatus::Unlabeled;
    case InProgress:
      return status == project::PhotoStatus::InProgress;
    case Done:
      return status == project::PhotoStatus::Done;
    case Reviewed:
      return status == project::PhotoStatus::Reviewed;
    case Negative:
      return i.data(PhotoListModel::NegativeRole).toBool();
    case Train:
      return split == project::Split::Train;
    case Valid:
      return split == project::Split::Valid;
    case Test:
      return split == project::Split::Test;
  }
  return true;
}

}  // namespace sam3::ui
