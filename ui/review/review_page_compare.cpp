// ReviewPage: the Model A/B tab (the same photo with two models, and where they disagree).
#include <QLabel>
#include <QListWidget>

#include "ui/image_loader.h"
#include "ui/project_document.h"
#include "ui/review/model_compare.h"
#include "ui/review/review_page.h"

namespace sam3::ui {

const review::PhotoPredictions* ReviewPage::recordB(qint64 photoId) const {
  const auto p = m_doc ? m_doc->photo(photoId) : std::nullopt;
  if (!p) return nullptr;
  const auto it = m_recordsB.find(p->sha256);
  return it == m_recordsB.end() ? nullptr : &it->second;
}

std::vector<qint64> ReviewPage::disagreements() const {
  std::vector<qint64> out;
  if (!m_doc) return out;
  for (const auto& p : m_doc->photos()) {
    const auto a = m_recordsA.find(p.sha256);
    const auto b = m_recordsB.find(p.sha256);
    if (a == m_recordsA.end() || b == m_recordsB.end()) continue;
    if (review::compare_models(a->second.objects, b->second.objects, m_threshold).disagree())
      out.push_back(p.id);
  }
  return out;
}

void ReviewPage::updateCompare() {
  QListWidget* list = m_compare->list();
  const std::vector<qint64> ids = disagreements();
  {
    const QSignalBlocker block(list);
    list->clear();
    for (qint64 id : ids) {
      const auto p = m_doc->photo(id);
      const auto d = review::compare_models(m_recordsA.at(p->sha256).objects,
                                            m_recordsB.at(p->sha256).objects, m_threshold);
      QString text = tr("%1\nA: %2, B: %3 · only A: %4 · only B: %5")
                         .arg(QString::fromStdString(p->original_name))
                         .arg(d.count_a)
                         .arg(d.count_b)
                         .arg(d.only_a)
                         .arg(d.only_b);
      if (d.class_changes > 0) text += tr(" · other class: %1").arg(d.class_changes);
      auto* item = new QListWidgetItem(text, list);
      item->setData(Qt::UserRole, id);
      if (id == m_comparePhoto) list->setCurrentItem(item);
    }
  }
  int both = 0;
  if (m_doc)
    for (const auto& p : m_doc->photos())
      both += m_recordsA.count(p.sha256) && m_recordsB.count(p.sha256) ? 1 : 0;
  m_compare->summary()->setText(
      both == 0 ? tr("Predict with both models to compare them.")
                : tr("%1 of %2 photos predicted by both models differ at threshold %3.")
                      .arg(ids.size())
                      .arg(both)
                      .arg(m_threshold, 0, 'f', 2));
  if (m_comparePhoto == 0 && !ids.empty()) {
    showComparePhoto(ids.front());
    return;
  }
  // Draw the photo with each model's detections at the threshold.
  const auto photo = m_doc ? m_doc->photo(m_comparePhoto) : std::nullopt;
  auto draw = [&](ReviewView* view, const std::map<std::string, review::PhotoPredictions>& recs,
                  std::vector<QImage>& cache, const QString& label) {
    view->setTitle(label);
    view->setPhoto(photo ? m_compareImage : QImage());
    view->setMessage(photo ? tr("Loading the photo…") : tr("Choose a photo from the list."));
    QVector<ReviewView::Overlay> overlays;
    const auto it = photo ? recs.find(photo->sha256) : recs.end();
    if (it != recs.end()) {
      cache.resize(it->second.objects.size());
      for (std::size_t i = 0; i < it->second.objects.size(); ++i) {
        const auto& o = it->second.objects[i];
        if (o.score < m_threshold) continue;
        ReviewView::Overlay ov;
        ov.id = static_cast<int>(i);
        ov.box = QRectF(QPointF(o.box[0], o.box[1]), QPointF(o.box[2], o.box[3]));
        const auto c = m_doc->classInfo(o.class_id);
        ov.color = c ? QColor(QString::fromStdString(c->color)) : QColor(Qt::cyan);
        if (cache[i].isNull()) cache[i] = maskImage(o.mask);
        ov.mask = cache[i];
        ov.label = QStringLiteral("%1 %2")
                       .arg(c ? QString::fromStdString(c->name) : QString::number(o.class_id))
                       .arg(o.score, 0, 'f', 2);
        overlays << ov;
      }
    }
    view->setOverlays(overlays);
  };
  draw(m_compare->viewA(), m_recordsA, m_compareMasksA, tr("A: %1").arg(model().label));
  draw(m_compare->viewB(), m_recordsB, m_masksB, tr("B: %1").arg(m_modelB.label));
}

void ReviewPage::showComparePhoto(qint64 photoId) {
  if (photoId != m_comparePhoto) {
    m_comparePhoto = photoId;
    m_compareImage = QImage();
    m_compareMasksA.clear();
    m_masksB.clear();
    if (const auto p = m_doc ? m_doc->photo(photoId) : std::nullopt)
      m_compareImageRequest = m_loader->request(m_doc->photoPath(*p));
  }
  updateCompare();
}

}  // namespace sam3::ui
