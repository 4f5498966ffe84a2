#pragma once
// The annotation canvas: a QGraphicsView whose scene coordinates are pixels of the stored
// (EXIF-corrected) photo. Shows the photo (decoded on the ImageLoader's thread) and its
// annotations; tools edit them through the ProjectDocument only (every edit is undoable), and the
// view redraws from the store when the document says the photo's annotations changed.
// Select tool: click selects, drag a vertex moves it, drag on an edge inserts a vertex, Delete
// removes the clicked vertex (or the shape when none). Polygon tool: click points, close on the
// first point or Enter, Backspace drops the last point, Esc cancels. Box tool: drag a rectangle.
// Wheel zooms around the cursor, middle button or left drag on empty space pans.
#include <QGraphicsView>

#include <optional>
#include <vector>

#include "core/project/types.h"

class QGraphicsPathItem;
class QGraphicsPixmapItem;

namespace sam3::ui {

class ImageLoader;
class ProjectDocument;
class ShapeItem;

class AnnotationCanvas : public QGraphicsView {
  Q_OBJECT
 public:
  enum class Tool { Select, Polygon, Box };

  explicit AnnotationCanvas(QWidget* parent = nullptr);
  ~AnnotationCanvas() override;
  void setDocument(ProjectDocument* doc);
  void setPhoto(qint64 photoId);  // 0: none
  qint64 photoId() const { return m_photoId; }
  bool isPhotoLoaded() const;

  void setTool(Tool tool);
  Tool tool() const { return m_tool; }
  void setCurrentClass(qint64 classId) { m_classId = classId; }  // for new shapes
  qint64 currentClass() const { return m_classId; }
  void setFillOpacity(double opacity);  // 0..1
  double fillOpacity() const { return m_fillOpacity; }
  double zoom() const;  // screen pixels per photo pixel

  std::optional<project::Annotation> selectedAnnotation() const;
  void selectAnnotation(qint64 annotationId);  // 0: none
  int draftPointCount() const { return static_cast<int>(m_draft.size()); }

 public Q_SLOTS:
  void zoomToFit();
  void zoomActualSize();
  void zoomBy(double factor);

 Q_SIGNALS:
  void cursorMoved(QPointF photoPixel, bool insidePhoto);
  void zoomChanged(double zoom);
  void photoLoaded(qint64 photoId);
  void photoFailed(qint64 photoId, const QString& message);
  void selectionChanged(qint64 annotationId);
  void toolChanged(sam3::ui::AnnotationCanvas::Tool tool);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct VertexHit {
    int ring = -1;
    int index = -1;
    bool onEdge = false;  // index is where a vertex would be inserted
    QPointF at;
  };
  void reloadShapes();
  void imageLoaded(quint64 requestId, const QImage& image);
  ShapeItem* selectedItem() const;
  ShapeItem* shapeAt(QPointF scenePos) const;
  std::optional<VertexHit> vertexAt(const ShapeItem* item, QPointF scenePos) const;
  QPointF clampToPhoto(QPointF p) const;
  double screenToScene(double pixels) const { return pixels / std::max(zoom(), 1e-9); }
  void updateDraft(QPointF cursor);
  void finishPolygon();
  void cancelDraft();
  void deleteSelection();
  void updateSmoothing();

  ProjectDocument* m_doc = nullptr;
  ImageLoader* m_loader;
  QGraphicsPixmapItem* m_pixmap;
  QGraphicsPathItem* m_draftItem;
  qint64 m_photoId = 0;
  QSize m_photoSize;
  quint64 m_pendingRequest = 0;
  bool m_loaded = false;
  Tool m_tool = Tool::Select;
  qint64 m_classId = 0;
  double m_fillOpacity = 0.35;
  std::vector<ShapeItem*> m_shapes;
  qint64 m_selectedId = 0;
  std::optional<VertexHit> m_activeVertex;  // last clicked vertex of the selection
  bool m_draggingVertex = false;
  bool m_vertexMoved = false;
  std::vector<QPointF> m_draft;  // polygon points placed so far, or the box's first corner
  bool m_panning = false;
  QPoint m_panFrom;
};

}  // namespace sam3::ui
