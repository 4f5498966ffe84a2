#include "ui/canvas/photo_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace sam3::ui {

std::vector<QImage> PhotoItem::buildPyramid(const QImage& full) {
  std::vector<QImage> levels;
  if (full.isNull()) return levels;
  const QImage::Format format =
      full.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
  levels.push_back(full.format() == format ? full : full.convertToFormat(format));
  while (std::max(levels.back().width(), levels.back().height()) > 2 * kSmallestSide) {
    const QImage& prev = levels.back();
    // An exact 2:1 smooth reduction averages each 2 x 2 block: no aliasing, sharp enough.
    levels.push_back(prev.scaled(std::max(1, prev.width() / 2), std::max(1, prev.height() / 2),
                                 Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
  }
  return levels;
}

PhotoItem::PhotoItem() {
  setFlag(ItemUsesExtendedStyleOption);  // exposedRect: draw only what the view needs
}

void PhotoItem::setLevels(std::vector<QImage> levels) {
  prepareGeometryChange();
  m_levels = std::move(levels);
  update();
}

void PhotoItem::clear() {
  setLevels({});
}

int PhotoItem::levelFor(double lod) const {
  int level = 0;
  const double full = m_levels.empty() ? 0.0 : m_levels.front().width();
  // Step down while the next level still has at least one pixel per screen pixel.
  while (level + 1 < levelCount() && m_levels[level + 1].width() >= lod * full) ++level;
  return level;
}

QRectF PhotoItem::boundingRect() const {
  return QRectF(QPointF(0, 0), QSizeF(photoSize()));
}

void PhotoItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  if (m_levels.empty()) return;
  const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
  const QImage& image = m_levels[static_cast<std::size_t>(levelFor(lod))];
  const QSize full = photoSize();
  const double sx = static_cast<double>(image.width()) / full.width();
  const double sy = static_cast<double>(image.height()) / full.height();
  // The exposed part in level pixels, widened to whole pixels (plus one for the smoothing
  // kernel), and the scene rectangle those exact pixels cover.
  const QRectF exposed = option->exposedRect.intersected(boundingRect());
  if (exposed.isEmpty()) return;
  const int x0 = std::max(0, static_cast<int>(std::floor(exposed.left() * sx)) - 1);
  const int y0 = std::max(0, static_cast<int>(std::floor(exposed.top() * sy)) - 1);
  const int x1 = std::min(image.width(), static_cast<int>(std::ceil(exposed.right() * sx)) + 1);
  const int y1 = std::min(image.height(), static_cast<int>(std::ceil(exposed.bottom() * sy)) + 1);
  if (x1 <= x0 || y1 <= y0) return;
  const QRect source(x0, y0, x1 - x0, y1 - y0);
  const QRectF target(x0 / sx, y0 / sy, (x1 - x0) / sx, (y1 - y0) / sy);
  const QTransform world = painter->worldTransform();
  const QPointF origin = world.map(target.topLeft());
  // One screen pixel per level pixel at a whole-pixel position (zoom 1/2, 1/4 ... while panning;
  // within 1e-6 in scale and 1/1000 pixel in place, so a zoom reached by steps still counts):
  // a plain copy. Drawn through the scaled transform, the raster engine would resample it (and
  // hand that to its thread pool) only to land on the same pixels.
  const bool oneToOne = world.type() <= QTransform::TxScale &&
                        std::abs(world.m11() / sx - 1.0) < 1e-6 &&
                        std::abs(world.m22() / sy - 1.0) < 1e-6 &&
                        std::abs(origin.x() - std::round(origin.x())) < 1e-3 &&
                        std::abs(origin.y() - std::round(origin.y())) < 1e-3;
  if (oneToOne) {
    painter->setWorldTransform(QTransform());
    painter->drawImage(
        QPoint(static_cast<int>(std::round(origin.x())), static_cast<int>(std::round(origin.y()))),
        image, source);
    painter->setWorldTransform(world);
    return;
  }
  painter->setRenderHint(QPainter::SmoothPixmapTransform, lod < 1.0);
  painter->drawImage(target, image, source);
}

}  // namespace sam3::ui
