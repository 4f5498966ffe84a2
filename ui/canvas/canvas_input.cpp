// AnnotationCanvas: how the tools read the mouse and the keyboard.
#include <QApplication>
#include <QGraphicsPathItem>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/canvas_tool_handler.h"
#include "ui/canvas/shape_geometry.h"
#include "ui/canvas/shape_item.h"
#include "ui/project_document.h"

namespace sam3::ui {
namespace {
constexpr double kCloseRingPixels = 8.0;  // a click this close to the first point closes the ring

// Keys the focused canvas handles itself; the digits only while a shape is selected, so that a
// window shortcut on them (picking the class for new shapes, say) still works otherwise.
bool isCanvasKey(const QKeyEvent* e, bool shapeSelected) {
  if (e->matches(QKeySequence::Copy) || e->matches(QKeySequence::Paste)) return true;
  if (e->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier)) return false;
  switch (e->key()) {
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
    case Qt::Key_Escape:
    case Qt::Key_Return:
    case Qt::Key_Enter:
      return true;
    default:
      return shapeSelected && e->key() >= Qt::Key_1 && e->key() <= Qt::Key_9 &&
             !(e->modifiers() & Qt::ShiftModifier);
  }
}
}  // namespace

bool AnnotationCanvas::event(QEvent* event) {
  // Window shortcuts (an Edit menu's Copy, say) must not take these keys from the focused canvas.
  if (event->type() == QEvent::ShortcutOverride &&
      isCanvasKey(static_cast<QKeyEvent*>(event), m_selectedId != 0)) {
    event->accept();
    return true;
  }
  return QGraphicsView::event(event);
}

void AnnotationCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomBy(std::pow(1.2, steps));
  event->accept();
}

void AnnotationCanvas::mousePressEvent(QMouseEvent* event) {
  setFocus(Qt::MouseFocusReason);
  const QPointF pos = mapToScene(event->position().toPoint());
  const bool left = event->button() == Qt::LeftButton;
  if (event->button() == Qt::MiddleButton ||
      (left && m_tool == Tool::Select && !shapeAt(pos) && !vertexAt(selectedItem(), pos))) {
    if (left) selectAnnotation(0);
    m_panning = true;
    m_panFrom = event->position().toPoint();
    viewport()->setCursor(Qt::ClosedHandCursor);
    return;
  }
  if (m_tool == Tool::Smart && m_smart && m_photoId) {
    m_smart->mousePressed(pos, event->button(), event->modifiers());
    return;
  }
  if (!left || !m_photoId) return;
  m_dragFromScreen = event->position().toPoint();
  if (m_tool == Tool::Select)
    pressSelect(pos);
  else
    pressDraw(pos);
}

void AnnotationCanvas::pressSelect(QPointF pos) {
  if (auto hit = vertexAt(selectedItem(), pos)) {
    m_activeVertex = hit;
    m_draggingVertex = true;
    m_vertexMoved = hit->onEdge;
    selectedItem()->setPreview(hit->ring, hit->index, clampToPhoto(pos), hit->onEdge);
    return;
  }
  ShapeItem* item = shapeAt(pos);
  selectAnnotation(item ? item->annotation().id : 0);
  if (item) {
    m_draggingShape = true;  // moves once the mouse travels the drag distance
    m_dragFrom = pos;
  }
}

void AnnotationCanvas::pressDraw(QPointF pos) {
  if ((m_tool == Tool::Polygon || m_tool == Tool::Box) && !m_classId && m_doc) {
    // Say why nothing happens rather than letting the user draw a shape that cannot be stored.
    m_doc->reportError(tr("Add a class in the Classes panel before drawing."));
    return;
  }
  const QPointF p = clampToPhoto(pos);
  if (m_tool == Tool::Box) {
    m_draft = {p};
    updateDraft(p);
    return;
  }
  if (m_tool == Tool::Hole && m_draft.empty()) {
    ShapeItem* target = holeTarget(p);
    if (!target) {
      if (m_doc) m_doc->reportError(tr("Select a polygon, then draw the hole to cut out of it."));
      return;
    }
    m_holeTarget = target->annotation().id;
    selectAnnotation(m_holeTarget);
  }
  if (m_draft.size() >= 3 &&
      QLineF(p, m_draft.front()).length() <= screenToScene(kCloseRingPixels)) {
    m_tool == Tool::Hole ? finishHole() : finishPolygon();
    return;
  }
  m_draft.push_back(p);
  updateDraft(p);
}

void AnnotationCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = mapToScene(event->position().toPoint());
  const bool inside = m_photoId && pos.x() >= 0 && pos.y() >= 0 && pos.x() < m_photoSize.width() &&
                      pos.y() < m_photoSize.height();
  Q_EMIT cursorMoved(pos, inside);
  if (m_panning) {
    const QPoint delta = event->position().toPoint() - m_panFrom;
    m_panFrom = event->position().toPoint();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    return;
  }
  if (m_draggingVertex && m_activeVertex) {
    m_vertexMoved = true;
    selectedItem()->setPreview(m_activeVertex->ring, m_activeVertex->index, clampToPhoto(pos),
                               m_activeVertex->onEdge);
    return;
  }
  if (m_tool == Tool::Smart && m_smart) {
    m_smart->mouseMoved(pos);
    return;
  }
  if (m_draggingShape) {
    ShapeItem* item = selectedItem();
    if (!item) return;
    const bool started = !item->pos().isNull() ||
                         (event->position().toPoint() - m_dragFromScreen).manhattanLength() >=
                             QApplication::startDragDistance();
    if (started)
      item->setPos(shape_geometry::clampShift(shape_geometry::bounds(item->annotation()),
                                              pos - m_dragFrom, QSizeF(m_photoSize)));
    viewport()->setCursor(Qt::SizeAllCursor);
    return;
  }
  if (!m_draft.empty()) updateDraft(clampToPhoto(pos));
  if (m_tool == Tool::Select) {
    setHovered(shapeAt(pos));
    updateHoverCursor(pos);
  }
}

void AnnotationCanvas::updateHoverCursor(QPointF pos) {
  ShapeItem* selected = selectedItem();
  const auto hit = vertexAt(selected, pos);
  if (hit)
    viewport()->setCursor(hit->onEdge ? Qt::CrossCursor : Qt::PointingHandCursor);
  else if (selected && selected == m_hovered)
    viewport()->setCursor(Qt::SizeAllCursor);
  else
    restoreCursor();
}

void AnnotationCanvas::mouseReleaseEvent(QMouseEvent* event) {
  const QPointF pos = mapToScene(event->position().toPoint());
  if (m_panning) {
    m_panning = false;
    restoreCursor();
    return;
  }
  if (m_tool == Tool::Smart && m_smart) {
    m_smart->mouseReleased(pos, event->button());
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  if (releaseDrag(pos)) return;
  if (m_tool == Tool::Box && m_draft.size() == 1) finishBox(clampToPhoto(pos));
}

bool AnnotationCanvas::releaseDrag(QPointF pos) {
  if (m_draggingVertex && m_activeVertex) {
    m_draggingVertex = false;
    const VertexHit hit = *m_activeVertex;
    m_activeVertex->onEdge = false;  // after the insert, the new vertex is the active one
    if (ShapeItem* item = selectedItem()) {
      item->clearPreview();
      if (m_vertexMoved) commitVertexDrag(hit, clampToPhoto(pos));
    }
    return true;
  }
  if (m_draggingShape) {
    m_draggingShape = false;
    restoreCursor();
    if (ShapeItem* item = selectedItem()) {
      const QPointF by = item->pos();
      item->setPos(0, 0);
      if (!by.isNull()) commitShapeMove(by);
    }
    return true;
  }
  return false;
}

void AnnotationCanvas::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Copy)) return copySelection();
  if (event->matches(QKeySequence::Paste)) return paste();
  if (m_tool == Tool::Smart && m_smart && m_smart->keyPressed(event->key(), event->modifiers()))
    return;
  const bool drawing = m_tool == Tool::Polygon || m_tool == Tool::Hole;
  switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (drawing && m_draft.size() >= 3)
        return m_tool == Tool::Hole ? finishHole() : finishPolygon();
      break;
    case Qt::Key_Escape:
      if (!m_draft.empty()) return cancelDraft();
      if (cancelDrag()) return;
      return selectAnnotation(0);
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
      if (m_tool == Tool::Select && selectedItem() && !m_draggingShape && !m_draggingVertex) {
        // Nudge the selection one photo pixel (ten with Shift); without one, the keys scroll.
        const double step = event->modifiers() & Qt::ShiftModifier ? 10.0 : 1.0;
        const QPointF by(event->key() == Qt::Key_Left    ? -step
                         : event->key() == Qt::Key_Right ? step
                                                         : 0,
                         event->key() == Qt::Key_Up     ? -step
                         : event->key() == Qt::Key_Down ? step
                                                        : 0);
        const QPointF allowed = shape_geometry::clampShift(
            shape_geometry::bounds(selectedItem()->annotation()), by, QSizeF(m_photoSize));
        if (!allowed.isNull()) commitShapeMove(allowed);
        return;
      }
      break;
    case Qt::Key_Backspace:
      if (drawing && !m_draft.empty()) {
        m_draft.pop_back();
        if (m_draft.empty()) return cancelDraft();
        return updateDraft(m_draft.back());
      }
      return deleteSelection();
    case Qt::Key_Delete:
      return deleteSelection();
    default:
      if (event->key() >= Qt::Key_1 && event->key() <= Qt::Key_9 && m_doc) {
        const auto n = static_cast<std::size_t>(event->key() - Qt::Key_1);
        if (n < m_doc->classes().size()) assignClassToSelection(m_doc->classes()[n].id);
        return;
      }
      break;
  }
  QGraphicsView::keyPressEvent(event);
}

bool AnnotationCanvas::cancelDrag() {
  ShapeItem* item = selectedItem();
  if (!item || !(m_draggingShape || m_draggingVertex)) return false;
  m_draggingShape = m_draggingVertex = false;
  item->clearPreview();
  item->setPos(0, 0);
  restoreCursor();
  return true;
}

void AnnotationCanvas::updateDraft(QPointF cursor) {
  QPainterPath path;
  if (m_tool == Tool::Box && m_draft.size() == 1) {
    path.addRect(QRectF(m_draft.front(), cursor).normalized());
  } else if (!m_draft.empty()) {
    path.moveTo(m_draft.front());
    for (std::size_t i = 1; i < m_draft.size(); ++i) path.lineTo(m_draft[i]);
    path.lineTo(cursor);
    const double r = screenToScene(4.0);
    for (const QPointF& p : m_draft) path.addEllipse(p, r, r);
  }
  // The hole being cut is drawn white and dashed (it removes area, it does not add a shape), the
  // shape being drawn yellow; both over a dark halo, so they show on any photo and any class.
  const bool hole = m_tool == Tool::Hole;
  QPen pen(hole ? QColor(Qt::white) : QColor(0xff, 0xd7, 0x00), 2.0,
           hole ? Qt::DashLine : Qt::SolidLine);
  pen.setCosmetic(true);
  m_draftItem->setPen(pen);
  m_draftItem->setPath(path);
  m_draftHalo->setPath(path);
}

void AnnotationCanvas::cancelDraft() {
  m_draft.clear();
  m_holeTarget = 0;
  m_draftItem->setPath(QPainterPath());
  m_draftHalo->setPath(QPainterPath());
}

}  // namespace sam3::ui
