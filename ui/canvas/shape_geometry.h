#pragma once
// Geometry of whole shapes for the canvas' edits: bounds, moving, fitting a pasted shape into a
// photo, cutting a hole (or a notch) out of a polygon. Pixels of the stored photo. Pure functions.
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <optional>
#include <vector>

#include "core/project/types.h"

namespace sam3::ui::shape_geometry {

QRectF bounds(const project::Annotation& a);  // of the outer ring or the box
project::Annotation translated(project::Annotation a, QPointF by);
// The part of `by` that moves `bounds` no further out of the photo [0, w] x [0, h] than it is.
QPointF clampShift(const QRectF& bounds, QPointF by, QSizeF photo);
// A pasted shape made to lie in the photo: moved in when it fits, else its vertices clamped to the
// border. Empty when less than one square pixel would be left.
std::optional<project::Annotation> fitIntoPhoto(project::Annotation a, QSizeF photo);

enum class CutError {
  None,
  TooFewPoints,      // fewer than three points
  SelfIntersecting,  // the cut ring crosses itself
  NotPolygon,        // boxes have no holes
  NoOverlap,         // the cut misses the shape's area
  CoversShape,       // nothing would be left
  SplitsShape,       // the rest would be several pieces
};
struct CutResult {
  std::vector<project::Ring> rings;  // outer first, then holes; empty on error
  CutError error = CutError::None;
};
// The polygon `rings` minus the area of `cut`. A cut inside the outer ring that touches no hole
// becomes a new hole ring verbatim; any other overlap (crossing the border: a notch; touching
// holes: they merge) is computed as an area difference.
CutResult subtract(const std::vector<project::Ring>& rings, const project::Ring& cut);

}  // namespace sam3::ui::shape_geometry
