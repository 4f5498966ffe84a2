#pragma once
// The annotation canvas: a QGraphicsView whose scene coordinates are pixels of the stored
// (EXIF-corrected) photo at full resolution, whatever level of detail is drawn. Shows the photo
// (decoded on the ImageLoader's thread, its pyramid built on the thread pool) and its annotations;
// tools edit them through the ProjectDocument only (every edit is one undo step written to the
// store at once), and the view redraws from the store when the document says they changed.
// Select tool: click selects; drag a vertex (or a box corner) moves it, drag an edge inserts a
// vertex, drag the body moves the shape (Esc during a drag cancels it), arrow keys nudge it by a
// pixel (Shift: ten); Delete removes the clicked vertex (a hole that would drop below three points
// goes whole), else the shape; 1..9 give the selected shape the n-th class.
// Polygon tool: click points, close on the first point or Enter, Backspace drops the last point,
// Esc cancels. Box tool: drag a rectangle. Hole tool: draw a polygon like the polygon tool; its
// area is cut out of the selected polygon (or the polygon under its first point).
// Smart tool: a CanvasToolHandler (ui/smart) gets the clicks, drags and keys (right clicks too:
// no context menu while it is active).
// Model proposals (source = model) are drawn dashed with their score; the context menu accepts
// or rejects them.
// Ctrl+C copies the selected shape (all shapes of the photo when none is selected), Ctrl+V pastes
// them into the photo shown, moved or clamped into it. A right click opens a menu with the same
// edits. Wheel zooms around the cursor; middle drag, or left drag on empty space, pans.
// GUI thread only.
#include <QGraphicsView>

#include <optional>
#include <vector>

#include "core/project/types.h"

class QGraphicsPathItem;
class QTimer;
class QMenu;
template <typename T>
class QFutureWatcher;

namespace sam3::ui {

class ImageLoader;
class PhotoItem;
class ProjectDocument;
class ShapeItem;
class CanvasToolHandler;

class AnnotationCanvas : public QGraphicsView {
  Q_OBJECT
 public:
  enum class Tool { Select, Polygon, Box, Hole, Smart };

  explicit AnnotationCanvas(QWidget* parent = nullptr);
  ~AnnotationCanvas() override;
  void setDocument(ProjectDocument* doc);
  void setPhoto(qint64 photoId);  // 0: none
  qint64 photoId() const { return m_photoId; }
  bool isPhotoLoaded() const { return m_loaded; }
  const PhotoItem* photoItem() const { return m_photo; }

  void setTool(Tool tool);
  Tool tool() const { return m_tool; }
  // The handler of Tool::Smart (nullptr: the tool only says that it is unavailable).
  void setSmartHandler(CanvasToolHandler* handler) { m_smart = handler; }
  CanvasToolHandler* smartHandler() const { return m_smart; }
  void setCurrentClass(qint64 classId) { m_classId = classId; }  // for new shapes
  qint64 currentClass() const { return m_classId; }
  void setFillOpacity(double opacity);                // 0..1
  bool itemCachesOn() const { return m_itemCaches; }  // see setItemCaches()
  static constexpr int kZoomSettleMs = 250;
  double fillOpacity() const { return m_fillOpacity; }
  double zoom() const;  // screen pixels per photo pixel

  std::optional<project::Annotation> selectedAnnotation() const;
  void selectAnnotation(qint64 annotationId);  // 0: none
  const ShapeItem* shapeItem(qint64 annotationId) const;
  int draftPointCount() const { return static_cast<int>(m_draft.size()); }
  int clipboardSize() const { return static_cast<int>(m_clipboard.size()); }
  // The context menu for a right click at `scenePos` (selects the shape there first): copy,
  // paste, delete, cut a hole, class. The caller owns the menu.
  QMenu* contextMenuAt(QPointF scenePos);

 public Q_SLOTS:
  void zoomToFit();
  void zoomActualSize();
  void zoomBy(double factor);
  void copySelection();
  void paste();
  void deleteSelection();
  void assignClassToSelection(qint64 classId);

 Q_SIGNALS:
  void cursorMoved(QPointF photoPixel, bool insidePhoto);
  void zoomChanged(double zoom);
  void photoChanged(qint64 photoId);  // setPhoto() switched photos (0: none); pixels may follow
  void photoLoaded(qint64 photoId);
  void photoFailed(qint64 photoId, const QString& message);
  void selectionChanged(qint64 annotationId);
  void toolChanged(sam3::ui::AnnotationCanvas::Tool tool);
  void statusMessage(const QString& message);  // information for the status bar

 protected:
  bool event(QEvent* event) override;  // claims the canvas' keys before window shortcuts
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  // The background only where the photo does not cover it: one full-view fill less per frame.
  void drawBackground(QPainter* painter, const QRectF& rect) override;

 private:
  struct VertexHit {
    int ring = -1;
    int index = -1;
    bool onEdge = false;  // index is where a vertex would be inserted
    QPointF at;
  };
  // annotation_canvas.cpp: photo, shapes, zoom, selection.
  void reloadShapes();
  void imageLoaded(quint64 requestId, const QImage& image);
  void pyramidBuilt();
  ShapeItem* selectedItem() const;
  ShapeItem* shapeAt(QPointF scenePos) const;
  std::optional<VertexHit> vertexAt(const ShapeItem* item, QPointF scenePos) const;
  QPointF clampToPhoto(QPointF p) const;
  double screenToScene(double pixels) const { return pixels / std::max(zoom(), 1e-9); }
  void setHovered(ShapeItem* item);
  void zoomApplied();  // after every zoom change: item bounds, zoomChanged()
  // Device-pixel caches for the photo and shapes: on while the whole photo is in view and the
  // zoom has settled (every shape and the scaled-down photo would be drawn again each repaint;
  // blitting them is cheaper), off while zooming (every frame would render them anew) and when
  // zoomed in (few shapes show; scrolling would re-render caches at the edges every step).
  void setItemCaches(bool on);
  void zoomSettled();
  void restoreCursor();
  // canvas_input.cpp: the tools' mouse handling.
  void pressSelect(QPointF pos);
  void pressDraw(QPointF pos);
  bool releaseDrag(QPointF pos);
  bool cancelDrag();  // Esc while dragging: the shape goes back, nothing is stored
  void updateDraft(QPointF cursor);
  void cancelDraft();
  void updateHoverCursor(QPointF pos);
  // canvas_edits.cpp: edits through the document.
  void finishPolygon();
  void finishBox(QPointF corner);
  void finishHole();
  ShapeItem* holeTarget(QPointF firstPoint) const;
  void commitShapeMove(QPointF by);
  void commitVertexDrag(const VertexHit& hit, QPointF to);

  ProjectDocument* m_doc = nullptr;
  ImageLoader* m_loader;
  PhotoItem* m_photo;
  QGraphicsPathItem* m_draftItem;
  QGraphicsPathItem* m_draftHalo;  // a dark line under the draft: visible on any photo or shape
  QFutureWatcher<std::vector<QImage>>* m_pyramid = nullptr;
  qint64 m_photoId = 0;
  QSize m_photoSize;
  QTimer* m_cacheTimer;  // zoomSettled() this long after the last zoom change
  bool m_itemCaches = false;
  quint64 m_pendingRequest = 0;
  bool m_loaded = false;
  Tool m_tool = Tool::Select;
  qint64 m_classId = 0;
  CanvasToolHandler* m_smart = nullptr;
  double m_fillOpacity = 0.35;
  std::vector<ShapeItem*> m_shapes;
  ShapeItem* m_hovered = nullptr;
  qint64 m_selectedId = 0;
  std::optional<VertexHit> m_activeVertex;  // last clicked vertex of the selection
  bool m_draggingVertex = false;
  bool m_vertexMoved = false;
  bool m_draggingShape = false;  // left button went down on the selected shape's body
  QPointF m_dragFrom;            // scene point where the shape drag started
  QPoint m_dragFromScreen;
  std::vector<QPointF> m_draft;  // polygon points placed so far, or the box's first corner
  qint64 m_holeTarget = 0;       // the polygon the hole being drawn will be cut from
  bool m_panning = false;
  QPoint m_panFrom;
  std::vector<project::Annotation> m_clipboard;
  qint64 m_clipboardPhoto = 0;
};

}  // namespace sam3::ui
