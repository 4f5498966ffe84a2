// AnnotationCanvas: the edits the tools make, each through the ProjectDocument as one undo step.
#include <QUndoStack>

#include <algorithm>

#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/shape_geometry.h"
#include "ui/canvas/shape_item.h"
#include "ui/commands/shape_commands.h"
#include "ui/project_document.h"

namespace sam3::ui {
namespace {
constexpr double kPasteOffsetPixels = 16.0;  // a paste onto its own photo lands this far (screen)

project::Point toPoint(QPointF p) {
  return {p.x(), p.y()};
}
}  // namespace

void AnnotationCanvas::finishPolygon() {
  if (!m_doc || m_draft.size() < 3 || !m_classId) return;
  project::Annotation a;
  a.photo_id = m_photoId;
  a.class_id = m_classId;
  a.kind = project::ShapeKind::Polygon;
  project::Ring ring;
  for (const QPointF& p : m_draft) ring.push_back(toPoint(p));
  a.rings = {ring};
  cancelDraft();
  m_doc->addAnnotation(a);
}

void AnnotationCanvas::finishBox(QPointF corner) {
  const QRectF r = QRectF(m_draft.front(), corner).normalized();
  cancelDraft();
  if (!m_doc || r.width() < 1 || r.height() < 1 || !m_classId) return;
  project::Annotation a;
  a.photo_id = m_photoId;
  a.class_id = m_classId;
  a.kind = project::ShapeKind::Box;
  a.bbox = {r.x(), r.y(), r.width(), r.height()};
  m_doc->addAnnotation(a);
}

ShapeItem* AnnotationCanvas::holeTarget(QPointF firstPoint) const {
  const auto isPolygon = [](const ShapeItem* item) {
    return item && item->annotation().kind == project::ShapeKind::Polygon;
  };
  if (ShapeItem* selected = selectedItem(); isPolygon(selected)) return selected;
  ShapeItem* under = shapeAt(firstPoint);
  return isPolygon(under) ? under : nullptr;
}

void AnnotationCanvas::finishHole() {
  const ShapeItem* target = shapeItem(m_holeTarget);
  project::Ring cut;
  for (const QPointF& p : m_draft) cut.push_back(toPoint(p));
  cancelDraft();
  if (!m_doc || !target) return;
  const project::Annotation current = target->annotation();
  const auto result = shape_geometry::subtract(current.rings, cut);
  using shape_geometry::CutError;
  switch (result.error) {
    case CutError::None: {
      project::Annotation changed = current;
      changed.rings = result.rings;
      const bool hole = result.rings.size() > current.rings.size();
      shape_commands::setGeometry(*m_doc, current, std::move(changed),
                                  hole ? tr("Cut hole") : tr("Cut away"));
      return;
    }
    case CutError::TooFewPoints:
    case CutError::NotPolygon:
      return;
    case CutError::SelfIntersecting:
      return m_doc->reportError(tr("The hole's outline crosses itself; draw it again."));
    case CutError::NoOverlap:
      return m_doc->reportError(tr("The hole lies outside the selected polygon."));
    case CutError::CoversShape:
      return m_doc->reportError(
          tr("The hole covers the whole polygon; delete the polygon instead (Delete)."));
    case CutError::SplitsShape:
      return m_doc->reportError(tr("The cut would split the polygon in pieces; nothing was cut."));
  }
}

void AnnotationCanvas::commitShapeMove(QPointF by) {
  ShapeItem* item = selectedItem();
  if (!m_doc || !item) return;
  const project::Annotation& current = item->annotation();
  shape_commands::setGeometry(*m_doc, current, shape_geometry::translated(current, by),
                              tr("Move shape"));
}

void AnnotationCanvas::commitVertexDrag(const VertexHit& hit, QPointF to) {
  ShapeItem* item = selectedItem();
  if (!m_doc || !item) return;
  const project::Annotation current = item->annotation();
  if (current.kind == project::ShapeKind::Box) {
    const QPolygonF corners = item->rings().front();
    const QRectF r = QRectF(corners[(hit.index + 2) % 4], to).normalized();
    if (r.width() < 1 || r.height() < 1) return;
    project::Annotation changed = current;
    changed.bbox = {r.x(), r.y(), r.width(), r.height()};
    shape_commands::setGeometry(*m_doc, current, std::move(changed), tr("Resize box"));
  } else if (hit.onEdge) {
    m_doc->insertVertex(current, hit.ring, hit.index, toPoint(to));
  } else {
    m_doc->moveVertex(current, hit.ring, hit.index, toPoint(to));
  }
}

void AnnotationCanvas::deleteSelection() {
  ShapeItem* item = selectedItem();
  if (!item || !m_doc) return;
  const project::Annotation current = item->annotation();
  if (m_activeVertex && !m_activeVertex->onEdge && current.kind == project::ShapeKind::Polygon) {
    const auto ring = static_cast<std::size_t>(m_activeVertex->ring);
    if (ring > 0 && ring < current.rings.size() && current.rings[ring].size() <= 3) {
      // A hole cannot keep fewer than three points: it goes, the polygon stays.
      project::Annotation changed = current;
      changed.rings.erase(changed.rings.begin() + static_cast<std::ptrdiff_t>(ring));
      m_activeVertex.reset();
      shape_commands::setGeometry(*m_doc, current, std::move(changed), tr("Delete hole"));
      return;
    }
    if (m_doc->removeVertex(current, m_activeVertex->ring, m_activeVertex->index)) return;
  }
  m_doc->removeAnnotation(current);
}

void AnnotationCanvas::assignClassToSelection(qint64 classId) {
  const auto selected = selectedAnnotation();
  if (!m_doc || !selected) {
    Q_EMIT statusMessage(tr("Select a shape first, then give it a class."));
    return;
  }
  m_doc->setAnnotationClass(*selected, classId);
}

void AnnotationCanvas::copySelection() {
  if (!m_doc || !m_photoId) return;
  if (const auto selected = selectedAnnotation())
    m_clipboard = {*selected};
  else
    m_clipboard = m_doc->annotations(m_photoId);
  m_clipboardPhoto = m_photoId;
  Q_EMIT statusMessage(m_clipboard.empty() ? tr("Nothing to copy: this photo has no shapes.")
                                           : tr("Copied %n shape(s).", nullptr,
                                                static_cast<int>(m_clipboard.size())));
}

void AnnotationCanvas::paste() {
  if (!m_doc || !m_photoId) return;
  if (m_clipboard.empty()) {
    Q_EMIT statusMessage(tr("Nothing to paste: copy shapes first (Ctrl+C)."));
    return;
  }
  // Onto the photo they came from, copies land a little off so they can be seen and grabbed.
  const double offset = m_clipboardPhoto == m_photoId ? screenToScene(kPasteOffsetPixels) : 0.0;
  std::vector<project::Annotation> shapes;
  for (project::Annotation a : m_clipboard) {
    a.photo_id = m_photoId;
    if (!m_doc->classInfo(a.class_id)) a.class_id = m_classId;  // its class was deleted since
    if (!a.class_id) continue;
    a.source = project::Source::Human;
    a.score.reset();
    if (auto fitted = shape_geometry::fitIntoPhoto(
            shape_geometry::translated(std::move(a), {offset, offset}), QSizeF(m_photoSize)))
      shapes.push_back(std::move(*fitted));
  }
  const int skipped = static_cast<int>(m_clipboard.size() - shapes.size());
  const int pasted = shape_commands::addShapes(
      *m_doc, std::move(shapes),
      tr("Paste %n shape(s)", nullptr, static_cast<int>(m_clipboard.size())));
  if (pasted > 0) {
    const auto now = m_doc->annotations(m_photoId);  // ordered by id: the pasted ones are last
    selectAnnotation(now.back().id);
  }
  Q_EMIT statusMessage(skipped
                           ? tr("Pasted %1 shape(s); %2 left out (no class, or outside the photo).")
                                 .arg(pasted)
                                 .arg(skipped)
                           : tr("Pasted %n shape(s).", nullptr, pasted));
}

}  // namespace sam3::ui
