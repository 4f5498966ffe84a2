// Port of the mask functions of cocoapi's common/maskApi.c (cocodataset/cocoapi master, 8c9bcc3).
// Integer types and the order of floating-point operations follow the C code so that results are
// bit-identical; the target is compiled with -ffp-contract=off (no fused multiply-add).
#include "core/eval/rle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/util/errors.h"

namespace sam3::eval {
namespace {

using uint = std::uint32_t;

// Beyond this a coordinate cannot come from a photo; the bound keeps (int)(5 * v) defined.
constexpr double kMaxCoordinate = 1.0e7;

struct Boundary {
  std::vector<int> u, v;
};

// Dense integer points along the closed polygon, 5x upsampled (first part of rleFrPoly).
Boundary upsample_boundary(std::span<const double> xy, std::size_t k) {
  const double scale = 5;
  std::vector<int> x(k + 1), y(k + 1);
  for (std::size_t j = 0; j < k; j++) x[j] = static_cast<int>(scale * xy[j * 2 + 0] + .5);
  x[k] = x[0];
  for (std::size_t j = 0; j < k; j++) y[j] = static_cast<int>(scale * xy[j * 2 + 1] + .5);
  y[k] = y[0];
  std::size_t m = 0;
  for (std::size_t j = 0; j < k; j++)
    m += std::max(std::abs(x[j] - x[j + 1]), std::abs(y[j] - y[j + 1])) + 1;
  Boundary b;
  b.u.reserve(m);
  b.v.reserve(m);
  for (std::size_t j = 0; j < k; j++) {
    int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    const double s =
        dx >= dy ? static_cast<double>(ye - ys) / dx : static_cast<double>(xe - xs) / dy;
    if (dx >= dy) {
      for (int d = 0; d <= dx; d++) {
        const int t = flip ? dx - d : d;
        b.u.push_back(t + xs);
        b.v.push_back(static_cast<int>(ys + s * t + .5));
      }
    } else {
      for (int d = 0; d <= dy; d++) {
        const int t = flip ? dy - d : d;
        b.v.push_back(t + ys);
        b.u.push_back(static_cast<int>(xs + s * t + .5));
      }
    }
  }
  return b;
}

// Run starts from the y-boundary crossings (second and third part of rleFrPoly).
Rle runs_from_boundary(const Boundary& bd, uint h, uint w) {
  const double scale = 5;
  std::vector<uint> a;
  a.reserve(bd.u.size() + 1);
  for (std::size_t j = 1; j < bd.u.size(); j++) {
    if (bd.u[j] == bd.u[j - 1]) continue;
    double xd = static_cast<double>(bd.u[j] < bd.u[j - 1] ? bd.u[j] : bd.u[j] - 1);
    xd = (xd + .5) / scale - .5;
    if (std::floor(xd) != xd || xd < 0 || xd > static_cast<double>(w) - 1) continue;
    double yd = static_cast<double>(bd.v[j] < bd.v[j - 1] ? bd.v[j] : bd.v[j - 1]);
    yd = (yd + .5) / scale - .5;
    if (yd < 0)
      yd = 0;
    else if (yd > h)
      yd = h;
    yd = std::ceil(yd);
    const int xi = static_cast<int>(xd), yi = static_cast<int>(yd);
    a.push_back(static_cast<uint>(xi) * h + static_cast<uint>(yi));
  }
  a.push_back(h * w);
  std::sort(a.begin(), a.end());
  uint p = 0;
  for (auto& value : a) {
    const uint t = value;
    value -= p;
    p = t;
  }
  Rle r{h, w, {}};
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
  return runs_from_boundary(upsample_boundary(xy, xy.size() / 2), h, w);
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
