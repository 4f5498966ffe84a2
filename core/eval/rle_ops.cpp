// Merge, area, box and IoU of RLE masks and boxes: port of rleMerge, rleArea, rleToBbox, bbIou and
// rleIou of cocoapi's common/maskApi.c (8c9bcc3), with its unsigned 32-bit arithmetic.
#include <algorithm>
#include <cmath>

#include "core/eval/rle.h"

namespace sam3::eval {
namespace {

using uint = std::uint32_t;

// Walks two run sequences in lockstep; calls step(c, in_a, in_b, last) for every common piece.
template <typename Step>
void walk_runs(const std::vector<uint>& a_counts, const std::vector<uint>& b_counts, Step step) {
  uint ca = a_counts.empty() ? 0 : a_counts[0];
  uint cb = b_counts.empty() ? 0 : b_counts[0];
  bool va = false, vb = false;
  std::size_t a = 1, b = 1;
  uint ct = 1;
  while (ct > 0) {
    const uint c = std::min(ca, cb);
    const bool in_a = va, in_b = vb;
    ct = 0;
    ca -= c;
    if (!ca && a < a_counts.size()) {
      ca = a_counts[a++];
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (!cb && b < b_counts.size()) {
      cb = b_counts[b++];
      vb = !vb;
    }
    ct += cb;
    step(c, in_a, in_b, va, vb, ct == 0);
  }
}

}  // namespace

Rle rle_merge(std::span<const Rle> rles, bool intersect) {
  if (rles.empty()) return Rle{};
  if (rles.size() == 1) return rles[0];
  const uint h = rles[0].h, w = rles[0].w;
  std::vector<uint> counts = rles[0].counts;
  std::vector<uint> merged;
  for (std::size_t i = 1; i < rles.size(); i++) {
    const Rle& other = rles[i];
    if (other.h != h || other.w != w) return Rle{};
    merged.clear();
    bool v = false;
    uint cc = 0;
    // rleMerge decides on the run values after advancing; walk_runs hands them over as (va, vb).
    walk_runs(counts, other.counts, [&](uint c, bool, bool, bool va, bool vb, bool last) {
      cc += c;
      const bool vp = v;
      v = intersect ? (va && vb) : (va || vb);
      if (v != vp || last) {
        merged.push_back(cc);
        cc = 0;
      }
    });
    counts.swap(merged);
  }
  return Rle{h, w, std::move(counts)};
}

std::uint64_t rle_area(const Rle& rle) {
  uint a = 0;  // maskApi.c accumulates in a 32-bit uint
  for (std::size_t j = 1; j < rle.counts.size(); j += 2) a += rle.counts[j];
  return a;
}

BBox rle_to_bbox(const Rle& rle) {
  const uint h = rle.h, w = rle.w;
  const std::size_t m = (rle.counts.size() / 2) * 2;
  if (m == 0 || h == 0) return BBox{};
  uint xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
  for (std::size_t j = 0; j < m; j++) {
    cc += rle.counts[j];
    const uint t = cc - static_cast<uint>(j % 2);
    const uint x = t / h, y = t - x * h;  // = t % h and (t - y) / h, one division
    if (j % 2 == 0) {
      xp = x;
    } else if (xp < x) {
      ys = 0;
      ye = h - 1;
    }
    xs = std::min(xs, x);
    xe = std::max(xe, x);
    ys = std::min(ys, y);
    ye = std::max(ye, y);
  }
  return BBox{static_cast<double>(xs), static_cast<double>(ys), static_cast<double>(xe - xs + 1),
              static_cast<double>(ye - ys + 1)};
}

double bbox_iou(const BBox& dt, const BBox& gt, bool gt_crowd) {
  const double ga = gt.w * gt.h;
  const double da = dt.w * dt.h;
  const double w = std::fmin(dt.w + dt.x, gt.w + gt.x) - std::fmax(dt.x, gt.x);
  if (w <= 0) return 0;
  const double h = std::fmin(dt.h + dt.y, gt.h + gt.y) - std::fmax(dt.y, gt.y);
  if (h <= 0) return 0;
  const double i = w * h;
  const double u = gt_crowd ? da : da + ga - i;
  return i / u;
}

double rle_iou(const Rle& dt, const BBox& dt_box, const Rle& gt, const BBox& gt_box,
               bool gt_crowd) {
  // rleIou first takes the IoU of the two tight boxes and only walks the runs where it is > 0.
  if (!(bbox_iou(dt_box, gt_box, gt_crowd) > 0)) return 0;
  if (dt.h != gt.h || dt.w != gt.w) return -1;
  uint i = 0, u = 0;
  walk_runs(dt.counts, gt.counts, [&](uint c, bool va, bool vb, bool, bool, bool) {
    if (va || vb) {
      u += c;
      if (va && vb) i += c;
    }
  });
  if (i == 0)
    u = 1;
  else if (gt_crowd)
    u = static_cast<uint>(rle_area(dt));
  return static_cast<double>(i) / static_cast<double>(u);
}

double rle_iou(const Rle& dt, const Rle& gt, bool gt_crowd) {
  return rle_iou(dt, rle_to_bbox(dt), gt, rle_to_bbox(gt), gt_crowd);
}

}  // namespace sam3::eval
