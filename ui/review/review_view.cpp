#include "ui/review/review_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace sam3::ui {

namespace {

QPen penFor(const ReviewView::Overlay& o, bool selected) {
  using Kind = ReviewView::Overlay::Kind;
  QPen pen(o.color, selected ? 4.0 : 2.0);
  pen.setCosmetic(true);
  switch (o.kind) {
    case Kind::FalsePositive:
      pen.setColor(ReviewView::falsePositiveColor());
      pen.setStyle(Qt::DashLine);
      pen.setWidthF(selected ? 4.5 : 3.0);
      break;
    case Kind::Missed:
      pen.setColor(ReviewView::missedColor());
      pen.setStyle(Qt::DashDotLine);
      pen.setWidthF(selected ? 4.5 : 3.0);
      break;
    case Kind::Truth:
      pen.setStyle(Qt::DashLine);
      pen.setWidthF(selected ? 3.0 : 1.5);
      break;
    case Kind::Accepted:
      pen.setColor(ReviewView::acceptedColor());
      break;
    case Kind::Rejected:
      pen.setColor(QColor(150, 150, 150));
      pen.setStyle(Qt::DotLine);
      break;
    case Kind::Detection:
      break;
  }
  return pen;
}

}  // namespace

QImage maskImage(const eval::Rle& rle) {
  if (rle.h == 0 || rle.w == 0) return {};
  const auto columns = eval::rle_decode(rle);
  QImage img(static_cast<int>(rle.w), static_cast<int>(rle.h), QImage::Format_Grayscale8);
  for (int y = 0; y < img.height(); ++y) {
    uchar* line = img.scanLine(y);
    for (int x = 0; x < img.width(); ++x)
      line[x] = columns[static_cast<std::size_t>(x) * rle.h + static_cast<std::size_t>(y)];
  }
  return img;
}

ReviewView::ReviewView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(240, 180);
  setAutoFillBackground(false);
  setFocusPolicy(Qt::ClickFocus);
}

void ReviewView::setTitle(const QString& title) {
  m_title = title;
  update();
}

void ReviewView::setMessage(const QString& message) {
  m_message = message;
  update();
}

void ReviewView::setPhoto(const QImage& photo) {
  if (photo.cacheKey() == m_photo.cacheKey()) return;
  m_photo = photo;
  composeMasks();
  update();
}

void ReviewView::setOverlays(const QVector<Overlay>& overlays) {
  m_overlays = overlays;
  composeMasks();
  update();
}

void ReviewView::setSelected(int id) {
  if (m_selected == id) return;
  m_selected = id;
  composeMasks();
  update();
}

void ReviewView::composeMasks() {
  m_masks = QImage();
  if (m_photo.isNull()) return;
  m_masks = QImage(m_photo.size(), QImage::Format_ARGB32_Premultiplied);
  m_masks.fill(Qt::transparent);
  for (const Overlay& o : m_overlays) {
    if (o.mask.isNull() || o.mask.size() != m_photo.size() || o.kind == Overlay::Kind::Rejected)
      continue;
    QColor c = o.kind == Overlay::Kind::FalsePositive ? falsePositiveColor()
               : o.kind == Overlay::Kind::Accepted    ? acceptedColor()
                                                      : o.color;
    // Light enough that the photo stays readable under many masks.
    const int alpha = o.id == m_selected ? 120 : 55;
    const QRgb tint = qPremultiply(qRgba(c.red(), c.green(), c.blue(), alpha));
    for (int y = 0; y < o.mask.height(); ++y) {
      const uchar* in = o.mask.constScanLine(y);
      auto* out = reinterpret_cast<QRgb*>(m_masks.scanLine(y));
      for (int x = 0; x < o.mask.width(); ++x)
        if (in[x]) out[x] = tint;  // later overlays win where masks overlap
    }
  }
}

QRectF ReviewView::photoRect() const {
  if (m_photo.isNull()) return {};
  const QSizeF area = QSizeF(size()) - QSizeF(8, 8);
  const QSizeF fitted = QSizeF(m_photo.size()).scaled(area, Qt::KeepAspectRatio);
  return {QPointF((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted};
}

void ReviewView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  p.setRenderHint(QPainter::Antialiasing);
  if (m_photo.isNull()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_message);
  } else {
    const QRectF target = photoRect();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(target, m_photo);
    p.drawImage(target, m_masks);
    const double s = target.width() / m_photo.width();
    auto map = [&](QPointF q) { return target.topLeft() + q * s; };
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetrics fm(small);
    for (const Overlay& o : m_overlays) {
      const bool selected = o.id == m_selected;
      p.setPen(penFor(o, selected));
      p.setBrush(Qt::NoBrush);
      for (const QPolygonF& ring : o.rings) {
        QPolygonF mapped;
        for (const QPointF& q : ring) mapped << map(q);
        p.drawPolygon(mapped);
      }
      const QRectF box(map(o.box.topLeft()), map(o.box.bottomRight()));
      if (o.rings.isEmpty() || o.kind == Overlay::Kind::Missed) p.drawRect(box);
      if (o.label.isEmpty()) continue;
      const QColor bg = p.pen().color();
      const QRect textBox = fm.boundingRect(o.label).adjusted(-3, -1, 3, 1);
      QRectF tag(box.topLeft() - QPointF(0, textBox.height()), textBox.size());
      if (tag.top() < target.top()) tag.moveTop(box.top());
      p.fillRect(tag, bg);
      p.setPen(qGray(bg.rgb()) > 140 ? Qt::black : Qt::white);
      p.drawText(tag, Qt::AlignCenter, o.label);
    }
  }
  if (!m_title.isEmpty()) {
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const QRect r = QFontMetrics(bold).boundingRect(m_title).adjusted(-6, -3, 6, 3);
    const QRect tag(QPoint(6, 6), r.size());
    p.fillRect(tag, QColor(0, 0, 0, 170));
    p.setPen(Qt::white);
    p.drawText(tag, Qt::AlignCenter, m_title);
  }
}

void ReviewView::mousePressEvent(QMouseEvent* event) {
  const QRectF target = photoRect();
  if (target.isEmpty()) return;
  const double s = target.width() / m_photo.width();
  const QPointF at = (event->position() - target.topLeft()) / s;
  // The smallest box under the cursor wins (a detection inside another stays reachable).
  int best = -1;
  double bestArea = 0;
  for (const Overlay& o : m_overlays) {
    if (!o.box.contains(at)) continue;
    const double area = o.box.width() * o.box.height();
    if (best == -1 || area < bestArea) {
      best = o.id;
      bestArea = area;
    }
  }
  if (best != -1) Q_EMIT overlayClicked(best);
}

}  // namespace sam3::ui
