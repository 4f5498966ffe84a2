// COCO results files (a JSON list of detections), read the way pycocotools' COCO.loadRes reads
// them, but strictly: every entry is checked and any problem names its index.
#include <cmath>

#include "core/eval/coco_data.h"
#include "core/eval/json_reader.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::eval {

using detail::JsonRef;

namespace {

bool has_box(const JsonRef& entry) {
  return entry.has("bbox") &&
         !(entry.at("bbox").value().is_array() && entry.at("bbox").value().empty());
}

Rle segmentation_rle(const Segmentation& seg, const CocoImage& image) {
  if (const auto* polygons = std::get_if<Polygons>(&seg))
    return rle_from_polygons(*polygons, image.height, image.width);
  return std::get<Rle>(seg);
}

Detection parse_detection(const JsonRef& entry, std::size_t index, bool box_mode,
                          const GroundTruth& gt) {
  entry.require_object();
  Detection d;
  d.index = index;
  d.id = static_cast<std::int64_t>(index) + 1;
  d.image_id = entry.at("image_id").as_int();
  const auto image = gt.image_index(d.image_id);
  if (!image)
    entry.at("image_id")
        .fail("unknown image id " + std::to_string(d.image_id) + " (not in the ground truth)");
  d.category_id = entry.at("category_id").as_int();
  if (!gt.category_index(d.category_id))
    entry.at("category_id")
        .fail("unknown category id " + std::to_string(d.category_id) +
              " (not in the ground truth)");
  d.score = entry.at("score").as_finite();
  d.segmentation = detail::parse_segmentation(entry);
  if (box_mode) {
    if (!has_box(entry))
      entry.fail("missing key \"bbox\" (the first result has a box, so every result needs one)");
    d.bbox = detail::parse_bbox(entry.at("bbox"));
    d.area = d.bbox.w * d.bbox.h;
    if (std::holds_alternative<std::monostate>(d.segmentation)) {
      const double x1 = d.bbox.x, x2 = d.bbox.x + d.bbox.w;
      const double y1 = d.bbox.y, y2 = d.bbox.y + d.bbox.h;
      d.segmentation = Polygons{{x1, y1, x1, y2, x2, y2, x2, y1}};
    }
    return d;
  }
  if (std::holds_alternative<std::monostate>(d.segmentation))
    entry.fail("missing key \"segmentation\" (a result needs a bbox or a segmentation)");
  const Rle rle = segmentation_rle(d.segmentation, gt.images[*image]);
  d.area = static_cast<double>(rle_area(rle));
  d.bbox = has_box(entry) ? detail::parse_bbox(entry.at("bbox")) : rle_to_bbox(rle);
  return d;
}

}  // namespace

std::vector<Detection> parse_detections(std::string_view json_text,
                                        const std::filesystem::path& file, const GroundTruth& gt) {
  const detail::JDocument document = detail::parse_document(json_text, file);
  const detail::JValue& doc = document.root();
  const JsonRef root(doc, "", file);
  if (!doc.is_array())
    root.fail("a results file is a JSON list of detections, got " + detail::type_name(doc));
  std::vector<Detection> detections;
  detections.reserve(doc.size());
  // pycocotools decides from the first entry alone whether areas come from boxes or masks.
  const bool box_mode = !doc.empty() && has_box(root.at(std::size_t{0}));
  for (std::size_t i = 0; i < doc.size(); i++)
    detections.push_back(parse_detection(root.at(i), i, box_mode, gt));
  return detections;
}

std::vector<Detection> load_detections(const std::filesystem::path& file, const GroundTruth& gt) {
  return parse_detections(read_file(file), file, gt);
}

}  // namespace sam3::eval
