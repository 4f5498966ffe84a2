// Port of the mask functions of cocoapi's common/maskApi.c (cocodataset/cocoapi master, 8c9bcc3).
// Integer types and the order of floating-point operations follow the C code so that results are
// bit-identical; the target is compiled with -ffp-contract=off (no fused multiply-add).
#include "core/eval/rle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/util/errors.h"

namespace sam3::eval {
namespace {

using uint = std::uint32_t;

// Beyond this a coordinate cannot come from a photo; the bound keeps (int)(5 * v) defined.
constexpr double kMaxCoordinate = 1.0e7;

// (int) of a double as x86-64's cvttsd2si gives it, which is what maskApi.c's casts compile to:
// NaN (from a repeated vertex, where the edge slope is 0/0) and out-of-range values give INT_MIN.
int to_int(double v) {
  if (!(v > -2147483649.0 && v < 2147483648.0)) return std::numeric_limits<int>::min();
  return static_cast<int>(v);
}

// Scratch buffers reused across calls on one thread (rasterising is the hot path of segm).
struct Scratch {
  std::vector<int> x, y, cx, cy, bucket;
  std::vector<uint> a;
};

// Polygon corners on the 5x upsampled grid, closed (first part of rleFrPoly).
void upsampled_corners(std::span<const double> xy, std::size_t k, Scratch& s) {
  const double scale = 5;
  s.x.resize(k + 1);
  s.y.resize(k + 1);
  for (std::size_t j = 0; j < k; j++) s.x[j] = to_int(scale * xy[j * 2 + 0] + .5);
  s.x[k] = s.x[0];
  for (std::size_t j = 0; j < k; j++) s.y[j] = to_int(scale * xy[j * 2 + 1] + .5);
  s.y[k] = s.y[0];
}

// Walks the dense boundary points of rleFrPoly in its order and keeps, as it goes, the points
// where the boundary crosses a pixel column's centre line (its second loop), as (column, row).
class CrossingCollector {
 public:
  CrossingCollector(uint h, uint w, Scratch& s) : h_(h), w_(w), s_(s) {
    s_.cx.clear();
    s_.cy.clear();
  }
  void visit(int u, int v) {
    if (started_ && u != pu_) crossing(u, v);
    pu_ = u;
    pv_ = v;
    started_ = true;
  }

  // A mostly-horizontal edge (dx >= dy > 0 or dx > 0): point d is (xs + t, row(t)) with t = d, or
  // t = dx - d when flipped; u moves by one per point, so only every fifth pair can be a crossing.
  // Visits exactly those pairs, in the same order as the point-by-point walk.
  void horizontal_edge(int xs, int ys, int dx, double sl, bool flip) {
    auto row = [&](int t) { return static_cast<int>(ys + sl * t + .5); };
    const int first_t = flip ? dx : 0, last_t = flip ? 0 : dx;
    visit(xs + first_t, row(first_t));
    const std::int64_t max_xn = 5 * (static_cast<std::int64_t>(w_) - 1);
    if (!flip) {  // pair (t-1, t): u' = xs + t - 1, crossing when xs + t - 3 = 5i, 0 <= i < w
      std::int64_t t = std::max<std::int64_t>(1, 3 - static_cast<std::int64_t>(xs));
      t += (((3 - xs - t) % 5) + 5) % 5;
      for (; t <= dx && xs + t - 3 <= max_xn; t += 5) {
        const int ti = static_cast<int>(t);
        emit(xs + t - 3, std::min(row(ti), row(ti - 1)));
      }
    } else {  // pair (t+1, t), t falling: u' = xs + t, crossing when xs + t - 2 = 5i, 0 <= i < w
      std::int64_t t = std::min<std::int64_t>(dx - 1, max_xn + 2 - static_cast<std::int64_t>(xs));
      t -= (((xs + t - 2) % 5) + 5) % 5;
      for (; t >= 0 && xs + t - 2 >= 0; t -= 5) {
        const int ti = static_cast<int>(t);
        emit(xs + t - 2, std::min(row(ti), row(ti + 1)));
      }
    }
    pu_ = xs + last_t;
    pv_ = row(last_t);
  }

 private:
  // rleFrPoly computes xd = (u' + .5) / 5 - .5 and keeps it when integral, in [0, w-1]; then
  // yd = ceil(clamp((v' + .5) / 5 - .5, 0, h)). Both equal (n - 2) / 5 exactly whenever that is an
  // integer and stay >= 0.2 from any integer otherwise (|n| < 2^40 here), so integer arithmetic
  // gives the same columns and rows without floor/ceil/division on doubles.
  void crossing(int u, int v) {
    const std::int64_t xn = static_cast<std::int64_t>(u < pu_ ? u : u - 1) - 2;
    if (xn < 0 || xn % 5 != 0 || xn / 5 > static_cast<std::int64_t>(w_) - 1) return;
    emit(xn, v < pv_ ? v : pv_);
  }
  // xn = 5 * column (checked by the caller); row_min: the smaller upsampled row of the pair.
  void emit(std::int64_t xn, int row_min) {
    const std::int64_t yn = static_cast<std::int64_t>(row_min) - 2;
    std::int64_t yi = yn >= 0 ? (yn + 4) / 5 : -((-yn) / 5);  // ceil(yn / 5)
    yi = std::clamp<std::int64_t>(yi, 0, h_);
    s_.cx.push_back(static_cast<int>(xn / 5));
    s_.cy.push_back(static_cast<int>(yi));
  }

  uint h_, w_;
  Scratch& s_;
  bool started_ = false;
  int pu_ = 0, pv_ = 0;
};

void walk_boundary(std::size_t k, CrossingCollector& out, const Scratch& s) {
  for (std::size_t j = 0; j < k; j++) {
    int xs = s.x[j], xe = s.x[j + 1], ys = s.y[j], ye = s.y[j + 1];
    const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    if (dx == 0 && dy == 0) {  // repeated vertex: slope 0/0, the row is (int)NaN
      out.visit(xs, to_int(std::numeric_limits<double>::quiet_NaN()));
      continue;
    }
    const double sl =
        dx >= dy ? static_cast<double>(ye - ys) / dx : static_cast<double>(xe - xs) / dy;
    if (dx >= dy) {
      out.horizontal_edge(xs, ys, dx, sl, flip);
    } else {
      for (int d = 0; d <= dy; d++) {
        const int t = flip ? dy - d : d;
        out.visit(static_cast<int>(xs + sl * t + .5), t + ys);
      }
    }
  }
}

// Run-start positions x*h+y in ascending order, then h*w (rleFrPoly's qsort). Columns are bucketed
// and each column's few rows sorted: the same order, since a column's keys lie in [x*h, x*h+h].
void sorted_positions(uint h, uint w, Scratch& s) {
  const std::size_t n = s.cx.size();
  s.a.clear();
  if (n > 0 && static_cast<std::uint64_t>(h) * w < (std::uint64_t{1} << 32)) {
    const auto [lo, hi] = std::minmax_element(s.cx.begin(), s.cx.end());
    const int x0 = *lo;
    s.bucket.assign(static_cast<std::size_t>(*hi - x0) + 2, 0);
    for (int x : s.cx) s.bucket[static_cast<std::size_t>(x - x0) + 1]++;
    for (std::size_t i = 1; i < s.bucket.size(); i++) s.bucket[i] += s.bucket[i - 1];
    s.a.resize(n);
    for (std::size_t j = 0; j < n; j++) {
      const auto slot =
          static_cast<std::size_t>(s.bucket[static_cast<std::size_t>(s.cx[j] - x0)]++);
      s.a[slot] = static_cast<uint>(s.cx[j]) * h + static_cast<uint>(s.cy[j]);
    }
    for (std::size_t i = 1; i < n; i++)  // insertion sort: nearly sorted after bucketing
      for (std::size_t j = i; j > 0 && s.a[j - 1] > s.a[j]; j--) std::swap(s.a[j - 1], s.a[j]);
  } else {
    for (std::size_t j = 0; j < n; j++)
      s.a.push_back(static_cast<uint>(s.cx[j]) * h + static_cast<uint>(s.cy[j]));
    std::sort(s.a.begin(), s.a.end());
  }
  s.a.push_back(h * w);
}

// Run lengths from the sorted positions (third part of rleFrPoly): differences, zero runs merged.
Rle runs_from_positions(uint h, uint w, std::vector<uint>& a) {
  uint p = 0;
  for (auto& value : a) {
    const uint t = value;
    value -= p;
    p = t;
  }
  Rle r{h, w, {}};
  r.counts.reserve(a.size());
  std::size_t j = 0;
  r.counts.push_back(a[j++]);
  while (j < a.size()) {
    if (a[j] > 0) {
      r.counts.push_back(a[j++]);
    } else {
      j++;
      if (j < a.size()) r.counts.back() += a[j++];
    }
  }
  return r;
}

}  // namespace

Rle rle_from_polygon(std::span<const double> xy, std::uint32_t h, std::uint32_t w) {
  if (xy.size() % 2 != 0)
    throw InvalidInput("polygon has an odd number of coordinates (" + std::to_string(xy.size()) +
                       ")");
  if (xy.size() < 6)
    throw InvalidInput("polygon has " + std::to_string(xy.size() / 2) +
                       " points, needs at least 3");
  for (double value : xy) {
    if (!std::isfinite(value) || std::abs(value) > kMaxCoordinate)
      throw InvalidInput("polygon coordinate " + std::to_string(value) +
                         " is not a finite pixel position");
  }
  thread_local Scratch scratch;
  const std::size_t k = xy.size() / 2;
  upsampled_corners(xy, k, scratch);
  CrossingCollector collector(h, w, scratch);
  walk_boundary(k, collector, scratch);
  sorted_positions(h, w, scratch);
  return runs_from_positions(h, w, scratch.a);
}

Rle rle_from_polygons(const std::vector<std::vector<double>>& polygons, std::uint32_t h,
                      std::uint32_t w) {
  if (polygons.empty()) throw InvalidInput("segmentation has no polygon");
  std::vector<Rle> parts;
  parts.reserve(polygons.size());
  for (const auto& polygon : polygons) parts.push_back(rle_from_polygon(polygon, h, w));
  return rle_merge(parts);
}

Rle rle_from_bbox(const BBox& box, std::uint32_t h, std::uint32_t w) {
  const double xs = box.x, xe = xs + box.w;
  const double ys = box.y, ye = ys + box.h;
  const double xy[8] = {xs, ys, xs, ye, xe, ye, xe, ys};
  return rle_from_polygon(xy, h, w);
}

Rle rle_encode(std::span<const std::uint8_t> mask, std::uint32_t h, std::uint32_t w) {
  if (mask.size() != static_cast<std::size_t>(h) * w)
    throw InvalidInput("mask has " + std::to_string(mask.size()) + " pixels, expected " +
                       std::to_string(static_cast<std::size_t>(h) * w));
  Rle r{h, w, {}};
  std::uint8_t previous = 0;
  uint c = 0;
  for (std::uint8_t value : mask) {
    const std::uint8_t bit = value ? 1 : 0;
    if (bit != previous) {
      r.counts.push_back(c);
      c = 0;
      previous = bit;
    }
    c++;
  }
  r.counts.push_back(c);
  return r;
}

std::vector<std::uint8_t> rle_decode(const Rle& rle) {
  std::vector<std::uint8_t> mask;
  mask.reserve(static_cast<std::size_t>(rle.h) * rle.w);
  std::uint8_t v = 0;
  for (uint count : rle.counts) {
    mask.insert(mask.end(), count, v);
    v = !v;
  }
  if (mask.size() != static_cast<std::size_t>(rle.h) * rle.w)
    throw InvalidInput("RLE counts sum to " + std::to_string(mask.size()) + ", expected h*w = " +
                       std::to_string(static_cast<std::size_t>(rle.h) * rle.w));
  return mask;
}

std::string rle_to_string(const Rle& rle) {
  std::string s;
  s.reserve(rle.counts.size() * 2);
  for (std::size_t i = 0; i < rle.counts.size(); i++) {
    long long x = rle.counts[i];
    if (i > 2) x -= static_cast<long long>(rle.counts[i - 2]);
    bool more = true;
    while (more) {
      char c = static_cast<char>(x & 0x1f);
      x >>= 5;
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      s.push_back(static_cast<char>(c + 48));
    }
  }
  return s;
}

Rle rle_from_string(std::string_view counts, std::uint32_t h, std::uint32_t w) {
  Rle r{h, w, {}};
  std::size_t p = 0;
  while (p < counts.size()) {
    long long x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      if (p >= counts.size())
        throw InvalidInput("compressed RLE ends inside a value at character " + std::to_string(p));
      const int c = static_cast<unsigned char>(counts[p]) - 48;
      if (c < 0 || c > 63)
        throw InvalidInput("compressed RLE has an invalid character at position " +
                           std::to_string(p));
      if (k >= 12)
        throw InvalidInput("compressed RLE value too long at position " + std::to_string(p));
      x |= static_cast<long long>(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      p++;
      k++;
      if (!more && (c & 0x10)) x |= -1LL << (5 * k);
    }
    if (r.counts.size() > 2) x += static_cast<long long>(r.counts[r.counts.size() - 2]);
    r.counts.push_back(static_cast<uint>(x));
  }
  return r;
}

}  // namespace sam3::eval
