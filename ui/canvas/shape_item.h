#pragma once
// One annotation drawn on the canvas: its polygon (rings[0] outer, rings[1..] holes, filled
// odd-even so holes show the photo) or box, in its class colour, filled with the canvas' fill
// opacity. Hovered shapes fill stronger and outline wider; the selected one gets a dark halo under
// a wide outline and vertex handles of constant screen size. Scene coordinates are pixels of the
// stored (EXIF-corrected) photo. A model proposal (source = model) is drawn with a dashed outline,
// a lighter fill and its score in a label at its top-left corner. Geometry, path, pens and brushes
// are built when the shape or its look changes, never while painting, so panning many shapes
// allocates nothing per frame.
#include <QBrush>
#include <QColor>
#include <QGraphicsItem>
#include <QPainterPath>
#include <QPen>
#include <QString>

#include "core/project/types.h"

namespace sam3::ui {

class ShapeItem : public QGraphicsItem {
 public:
  ShapeItem(project::Annotation annotation, QColor colour, double fillOpacity);

  const project::Annotation& annotation() const { return m_annotation; }
  QColor colour() const { return m_colour; }
  // Rings as drawn (a box as its four corners, clockwise from top-left), edit preview applied.
  const QList<QPolygonF>& rings() const { return m_rings; }
  QPolygonF outline() const { return m_rings.isEmpty() ? QPolygonF() : m_rings.first(); }
  // Vertex being dragged (inserted: a new vertex before `index`); a box corner moves the corner.
  void setPreview(int ring, int index, QPointF at, bool inserted);
  void clearPreview();
  bool hasPreview() const { return m_preview.ring >= 0; }
  // How many photo pixels one screen pixel covers at the view's zoom: the bounds reach that far
  // past the geometry for the halo and handles (drawn in screen pixels).
  void setScreenPixel(double photoPixels);
  void setHighlighted(bool on);
  bool isHighlighted() const { return m_highlighted; }
  void setFillOpacity(double opacity);
  // Scene point inside the shape (holes excluded), wherever the item has been dragged to.
  bool containsScenePoint(QPointF scenePos) const;

  QRectF boundingRect() const override;
  QPainterPath shape() const override { return m_path; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

 private:
  void rebuildGeometry();
  void rebuildStyle();
  void paintScore(QPainter* painter) const;

  project::Annotation m_annotation;
  QColor m_colour;
  double m_fillOpacity;
  bool m_highlighted = false;
  double m_screenPixel = 1.0;
  struct Preview {
    int ring = -1;
    int index = -1;
    QPointF at;
    bool inserted = false;
  } m_preview;
  QList<QPolygonF> m_rings;
  QPainterPath m_path;
  QRectF m_bounds;
  QPen m_pen;
  QPen m_haloPen;
  QPen m_handlePen;
  QBrush m_fill;
  QString m_scoreText;  // model proposals only
};

}  // namespace sam3::ui
