// Image-level metrics on a small hand-made set whose counts are worked out in the comments.
#include <gtest/gtest.h>

#include "core/eval/image_metrics.h"
#include "core/util/errors.h"

using namespace sam3::eval;

namespace {

// img1: one fuse; img2: two fuses; img3: one fuse, never detected; img4, img5: negative photos;
// img6: only a crowd region of fuses.
const char* kGt = R"({
  "images": [{"id": 1, "width": 100, "height": 100}, {"id": 2, "width": 100, "height": 100},
             {"id": 3, "width": 100, "height": 100}, {"id": 4, "width": 100, "height": 100},
             {"id": 5, "width": 100, "height": 100}, {"id": 6, "width": 100, "height": 100}],
  "categories": [{"id": 1, "name": "fuse"}, {"id": 2, "name": "insulator"}],
  "annotations": [
    {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0,
     "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]},
    {"id": 2, "image_id": 2, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0},
    {"id": 3, "image_id": 2, "category_id": 1, "bbox": [20, 20, 10, 10], "area": 100, "iscrowd": 0},
    {"id": 4, "image_id": 3, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0},
    {"id": 5, "image_id": 6, "category_id": 1, "bbox": [0, 0, 30, 30], "area": 900, "iscrowd": 1}]})";

// img1: a hit (.9) and a miss (.4); img2: a hit (.6) and its duplicate (.55); img4: a false alarm
// (.7); img5: a weak false alarm (.2); img6: a detection inside the crowd region (.8).
const char* kDt = R"([
  {"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9},
  {"image_id": 1, "category_id": 1, "bbox": [50, 50, 10, 10], "score": 0.4},
  {"image_id": 2, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.6},
  {"image_id": 2, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.55},
  {"image_id": 4, "category_id": 1, "bbox": [5, 5, 10, 10], "score": 0.7},
  {"image_id": 5, "category_id": 1, "bbox": [5, 5, 10, 10], "score": 0.2},
  {"image_id": 6, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.8}])";

struct Fixture {
  GroundTruth gt = parse_ground_truth(kGt, "gt.json");
  std::vector<Detection> dts = parse_detections(kDt, "dt.json", gt);
};

}  // namespace

TEST(ImageLevel, CountsAtThreshold) {
  const Fixture f;
  const ImageLevelEvaluator ev(f.gt, f.dts);
  const auto m = ev.at(0.5);
  // Positive photos 1, 2, 3, 6: flagged 1 (.9), 2 (.6), 6 (.8); 3 missed. Negatives: 4 flagged.
  EXPECT_EQ(m.tp, 3u);
  EXPECT_EQ(m.fn, 1u);
  EXPECT_EQ(m.fp, 1u);
  EXPECT_EQ(m.tn, 1u);
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.precision, 0.75);
  EXPECT_DOUBLE_EQ(m.recall, 0.75);
  EXPECT_DOUBLE_EQ(m.specificity, 0.5);
  EXPECT_DOUBLE_EQ(m.f1, 0.75);
  // Instances >= .5: hits on img1 and img2; the duplicate and img4's box are FPs; the crowd
  // detection counts for nothing. Non-crowd ground truth 4 -> FN 2.
  EXPECT_EQ(m.instance_tp, 2u);
  EXPECT_EQ(m.instance_fp, 2u);
  EXPECT_EQ(m.instance_fn, 2u);
  EXPECT_DOUBLE_EQ(m.instance_precision, 0.5);
  EXPECT_DOUBLE_EQ(m.instance_recall, 0.5);
  EXPECT_DOUBLE_EQ(m.instance_f1, 0.5);
}

TEST(ImageLevel, ThresholdIsInclusiveAndLowThresholdFlagsNegatives) {
  const Fixture f;
  const ImageLevelEvaluator ev(f.gt, f.dts);
  EXPECT_EQ(ev.at(0.6).tp, 3u);  // img2's best score is exactly 0.6
  EXPECT_EQ(ev.at(0.61).tp, 2u);
  const auto low = ev.at(0.0);
  EXPECT_EQ(low.fp, 2u);  // both negative photos have a detection
  EXPECT_EQ(low.tn, 0u);
  EXPECT_EQ(low.instance_tp, 2u);
  EXPECT_EQ(low.instance_fp, 4u);  // + img1's miss (.4) and img5's (.2)
  const auto high = ev.at(0.95);
  EXPECT_EQ(high.tp + high.fp, 0u);
  EXPECT_DOUBLE_EQ(high.precision, 0.0);  // 0/0 is reported as 0
  EXPECT_DOUBLE_EQ(high.specificity, 1.0);
}

TEST(ImageLevel, PerPhotoVerdicts) {
  const Fixture f;
  const auto photos = ImageLevelEvaluator(f.gt, f.dts).photos(0.5);
  ASSERT_EQ(photos.size(), 6u);
  const PhotoOutcome expected[] = {PhotoOutcome::TP, PhotoOutcome::TP, PhotoOutcome::FN,
                                   PhotoOutcome::FP, PhotoOutcome::TN, PhotoOutcome::TP};
  for (std::size_t i = 0; i < 6; i++) EXPECT_EQ(photos[i].outcome, expected[i]) << i;
  EXPECT_FALSE(photos[2].has_detection);
  EXPECT_DOUBLE_EQ(photos[0].max_score, 0.9);
}

TEST(ImageLevel, RecommendedOperatingPoint) {
  const Fixture f;
  const ImageLevelEvaluator ev(f.gt, f.dts);
  const auto thresholds = ImageLevelEvaluator::default_thresholds();
  ASSERT_EQ(thresholds.size(), 101u);
  // Photo recall is 0.75 for every threshold <= 0.6 and lower above: 0.6 is the highest keeping it.
  const auto op75 = ev.recommend(thresholds, 0.75);
  EXPECT_TRUE(op75.meets_target);
  EXPECT_DOUBLE_EQ(op75.threshold, 0.6);
  // Photo 3 is never detected, so recall 0.95 is out of reach: max F1 (0.75 on (0.2, 0.6]).
  const auto op95 = ev.recommend(thresholds);
  EXPECT_FALSE(op95.meets_target);
  EXPECT_DOUBLE_EQ(op95.threshold, 0.6);
  EXPECT_DOUBLE_EQ(op95.metrics.f1, 0.75);
  const auto sweep = ev.sweep({0.1, 0.65, 0.75});
  ASSERT_EQ(sweep.size(), 3u);
  EXPECT_NEAR(sweep[0].f1, 2 * 0.6 * 0.75 / 1.35, 1e-15);  // P 3/5, R 3/4
  EXPECT_NEAR(sweep[1].f1, 4.0 / 7.0, 1e-15);              // P 2/3, R 1/2
  EXPECT_NEAR(sweep[2].f1, 2.0 / 3.0, 1e-15);              // P 1, R 1/2
  EXPECT_THROW(ev.recommend({}), sam3::InvalidInput);
}

TEST(ImageLevel, OneCategoryOnly) {
  Fixture f;
  f.dts = parse_detections(
      R"([{"image_id": 5, "category_id": 2, "bbox": [0, 0, 5, 5], "score": 0.95},
          {"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9}])",
      "dt.json", f.gt);
  ImageLevelOptions options;
  options.category_id = 2;  // no insulator anywhere: every photo is negative
  const auto m = ImageLevelEvaluator(f.gt, f.dts, options).at(0.5);
  EXPECT_EQ(m.tp + m.fn, 0u);
  EXPECT_EQ(m.fp, 1u);
  EXPECT_EQ(m.tn, 5u);
  EXPECT_DOUBLE_EQ(m.recall, 0.0);
  options.category_id = 9;
  EXPECT_THROW(ImageLevelEvaluator(f.gt, f.dts, options), sam3::InvalidInput);
}

TEST(ImageLevel, SegmMatchesMasks) {
  const GroundTruth gt = parse_ground_truth(
      R"({"images": [{"id": 1, "width": 50, "height": 50}], "categories": [{"id": 1}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 100, "iscrowd": 0,
                           "bbox": [0, 0, 10, 10], "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]}]})",
      "gt.json");
  // Same box, but the mask is a thin triangle: a bbox hit, a mask miss.
  const auto dts = parse_detections(
      R"([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9,
           "segmentation": [[0, 0, 10, 0, 0, 1]]}])",
      "dt.json", gt);
  EXPECT_EQ(ImageLevelEvaluator(gt, dts).at(0.5).instance_tp, 1u);
  ImageLevelOptions segm;
  segm.iou_type = IouType::Segm;
  const auto m = ImageLevelEvaluator(gt, dts, segm).at(0.5);
  EXPECT_EQ(m.instance_tp, 0u);
  EXPECT_EQ(m.instance_fp, 1u);
  EXPECT_EQ(m.tp, 1u);  // the photo is still flagged
}
