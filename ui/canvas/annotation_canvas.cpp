#include "ui/canvas/annotation_canvas.h"

#include <QFutureWatcher>
#include <QGraphicsPathItem>
#include <QPainter>
#include <QPixmapCache>
#include <QPromise>
#include <QResizeEvent>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cmath>

#include "ui/canvas/canvas_tool_handler.h"
#include "ui/canvas/photo_item.h"
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
      m_photo(new PhotoItem),
      m_draftItem(new QGraphicsPathItem),
      m_draftHalo(new QGraphicsPathItem),
      m_cacheTimer(new QTimer(this)) {
  setObjectName(QStringLiteral("annotationCanvas"));
  setScene(new QGraphicsScene(this));
  scene()->addItem(m_photo);
  m_photo->setZValue(-1);
  m_draftItem->setZValue(10);
  scene()->addItem(m_draftItem);
  QPen halo(QColor(0, 0, 0, 170), 4.0);
  halo.setCosmetic(true);
  m_draftHalo->setPen(halo);
  m_draftHalo->setZValue(9);
  scene()->addItem(m_draftHalo);
  setBackgroundBrush(QColor(0x30, 0x30, 0x30));
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  // Every item sets the painter state it needs; saving and restoring it per item is wasted work.
  setOptimizationFlags(QGraphicsView::DontSavePainterState);
  // The photo and the shapes keep device-pixel caches in QPixmapCache (default 10 MB) when the
  // whole photo is in view (setItemCaches()): a viewport of photo and 300 shapes needs more.
  QPixmapCache::setCacheLimit(std::max(QPixmapCache::cacheLimit(), 96 * 1024));
  m_cacheTimer->setSingleShot(true);
  m_cacheTimer->setInterval(kZoomSettleMs);
  connect(m_cacheTimer, &QTimer::timeout, this, &AnnotationCanvas::zoomSettled);
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
  m_clipboard.clear();
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
  m_photo->clear();
  delete m_pyramid;  // a pyramid still being built for the previous photo is dropped on arrival
  m_pyramid = nullptr;
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
  Q_EMIT photoChanged(m_photoId);
}

void AnnotationCanvas::imageLoaded(quint64 requestId, const QImage& image) {
  if (requestId != m_pendingRequest) return;  // the user moved on to another photo
  // Shown at once at full resolution; the coarser levels for zoomed-out views follow.
  m_photo->setLevels({image});
  m_loaded = true;
  auto promise = std::make_shared<QPromise<std::vector<QImage>>>();
  m_pyramid = new QFutureWatcher<std::vector<QImage>>(this);
  connect(m_pyramid, &QFutureWatcherBase::finished, this, &AnnotationCanvas::pyramidBuilt);
  m_pyramid->setFuture(promise->future());
  promise->start();
  QThreadPool::globalInstance()->start([promise, image] {
    promise->addResult(PhotoItem::buildPyramid(image));
    promise->finish();
  });
  Q_EMIT photoLoaded(m_photoId);
}

void AnnotationCanvas::pyramidBuilt() {
  auto* watcher = m_pyramid;
  m_pyramid = nullptr;
  if (watcher->future().resultCount() > 0) m_photo->setLevels(watcher->future().takeResult());
  watcher->deleteLater();
}

void AnnotationCanvas::reloadShapes() {
  setHovered(nullptr);
  for (ShapeItem* item : m_shapes) delete item;
  m_shapes.clear();
  m_activeVertex.reset();
  m_draggingVertex = m_draggingShape = false;
  if (!m_doc || !m_photoId) {
    m_selectedId = 0;
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
    if (m_itemCaches) item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    item->setScreenPixel(screenToScene(1.0));
    scene()->addItem(item);
    m_shapes.push_back(item);
    if (a.id == previous) {
      item->setSelected(true);
      item->setZValue(1);  // the selection is drawn over its neighbours
      m_selectedId = a.id;
    }
  }
  if (m_selectedId != previous) Q_EMIT selectionChanged(m_selectedId);
}

void AnnotationCanvas::setTool(Tool tool) {
  if (tool == m_tool) return;
  cancelDraft();
  if (m_tool == Tool::Smart && m_smart) m_smart->toolActivated(false);
  m_tool = tool;
  if (m_tool == Tool::Smart && m_smart) m_smart->toolActivated(true);
  setHovered(nullptr);
  restoreCursor();
  Q_EMIT toolChanged(tool);
}

void AnnotationCanvas::restoreCursor() {
  viewport()->setCursor(m_tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
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
  zoomApplied();
}

void AnnotationCanvas::zoomActualSize() {
  setTransform(QTransform());
  zoomApplied();
}

void AnnotationCanvas::zoomBy(double factor) {
  const double target = std::clamp(zoom() * factor, 0.01, 64.0);
  scale(target / zoom(), target / zoom());
  zoomApplied();
}

void AnnotationCanvas::zoomApplied() {
  setItemCaches(false);
  m_cacheTimer->start();
  for (ShapeItem* item : m_shapes) item->setScreenPixel(screenToScene(1.0));
  Q_EMIT zoomChanged(zoom());
}

void AnnotationCanvas::zoomSettled() {
  const QRectF photo = mapFromScene(QRectF(QPointF(0, 0), QSizeF(m_photoSize))).boundingRect();
  setItemCaches(!m_photoSize.isEmpty() &&
                viewport()->rect().adjusted(-1, -1, 1, 1).contains(photo.toAlignedRect()));
}

void AnnotationCanvas::setItemCaches(bool on) {
  if (on == m_itemCaches) return;
  m_itemCaches = on;
  const auto mode = on ? QGraphicsItem::DeviceCoordinateCache : QGraphicsItem::NoCache;
  m_photo->setCacheMode(mode);
  for (ShapeItem* item : m_shapes) item->setCacheMode(mode);
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
    item->setZValue(match ? 1 : 0);
    if (match) selected = annotationId;
  }
  if (selected != m_selectedId) {
    m_selectedId = selected;
    Q_EMIT selectionChanged(m_selectedId);
  }
}

const ShapeItem* AnnotationCanvas::shapeItem(qint64 annotationId) const {
  for (ShapeItem* item : m_shapes)
    if (item->annotation().id == annotationId) return item;
  return nullptr;
}

ShapeItem* AnnotationCanvas::selectedItem() const {
  return m_selectedId ? const_cast<ShapeItem*>(shapeItem(m_selectedId)) : nullptr;
}

ShapeItem* AnnotationCanvas::shapeAt(QPointF scenePos) const {
  // The selection is drawn on top, so it wins; then the most recent shape, as drawn.
  if (ShapeItem* selected = selectedItem(); selected && selected->containsScenePoint(scenePos))
    return selected;
  for (auto it = m_shapes.rbegin(); it != m_shapes.rend(); ++it)
    if ((*it)->containsScenePoint(scenePos)) return *it;
  return nullptr;
}

void AnnotationCanvas::setHovered(ShapeItem* item) {
  if (item == m_hovered) return;
  if (m_hovered) m_hovered->setHighlighted(false);
  m_hovered = item;
  if (m_hovered) m_hovered->setHighlighted(true);
}

std::optional<AnnotationCanvas::VertexHit> AnnotationCanvas::vertexAt(const ShapeItem* item,
                                                                      QPointF scenePos) const {
  if (!item) return std::nullopt;
  const double grab = screenToScene(kGrabPixels);
  const QList<QPolygonF>& rings = item->rings();
  for (qsizetype r = 0; r < rings.size(); ++r)
    for (qsizetype i = 0; i < rings[r].size(); ++i) {
      const QPointF p = rings[r][i];
      if (std::hypot(p.x() - scenePos.x(), p.y() - scenePos.y()) <= grab)
        return VertexHit{static_cast<int>(r), static_cast<int>(i), false, p};
    }
  if (item->annotation().kind != project::ShapeKind::Polygon) return std::nullopt;
  for (qsizetype r = 0; r < rings.size(); ++r)
    for (qsizetype i = 0; i < rings[r].size(); ++i) {
      QPointF foot;
      if (distanceToSegment(scenePos, rings[r][i], rings[r][(i + 1) % rings[r].size()], &foot) <=
          grab)
        return VertexHit{static_cast<int>(r), static_cast<int>(i + 1), true, foot};
    }
  return std::nullopt;
}

QPointF AnnotationCanvas::clampToPhoto(QPointF p) const {
  return {std::clamp(p.x(), 0.0, static_cast<double>(m_photoSize.width())),
          std::clamp(p.y(), 0.0, static_cast<double>(m_photoSize.height()))};
}

void AnnotationCanvas::drawBackground(QPainter* painter, const QRectF& rect) {
  if (!m_loaded || m_photo->photoSize().isEmpty())
    return QGraphicsView::drawBackground(painter, rect);
  const QRegion outside =
      QRegion(rect.toAlignedRect()) - QRegion(QRect(QPoint(0, 0), m_photo->photoSize()));
  for (const QRect& r : outside) painter->fillRect(r, backgroundBrush());
}

void AnnotationCanvas::resizeEvent(QResizeEvent* event) {
  const bool wasFit = !m_photoSize.isEmpty() &&
                      viewport()->rect().contains(mapFromScene(sceneRect()).boundingRect());
  QGraphicsView::resizeEvent(event);
  if (wasFit) zoomToFit();
}

}  // namespace sam3::ui
