#include "ui/canvas/shape_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace sam3::ui {

ShapeItem::ShapeItem(project::Annotation annotation, QColor colour, double fillOpacity)
    : m_annotation(std::move(annotation)), m_colour(colour), m_fillOpacity(fillOpacity) {
  setAcceptHoverEvents(true);
}

QList<QPolygonF> ShapeItem::rings() const {
  QList<QPolygonF> out;
  if (m_annotation.kind == project::ShapeKind::Box) {
    const auto& b = m_annotation.bbox;
    out.append(QPolygonF(QRectF(b[0], b[1], b[2], b[3])).mid(0, 4));
    return out;
  }
  for (std::size_t r = 0; r < m_annotation.rings.size(); ++r) {
    QPolygonF poly;
    for (const auto& p : m_annotation.rings[r]) poly.append(QPointF(p.x, p.y));
    if (static_cast<int>(r) == m_preview.ring) {
      if (m_preview.inserted)
        poly.insert(m_preview.index, m_preview.at);
      else if (m_preview.index >= 0 && m_preview.index < poly.size())
        poly[m_preview.index] = m_preview.at;
    }
    out.append(poly);
  }
  return out;
}

QPolygonF ShapeItem::outline() const {
  const auto all = rings();
  return all.isEmpty() ? QPolygonF() : all.first();
}

QPainterPath ShapeItem::path() const {
  QPainterPath p;
  p.setFillRule(Qt::OddEvenFill);
  for (const QPolygonF& ring : rings()) {
    p.addPolygon(ring);
    p.closeSubpath();
  }
  return p;
}

void ShapeItem::setPreview(int ring, int index, QPointF at, bool inserted) {
  prepareGeometryChange();
  m_preview = {ring, index, at, inserted};
}

void ShapeItem::clearPreview() {
  prepareGeometryChange();
  m_preview = {};
}

void ShapeItem::setHighlighted(bool on) {
  m_highlighted = on;
  update();
}

void ShapeItem::setFillOpacity(double opacity) {
  m_fillOpacity = opacity;
  update();
}

QRectF ShapeItem::boundingRect() const {
  // Handles and the cosmetic outline reach a few screen pixels past the geometry; at high zoom out
  // those pixels are many photo pixels, so leave a generous margin.
  return path().boundingRect().adjusted(-64, -64, 64, 64);
}

QPainterPath ShapeItem::shape() const {
  return path();
}

void ShapeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  const bool selected = isSelected();
  QColor fill = m_colour;
  fill.setAlphaF(
      static_cast<float>(std::clamp(m_fillOpacity + (m_highlighted ? 0.15 : 0.0), 0.0, 1.0)));
  QPen pen(m_colour, selected ? 3.0 : (m_highlighted ? 2.5 : 1.5));
  pen.setCosmetic(true);
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setPen(pen);
  painter->setBrush(fill);
  painter->drawPath(path());
  if (!selected) return;
  // Vertex handles: 7 screen pixels whatever the zoom.
  const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
  const double half = 3.5 / std::max(scale, 1e-6);
  QPen handlePen(Qt::black, 1.0);
  handlePen.setCosmetic(true);
  painter->setPen(handlePen);
  painter->setBrush(Qt::white);
  for (const QPolygonF& ring : rings())
    for (const QPointF& p : ring)
      painter->drawRect(QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half));
}

}  // namespace sam3::ui
