// PR curves: a hand-worked case, and agreement of the curves' means with pycocotools' AP50 / AP75
// on the shared reference cases (skipped without ../shared).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/eval/pr_curve.h"
#include "core/util/errors.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;
using namespace sam3::eval;

namespace {

// One photo, two fuses; detections .9 (hits fuse A), .8 (nowhere), .7 (hits fuse B).
// Cumulative TP 1,1,2 / FP 0,1,1: recall .5,.5,1; precision 1, .5, 2/3; interpolated from the
// right: 1, 2/3, 2/3. Recall points r <= .5 take the first detection (precision 1, score .9),
// r > .5 the third (precision 2/3, score .7). The insulator class has no ground truth.
const char* kGt = R"({
  "images": [{"id": 1, "width": 200, "height": 200}],
  "categories": [{"id": 1, "name": "fuse"}, {"id": 2, "name": "insulator"}],
  "annotations": [
    {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 40, 40], "area": 1600, "iscrowd": 0},
    {"id": 2, "image_id": 1, "category_id": 1, "bbox": [100, 100, 40, 40], "area": 1600,
     "iscrowd": 0}]})";
const char* kDt = R"([
  {"image_id": 1, "category_id": 1, "bbox": [0, 0, 40, 40], "score": 0.9},
  {"image_id": 1, "category_id": 1, "bbox": [60, 0, 20, 20], "score": 0.8},
  {"image_id": 1, "category_id": 1, "bbox": [100, 100, 40, 40], "score": 0.7}])";

CocoEvalResult hand_case() {
  const GroundTruth gt = parse_ground_truth(kGt, "gt.json");
  return evaluate_coco(gt, parse_detections(kDt, "dt.json", gt), IouType::BBox);
}

}  // namespace

TEST(PrCurve, HandWorkedSingleCategory) {
  const CocoEvalResult r = hand_case();
  const auto curve = pr_curve(r, 0.5, 0);
  ASSERT_EQ(curve.size(), 101u);
  EXPECT_DOUBLE_EQ(curve[0].recall, 0.0);
  EXPECT_DOUBLE_EQ(curve[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(curve[0].score, 0.9);
  EXPECT_DOUBLE_EQ(curve[50].precision, 1.0);
  EXPECT_DOUBLE_EQ(curve[50].score, 0.9);
  EXPECT_DOUBLE_EQ(curve[51].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(curve[51].score, 0.7);
  EXPECT_DOUBLE_EQ(curve[100].recall, 1.0);
  EXPECT_DOUBLE_EQ(curve[100].precision, 2.0 / 3.0);
  EXPECT_NEAR(curve_ap(curve), (51 * 1.0 + 50 * 2.0 / 3.0) / 101.0, 1e-12);
  EXPECT_NEAR(curve_ap(curve), r.stats[1], 1e-12);  // the mean is AP50
}

TEST(PrCurve, MeanSkipsCategoriesWithoutGroundTruth) {
  const CocoEvalResult r = hand_case();
  ASSERT_EQ(r.K(), 2u);
  EXPECT_TRUE(pr_curve(r, 0.5, 1).empty());  // the insulator has no ground truth
  const auto mean = pr_curve(r, 0.5);
  const auto fuse = pr_curve(r, 0.5, 0);
  ASSERT_EQ(mean.size(), fuse.size());
  for (std::size_t i = 0; i < mean.size(); ++i) {
    EXPECT_DOUBLE_EQ(mean[i].precision, fuse[i].precision) << i;
    EXPECT_EQ(mean[i].score, -1.0);
  }
}

TEST(PrCurve, ExactBoxesGiveTheSameCurveAtEveryIou) {
  // The hits are exact (IoU 1), so at IoU .95 they still match and the curve is the same.
  const CocoEvalResult r = hand_case();
  EXPECT_NEAR(curve_ap(pr_curve(r, 0.95, 0)), r.stats[1], 1e-12);
}

TEST(PrCurve, RefusesBadArguments) {
  const CocoEvalResult r = hand_case();
  EXPECT_THROW(pr_curve(r, 0.52), sam3::InvalidInput);
  EXPECT_THROW(pr_curve(r, 0.5, 2), sam3::InvalidInput);
  EXPECT_EQ(curve_ap({}), -1.0);
}

TEST(PrCurve, MeansEqualPycocotoolsAp50AndAp75) {
  const fs::path root = fs::path(::sam3::test::shared_dir()) / "reference" / "coco-eval";
  if (!fs::exists(root)) GTEST_SKIP() << "no " << root << " (../shared is absent)";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!fs::exists(entry.path() / "expected.json")) continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path() / "expected.json");
    const auto expected = nlohmann::json::parse(in);
    const GroundTruth gt = load_ground_truth(entry.path() / "gt.json");
    std::ifstream dt_in(entry.path() / "dt.json");
    auto dt = nlohmann::json::parse(dt_in);
    for (auto& d : dt) d.erase("segmentation");  // bbox as the reference computed it
    const auto r = evaluate_coco(gt, parse_detections(dt.dump(), "dt.json", gt), IouType::BBox);
    const auto& want = expected.at("bbox");
    EXPECT_NEAR(curve_ap(pr_curve(r, 0.5)), want[1].get<double>(), 1e-9);
    EXPECT_NEAR(curve_ap(pr_curve(r, 0.75)), want[2].get<double>(), 1e-9);
    ++cases;
  }
  EXPECT_GE(cases, 4);
}
