#pragma once
// The photo under the shapes, drawn from a level-of-detail pyramid: level 0 is the full-resolution
// photo, each further level half the previous one (down to kSmallestSide). paint() picks the
// coarsest level that still has at least one pixel per screen pixel and draws only the exposed
// part of it, so a 12 MP photo costs what the viewport shows, not what the photo holds. Magnified
// (more than one screen pixel per photo pixel) it draws level 0 without smoothing, so inspectors
// see the real pixels; shrunk, it smooths between the two nearest densities.
// Scene coordinates stay pixels of the full photo at every level. GUI thread only; the pyramid
// is built by buildPyramid(), which may run on any thread.
#include <QGraphicsItem>
#include <QImage>

#include <vector>

namespace sam3::ui {

class PhotoItem : public QGraphicsItem {
 public:
  static constexpr int kSmallestSide = 512;  // no level below this many pixels on the long side

  // Full resolution first, then halves; every image converted to a format the raster engine
  // draws without per-frame conversion (RGB32 or ARGB32_Premultiplied).
  static std::vector<QImage> buildPyramid(const QImage& full);

  PhotoItem();
  // The photo of `size` pixels, drawn from `levels` (levels[0] of that size; may be only level 0
  // until the coarser levels arrive through setLevels()).
  void setLevels(std::vector<QImage> levels);
  void clear();
  QSize photoSize() const { return m_levels.empty() ? QSize() : m_levels.front().size(); }
  int levelCount() const { return static_cast<int>(m_levels.size()); }
  // The level paint() uses at `lod` screen pixels per photo pixel.
  int levelFor(double lod) const;

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  std::vector<QImage> m_levels;
};

}  // namespace sam3::ui
