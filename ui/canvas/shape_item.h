#pragma once
// One annotation drawn on the canvas: its polygon (rings, holes even-odd) or box in its class
// colour, filled with the canvas' fill opacity; vertex handles of constant screen size when
// selected. Scene coordinates are pixels of the stored (EXIF-corrected) photo.
#include <QColor>
#include <QGraphicsItem>

#include "core/project/types.h"

namespace sam3::ui {

class ShapeItem : public QGraphicsItem {
 public:
  ShapeItem(project::Annotation annotation, QColor colour, double fillOpacity);

  const project::Annotation& annotation() const { return m_annotation; }
  // The outer ring (a box as its four corners) with the edit preview applied.
  QPolygonF outline() const;
  void setPreview(int ring, int index, QPointF at, bool inserted);  // vertex being dragged
  void clearPreview();
  void setHighlighted(bool on);
  void setFillOpacity(double opacity);

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  QPainterPath path() const;
  QList<QPolygonF> rings() const;

  project::Annotation m_annotation;
  QColor m_colour;
  double m_fillOpacity;
  bool m_highlighted = false;
  struct Preview {
    int ring = -1;
    int index = -1;
    QPointF at;
    bool inserted = false;
  } m_preview;
};

}  // namespace sam3::ui
