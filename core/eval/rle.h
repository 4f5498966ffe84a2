#pragma once
// COCO run-length encoding of binary masks, bit-compatible with cocoapi's maskApi.c (the C core of
// pycocotools): column-major runs that start with a run of zeros. Coordinates are pixels of the
// image the mask belongs to; polygons are rasterised exactly as rleFrPoly does (5x upsampled
// boundary, points on pixel centres), so areas and IoUs equal pycocotools' to the last bit.
// All functions are pure and thread-safe; invalid arguments throw sam3::InvalidInput.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sam3::eval {

// Box in pixels: top-left corner, width and height (COCO's [x, y, w, h]).
struct BBox {
  double x = 0, y = 0, w = 0, h = 0;
  friend bool operator==(const BBox&, const BBox&) = default;
};

// An RLE mask of h rows and w columns. counts alternate zeros/ones along columns (x-major), first
// run is zeros (may be 0); their sum is h*w for a well-formed mask.
struct Rle {
  std::uint32_t h = 0;
  std::uint32_t w = 0;
  std::vector<std::uint32_t> counts;
  friend bool operator==(const Rle&, const Rle&) = default;
};

// One polygon as flat [x0, y0, x1, y1, ...]; needs >= 3 points (6 numbers, even count).
Rle rle_from_polygon(std::span<const double> xy, std::uint32_t h, std::uint32_t w);
// Union of several polygons (COCO's list-of-polygons segmentation), like frPyObjects + merge.
Rle rle_from_polygons(const std::vector<std::vector<double>>& polygons, std::uint32_t h,
                      std::uint32_t w);
// Box as the polygon of its four corners (rleFrBbox).
Rle rle_from_bbox(const BBox& box, std::uint32_t h, std::uint32_t w);

// Column-major binary mask (mask[x * h + y], nonzero = inside) to RLE and back.
Rle rle_encode(std::span<const std::uint8_t> mask, std::uint32_t h, std::uint32_t w);
std::vector<std::uint8_t> rle_decode(const Rle& rle);

// COCO's compressed string form (LEB128-like, 6 bits per char, chars 48..111, deltas from i-2).
std::string rle_to_string(const Rle& rle);
// Throws InvalidInput on characters outside 48..111 or a truncated last value.
Rle rle_from_string(std::string_view counts, std::uint32_t h, std::uint32_t w);

// Union (or intersection) of masks of one size; masks of different sizes give an empty 0x0 RLE
// exactly as rleMerge does.
Rle rle_merge(std::span<const Rle> rles, bool intersect = false);
std::uint64_t rle_area(const Rle& rle);
// Tight box of the mask (rleToBbox); a mask whose runs cross columns spans all rows.
BBox rle_to_bbox(const Rle& rle);

// IoU of a detection against a ground truth (bbIou / rleIou). For crowd ground truth the union is
// the detection's area. Boxes with no overlap give 0; masks of different sizes give -1.
double bbox_iou(const BBox& dt, const BBox& gt, bool gt_crowd);
double rle_iou(const Rle& dt, const Rle& gt, bool gt_crowd);
// Same, reusing precomputed rle_to_bbox() results (for matrices of IoUs).
double rle_iou(const Rle& dt, const BBox& dt_box, const Rle& gt, const BBox& gt_box, bool gt_crowd);

}  // namespace sam3::eval
