#include "ui/canvas/shape_geometry.h"

#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>

#include "core/project/geometry.h"

namespace sam3::ui::shape_geometry {
namespace {

QPolygonF toPolygon(const project::Ring& ring) {
  QPolygonF poly;
  poly.reserve(static_cast<qsizetype>(ring.size()));
  for (const auto& p : ring) poly.append(QPointF(p.x, p.y));
  return poly;
}

QPainterPath toPath(const QPolygonF& poly) {
  QPainterPath path;
  path.setFillRule(Qt::OddEvenFill);
  path.addPolygon(poly);
  path.closeSubpath();
  return path;
}

// A ring from a closed sub-path polygon: closing point and repeated points dropped.
project::Ring toRing(const QPolygonF& poly) {
  project::Ring ring;
  for (const QPointF& p : poly) ring.push_back({p.x(), p.y()});
  project::remove_duplicate_vertices(ring);
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  return ring;
}

// Orders the pieces of an area as outer ring then holes; empty when the area is not one piece.
std::vector<project::Ring> outerThenHoles(const std::vector<project::Ring>& pieces) {
  std::vector<QPainterPath> paths;
  for (const auto& r : pieces) paths.push_back(toPath(toPolygon(r)));
  std::vector<int> depth(pieces.size(), 0);
  for (std::size_t i = 0; i < pieces.size(); ++i)
    for (std::size_t j = 0; j < pieces.size(); ++j)
      if (i != j && paths[j].contains(paths[i])) ++depth[i];
  if (std::count(depth.begin(), depth.end(), 0) != 1) return {};
  if (std::any_of(depth.begin(), depth.end(), [](int d) { return d > 1; })) return {};  // island
  std::vector<project::Ring> out;
  const auto outer = std::find(depth.begin(), depth.end(), 0) - depth.begin();
  out.push_back(pieces[static_cast<std::size_t>(outer)]);
  for (std::size_t i = 0; i < pieces.size(); ++i)
    if (depth[i] == 1) out.push_back(pieces[i]);
  return out;
}

}  // namespace

QRectF bounds(const project::Annotation& a) {
  if (a.kind == project::ShapeKind::Box) return QRectF(a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]);
  if (a.rings.empty()) return {};
  return toPolygon(a.rings.front()).boundingRect();
}

project::Annotation translated(project::Annotation a, QPointF by) {
  a.bbox[0] += by.x();
  a.bbox[1] += by.y();
  for (auto& ring : a.rings)
    for (auto& p : ring) {
      p.x += by.x();
      p.y += by.y();
    }
  return a;
}

QPointF clampShift(const QRectF& b, QPointF by, QSizeF photo) {
  const double loX = std::min(0.0, -b.left()), hiX = std::max(0.0, photo.width() - b.right());
  const double loY = std::min(0.0, -b.top()), hiY = std::max(0.0, photo.height() - b.bottom());
  return {std::clamp(by.x(), loX, hiX), std::clamp(by.y(), loY, hiY)};
}

std::optional<project::Annotation> fitIntoPhoto(project::Annotation a, QSizeF photo) {
  const QRectF b = bounds(a);
  QPointF by;
  if (b.width() <= photo.width())
    by.setX(b.left() < 0 ? -b.left() : std::min(0.0, photo.width() - b.right()));
  if (b.height() <= photo.height())
    by.setY(b.top() < 0 ? -b.top() : std::min(0.0, photo.height() - b.bottom()));
  a = translated(std::move(a), by);
  const double w = photo.width(), h = photo.height();
  if (a.kind == project::ShapeKind::Box) {
    const QRectF r = QRectF(a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]) & QRectF(0, 0, w, h);
    if (r.width() * r.height() < 1.0) return std::nullopt;
    a.bbox = {r.x(), r.y(), r.width(), r.height()};
    return a;
  }
  project::clamp_to_image(a.rings, static_cast<int>(w), static_cast<int>(h));
  for (auto& ring : a.rings) project::remove_duplicate_vertices(ring);
  if (a.rings.empty() || a.rings.front().size() < 3 || project::polygon_area(a.rings) < 1.0)
    return std::nullopt;
  // Holes flattened against the border may have collapsed; keep only those with an area.
  std::vector<project::Ring> kept{a.rings.front()};
  for (std::size_t i = 1; i < a.rings.size(); ++i)
    if (a.rings[i].size() >= 3 && project::ring_area(a.rings[i]) >= 1.0) kept.push_back(a.rings[i]);
  a.rings = std::move(kept);
  return a;
}

CutResult subtract(const std::vector<project::Ring>& rings, const project::Ring& cut) {
  if (rings.empty() || rings.front().size() < 3) return {{}, CutError::NotPolygon};
  if (cut.size() < 3) return {{}, CutError::TooFewPoints};
  if (project::self_intersects(cut)) return {{}, CutError::SelfIntersecting};
  const QPainterPath cutPath = toPath(toPolygon(cut));
  QPainterPath area;
  area.setFillRule(Qt::OddEvenFill);
  for (const auto& r : rings) area.addPath(toPath(toPolygon(r)));
  if (!area.intersects(cutPath)) return {{}, CutError::NoOverlap};
  // The usual case: a hole drawn well inside, clear of the other holes; keep its points as drawn.
  bool clear = toPath(toPolygon(rings.front())).contains(cutPath);
  for (std::size_t i = 1; clear && i < rings.size(); ++i)
    clear = !toPath(toPolygon(rings[i])).intersects(cutPath);
  if (clear) {
    CutResult out{rings, CutError::None};
    out.rings.push_back(cut);
    return out;
  }
  std::vector<project::Ring> pieces;
  for (const QPolygonF& poly : area.subtracted(cutPath).simplified().toSubpathPolygons()) {
    project::Ring ring = toRing(poly);
    if (ring.size() >= 3 && project::ring_area(ring) >= 1e-6) pieces.push_back(std::move(ring));
  }
  if (pieces.empty()) return {{}, CutError::CoversShape};
  auto ordered = outerThenHoles(pieces);
  if (ordered.empty()) return {{}, CutError::SplitsShape};
  return {std::move(ordered), CutError::None};
}

}  // namespace sam3::ui::shape_geometry
