// SmartPolygonTool: the mouse and keys, accepting, the tolerance and what is drawn over the photo.
#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsEllipseItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QLabel>
#include <QLineF>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "core/util/errors.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/commands/shape_commands.h"
#include "ui/project_document.h"
#include "ui/smart/smart_polygon_tool.h"

namespace sam3::ui {
namespace {
QPainterPath pathOf(const std::vector<polygon::Region>& regions) {
  QPainterPath path;
  path.setFillRule(Qt::OddEvenFill);
  auto add = [&path](const polygon::Ring& ring) {
    if (ring.empty()) return;
    path.moveTo(ring.front().x, ring.front().y);
    for (std::size_t i = 1; i < ring.size(); ++i) path.lineTo(ring[i].x, ring[i].y);
    path.closeSubpath();
  };
  for (const auto& r : regions) {
    add(r.outer);
    for (const auto& h : r.holes) add(h);
  }
  return path;
}
}  // namespace

polygon::PolygonOptions SmartPolygonTool::regionOptions(double tolerance) {
  constexpr double kMinRegionPixels = 16.0;
  return {tolerance, kMinRegionPixels, kMinRegionPixels};
}

void SmartPolygonTool::mousePressed(QPointF pos, Qt::MouseButton button,
                                    Qt::KeyboardModifiers modifiers) {
  if (button == Qt::RightButton) return addPoint(pos, false);
  if (button != Qt::LeftButton) return;
  m_pressAt = clamp(pos);
  m_pressNegative = modifiers.testFlag(Qt::ShiftModifier);
  m_boxDragging = false;
}

void SmartPolygonTool::mouseMoved(QPointF pos) {
  if (!m_pressAt) return;
  const double screen = QLineF(*m_pressAt, clamp(pos)).length() * m_canvas->zoom();
  if (!m_boxDragging && screen < QApplication::startDragDistance()) return;
  m_boxDragging = true;
  QPainterPath path;
  path.addRect(QRectF(*m_pressAt, clamp(pos)).normalized());
  m_boxItem->setPath(path);
}

void SmartPolygonTool::mouseReleased(QPointF pos, Qt::MouseButton button) {
  if (button != Qt::LeftButton || !m_pressAt) return;
  const QPointF from = *m_pressAt;
  const bool box = m_boxDragging;
  m_pressAt.reset();
  m_boxDragging = false;
  if (box)
    setBox(QRectF(from, clamp(pos)));
  else
    addPoint(from, !m_pressNegative);
  if (box) redrawPrompt();
}

bool SmartPolygonTool::keyPressed(int key, Qt::KeyboardModifiers) {
  switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (m_prompt.empty()) return false;
      accept();
      return true;
    case Qt::Key_Escape:
      if (m_prompt.empty() && !m_pressAt) return false;
      clearPrompt();
      return true;
    case Qt::Key_Backspace:
      if (m_prompt.empty()) return false;
      undoLastPrompt();
      return true;
    default:
      return false;
  }
}

bool SmartPolygonTool::accept() {
  if (!m_doc) return false;
  if (!hasPreview()) {
    Q_EMIT statusMessage(m_prompt.empty()
                             ? tr("Click the object first.")
                             : tr("The mask is still being computed; press Enter again when it "
                                  "shows."));
    return false;
  }
  const qint64 classId = m_canvas->currentClass();
  if (!classId) {
    m_doc->reportError(tr("Add a class in the Classes panel before accepting a smart polygon."));
    return false;
  }
  const auto regions = m_mask.traced->polygons(regionOptions(m_tolerance));
  if (regions.empty()) {
    Q_EMIT statusMessage(tr("The mask is empty: click inside the object."));
    return false;
  }
  const qint64 photo = m_canvas->photoId();
  std::set<qint64> before;
  for (const auto& a : m_doc->annotations(photo)) before.insert(a.id);
  auto shapes = regionsToShapes(regions);
  for (auto& a : shapes) {
    a.photo_id = photo;
    a.class_id = classId;
    a.source = project::Source::Human;  // the inspector drew it, with the model's help
  }
  const int added = shape_commands::addShapes(*m_doc, std::move(shapes), tr("Smart polygon"));
  if (added == 0) return false;
  Accepted& last = m_accepted[photo];
  last = {};
  last.mask = m_mask.traced;
  saveOutline(photo, *m_mask.traced);
  for (const auto& a : m_doc->annotations(photo))
    if (!before.count(a.id)) {
      last.ids.push_back(a.id);
      last.produced[a.id].push_back(a.rings);
    }
  clearPrompt();
  Q_EMIT accepted(added);
  Q_EMIT statusMessage(tr(
      "Smart polygon added (%n shape(s)); the Simplify slider still changes it.", nullptr, added));
  return true;
}

void SmartPolygonTool::setTolerance(double pixels) {
  pixels = std::max(0.0, pixels);
  if (pixels == m_tolerance) return;
  m_tolerance = pixels;
  redrawPreview();
  applyToleranceToAccepted();
}

QList<qint64> SmartPolygonTool::acceptedShapes() const {
  const Accepted* last =
      const_cast<SmartPolygonTool*>(this)->acceptedOn(m_canvas ? m_canvas->photoId() : 0);
  QList<qint64> out;
  if (last)
    for (qint64 id : last->ids)
      if (id) out << id;
  return out;
}

void SmartPolygonTool::applyToleranceToAccepted() {
  Accepted* found = m_doc ? acceptedOn(m_canvas->photoId()) : nullptr;
  if (!found || !found->mask || found->ids.isEmpty()) return;
  Accepted& last = *found;
  const auto regions = last.mask->polygons(regionOptions(m_tolerance));
  if (regions.size() != static_cast<std::size_t>(last.ids.size())) return;
  const auto shapes = regionsToShapes(regions);
  // The accepted shapes as the store holds them now (undo may have removed them); one edited by
  // hand since keeps its vertices.
  std::vector<std::pair<project::Annotation, project::Annotation>> edits;
  int handEdited = 0;
  for (const auto& a : m_doc->annotations(m_canvas->photoId())) {
    const auto i = last.ids.indexOf(a.id);
    if (i < 0) continue;
    auto& produced = last.produced[a.id];
    if (std::find(produced.begin(), produced.end(), a.rings) == produced.end()) {
      ++handEdited;
      continue;
    }
    project::Annotation changed = a;
    changed.rings = shapes[static_cast<std::size_t>(i)].rings;
    if (changed.rings == a.rings) continue;
    if (std::find(produced.begin(), produced.end(), changed.rings) == produced.end())
      produced.push_back(changed.rings);
    edits.emplace_back(a, std::move(changed));
  }
  if (handEdited > 0)
    Q_EMIT statusMessage(tr("Simplify leaves the smart polygon alone: it was edited by hand."));
  if (edits.empty()) return;
  try {
    m_doc->store().add_smart_tolerance(m_canvas->photoId(), m_tolerance);
  } catch (const sam3::Error& e) {
    m_doc->reportError(tr("The simplification was not saved with the smart polygon's outline: %1")
                           .arg(QString::fromStdString(e.what())));
  }
  const QString text = tr("Simplify smart polygon");
  if (edits.size() > 1) m_doc->undoStack()->beginMacro(text);
  for (auto& [current, changed] : edits)
    shape_commands::setGeometry(*m_doc, current, std::move(changed), text);
  if (edits.size() > 1) m_doc->undoStack()->endMacro();
}

QPointF SmartPolygonTool::clamp(QPointF p) const {
  const QRectF r = m_canvas->sceneRect();
  return {std::clamp(p.x(), r.left(), r.right()), std::clamp(p.y(), r.top(), r.bottom())};
}

void SmartPolygonTool::redrawPreview() {
  if (!m_mask.traced || m_prompt.empty()) {
    m_maskItem->setPath(QPainterPath());
    return;
  }
  QColor colour(0xff, 0xd7, 0x00);
  if (m_doc)
    if (const auto cls = m_doc->classInfo(m_canvas->currentClass()))
      colour = QColor(QString::fromStdString(cls->color));
  QColor fill = colour;
  fill.setAlpha(110);
  QPen pen(QColor(0xff, 0xd7, 0x00), 2.0);
  pen.setCosmetic(true);
  m_maskItem->setPen(pen);
  m_maskItem->setBrush(fill);
  m_maskItem->setPath(pathOf(m_mask.traced->polygons(regionOptions(m_tolerance))));
}

void SmartPolygonTool::redrawPrompt() {
  qDeleteAll(m_pointItems);
  m_pointItems.clear();
  for (const auto& p : m_prompt.points) {
    // Constant size on screen: the item ignores the view's zoom.
    auto* dot = new QGraphicsEllipseItem(-6, -6, 12, 12);
    dot->setFlag(QGraphicsItem::ItemIgnoresTransformations);
    dot->setPos(p.x, p.y);
    dot->setBrush(p.positive ? QColor(0x2e, 0xcc, 0x40) : QColor(0xff, 0x41, 0x36));
    QPen ring(Qt::white, 2.0);
    ring.setCosmetic(true);
    dot->setPen(ring);
    dot->setZValue(23);
    m_canvas->scene()->addItem(dot);
    m_pointItems.push_back(dot);
  }
  QPainterPath box;
  if (m_prompt.box)
    box.addRect(QRectF(QPointF(m_prompt.box->x0, m_prompt.box->y0),
                       QPointF(m_prompt.box->x1, m_prompt.box->y1)));
  if (!m_boxDragging) m_boxItem->setPath(box);
}

void SmartPolygonTool::showProgress(bool on) {
  if (!on || !m_embeddingClock) {
    m_overlay->hide();
    m_overlayTimer->stop();
    return;
  }
  const qint64 seconds = m_embeddingClock->elapsed() / 1000;
  m_overlayText->setText(
      m_state == State::Loading
          ? tr("Loading the SAM3 model… %1 s").arg(seconds)
          : tr("Computing the image embedding… %1 s%2")
                .arg(seconds)
                .arg(m_device.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_device)));
  m_overlay->adjustSize();
  m_overlay->move(12, 12);
  m_overlay->show();
  m_overlay->raise();
  if (!m_overlayTimer->isActive()) m_overlayTimer->start();
}

}  // namespace sam3::ui
