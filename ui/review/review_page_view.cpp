// ReviewPage: the queue, the photo with its overlays and the detection list.
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QSlider>
#include <QTreeWidget>

#include <algorithm>

#include "core/review/review_queue.h"
#include "core/util/errors.h"
#include "ui/image_loader.h"
#include "ui/project_document.h"
#include "ui/review/review_page.h"

namespace sam3::ui {

namespace {

QColor classColor(const ProjectDocument* doc, std::int64_t classId) {
  const auto c = doc ? doc->classInfo(classId) : std::nullopt;
  return c ? QColor(QString::fromStdString(c->color)) : QColor(Qt::cyan);
}

QString className(const ProjectDocument* doc, std::int64_t classId) {
  const auto c = doc ? doc->classInfo(classId) : std::nullopt;
  return c ? QString::fromStdString(c->name) : QString::number(classId);
}

}  // namespace

const review::PhotoPredictions* ReviewPage::record(qint64 photoId) const {
  const auto p = m_doc ? m_doc->photo(photoId) : std::nullopt;
  if (!p) return nullptr;
  const auto it = m_recordsA.find(p->sha256);
  return it == m_recordsA.end() ? nullptr : &it->second;
}

bool ReviewPage::labelled(qint64 photoId) const {
  const auto p = m_doc ? m_doc->photo(photoId) : std::nullopt;
  if (!p) return false;
  if (p->confirmed_negative || p->status == project::PhotoStatus::Done ||
      p->status == project::PhotoStatus::Reviewed)
    return true;
  for (const auto& a : m_doc->annotations(photoId))
    if (a.source == project::Source::Human) return true;
  return false;
}

const std::vector<review::GroundTruth>& ReviewPage::truth(qint64 photoId) const {
  auto it = m_truth.find(photoId);
  if (it != m_truth.end()) return it->second;
  std::vector<review::GroundTruth> gt;
  if (const auto p = m_doc ? m_doc->photo(photoId) : std::nullopt) {
    for (const auto& a : m_doc->annotations(photoId)) {
      if (a.source == project::Source::Model) continue;  // unreviewed model output is no truth
      try {
        gt.push_back(review::ground_truth_of(a, p->width, p->height));
      } catch (const sam3::Error&) {
        // A degenerate shape cannot be matched; validation reports it in the Annotate view.
      }
    }
  }
  return m_truth.emplace(photoId, std::move(gt)).first->second;
}

review::MatchResult ReviewPage::matchOf(qint64 photoId) const {
  const auto* rec = record(photoId);
  static const std::vector<review::PredictedObject> none;
  return review::match_to_ground_truth(rec ? rec->objects : none, truth(photoId), m_threshold);
}

void ReviewPage::annotationsChanged(qint64 photoId) {
  m_truth.erase(photoId);
  if (photoId == m_photoId) refreshPhoto();
  updateQueueTexts();
}

std::vector<qint64> ReviewPage::queue() const {
  return m_queueIds;
}

void ReviewPage::rebuildQueue() {
  std::vector<review::QueueItem> items;
  std::vector<qint64> ids;
  if (m_doc)
    for (const auto& p : m_doc->photos()) {
      review::QueueItem item;
      const auto* rec = record(p.id);
      item.predicted = rec != nullptr;
      if (rec)
        for (const auto& o : rec->objects) item.scores.push_back(o.score);
      if (rec && labelled(p.id)) item.disagreement = matchOf(p.id).disagreement();
      items.push_back(std::move(item));
      ids.push_back(p.id);
    }
  m_queueIds.clear();
  for (std::size_t i : review::order_queue(items, m_order, m_threshold))
    m_queueIds.push_back(ids[i]);
  {
    const QSignalBlocker block(m_queue);
    m_queue->clear();
    for (std::size_t i = 0; i < m_queueIds.size(); ++i) m_queue->addItem(QString());
  }
  updateQueueTexts();
  if (m_photoId == 0 && !m_queueIds.empty())
    showPhoto(m_queueIds.front());
  else if (!m_doc)
    showPhoto(0);
  else
    showPhoto(m_photoId);
}

void ReviewPage::updateQueueTexts() {
  for (std::size_t i = 0; i < m_queueIds.size() && static_cast<int>(i) < m_queue->count(); ++i) {
    const qint64 id = m_queueIds[i];
    const auto p = m_doc ? m_doc->photo(id) : std::nullopt;
    if (!p) continue;
    const QString name = QString::fromStdString(p->original_name);
    const auto* rec = record(id);
    QString detail;
    if (!rec) {
      detail = tr("not predicted");
    } else {
      const int shown =
          static_cast<int>(std::count_if(rec->objects.begin(), rec->objects.end(),
                                         [&](const auto& o) { return o.score >= m_threshold; }));
      detail = tr("%n found", nullptr, shown);
      if (labelled(id)) {
        const auto m = matchOf(id);
        detail += tr(" · %1 false pos. · %2 missed").arg(m.false_positives).arg(m.misses);
      }
    }
    if (p->confirmed_negative) detail += tr(" · negative");
    m_queue->item(static_cast<int>(i))->setText(name + QLatin1Char('\n') + detail);
    m_queue->item(static_cast<int>(i))->setData(Qt::UserRole, id);
  }
}

bool ReviewPage::showPhoto(qint64 photoId) {
  const bool known = std::find(m_queueIds.begin(), m_queueIds.end(), photoId) != m_queueIds.end();
  if (photoId != 0 && !known) return false;
  if (photoId != m_photoId) {
    m_photoId = photoId;
    m_masks.clear();
    m_image = QImage();
    m_selectedRow = -1;
    if (m_doc && photoId != 0) {
      m_imageRequest = m_loader->request(m_doc->photoPath(*m_doc->photo(photoId)));
    }
  }
  const auto row = std::find(m_queueIds.begin(), m_queueIds.end(), photoId) - m_queueIds.begin();
  {
    const QSignalBlocker block(m_queue);
    m_queue->setCurrentRow(known ? static_cast<int>(row) : -1);
  }
  refreshPhoto();
  return true;
}

void ReviewPage::photoLoaded(quint64 id, const QImage& image) {
  if (id == m_imageRequest) {
    m_image = image;
    refreshPhoto();
  }
  if (id == m_compareImageRequest) {
    m_compareImage = image;
    updateCompare();
  }
}

void ReviewPage::next() {
  const auto it = std::find(m_queueIds.begin(), m_queueIds.end(), m_photoId);
  if (it != m_queueIds.end() && it + 1 != m_queueIds.end()) showPhoto(*(it + 1));
}

void ReviewPage::previous() {
  const auto it = std::find(m_queueIds.begin(), m_queueIds.end(), m_photoId);
  if (it != m_queueIds.end() && it != m_queueIds.begin()) showPhoto(*(it - 1));
}

void ReviewPage::setThreshold(double t) {
  m_threshold = std::clamp(t, 0.0, 1.0);
  {
    const QSignalBlocker block(m_slider);
    m_slider->setValue(static_cast<int>(std::lround(m_threshold * 100)));
  }
  m_thresholdValue->setText(QString::number(m_threshold, 'f', 2));
  if (m_order == review::QueueOrder::PhotoOrder) {
    updateQueueTexts();
    refreshPhoto();
  } else {
    rebuildQueue();  // the order depends on the threshold
  }
  updateCompare();
}

void ReviewPage::setTruthMode(TruthMode mode) {
  m_truthMode = mode;
  {
    const QSignalBlocker block(m_truthBox);
    m_truthBox->setCurrentIndex(static_cast<int>(mode));
  }
  m_truthView->setVisible(mode == TruthMode::Beside);
  refreshPhoto();
}

void ReviewPage::setOrder(review::QueueOrder order) {
  m_order = order;
  {
    const QSignalBlocker block(m_orderBox);
    m_orderBox->setCurrentIndex(static_cast<int>(order));
  }
  rebuildQueue();
}

void ReviewPage::fillRows() {
  m_rows.clear();
  const auto* rec = record(m_photoId);
  if (!rec) return;
  const bool isLabelled = labelled(m_photoId);
  const auto match = matchOf(m_photoId);
  const auto rejected = rejectedTags(m_photoId);
  const auto& gt = truth(m_photoId);
  // Annotations accepted from this model's detections, by the detection they name.
  std::map<std::string, std::int64_t> acceptedFrom;
  for (const auto& a : m_doc->annotations(m_photoId)) {
    const auto it = a.attributes.find(kDetectionAttribute);
    if (a.source == project::Source::Accepted && it != a.attributes.end())
      acceptedFrom[it->second] = a.id;
  }
  std::set<std::int64_t> fromShown;  // accepted annotations whose detection is listed
  for (std::size_t i = 0; i < rec->objects.size(); ++i) {
    const auto& o = rec->objects[i];
    if (o.score < m_threshold) continue;
    Row r;
    r.object = static_cast<int>(i);
    r.truth = match.detection_match[i];
    const std::string tag = detectionTag(o);
    if (const auto it = acceptedFrom.find(tag); it != acceptedFrom.end()) {
      r.status = Status::Accepted;
      fromShown.insert(it->second);
    } else if (rejected.count(tag)) {
      r.status = Status::Rejected;
    } else if (r.truth >= 0) {
      r.status = Status::Matched;
    } else {
      r.status = isLabelled ? Status::FalsePositive : Status::Detection;
    }
    m_rows.push_back(r);
  }
  if (isLabelled)
    for (std::size_t g = 0; g < gt.size(); ++g)
      if (match.truth_match[g] == review::MatchResult::kUnmatched &&
          !fromShown.count(gt[g].annotation_id)) {
        Row r;
        r.truth = static_cast<int>(g);
        m_rows.push_back(r);
      }
}

QVector<ReviewView::Overlay> ReviewPage::overlaysFor(const review::PhotoPredictions* rec,
                                                     const std::vector<Row>& rows, bool withTruth,
                                                     std::vector<QImage>& maskCache) const {
  QVector<ReviewView::Overlay> out;
  using Kind = ReviewView::Overlay::Kind;
  const auto& gt = truth(m_photoId);
  const auto photo = m_doc ? m_doc->photo(m_photoId) : std::nullopt;
  auto truthOverlay = [&](int g, Kind kind) {
    const auto& t = gt[static_cast<std::size_t>(g)];
    ReviewView::Overlay o;
    o.kind = kind;
    o.id = -2 - g;
    o.box = QRectF(t.box.x, t.box.y, t.box.w, t.box.h);
    o.color = classColor(m_doc, t.class_id);
    for (const auto& a : m_doc->annotations(m_photoId))
      if (a.id == t.annotation_id)
        for (const auto& ring : a.rings) {
          QPolygonF poly;
          for (const auto& pt : ring) poly << QPointF(pt.x, pt.y);
          o.rings << poly;
        }
    o.label = kind == Kind::Missed ? tr("missed: %1").arg(className(m_doc, t.class_id))
                                   : className(m_doc, t.class_id);
    return o;
  };
  if (withTruth)
    for (int g = 0; g < static_cast<int>(gt.size()); ++g) out << truthOverlay(g, Kind::Truth);
  if (!rec || !photo) return out;
  maskCache.resize(rec->objects.size());
  for (const Row& r : rows) {
    if (r.object < 0) {
      out << truthOverlay(r.truth, Kind::Missed);
      continue;
    }
    const auto& obj = rec->objects[static_cast<std::size_t>(r.object)];
    ReviewView::Overlay o;
    o.id = r.object;
    o.box = QRectF(QPointF(obj.box[0], obj.box[1]), QPointF(obj.box[2], obj.box[3]));
    o.color = classColor(m_doc, obj.class_id);
    QImage& mask = maskCache[static_cast<std::size_t>(r.object)];
    if (mask.isNull()) mask = maskImage(obj.mask);
    o.mask = mask;
    const QString text =
        QStringLiteral("%1 %2").arg(className(m_doc, obj.class_id)).arg(obj.score, 0, 'f', 2);
    switch (r.status) {
      case Status::FalsePositive:
        o.kind = Kind::FalsePositive;
        o.label = tr("FP: %1").arg(text);
        break;
      case Status::Accepted:
        o.kind = Kind::Accepted;
        o.label = tr("✓ %1").arg(text);
        break;
      case Status::Rejected:
        o.kind = Kind::Rejected;
        o.label = tr("rejected: %1").arg(text);
        break;
      default:
        o.label = text;
    }
    out << o;
  }
  return out;
}

QVector<ReviewView::Overlay> ReviewPage::truthOverlays() const {
  QVector<ReviewView::Overlay> out;
  const auto& gt = truth(m_photoId);
  for (int g = 0; g < static_cast<int>(gt.size()); ++g) {
    const auto& t = gt[static_cast<std::size_t>(g)];
    ReviewView::Overlay o;
    o.kind = ReviewView::Overlay::Kind::Detection;
    o.id = -2 - g;
    o.box = QRectF(t.box.x, t.box.y, t.box.w, t.box.h);
    o.color = classColor(m_doc, t.class_id);
    o.mask = maskImage(t.mask);
    o.label = className(m_doc, t.class_id);
    out << o;
  }
  return out;
}

void ReviewPage::refreshPhoto() {
  fillRows();
  const auto* rec = record(m_photoId);
  m_view->setPhoto(m_image);
  m_view->setOverlays(overlaysFor(rec, m_rows, m_truthMode == TruthMode::Overlay, m_masks));
  if (m_truthMode == TruthMode::Beside) {
    m_truthView->setPhoto(m_image);
    m_truthView->setOverlays(truthOverlays());
  }
  const auto photo = m_doc ? m_doc->photo(m_photoId) : std::nullopt;
  m_view->setMessage(!m_doc   ? tr("No project open.")
                     : !photo ? tr("No photo in the review queue.")
                              : tr("Loading the photo…"));
  const QSignalBlocker block(m_detections);
  m_detections->clear();
  for (const Row& r : m_rows) {
    auto* item = new QTreeWidgetItem(m_detections);
    const auto& gt = truth(m_photoId);
    std::int64_t cls = r.object >= 0 ? rec->objects[static_cast<std::size_t>(r.object)].class_id
                                     : gt[static_cast<std::size_t>(r.truth)].class_id;
    item->setText(0, className(m_doc, cls));
    item->setText(
        1, r.object >= 0
               ? QString::number(rec->objects[static_cast<std::size_t>(r.object)].score, 'f', 3)
               : QStringLiteral("–"));
    QString status;
    QColor color;
    if (r.object < 0) {
      status = tr("missed");
      color = ReviewView::missedColor();
    } else {
      switch (r.status) {
        case Status::Detection:
          status = tr("detection");
          break;
        case Status::Matched:
          status = tr("matches ground truth");
          break;
        case Status::FalsePositive:
          status = tr("false positive");
          color = ReviewView::falsePositiveColor();
          break;
        case Status::Accepted:
          status = tr("accepted");
          color = ReviewView::acceptedColor();
          break;
        case Status::Rejected:
          status = tr("rejected");
          break;
      }
    }
    item->setText(2, status);
    if (color.isValid()) item->setForeground(2, color);
  }
  if (m_selectedRow >= static_cast<int>(m_rows.size())) m_selectedRow = -1;
  if (m_selectedRow < 0 && !m_rows.empty()) m_selectedRow = 0;
  if (m_selectedRow >= 0) m_detections->setCurrentItem(m_detections->topLevelItem(m_selectedRow));
  const Row* sel = m_selectedRow >= 0 ? &m_rows[static_cast<std::size_t>(m_selectedRow)] : nullptr;
  m_view->setSelected(!sel ? -1 : sel->object >= 0 ? sel->object : -2 - sel->truth);
  updateButtons();
}

bool ReviewPage::selectRow(int row) {
  if (row < 0 || row >= static_cast<int>(m_rows.size())) return false;
  m_selectedRow = row;
  {
    const QSignalBlocker block(m_detections);
    m_detections->setCurrentItem(m_detections->topLevelItem(row));
  }
  const Row& r = m_rows[static_cast<std::size_t>(row)];
  m_view->setSelected(r.object >= 0 ? r.object : -2 - r.truth);
  updateButtons();
  return true;
}

}  // namespace sam3::ui
