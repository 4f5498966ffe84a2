// Contour tracing along pixel edges with 8-connected foreground; see mask_to_polygon.h.
// Every boundary edge of a foreground pixel is walked once with the foreground on its right
// (y down); at a corner where two foreground pixels touch diagonally the walk turns left, which
// keeps them in one outline (8-connectivity). Loops with positive area are outer rings, the others
// holes; both belong to the 8-connected component of the pixels they border.
#include "core/inference/mask_to_polygon.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "core/util/errors.h"

namespace sam3::polygon {
namespace {

// Directions: 0 right, 1 down, 2 left, 3 up (y down).
constexpr std::array<int, 4> kDx{1, 0, -1, 0};
constexpr std::array<int, 4> kDy{0, 1, 0, -1};

class Tracer {
 public:
  Tracer(int w, int h, std::span<const std::uint8_t> data) : w_(w), h_(h), data_(data) {
    visited_.assign(static_cast<std::size_t>(w) * h, 0);
  }

  bool fg(int x, int y) const {
    return x >= 0 && y >= 0 && x < w_ && y < h_ && data_[idx(x, y)] != 0;
  }
  std::size_t idx(int x, int y) const { return static_cast<std::size_t>(y) * w_ + x; }

  // The pixel whose boundary the edge leaving vertex (x, y) in direction d follows, and the
  // side bit of that pixel (top 1, right 2, bottom 4, left 8).
  static void edge_owner(int x, int y, int d, int& px, int& py, std::uint8_t& side) {
    switch (d) {
      case 0:
        px = x, py = y, side = 1;
        break;  // top side of the pixel below-right
      case 1:
        px = x - 1, py = y, side = 2;
        break;  // right side of the pixel below-left
      case 2:
        px = x - 1, py = y - 1, side = 4;
        break;  // bottom side of the pixel above-left
      default:
        px = x, py = y - 1, side = 8;
        break;  // left side of the pixel above-right
    }
  }

  bool edge_exists(int x, int y, int d) const {
    int px, py;
    std::uint8_t side;
    edge_owner(x, y, d, px, py, side);
    const int nx = px + (side == 2) - (side == 8), ny = py + (side == 4) - (side == 1);
    return fg(px, py) && !fg(nx, ny);
  }

  // Walks the loop that starts with edge (x, y, d); returns its vertices (corners only) and the
  // owner pixel of the first edge.
  Ring walk(int x, int y, int d) {
    Ring ring;
    const int sx = x, sy = y, sd = d;
    int prev = -1;
    do {
      int px, py;
      std::uint8_t side;
      edge_owner(x, y, d, px, py, side);
      visited_[idx(px, py)] |= side;
      if (d != prev) ring.push_back({static_cast<double>(x), static_cast<double>(y)});
      prev = d;
      x += kDx[d];
      y += kDy[d];
      for (int turn : {3, 0, 1}) {  // left, straight, right (y down: left of d is d + 3)
        const int nd = (d + turn) % 4;
        if (edge_exists(x, y, nd)) {
          d = nd;
          break;
        }
      }
    } while (x != sx || y != sy || d != sd);
    if (ring.size() > 1 && d == prev) ring.erase(ring.begin());  // start was mid-run
    return ring;
  }

  std::vector<std::uint8_t> visited_;

 private:
  int w_, h_;
  std::span<const std::uint8_t> data_;
};

// 8-connected component labels (0 = background, 1..n) and their pixel counts (index = label).
std::vector<int> label_components(int w, int h, std::span<const std::uint8_t> data,
                                  std::vector<std::int64_t>& counts) {
  std::vector<int> label(data.size(), 0);
  counts.assign(1, 0);
  std::vector<std::size_t> stack;
  for (std::size_t start = 0; start < data.size(); ++start) {
    if (!data[start] || label[start]) continue;
    const int id = static_cast<int>(counts.size());
    counts.push_back(0);
    label[start] = id;
    stack.assign(1, start);
    while (!stack.empty()) {
      const std::size_t p = stack.back();
      stack.pop_back();
      ++counts[id];
      const int x = static_cast<int>(p % w), y = static_cast<int>(p / w);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const std::size_t q = static_cast<std::size_t>(ny) * w + nx;
          if (data[q] && !label[q]) {
            label[q] = id;
            stack.push_back(q);
          }
        }
    }
  }
  return label;
}

}  // namespace

TracedMask::TracedMask(int width, int height, std::span<const std::uint8_t> data)
    : width_(width), height_(height) {
  if (width < 0 || height < 0 ||
      data.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
    throw InvalidInput("mask of " + std::to_string(width) + " x " + std::to_string(height) +
                       " needs " + std::to_string(static_cast<long long>(width) * height) +
                       " bytes, got " + std::to_string(data.size()));
  }
  std::vector<std::int64_t> counts;
  const auto label = label_components(width, height, data, counts);
  std::map<int, Region> by_label;
  Tracer tracer(width, height, data);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (!tracer.fg(x, y)) continue;
      // Start vertex and direction of each side: top, right, bottom, left.
      const std::array<std::array<int, 3>, 4> sides{
          {{x, y, 0}, {x + 1, y, 1}, {x + 1, y + 1, 2}, {x, y + 1, 3}}};
      for (int s = 0; s < 4; ++s) {
        if (tracer.visited_[tracer.idx(x, y)] & (1 << s)) continue;
        const auto& [vx, vy, d] = sides[s];
        if (!tracer.edge_exists(vx, vy, d)) continue;
        Ring ring = tracer.walk(vx, vy, d);
        Region& region = by_label[label[tracer.idx(x, y)]];
        if (signed_area(ring) > 0) {
          region.outer = std::move(ring);
        } else {
          region.holes.push_back(std::move(ring));
        }
      }
    }
  }
  for (auto& [id, region] : by_label) {
    region.pixel_area = counts[static_cast<std::size_t>(id)];
    regions_.push_back(std::move(region));
  }
  std::stable_sort(regions_.begin(), regions_.end(), [](const Region& a, const Region& b) {
    return a.pixel_area > b.pixel_area;  // by_label already orders ties top-left first
  });
}

TracedMask TracedMask::from_regions(int width, int height, std::vector<Region> regions) {
  if (width <= 0 || height <= 0)
    throw InvalidInput("traced mask of " + std::to_string(width) + " x " + std::to_string(height) +
                       ": the size must be positive");
  for (std::size_t i = 0; i < regions.size(); ++i)
    if (regions[i].outer.size() < 3)
      throw InvalidInput("traced mask region " + std::to_string(i) +
                         " has no outer ring of 3 or more vertices");
  TracedMask out;
  out.width_ = width;
  out.height_ = height;
  out.regions_ = std::move(regions);
  return out;
}

std::vector<Region> TracedMask::polygons(const PolygonOptions& o) const {
  if (o.tolerance < 0 || o.min_area < 0 || o.min_hole_area < 0)
    throw InvalidInput("polygon options must not be negative");
  std::vector<Region> out;
  for (const Region& r : regions_) {
    Region kept;
    kept.outer = simplify_ring(r.outer, o.tolerance);
    double area = signed_area(r.outer);
    for (const Ring& hole : r.holes) {
      const double hole_area = -signed_area(hole);
      if (hole_area < o.min_hole_area) continue;
      area -= hole_area;
      kept.holes.push_back(simplify_ring(hole, o.tolerance));
    }
    kept.pixel_area = static_cast<std::int64_t>(std::llround(area));
    if (static_cast<double>(kept.pixel_area) < o.min_area) continue;
    out.push_back(std::move(kept));
  }
  return out;
}

std::vector<Region> mask_to_polygons(int width, int height, std::span<const std::uint8_t> data,
                                     const PolygonOptions& options) {
  return TracedMask(width, height, data).polygons(options);
}

}  // namespace sam3::polygon
