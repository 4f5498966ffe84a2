// Strict COCO readers: what they accept, and that every kind of bad input names its entry.
#include <gtest/gtest.h>

#include <string>

#include "core/eval/coco_data.h"
#include "core/eval/coco_eval.h"
#include "core/util/errors.h"

using namespace sam3::eval;

namespace {

const char* kGt = R"({
  "images": [{"id": 1, "width": 40, "height": 30, "file_name": "a.jpg"},
             {"id": 2, "width": 40, "height": 30}],
  "categories": [{"id": 7, "name": "fuse"}],
  "annotations": [
    {"id": 1, "image_id": 1, "category_id": 7, "bbox": [2, 2, 10, 10], "area": 100,
     "iscrowd": 0, "segmentation": [[2, 2, 12, 2, 12, 12, 2, 12]]},
    {"id": 2, "image_id": 2, "category_id": 7, "bbox": [0, 0, 4, 2], "area": 8, "iscrowd": 1,
     "segmentation": {"size": [30, 40], "counts": [0, 2, 28, 2, 28, 2, 28, 2, 1108]}}]})";

// Runs `fn`, expects a FormatError whose place contains `where` and whose text contains `what`.
template <typename Fn>
void expect_format_error(Fn fn, const std::string& where, const std::string& what) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one at " << where;
  } catch (const sam3::FormatError& e) {
    EXPECT_NE(e.where().find(where), std::string::npos) << "where: " << e.where();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), "file.json");
  }
}

GroundTruth gt() {
  return parse_ground_truth(kGt, "gt.json");
}

void results(const std::string& text) {
  parse_detections(text, "file.json", gt());
}

void ground_truth(const std::string& text) {
  parse_ground_truth(text, "file.json");
}

}  // namespace

TEST(CocoData, ReadsGroundTruth) {
  const GroundTruth g = gt();
  ASSERT_EQ(g.images.size(), 2u);
  EXPECT_EQ(g.images[0].file_name, "a.jpg");
  EXPECT_EQ(g.images[1].height, 30u);
  ASSERT_EQ(g.annotations.size(), 2u);
  EXPECT_TRUE(g.annotations[1].iscrowd);
  EXPECT_EQ(std::get<Rle>(g.annotations[1].segmentation).counts.size(), 9u);
  EXPECT_EQ(g.image_index(2), 1u);
  EXPECT_FALSE(g.category_index(8).has_value());
}

TEST(CocoData, ResultAreasFollowLoadRes) {
  // The first result has a box: every area is w*h and a missing segmentation is the box polygon.
  auto dts = parse_detections(
      R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, 4, 5], "score": 0.5},
          {"image_id": 1, "category_id": 7, "bbox": [1, 1, 2, 2], "score": 0.4,
           "segmentation": [[0, 0, 20, 0, 20, 20]]}])",
      "dt.json", gt());
  EXPECT_DOUBLE_EQ(dts[0].area, 20.0);
  EXPECT_DOUBLE_EQ(dts[1].area, 4.0);
  EXPECT_EQ(std::get<Polygons>(dts[0].segmentation)[0],
            (std::vector<double>{1, 1, 1, 6, 5, 6, 5, 1}));
  EXPECT_EQ(dts[1].id, 2);
  // Without a box first: area and box come from the mask (the 2x2 square [1,1]-[3,3] of 4 px).
  dts = parse_detections(
      R"([{"image_id": 2, "category_id": 7, "score": 1, "segmentation": [[1, 1, 3, 1, 3, 3, 1, 3]]}])",
      "dt.json", gt());
  EXPECT_DOUBLE_EQ(dts[0].area, 4.0);
  EXPECT_EQ(dts[0].bbox, (BBox{1, 1, 2, 2}));
}

TEST(CocoData, MalformedJsonNamesLineAndColumn) {
  expect_format_error([] { results("[\n {\"image_id\": 1,,}]"); }, "line 2, column",
                      "malformed JSON");
}

TEST(CocoData, NanScoreNamesTheEntry) {
  const std::string text =
      R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, 2, 2], "score": 0.3},
    {"image_id": 1, "category_id": 7, "bbox": [1, 1, 2, 2], "score": NaN}])";
  expect_format_error([&] { results(text); }, "[1].score", "NaN");
  expect_format_error(
      [] {
        results(R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, 2, 2], "score": null}])");
      },
      "[0].score", "expected a number");
}

TEST(CocoData, UnknownIdsAreErrors) {
  expect_format_error(
      [] { results(R"([{"image_id": 9, "category_id": 7, "bbox": [1, 1, 2, 2], "score": 1}])"); },
      "[0].image_id", "unknown image id 9");
  expect_format_error(
      [] { results(R"([{"image_id": 1, "category_id": 3, "bbox": [1, 1, 2, 2], "score": 1}])"); },
      "[0].category_id", "unknown category id 3");
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "width": 4, "height": 4}], "categories": [],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 2, "area": 1, "iscrowd": 0}]})");
      },
      "annotations[0].category_id", "unknown category id 2");
}

TEST(CocoData, NegativeBoxSizeIsAnError) {
  expect_format_error(
      [] { results(R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, -2, 2], "score": 1}])"); },
      "[0].bbox", "negative box size");
}

TEST(CocoData, PolygonsNeedThreePoints) {
  expect_format_error(
      [] {
        results(
            R"([{"image_id": 1, "category_id": 7, "score": 1, "segmentation": [[1, 1, 5, 5]]}])");
      },
      "[0].segmentation[0]", "needs at least 3");
  expect_format_error(
      [] {
        results(
            R"([{"image_id": 1, "category_id": 7, "score": 1, "segmentation": [1, 1, 5, 5, 6, 6]}])");
      },
      "[0].segmentation", "list of polygons");
}

TEST(CocoData, MissingKeysAreNamed) {
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "iscrowd": 0}]})");
      },
      "annotations[0]", "missing key \"area\"");
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "height": 4}], "categories": [],
          "annotations": []})");
      },
      "images[0]", "missing key \"width\"");
  expect_format_error([] { ground_truth(R"({"images": [], "categories": []})"); }, "",
                      "missing key \"annotations\"");
  expect_format_error([] { results(R"([{"image_id": 1, "bbox": [1, 1, 2, 2], "score": 1}])"); },
                      "[0]", "missing key \"category_id\"");
  // The first result has a box, so the second one needs one too.
  expect_format_error(
      [] {
        results(R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, 2, 2], "score": 1},
                    {"image_id": 1, "category_id": 7, "score": 1, "segmentation": [[1, 1, 5, 1, 5, 5]]}])");
      },
      "[1]", "missing key \"bbox\"");
  expect_format_error([] { results(R"([{"image_id": 1, "category_id": 7, "score": 1}])"); }, "[0]",
                      "a bbox or a segmentation");
}

TEST(CocoData, WrongTypesAndValues) {
  expect_format_error([] { results(R"({"image_id": 1})"); }, "", "JSON list of detections");
  expect_format_error(
      [] { results(R"([{"image_id": 1.5, "category_id": 7, "bbox": [1, 1, 2, 2], "score": 1}])"); },
      "[0].image_id", "expected an integer");
  expect_format_error(
      [] { results(R"([{"image_id": 1, "category_id": 7, "bbox": [1, 1, 2], "score": 1}])"); },
      "[0].bbox", "expected [x, y, width, height]");
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "width": 4, "height": 4}, {"id": 1, "width": 4,
          "height": 4}], "categories": [], "annotations": []})");
      },
      "images[1]", "duplicate id 1");
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 1, "iscrowd": 2}]})");
      },
      "annotations[0].iscrowd", "expected 0, 1");
  expect_format_error(
      [] {
        ground_truth(R"({"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 1, "iscrowd": 1,
          "segmentation": {"size": [4, 4], "counts": [3, 2]}}]})");
      },
      "annotations[0].segmentation.counts", "runs sum to 5");
}

TEST(CocoData, SegmNeedsGroundTruthSegmentation) {
  const GroundTruth g = parse_ground_truth(
      R"({"images": [{"id": 1, "width": 20, "height": 20}], "categories": [{"id": 1}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 1, "iscrowd": 0,
                           "bbox": [1, 1, 4, 4], "segmentation": []}]})",
      "file.json");
  const auto dts = parse_detections(
      R"([{"image_id": 1, "category_id": 1, "bbox": [1, 1, 4, 4], "score": 1}])", "dt.json", g);
  EXPECT_DOUBLE_EQ(evaluate_coco(g, dts, IouType::BBox).stats[1], 1.0);
  expect_format_error([&] { evaluate_coco(g, dts, IouType::Segm); }, "annotations[0]",
                      "no segmentation");
}

TEST(CocoData, EmptyResultsEvaluateToZeroRecall) {
  const auto result = evaluate_coco(gt(), parse_detections("[]", "dt.json", gt()), IouType::BBox);
  EXPECT_DOUBLE_EQ(result.stats[0], 0.0);  // one non-crowd ground truth, nothing found
  EXPECT_DOUBLE_EQ(result.stats[8], 0.0);
  EXPECT_DOUBLE_EQ(result.stats[5], -1.0);  // no large ground truth (area 100 is small)
}
