// RLE functions against pycocotools' mask API (tests/data/coco-eval/rle_cases.json, written by
// tests/reference/coco_eval_cases.py with real pycocotools) and hand-checked small masks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/eval/coco_data.h"
#include "core/eval/rle.h"
#include "core/util/errors.h"
#include "tests/support/test_paths.h"

using namespace sam3::eval;

namespace {

const nlohmann::json& cases() {
  static const nlohmann::json data = [] {
    std::ifstream in(std::filesystem::path(::sam3::test::source_dir()) /
                     "tests/data/coco-eval/rle_cases.json");
    return nlohmann::json::parse(in);
  }();
  return data;
}

std::uint32_t u32(const nlohmann::json& v) {
  return v.get<std::uint32_t>();
}

}  // namespace

TEST(Rle, PolygonsRasteriseLikePycocotools) {
  ASSERT_GE(cases()["polygons"].size(), 50u);
  for (const auto& c : cases()["polygons"]) {
    const auto poly = c["polygon"].get<std::vector<double>>();
    const Rle rle = rle_from_polygon(poly, u32(c["h"]), u32(c["w"]));
    EXPECT_EQ(rle_to_string(rle), c["counts"].get<std::string>()) << c["polygon"].dump();
    EXPECT_EQ(rle_area(rle), c["area"].get<std::uint64_t>());
    const auto box = c["bbox"].get<std::vector<double>>();
    EXPECT_EQ(rle_to_bbox(rle), (BBox{box[0], box[1], box[2], box[3]}));
  }
}

TEST(Rle, BoxesRasteriseLikeFrBbox) {
  for (const auto& c : cases()["boxes"]) {
    const auto b = c["box"].get<std::vector<double>>();
    const Rle rle = rle_from_bbox({b[0], b[1], b[2], b[3]}, u32(c["h"]), u32(c["w"]));
    EXPECT_EQ(rle_to_string(rle), c["counts"].get<std::string>()) << c["box"].dump();
  }
}

TEST(Rle, MergeUnionAndIntersection) {
  for (const auto& c : cases()["merges"]) {
    std::vector<Rle> parts;
    for (const auto& p : c["polygons"])
      parts.push_back(rle_from_polygon(p.get<std::vector<double>>(), u32(c["h"]), u32(c["w"])));
    EXPECT_EQ(rle_to_string(rle_merge(parts, false)), c["union"].get<std::string>());
    EXPECT_EQ(rle_to_string(rle_merge(parts, true)), c["intersection"].get<std::string>());
    EXPECT_EQ(
        rle_to_string(rle_from_polygons(c["polygons"].get<Polygons>(), u32(c["h"]), u32(c["w"]))),
        c["union"].get<std::string>());
  }
}

TEST(Rle, IouOfMasksAndBoxes) {
  for (const auto& c : cases()["ious"]) {
    const Rle dt = rle_from_string(c["dt"].get<std::string>(), u32(c["h"]), u32(c["w"]));
    const Rle gt = rle_from_string(c["gt"].get<std::string>(), u32(c["h"]), u32(c["w"]));
    EXPECT_DOUBLE_EQ(rle_iou(dt, gt, c["crowd"].get<bool>()), c["iou"].get<double>());
  }
  for (const auto& c : cases()["box_ious"]) {
    const auto d = c["dt"].get<std::vector<double>>(), g = c["gt"].get<std::vector<double>>();
    EXPECT_DOUBLE_EQ(
        bbox_iou({d[0], d[1], d[2], d[3]}, {g[0], g[1], g[2], g[3]}, c["crowd"].get<bool>()),
        c["iou"].get<double>());
  }
}

TEST(Rle, EncodeDecodeAndUncompressedCounts) {
  for (const auto& c : cases()["encodes"]) {
    const std::string bits = c["bits_column_major"].get<std::string>();
    std::vector<std::uint8_t> mask;
    for (char ch : bits) mask.push_back(ch == '1');
    const Rle rle = rle_encode(mask, u32(c["h"]), u32(c["w"]));
    EXPECT_EQ(rle_to_string(rle), c["counts"].get<std::string>());
    EXPECT_EQ(rle_area(rle), c["area"].get<std::uint64_t>());
    const auto box = c["bbox"].get<std::vector<double>>();
    EXPECT_EQ(rle_to_bbox(rle), (BBox{box[0], box[1], box[2], box[3]}));
    EXPECT_EQ(rle_decode(rle), mask);
    EXPECT_EQ(rle_from_string(rle_to_string(rle), rle.h, rle.w), rle);
  }
  for (const auto& c : cases()["uncompressed"]) {
    const Rle rle{u32(c["h"]), u32(c["w"]), c["counts"].get<std::vector<std::uint32_t>>()};
    EXPECT_EQ(rle_to_string(rle), c["compressed"].get<std::string>());
  }
}

TEST(Rle, HandCheckedSquare) {
  // The square [1,1]-[3,3] on a 4x4 image covers pixels x,y in {1,2}: column-major runs 5,2,2,2,5.
  const Rle rle = rle_from_polygon(std::vector<double>{1, 1, 3, 1, 3, 3, 1, 3}, 4, 4);
  EXPECT_EQ(rle.counts, (std::vector<std::uint32_t>{5, 2, 2, 2, 5}));
  EXPECT_EQ(rle_area(rle), 4u);
  EXPECT_EQ(rle_to_bbox(rle), (BBox{1, 1, 2, 2}));
  EXPECT_DOUBLE_EQ(rle_iou(rle, rle, false), 1.0);
  EXPECT_DOUBLE_EQ(bbox_iou({0, 0, 2, 2}, {1, 1, 2, 2}, false), 1.0 / 7.0);
  EXPECT_DOUBLE_EQ(bbox_iou({0, 0, 2, 2}, {1, 1, 2, 2}, true), 1.0 / 4.0);  // crowd: over dt area
  EXPECT_DOUBLE_EQ(bbox_iou({0, 0, 1, 1}, {5, 5, 1, 1}, false), 0.0);
}

TEST(Rle, DifferentSizesGiveMinusOneAndEmptyMerge) {
  const Rle a = rle_from_polygon(std::vector<double>{0, 0, 4, 0, 4, 4}, 8, 8);
  const Rle b = rle_from_polygon(std::vector<double>{0, 0, 4, 0, 4, 4}, 8, 9);
  EXPECT_DOUBLE_EQ(rle_iou(a, b, false), -1.0);
  const std::vector<Rle> both{a, b};
  EXPECT_EQ(rle_merge(both), Rle{});
}

TEST(Rle, BadInputIsRejected) {
  EXPECT_THROW(rle_from_polygon(std::vector<double>{0, 0, 4, 4}, 8, 8), sam3::InvalidInput);
  EXPECT_THROW(rle_from_polygon(std::vector<double>{0, 0, 4, 4, 5}, 8, 8), sam3::InvalidInput);
  EXPECT_THROW(rle_from_polygon(std::vector<double>{0, 0, 4, NAN, 5, 5}, 8, 8), sam3::InvalidInput);
  EXPECT_THROW(rle_from_polygons({}, 8, 8), sam3::InvalidInput);
  EXPECT_THROW(rle_from_string("0\x7f", 8, 8), sam3::InvalidInput);
  EXPECT_THROW(rle_from_string("1Q", 8, 8), sam3::InvalidInput);  // 'Q' has the continue bit
  EXPECT_THROW(rle_encode(std::vector<std::uint8_t>(5), 2, 2), sam3::InvalidInput);
  EXPECT_THROW(rle_decode(Rle{2, 2, {1, 1}}), sam3::InvalidInput);
}
