// Ring area and Douglas-Peucker simplification of closed rings; see mask_to_polygon.h.
#include <algorithm>
#include <cmath>
#include <utility>

#include "core/inference/mask_to_polygon.h"

namespace sam3::polygon {
namespace {

double distance_to_segment(const Point& p, const Point& a, const Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Marks the vertices of ring[first .. last] (indexes modulo n, first and last kept) that
// Douglas-Peucker keeps.
void mark_chain(const Ring& ring, std::size_t first, std::size_t last, double tolerance,
                std::vector<char>& keep) {
  const std::size_t n = ring.size();
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    const std::size_t span = (b + n - a) % n;
    if (span < 2) continue;
    double worst = -1;
    std::size_t worst_at = a;
    for (std::size_t k = 1; k < span; ++k) {
      const std::size_t i = (a + k) % n;
      const double d = distance_to_segment(ring[i], ring[a], ring[b]);
      if (d > worst) {
        worst = d;
        worst_at = i;
      }
    }
    if (worst > tolerance) {
      keep[worst_at] = 1;
      stack.push_back({a, worst_at});
      stack.push_back({worst_at, b});
    }
  }
}

}  // namespace

double signed_area(const Ring& ring) {
  double twice = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& p = ring[i];
    const Point& q = ring[(i + 1) % ring.size()];
    twice += p.x * q.y - q.x * p.y;
  }
  return twice / 2;
}

Ring simplify_ring(const Ring& ring, double tolerance) {
  const std::size_t n = ring.size();
  if (tolerance <= 0 || n <= 3) return ring;
  // Anchors: the top-left vertex and the vertex farthest from it, both always kept.
  std::size_t a = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (ring[i].y < ring[a].y || (ring[i].y == ring[a].y && ring[i].x < ring[a].x)) a = i;
  std::size_t b = a;
  double far = -1;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = std::hypot(ring[i].x - ring[a].x, ring[i].y - ring[a].y);
    if (d > far) {
      far = d;
      b = i;
    }
  }
  std::vector<char> keep(n, 0);
  keep[a] = keep[b] = 1;
  mark_chain(ring, a, b, tolerance, keep);
  mark_chain(ring, b, a, tolerance, keep);
  Ring out;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = (a + k) % n;  // start at the top-left anchor: a stable first vertex
    if (keep[i]) out.push_back(ring[i]);
  }
  if (out.size() < 3) return ring;
  return out;
}

}  // namespace sam3::polygon
