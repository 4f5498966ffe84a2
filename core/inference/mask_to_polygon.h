#pragma once
// Binary mask -> polygons with holes, without OpenCV. Contours follow pixel edges (vertices at
// pixel corners, x right, y down, in pixels of the mask), so an unsimplified polygon covers exactly
// the mask's pixels: rasterising it at pixel centres gives the mask back. Foreground is
// 8-connected (pixels touching at a corner are one region; the outline passes through that
// corner), background 4-connected. Outer rings are clockwise on screen (positive shoelace area in
// y-down coordinates), holes counter-clockwise; rings are implicitly closed (the first vertex is
// not repeated) and hold only corner vertices (no collinear runs).
// Simplification (Douglas-Peucker with a tolerance in pixels) works on the traced rings, which
// TracedMask keeps: changing the tolerance later is cheap and reversible.
// Thread-safe: no shared state. Errors: InvalidInput (core/util/errors.h) for a mask whose data
// size is not width * height or negative options.
#include <cstdint>
#include <span>
#include <vector>

namespace sam3::polygon {

struct Point {
  double x = 0;
  double y = 0;
  bool operator==(const Point&) const = default;
};

using Ring = std::vector<Point>;

struct Region {
  Ring outer;
  std::vector<Ring> holes;
  std::int64_t pixel_area = 0;  // foreground pixels of the region (outer minus holes, exact)
};

struct PolygonOptions {
  double tolerance = 1.0;    // Douglas-Peucker distance in pixels; 0 keeps the exact outline
  double min_area = 0.0;     // regions with fewer pixels are dropped (small islands)
  double min_hole_area = 0;  // holes with fewer pixels are dropped (filled)
};

// Shoelace area in y-down coordinates: > 0 for outer rings, < 0 for holes.
double signed_area(const Ring& ring);

// Douglas-Peucker on a closed ring. A ring that would fall below 3 vertices keeps its input
// vertices. tolerance <= 0 returns the ring unchanged.
Ring simplify_ring(const Ring& ring, double tolerance);

// The exact outlines of a mask, traced once.
class TracedMask {
 public:
  // data: row-major, width * height bytes, nonzero = foreground.
  TracedMask(int width, int height, std::span<const std::uint8_t> data);
  // Outlines traced before (regions() of a TracedMask, kept by the project store): InvalidInput
  // for a size <= 0 or a region without an outer ring of >= 3 vertices.
  static TracedMask from_regions(int width, int height, std::vector<Region> regions);

  int width() const { return width_; }
  int height() const { return height_; }
  // Every region, largest pixel area first (ties: top-left first), exact outlines.
  const std::vector<Region>& regions() const { return regions_; }
  // Regions filtered by the areas and simplified with the tolerance of `options`.
  std::vector<Region> polygons(const PolygonOptions& options) const;

 private:
  TracedMask() = default;
  int width_ = 0;
  int height_ = 0;
  std::vector<Region> regions_;
};

// TracedMask(width, height, data).polygons(options).
std::vector<Region> mask_to_polygons(int width, int height, std::span<const std::uint8_t> data,
                                     const PolygonOptions& options = {});

}  // namespace sam3::polygon
