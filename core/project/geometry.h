#pragma once
// Polygon helpers for the store and the interchange formats. Pixels of the stored photo.
#include <array>
#include <string>
#include <vector>

#include "core/project/types.h"

namespace sam3::project {

double ring_area(const Ring& ring);                                // absolute shoelace area
double polygon_area(const std::vector<Ring>& rings);               // outer minus holes, >= 0
std::array<double, 4> rings_bbox(const std::vector<Ring>& rings);  // exact x, y, w, h of rings[0]
// Fills bbox and area of `a` from its geometry (MetricsOrigin::Computed).
void compute_metrics(Annotation& a);

// True when two non-adjacent edges of the ring cross or touch. O(n^2); rings here are small.
bool self_intersects(const Ring& ring);
// Removes consecutive duplicate vertices; a closing vertex equal to the first is kept (it is how
// Roboflow writes rings). Returns how many vertices were removed.
int remove_duplicate_vertices(Ring& ring);
// Clamps every vertex into [0, width] x [0, height]; returns how many were moved.
int clamp_to_image(std::vector<Ring>& rings, int width, int height);

// One ring that covers outer minus holes: each hole is joined to the outer ring by a zero-width
// cut (a "keyhole"), which formats that know a single flat polygon (COCO, YOLO) can carry.
Ring flatten_holes(const std::vector<Ring>& rings);

// Compact binary form of the rings (native doubles) for the database.
std::string encode_rings(const std::vector<Ring>& rings);
std::vector<Ring> decode_rings(const std::string& blob);

// Box as a 4-corner ring (clockwise from top-left).
Ring box_ring(const std::array<double, 4>& xywh);

}  // namespace sam3::project
