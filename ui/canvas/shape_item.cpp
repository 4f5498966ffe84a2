#include "ui/canvas/shape_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace sam3::ui {
namespace {
constexpr double kHandleHalf = 4.0;  // screen pixels
// Halo and handles reach this many screen pixels past the geometry.
constexpr double kReachPixels = 8.0;
// The score label of a proposal, in screen pixels, at the geometry's top-left corner.
constexpr double kLabelWidth = 40.0;
constexpr double kLabelHeight = 18.0;

bool isProposal(const project::Annotation& a) {
  return a.source == project::Source::Model;
}

QPolygonF boxCorners(const QRectF& r) {
  return QPolygonF({r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()});
}
}  // namespace

ShapeItem::ShapeItem(project::Annotation annotation, QColor colour, double fillOpacity)
    : m_annotation(std::move(annotation)), m_colour(colour), m_fillOpacity(fillOpacity) {
  if (isProposal(m_annotation))
    m_scoreText =
        m_annotation.score ? QString::number(*m_annotation.score, 'f', 2) : QStringLiteral("–");
  rebuildGeometry();
  rebuildStyle();
}

void ShapeItem::rebuildGeometry() {
  prepareGeometryChange();
  m_rings.clear();
  if (m_annotation.kind == project::ShapeKind::Box) {
    const auto& b = m_annotation.bbox;
    QPolygonF corners = boxCorners(QRectF(b[0], b[1], b[2], b[3]));
    if (m_preview.ring == 0 && m_preview.index >= 0 && m_preview.index < 4)
      corners = boxCorners(
          QRectF(corners[(m_preview.index + 2) % 4], m_preview.at).normalized());  // opposite
    m_rings.append(corners);
  } else {
    for (std::size_t r = 0; r < m_annotation.rings.size(); ++r) {
      QPolygonF poly;
      poly.reserve(static_cast<qsizetype>(m_annotation.rings[r].size() + 1));
      for (const auto& p : m_annotation.rings[r]) poly.append(QPointF(p.x, p.y));
      if (static_cast<int>(r) == m_preview.ring) {
        if (m_preview.inserted)
          poly.insert(std::clamp<qsizetype>(m_preview.index, 0, poly.size()), m_preview.at);
        else if (m_preview.index >= 0 && m_preview.index < poly.size())
          poly[m_preview.index] = m_preview.at;
      }
      m_rings.append(poly);
    }
  }
  m_path = QPainterPath();
  m_path.setFillRule(Qt::OddEvenFill);
  for (const QPolygonF& ring : m_rings) {
    m_path.addPolygon(ring);
    m_path.closeSubpath();
  }
  const double margin = kReachPixels * m_screenPixel;
  m_bounds = m_path.boundingRect().adjusted(-margin, -margin, margin, margin);
  if (!m_scoreText.isEmpty())
    m_bounds |= QRectF(m_path.boundingRect().topLeft(),
                       QSizeF(kLabelWidth * m_screenPixel, kLabelHeight * m_screenPixel));
}

void ShapeItem::rebuildStyle() {
  const bool selected = isSelected();
  QColor fill = m_colour;
  const double extra = selected ? 0.1 : (m_highlighted ? 0.2 : 0.0);
  const bool proposal = isProposal(m_annotation);
  // A proposal is not the inspector's yet: half the fill, a dashed outline wide enough to see.
  const double opacity = proposal ? m_fillOpacity * 0.5 : m_fillOpacity;
  fill.setAlphaF(static_cast<float>(std::clamp(opacity + extra, 0.0, 1.0)));
  m_fill = QBrush(fill);
  m_pen = QPen(m_colour, selected || m_highlighted ? 3.0 : (proposal ? 2.0 : 1.0),
               proposal ? Qt::DashLine : Qt::SolidLine);
  m_pen.setCosmetic(true);
  m_pen.setJoinStyle(Qt::BevelJoin);
  // A dark halo under the selected (and hovered) outline: visible on bright and dark photos.
  m_haloPen = QPen(QColor(0, 0, 0, selected ? 200 : 140), selected ? 6.0 : 5.0);
  // A proposal's dashes alternate with a light line under them: unlike any human outline.
  if (proposal && !selected && !m_highlighted) m_haloPen = QPen(QColor(255, 255, 255, 200), 4.0);
  m_haloPen.setCosmetic(true);
  m_haloPen.setJoinStyle(Qt::BevelJoin);
  m_handlePen = QPen(Qt::black, 1.0);
  m_handlePen.setCosmetic(true);
  update();
}

void ShapeItem::setPreview(int ring, int index, QPointF at, bool inserted) {
  m_preview = {ring, index, at, inserted};
  rebuildGeometry();
}

void ShapeItem::clearPreview() {
  m_preview = {};
  rebuildGeometry();
}

void ShapeItem::setScreenPixel(double photoPixels) {
  if (photoPixels == m_screenPixel || !(photoPixels > 0)) return;
  m_screenPixel = photoPixels;
  rebuildGeometry();
}

void ShapeItem::setHighlighted(bool on) {
  if (on == m_highlighted) return;
  m_highlighted = on;
  rebuildStyle();
}

void ShapeItem::setFillOpacity(double opacity) {
  m_fillOpacity = opacity;
  rebuildStyle();
}

bool ShapeItem::containsScenePoint(QPointF scenePos) const {
  const QPointF p = mapFromScene(scenePos);
  return m_path.boundingRect().contains(p) && m_path.contains(p);
}

QVariant ShapeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemSelectedHasChanged) rebuildStyle();
  return QGraphicsItem::itemChange(change, value);
}

QRectF ShapeItem::boundingRect() const {
  return m_bounds;
}

void ShapeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  const bool selected = isSelected();
  painter->setRenderHint(QPainter::Antialiasing);
  // Proposals always get the halo: their dashed outline must show on any photo.
  if (selected || m_highlighted || !m_scoreText.isEmpty()) {
    painter->setPen(m_haloPen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
  }
  // Fill without antialiasing (the cheap scan converter), then the antialiased outline over its
  // edge: a one-pixel cosmetic pen takes the raster engine's fast line path, not the stroker.
  painter->setRenderHint(QPainter::Antialiasing, false);
  painter->setPen(Qt::NoPen);
  painter->setBrush(m_fill);
  painter->drawPath(m_path);
  painter->setRenderHint(QPainter::Antialiasing, true);
  painter->setPen(m_pen);
  painter->setBrush(Qt::NoBrush);
  painter->drawPath(m_path);
  if (!m_scoreText.isEmpty()) paintScore(painter);
  if (!selected) return;
  // Vertex handles: a fixed size on screen whatever the zoom.
  const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
  const double half = kHandleHalf / std::max(scale, 1e-6);
  painter->setPen(m_handlePen);
  painter->setBrush(Qt::white);
  for (const QPolygonF& ring : m_rings)
    for (const QPointF& p : ring)
      painter->drawRect(QRectF(p.x() - half, p.y() - half, 2 * half, 2 * half));
}

void ShapeItem::paintScore(QPainter* painter) const {
  // In screen pixels, so the label keeps its size at any zoom.
  const QPointF at = painter->worldTransform().map(m_path.boundingRect().topLeft());
  const QTransform world = painter->worldTransform();
  painter->setWorldTransform(QTransform());
  const QRectF label(at, QSizeF(kLabelWidth, kLabelHeight));
  painter->setPen(Qt::NoPen);
  painter->setBrush(QColor(0, 0, 0, 190));
  painter->drawRect(label);
  painter->setPen(m_colour.lighter(130));
  painter->drawText(label.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, m_scoreText);
  painter->setWorldTransform(world);
}

}  // namespace sam3::ui
