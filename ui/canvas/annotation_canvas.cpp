#include "ui/canvas/annotation_canvas.h"

#include <QGraphicsPathItem>
#include <QGraphicsPixmapItem>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

#include "ui/canvas/shape_item.h"
#include "ui/image_loader.h"
#include "ui/project_document.h"

namespace sam3::ui {
namespace {
constexpr double kGrabPixels = 8.0;  // screen pixels within which a vertex or edge is grabbed

double distanceToSegment(QPointF p, QPointF a, QPointF b, QPointF* foot) {
  const QPointF d = b - a;
  const double len2 = QPointF::dotProduct(d, d);
  const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / len2, 0.0, 1.0) : 0.0;
  *foot = a + t * d;
  return std::hypot(p.x() - foot->x(), p.y() - foot->y());
}
}  // namespace

AnnotationCanvas::AnnotationCanvas(QWidget* parent)
    : QGraphicsView(parent),
      m_loader(new ImageLoader(this)),
      m_pixmap(new QGraphicsPixmapItem),
      m_draftItem(new QGraphicsPathItem) {
  setObjectName(QStringLiteral("annotationCanvas"));
  setScene(new QGraphicsScene(this));
  scene()->addItem(m_pixmap);
  m_pixmap->setZValue(-1);
  QPen draftPen(QColor(0xff, 0xd7, 0x00), 2.0);
  draftPen.setCosmetic(true);
  m_draftItem->setPen(draftPen);
  m_draftItem->setZValue(10);
  scene()->addItem(m_draftItem);
  setBackgroundBrush(QColor(0x30, 0x30, 0x30));
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  connect(m_loader, &ImageLoader::loaded, this, &AnnotationCanvas::imageLoaded);
  connect(m_loader, &ImageLoader::failed, this, [this](quint64 id, const QString& message) {
    if (id == m_pendingRequest) Q_EMIT photoFailed(m_photoId, message);
  });
}

AnnotationCanvas::~AnnotationCanvas() = default;

void AnnotationCanvas::setDocument(ProjectDocument* doc) {
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  if (m_doc) {
    connect(m_doc, &ProjectDocument::annotationsChanged, this, [this](qint64 photoId) {
      if (photoId == m_photoId) reloadShapes();
    });
    connect(m_doc, &ProjectDocument::classesChanged, this, &AnnotationCanvas::reloadShapes);
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_doc = nullptr;
      setPhoto(0);
    });
  }
  setPhoto(0);
}

void AnnotationCanvas::setPhoto(qint64 photoId) {
  cancelDraft();
  m_photoId = 0;
  m_loaded = false;
  m_pixmap->setPixmap(QPixmap());
  m_loader->dropPending();
  m_pendingRequest = 0;
  const auto photo = m_doc && photoId ? m_doc->photo(photoId) : std::nullopt;
  if (photo) {
    m_photoId = photoId;
    m_photoSize = QSize(photo->width, photo->height);
    scene()->setSceneRect(QRectF(QPointF(0, 0), QSizeF(m_photoSize)));
    m_pendingRequest = m_loader->request(m_doc->photoPath(*photo));
  }
  m_selectedId = 0;
  reloadShapes();
  if (m_photoId) zoomToFit();
}

bool AnnotationCanvas::isPhotoLoaded() const {
  return m_loaded;
}

void AnnotationCanvas::imageLoaded(quint64 requestId, const QImage& image) {
  if (requestId != m_pendingRequest) return;  // the user moved on to another photo
  m_pixmap->setPixmap(QPixmap::fromImage(image));
  m_loaded = true;
  updateSmoothing();
  Q_EMIT photoLoaded(m_photoId);
}

void AnnotationCanvas::reloadShapes() {
  for (ShapeItem* item : m_shapes) delete item;
  m_shapes.clear();
  m_activeVertex.reset();
  if (!m_doc || !m_photoId) {
    Q_EMIT selectionChanged(0);
    return;
  }
  const qint64 previous = m_selectedId;
  m_selectedId = 0;
  for (const auto& a : m_doc->annotations(m_photoId)) {
    const auto cls = m_doc->classInfo(a.class_id);
    auto* item = new ShapeItem(a, QColor(QString::fromStdString(cls ? cls->color : "#ffffff")),
                               m_fillOpacity);
    item->setFlag(QGraphicsItem::ItemIsSelectable);
    scene()->addItem(item);
    m_shapes.push_back(item);
    if (a.id == previous) {
      item->setSelected(true);
      m_selectedId = a.id;
    }
  }
  if (m_selectedId != previous) Q_EMIT selectionChanged(m_selectedId);
}

void AnnotationCanvas::setTool(Tool tool) {
  if (tool == m_tool) return;
  cancelDraft();
  m_tool = tool;
  viewport()->setCursor(tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
  Q_EMIT toolChanged(tool);
}

void AnnotationCanvas::setFillOpacity(double opacity) {
  m_fillOpacity = std::clamp(opacity, 0.0, 1.0);
  for (ShapeItem* item : m_shapes) item->setFillOpacity(m_fillOpacity);
}

double AnnotationCanvas::zoom() const {
  return transform().m11();
}

void AnnotationCanvas::zoomToFit() {
  if (m_photoSize.isEmpty()) return;
  fitInView(QRectF(QPointF(0, 0), QSizeF(m_photoSize)), Qt::KeepAspectRatio);
  updateSmoothing();
  Q_EMIT zoomChanged(zoom());
}

void AnnotationCanvas::zoomActualSize() {
  setTransform(QTransform());
  updateSmoothing();
  Q_EMIT zoomChanged(zoom());
}

void AnnotationCanvas::zoomBy(double factor) {
  const double target = std::clamp(zoom() * factor, 0.01, 64.0);
  scale(target / zoom(), target / zoom());
  updateSmoothing();
  Q_EMIT zoomChanged(zoom());
}

void AnnotationCanvas::updateSmoothing() {
  // Smooth when shrinking; sharp pixels when magnified, so inspectors see the real edges.
  m_pixmap->setTransformationMode(zoom() < 1.0 ? Qt::SmoothTransformation : Qt::FastTransformation);
}

std::optional<project::Annotation> AnnotationCanvas::selectedAnnotation() const {
  if (ShapeItem* item = selectedItem()) return item->annotation();
  return std::nullopt;
}

void AnnotationCanvas::selectAnnotation(qint64 annotationId) {
  m_activeVertex.reset();
  qint64 selected = 0;
  for (ShapeItem* item : m_shapes) {
    const bool match = annotationId != 0 && item->annotation().id == annotationId;
    item->setSelected(match);
    if (match) selected = annotationId;
  }
  if (selected != m_selectedId) {
    m_selectedId = selected;
    Q_EMIT selectionChanged(m_selectedId);
  }
}

ShapeItem* AnnotationCanvas::selectedItem() const {
  for (ShapeItem* item : m_shapes)
    if (item->annotation().id == m_selectedId) return item;
  return nullptr;
}

ShapeItem* AnnotationCanvas::shapeAt(QPointF scenePos) const {
  // The most recent shape on top wins, as drawn.
  for (auto it = m_shapes.rbegin(); it != m_shapes.rend(); ++it)
    if ((*it)->shape().contains(scenePos)) return *it;
  return nullptr;
}

std::optional<AnnotationCanvas::VertexHit> AnnotationCanvas::vertexAt(const ShapeItem* item,
                                                                      QPointF scenePos) const {
  if (!item || item->annotation().kind != project::ShapeKind::Polygon) return std::nullopt;
  const double grab = screenToScene(kGrabPixels);
  const auto& rings = item->annotation().rings;
  for (std::size_t r = 0; r < rings.size(); ++r)
    for (std::size_t i = 0; i < rings[r].size(); ++i) {
      const QPointF p(rings[r][i].x, rings[r][i].y);
      if (std::hypot(p.x() - scenePos.x(), p.y() - scenePos.y()) <= grab)
        return VertexHit{static_cast<int>(r), static_cast<int>(i), false, p};
    }
  for (std::size_t r = 0; r < rings.size(); ++r)
    for (std::size_t i = 0; i < rings[r].size(); ++i) {
      const auto& a = rings[r][i];
      const auto& b = rings[r][(i + 1) % rings[r].size()];
      QPointF foot;
      if (distanceToSegment(scenePos, {a.x, a.y}, {b.x, b.y}, &foot) <= grab)
        return VertexHit{static_cast<int>(r), static_cast<int>(i + 1), true, foot};
    }
  return std::nullopt;
}

QPointF AnnotationCanvas::clampToPhoto(QPointF p) const {
  return {std::clamp(p.x(), 0.0, static_cast<double>(m_photoSize.width())),
          std::clamp(p.y(), 0.0, static_cast<double>(m_photoSize.height()))};
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
  if (!left || !m_photoId) return;
  if (m_tool != Tool::Select && !m_classId && m_doc) {
    // Say why nothing happens rather than letting the user draw a shape that cannot be stored.
    m_doc->reportError(tr("Add a class in the Classes panel before drawing."));
    return;
  }
  switch (m_tool) {
    case Tool::Select: {
      if (auto hit = vertexAt(selectedItem(), pos)) {
        m_activeVertex = hit;
        m_draggingVertex = true;
        m_vertexMoved = hit->onEdge;
        selectedItem()->setPreview(hit->ring, hit->index, clampToPhoto(pos), hit->onEdge);
        return;
      }
      ShapeItem* item = shapeAt(pos);
      selectAnnotation(item ? item->annotation().id : 0);
      return;
    }
    case Tool::Polygon: {
      const QPointF p = clampToPhoto(pos);
      if (m_draft.size() >= 3 &&
          QLineF(p, m_draft.front()).length() <= screenToScene(kGrabPixels)) {
        finishPolygon();
        return;
      }
      m_draft.push_back(p);
      updateDraft(p);
      return;
    }
    case Tool::Box:
      m_draft = {clampToPhoto(pos)};
      updateDraft(m_draft.front());
      return;
  }
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
  if (!m_draft.empty()) updateDraft(clampToPhoto(pos));
  for (ShapeItem* item : m_shapes)
    item->setHighlighted(m_tool == Tool::Select && item == shapeAt(pos));
}

void AnnotationCanvas::mouseReleaseEvent(QMouseEvent* event) {
  const QPointF pos = clampToPhoto(mapToScene(event->position().toPoint()));
  if (m_panning) {
    m_panning = false;
    viewport()->setCursor(m_tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  if (m_draggingVertex && m_activeVertex) {
    m_draggingVertex = false;
    ShapeItem* item = selectedItem();
    const auto hit = *m_activeVertex;
    m_activeVertex->onEdge = false;  // after the insert, the new vertex is the active one
    if (!item) return;
    item->clearPreview();
    if (!m_vertexMoved || !m_doc) return;
    const project::Point to{pos.x(), pos.y()};
    if (hit.onEdge)
      m_doc->insertVertex(item->annotation(), hit.ring, hit.index, to);
    else
      m_doc->moveVertex(item->annotation(), hit.ring, hit.index, to);
    return;
  }
  if (m_tool == Tool::Box && m_draft.size() == 1 && m_doc) {
    const QRectF r = QRectF(m_draft.front(), pos).normalized();
    cancelDraft();
    if (r.width() < 1 || r.height() < 1 || !m_classId) return;
    project::Annotation a;
    a.photo_id = m_photoId;
    a.class_id = m_classId;
    a.kind = project::ShapeKind::Box;
    a.bbox = {r.x(), r.y(), r.width(), r.height()};
    m_doc->addAnnotation(a);
  }
}

void AnnotationCanvas::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (m_tool == Tool::Polygon && m_draft.size() >= 3) {
        finishPolygon();
        return;
      }
      break;
    case Qt::Key_Escape:
      if (!m_draft.empty()) {
        cancelDraft();
        return;
      }
      selectAnnotation(0);
      return;
    case Qt::Key_Backspace:
      if (m_tool == Tool::Polygon && !m_draft.empty()) {
        m_draft.pop_back();
        updateDraft(m_draft.empty() ? QPointF() : m_draft.back());
        if (m_draft.empty()) cancelDraft();
        return;
      }
      deleteSelection();
      return;
    case Qt::Key_Delete:
      deleteSelection();
      return;
    default:
      break;
  }
  QGraphicsView::keyPressEvent(event);
}

void AnnotationCanvas::resizeEvent(QResizeEvent* event) {
  const bool wasFit = !m_photoSize.isEmpty() &&
                      viewport()->rect().contains(mapFromScene(sceneRect()).boundingRect());
  QGraphicsView::resizeEvent(event);
  if (wasFit) zoomToFit();
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
  m_draftItem->setPath(path);
}

void AnnotationCanvas::finishPolygon() {
  if (!m_doc || m_draft.size() < 3 || !m_classId) return;
  project::Annotation a;
  a.photo_id = m_photoId;
  a.class_id = m_classId;
  a.kind = project::ShapeKind::Polygon;
  project::Ring ring;
  for (const QPointF& p : m_draft) ring.push_back({p.x(), p.y()});
  a.rings = {ring};
  cancelDraft();
  m_doc->addAnnotation(a);
}

void AnnotationCanvas::cancelDraft() {
  m_draft.clear();
  m_draftItem->setPath(QPainterPath());
}

void AnnotationCanvas::deleteSelection() {
  ShapeItem* item = selectedItem();
  if (!item || !m_doc) return;
  if (m_activeVertex && !m_activeVertex->onEdge &&
      m_doc->removeVertex(item->annotation(), m_activeVertex->ring, m_activeVertex->index))
    return;
  m_doc->removeAnnotation(item->annotation());
}

}  // namespace sam3::ui
