#include "core/project/geometry.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/util/errors.h"

namespace sam3::project {

namespace {
double signed_area(const Ring& r) {
  double s = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const Point& a = r[i];
    const Point& b = r[(i + 1) % n];
    s += a.x * b.y - b.x * a.y;
  }
  return s * 0.5;
}
}  // namespace

double ring_area(const Ring& r) {
  return std::abs(signed_area(r));
}

double polygon_area(const std::vector<Ring>& rings) {
  if (rings.empty()) return 0;
  double a = ring_area(rings[0]);
  for (std::size_t i = 1; i < rings.size(); ++i) a -= ring_area(rings[i]);
  return std::max(a, 0.0);
}

std::array<double, 4> rings_bbox(const std::vector<Ring>& rings) {
  if (rings.empty() || rings[0].empty()) return {0, 0, 0, 0};
  double x0 = std::numeric_limits<double>::max(), y0 = x0, x1 = -x0, y1 = -x0;
  for (const Point& p : rings[0]) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

void compute_metrics(Annotation& a) {
  if (a.kind == ShapeKind::Polygon) {
    a.bbox = rings_bbox(a.rings);
    a.area = polygon_area(a.rings);
  } else {
    a.rings.clear();
    a.area = a.bbox[2] * a.bbox[3];
  }
  a.metrics_origin = MetricsOrigin::Computed;
}

namespace {
double cross(const Point& o, const Point& a, const Point& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}
bool on_segment(const Point& p, const Point& a, const Point& b) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
         p.y <= std::max(a.y, b.y);
}
bool segments_touch(const Point& a, const Point& b, const Point& c, const Point& d) {
  double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return true;
  return (d1 == 0 && on_segment(a, c, d)) || (d2 == 0 && on_segment(b, c, d)) ||
         (d3 == 0 && on_segment(c, a, b)) || (d4 == 0 && on_segment(d, a, b));
}
}  // namespace

bool self_intersects(const Ring& ring) {
  // A closing vertex equal to the first one (Roboflow writes it) is not an edge of its own.
  std::size_t n = ring.size();
  if (n > 1 && ring.front() == ring.back()) --n;
  const Ring& r = ring;
  if (n < 4) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = r[i];
    const Point& b = r[(i + 1) % n];
    for (std::size_t j = i + 2; j < n; ++j) {
      if (i == 0 && j == n - 1) continue;  // adjacent through the closing edge
      if (segments_touch(a, b, r[j], r[(j + 1) % n])) return true;
    }
  }
  return false;
}

int remove_duplicate_vertices(Ring& r) {
  std::size_t before = r.size();
  r.erase(std::unique(r.begin(), r.end()), r.end());
  return static_cast<int>(before - r.size());
}

int clamp_to_image(std::vector<Ring>& rings, int width, int height) {
  int moved = 0;
  for (Ring& r : rings)
    for (Point& p : r) {
      Point q{std::clamp(p.x, 0.0, double(width)), std::clamp(p.y, 0.0, double(height))};
      if (!(q == p)) ++moved, p = q;
    }
  return moved;
}

Ring flatten_holes(const std::vector<Ring>& rings) {
  if (rings.empty()) return {};
  Ring out = rings[0];
  for (std::size_t h = 1; h < rings.size(); ++h) {
    Ring hole = rings[h];
    if (hole.empty()) continue;
    // The hole must run against the outer ring so that the even-odd and the non-zero fill rules
    // (and the shoelace area) both leave it empty.
    if ((signed_area(hole) > 0) == (signed_area(rings[0]) > 0))
      std::reverse(hole.begin(), hole.end());
    // Join at the closest pair of vertices so the cut stays short and inside the shape.
    std::size_t bi = 0, bj = 0;
    double best = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i < out.size(); ++i)
      for (std::size_t j = 0; j < hole.size(); ++j) {
        double dx = out[i].x - hole[j].x, dy = out[i].y - hole[j].y;
        if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, bi = i, bj = j;
      }
    Ring spliced(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(bi) + 1);
    for (std::size_t k = 0; k <= hole.size(); ++k) spliced.push_back(hole[(bj + k) % hole.size()]);
    spliced.insert(spliced.end(), out.begin() + static_cast<std::ptrdiff_t>(bi), out.end());
    out = std::move(spliced);
  }
  return out;
}

std::string encode_rings(const std::vector<Ring>& rings) {
  std::string blob;
  auto put_u32 = [&](std::uint32_t v) { blob.append(reinterpret_cast<const char*>(&v), 4); };
  put_u32(static_cast<std::uint32_t>(rings.size()));
  for (const Ring& r : rings) {
    put_u32(static_cast<std::uint32_t>(r.size()));
    blob.append(reinterpret_cast<const char*>(r.data()), r.size() * sizeof(Point));
  }
  return blob;
}

std::vector<Ring> decode_rings(const std::string& blob) {
  std::size_t o = 0;
  auto get_u32 = [&]() {
    if (blob.size() - o < 4) throw FormatError("project.db", "annotation geometry", "truncated");
    std::uint32_t v;
    std::memcpy(&v, blob.data() + o, 4);
    o += 4;
    return v;
  };
  if (blob.empty()) return {};
  std::vector<Ring> rings(get_u32());
  for (Ring& r : rings) {
    std::size_t n = get_u32();
    if ((blob.size() - o) / sizeof(Point) < n)
      throw FormatError("project.db", "annotation geometry", "truncated");
    r.resize(n);
    std::memcpy(r.data(), blob.data() + o, n * sizeof(Point));
    o += n * sizeof(Point);
  }
  return rings;
}

Ring box_ring(const std::array<double, 4>& b) {
  return {{b[0], b[1]}, {b[0] + b[2], b[1]}, {b[0] + b[2], b[1] + b[3]}, {b[0], b[1] + b[3]}};
}

}  // namespace sam3::project
