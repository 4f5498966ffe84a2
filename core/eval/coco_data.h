#pragma once
// COCO ground truth and COCO results (detections) as plain structs, read strictly: a missing key,
// a wrong type, an unknown image or category id, a NaN score, a negative box size or a polygon with
// fewer than 3 points throws sam3::FormatError naming the file and the entry
// ("annotations[12].bbox",
// "[40].score"); nothing is silently dropped. Malformed JSON names line and column.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/eval/rle.h"

namespace sam3::eval {

// COCO segmentation: absent, polygons (flat [x0, y0, x1, y1, ...] each), or RLE (uncompressed
// counts or the compressed string, both decoded; the RLE keeps its own "size").
using Polygons = std::vector<std::vector<double>>;
using Segmentation = std::variant<std::monostate, Polygons, Rle>;

struct CocoImage {
  std::int64_t id = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string file_name;
};

struct CocoCategory {
  std::int64_t id = 0;
  std::string name;
};

struct GtAnnotation {
  std::int64_t id = 0;
  std::int64_t image_id = 0;
  std::int64_t category_id = 0;
  std::optional<BBox> bbox;
  double area = 0;  // the file's "area": COCO's area ranges use it, not the mask
  bool iscrowd = false;
  Segmentation segmentation;
  std::size_t index = 0;  // position in "annotations", for messages
};

struct GroundTruth {
  std::filesystem::path file;  // for messages; may be empty for in-memory data
  std::vector<CocoImage> images;
  std::vector<CocoCategory> categories;
  std::vector<GtAnnotation> annotations;

  // Index of an image or category by id; nullopt when unknown. Fast after build_index() (the
  // parsers call it; call it again after editing images or categories).
  std::optional<std::size_t> image_index(std::int64_t id) const;
  std::optional<std::size_t> category_index(std::int64_t id) const;
  void build_index();

  std::vector<std::pair<std::int64_t, std::size_t>> image_lookup;     // sorted by id
  std::vector<std::pair<std::int64_t, std::size_t>> category_lookup;  // sorted by id
};

// One entry of a COCO results file. area follows pycocotools' loadRes: when the file's first entry
// has a non-empty bbox, every entry's area is w*h of its box (and an entry without segmentation
// gets its box as polygon); otherwise area is the mask area and a missing box is the mask's tight
// box.
struct Detection {
  std::int64_t image_id = 0;
  std::int64_t category_id = 0;
  double score = 0;
  BBox bbox;
  double area = 0;
  Segmentation segmentation;
  std::int64_t id = 0;    // 1-based position in the file, as loadRes numbers results
  std::size_t index = 0;  // 0-based position, for messages
};

GroundTruth parse_ground_truth(std::string_view json_text, const std::filesystem::path& file);
GroundTruth load_ground_truth(const std::filesystem::path& file);

// Results are checked against `gt`: every image_id and category_id must exist there.
std::vector<Detection> parse_detections(std::string_view json_text,
                                        const std::filesystem::path& file, const GroundTruth& gt);
std::vector<Detection> load_detections(const std::filesystem::path& file, const GroundTruth& gt);

}  // namespace sam3::eval
