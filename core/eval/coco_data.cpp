#include "core/eval/coco_data.h"

#include <algorithm>
#include <cmath>

#include "core/eval/json_reader.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::eval {

using detail::JsonRef;

namespace {

std::optional<std::size_t> lookup(const std::vector<std::pair<std::int64_t, std::size_t>>& table,
                                  std::int64_t id) {
  auto it = std::lower_bound(table.begin(), table.end(), std::make_pair(id, std::size_t{0}));
  if (it == table.end() || it->first != id) return std::nullopt;
  return it->second;
}

template <typename Item>
std::vector<std::pair<std::int64_t, std::size_t>> sorted_ids(const std::vector<Item>& items) {
  std::vector<std::pair<std::int64_t, std::size_t>> table;
  table.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); i++) table.emplace_back(items[i].id, i);
  std::sort(table.begin(), table.end());
  return table;
}

std::uint32_t as_size(const JsonRef& ref) {
  const auto v = ref.as_int();
  if (v <= 0 || v > 1'000'000) ref.fail("expected a positive pixel size, got " + std::to_string(v));
  return static_cast<std::uint32_t>(v);
}

template <typename Item>
void reject_duplicate_ids(const std::vector<Item>& items, const JsonRef& list) {
  const auto table = sorted_ids(items);
  for (std::size_t i = 1; i < table.size(); i++) {
    if (table[i].first == table[i - 1].first)
      list.at(table[i].second).fail("duplicate id " + std::to_string(table[i].first));
  }
}

GtAnnotation parse_gt_annotation(const JsonRef& ref, const GroundTruth& gt, std::size_t index) {
  ref.require_object();
  GtAnnotation a;
  a.index = index;
  a.id = ref.at("id").as_int();
  a.image_id = ref.at("image_id").as_int();
  if (!gt.image_index(a.image_id))
    ref.at("image_id").fail("unknown image id " + std::to_string(a.image_id));
  a.category_id = ref.at("category_id").as_int();
  if (!gt.category_index(a.category_id))
    ref.at("category_id").fail("unknown category id " + std::to_string(a.category_id));
  a.area = ref.at("area").as_finite();
  if (a.area < 0) ref.at("area").fail("negative area");
  a.iscrowd = ref.at("iscrowd").as_flag();
  if (ref.has("bbox") && !ref.at("bbox").value().empty())
    a.bbox = detail::parse_bbox(ref.at("bbox"));
  a.segmentation = detail::parse_segmentation(ref);
  return a;
}

}  // namespace

namespace detail {

BBox parse_bbox(const JsonRef& ref) {
  if (ref.array_size() != 4) ref.fail("expected [x, y, width, height], got " + ref.value().dump());
  BBox b{ref.at(0).as_finite(), ref.at(1).as_finite(), ref.at(2).as_finite(),
         ref.at(3).as_finite()};
  if (b.w < 0 || b.h < 0) ref.fail("negative box size in " + ref.value().dump());
  return b;
}

static Polygons parse_polygons(const JsonRef& ref) {
  Polygons polygons(ref.array_size());
  for (std::size_t i = 0; i < polygons.size(); i++) {
    const JsonRef poly = ref.at(i);
    const std::size_t n = poly.array_size();
    if (n % 2 != 0)
      poly.fail("polygon has an odd number of coordinates (" + std::to_string(n) + ")");
    if (n < 6) poly.fail("polygon has " + std::to_string(n / 2) + " points, needs at least 3");
    polygons[i].reserve(n);
    for (std::size_t j = 0; j < n; j++) {
      const double v = poly.at(j).as_finite();
      if (std::abs(v) > 1.0e7) poly.at(j).fail("coordinate out of range: " + std::to_string(v));
      polygons[i].push_back(v);
    }
  }
  return polygons;
}

static Rle parse_rle(const JsonRef& ref) {
  const JsonRef size = ref.at("size");
  if (size.array_size() != 2) size.fail("expected [height, width]");
  const auto h = static_cast<std::uint32_t>(size.at(0).as_int());
  const auto w = static_cast<std::uint32_t>(size.at(1).as_int());
  if (size.at(0).as_int() < 0 || size.at(1).as_int() < 0 || h > 1'000'000 || w > 1'000'000)
    size.fail("invalid mask size " + size.value().dump());
  const JsonRef counts = ref.at("counts");
  Rle rle{h, w, {}};
  if (counts.value().is_string()) {
    try {
      rle = rle_from_string(counts.as_string(), h, w);
    } catch (const InvalidInput& e) {
      counts.fail(e.what());
    }
  } else {
    const std::size_t n = counts.array_size();
    rle.counts.reserve(n);
    for (std::size_t i = 0; i < n; i++) {
      const auto v = counts.at(i).as_int();
      if (v < 0 || v > 0xffffffffLL) counts.at(i).fail("run length out of range");
      rle.counts.push_back(static_cast<std::uint32_t>(v));
    }
  }
  std::uint64_t total = 0;
  for (auto c : rle.counts) total += c;
  if (total != static_cast<std::uint64_t>(h) * w)
    counts.fail("runs sum to " + std::to_string(total) +
                ", expected height*width = " + std::to_string(static_cast<std::uint64_t>(h) * w));
  return rle;
}

// Absent key or [] -> monostate (a box-only annotation); list of polygons; RLE object.
Segmentation parse_segmentation(const JsonRef& parent) {
  if (!parent.has("segmentation")) return std::monostate{};
  const JsonRef ref = parent.at("segmentation");
  if (ref.value().is_array()) {
    if (ref.value().empty()) return std::monostate{};
    if (!ref.value()[0].is_array())
      ref.fail("expected a list of polygons [[x0, y0, x1, y1, ...], ...] or an RLE object");
    return parse_polygons(ref);
  }
  if (ref.value().is_object()) return parse_rle(ref);
  ref.fail("expected a list of polygons or an RLE object, got " + detail::type_name(ref.value()));
}

}  // namespace detail

std::optional<std::size_t> GroundTruth::image_index(std::int64_t id) const {
  if (image_lookup.size() == images.size()) return lookup(image_lookup, id);
  for (std::size_t i = 0; i < images.size(); i++)
    if (images[i].id == id) return i;
  return std::nullopt;
}

std::optional<std::size_t> GroundTruth::category_index(std::int64_t id) const {
  if (category_lookup.size() == categories.size()) return lookup(category_lookup, id);
  for (std::size_t i = 0; i < categories.size(); i++)
    if (categories[i].id == id) return i;
  return std::nullopt;
}

void GroundTruth::build_index() {
  image_lookup = sorted_ids(images);
  category_lookup = sorted_ids(categories);
}

GroundTruth parse_ground_truth(std::string_view json_text, const std::filesystem::path& file) {
  const detail::JDocument document = detail::parse_document(json_text, file);
  const detail::JValue& doc = document.root();
  const JsonRef root(doc, "", file);
  root.require_object();
  GroundTruth gt;
  gt.file = file;
  const JsonRef images = root.at("images");
  gt.images.resize(images.array_size());
  for (std::size_t i = 0; i < gt.images.size(); i++) {
    const JsonRef img = images.at(i);
    img.require_object();
    gt.images[i].id = img.at("id").as_int();
    gt.images[i].width = as_size(img.at("width"));
    gt.images[i].height = as_size(img.at("height"));
    if (img.has("file_name")) gt.images[i].file_name = img.at("file_name").as_string();
  }
  reject_duplicate_ids(gt.images, images);
  const JsonRef categories = root.at("categories");
  gt.categories.resize(categories.array_size());
  for (std::size_t i = 0; i < gt.categories.size(); i++) {
    const JsonRef cat = categories.at(i);
    cat.require_object();
    gt.categories[i].id = cat.at("id").as_int();
    if (cat.has("name")) gt.categories[i].name = cat.at("name").as_string();
  }
  reject_duplicate_ids(gt.categories, categories);
  gt.build_index();
  const JsonRef annotations = root.at("annotations");
  gt.annotations.reserve(annotations.array_size());
  for (std::size_t i = 0; i < annotations.array_size(); i++)
    gt.annotations.push_back(parse_gt_annotation(annotations.at(i), gt, i));
  reject_duplicate_ids(gt.annotations, annotations);
  return gt;
}

GroundTruth load_ground_truth(const std::filesystem::path& file) {
  return parse_ground_truth(read_file(file), file);
}

}  // namespace sam3::eval
