// Matching detections to ground truth and model A to model B, with hand-computed IoUs.
#include <gtest/gtest.h>

#include "core/review/review_match.h"
#include "core/util/errors.h"

using namespace sam3::review;
using sam3::eval::BBox;

namespace {

PredictedObject det(std::int64_t cls, float score, double x0, double y0, double x1, double y1) {
  PredictedObject o;
  o.class_id = cls;
  o.score = score;
  o.box = {x0, y0, x1, y1};
  return o;
}

GroundTruth box_truth(std::int64_t id, std::int64_t cls, double x, double y, double w, double h) {
  GroundTruth g;
  g.annotation_id = id;
  g.class_id = cls;
  g.box = {x, y, w, h};
  return g;
}

sam3::project::Ring square(double a, double b) {
  return {{a, a}, {b, a}, {b, b}, {a, b}};
}

}  // namespace

TEST(ReviewMatch, FalsePositivesMissesAndMatchesAtIou05) {
  const std::vector<GroundTruth> truth = {box_truth(10, 1, 0, 0, 10, 10),
                                          box_truth(11, 2, 20, 20, 10, 10)};
  const std::vector<PredictedObject> dets = {
      det(1, 0.9f, 0, 0, 10, 10),   // IoU 1 with truth 0
      det(1, 0.8f, 5, 0, 15, 10),   // IoU 50 / 150 = 0.33 with truth 0 (taken anyway): FP
      det(2, 0.7f, 0, 0, 10, 10),   // same place, other class: FP
      det(1, 0.2f, 20, 20, 30, 30)  // below the threshold: ignored (truth 1 is class 2 anyway)
  };
  const MatchResult r = match_to_ground_truth(dets, truth, 0.5);
  EXPECT_EQ(r.detection_match, (std::vector<int>{0, -1, -1, MatchResult::kBelowThreshold}));
  EXPECT_EQ(r.truth_match, (std::vector<int>{0, -1}));
  EXPECT_EQ(r.matched, 1);
  EXPECT_EQ(r.false_positives, 2);
  EXPECT_EQ(r.misses, 1);
  EXPECT_EQ(r.disagreement(), 3);
  // At threshold 0.1 the last detection counts: another FP (truth 1 is of class 2).
  EXPECT_EQ(match_to_ground_truth(dets, truth, 0.1).false_positives, 3);
}

TEST(ReviewMatch, HigherScoreTakesTheObjectFirstAndIouOfHalfMatches) {
  const std::vector<GroundTruth> truth = {box_truth(1, 1, 0, 0, 10, 10)};
  // Detection 0 (IoU 60 / 100 = 0.6) outranks detection 1 (IoU 1): COCO's greedy rule.
  const auto r =
      match_to_ground_truth({det(1, 0.6f, 0, 0, 10, 10), det(1, 0.9f, 0, 0, 10, 6)}, truth, 0.5);
  EXPECT_EQ(r.detection_match, (std::vector<int>{-1, 0}));
  // IoU exactly 50 / 100 = 0.5 matches.
  EXPECT_EQ(match_to_ground_truth({det(1, 0.9f, 0, 0, 10, 5)}, truth, 0.5).matched, 1);
  // 45 / 100 does not.
  EXPECT_EQ(match_to_ground_truth({det(1, 0.9f, 0, 0, 10, 4.5)}, truth, 0.5).misses, 1);
}

TEST(ReviewMatch, PolygonWithHoleIsComparedByMask) {
  sam3::project::Annotation a;
  a.id = 5;
  a.class_id = 1;
  a.rings = {square(0, 8), square(2, 6)};  // 64 - 16 = 48 pixels
  a.bbox = {0, 0, 8, 8};
  const GroundTruth g = ground_truth_of(a, 10, 10);
  EXPECT_EQ(g.annotation_id, 5);
  EXPECT_EQ(sam3::eval::rle_area(g.mask), 48u);

  // Column-major 10 x 10 masks drawn by hand: the whole 8 x 8 square, and its hole only.
  std::vector<std::uint8_t> full(100, 0), hole(100, 0);
  for (int x = 0; x < 8; ++x)
    for (int y = 0; y < 8; ++y) {
      full[static_cast<std::size_t>(x * 10 + y)] = 1;
      if (x >= 2 && x < 6 && y >= 2 && y < 6) hole[static_cast<std::size_t>(x * 10 + y)] = 1;
    }
  PredictedObject whole = det(1, 0.9f, 0, 0, 8, 8);
  whole.mask = sam3::eval::rle_encode(full, 10, 10);
  PredictedObject inside = det(1, 0.9f, 0, 0, 8, 8);  // box IoU 1, mask IoU 0
  inside.mask = sam3::eval::rle_encode(hole, 10, 10);
  EXPECT_DOUBLE_EQ(object_iou(to_bbox(whole.box), whole.mask, g.box, g.mask), 48.0 / 64.0);
  EXPECT_EQ(match_to_ground_truth({whole}, {g}, 0.5).matched, 1);
  EXPECT_EQ(match_to_ground_truth({inside}, {g}, 0.5).false_positives, 1);
  // Without a mask on one side the boxes decide: IoU 1.
  EXPECT_EQ(match_to_ground_truth({det(1, 0.9f, 0, 0, 8, 8)}, {g}, 0.5).matched, 1);
}

TEST(ReviewMatch, BoxAnnotationsAndBadShapes) {
  sam3::project::Annotation b;
  b.kind = sam3::project::ShapeKind::Box;
  b.class_id = 3;
  b.bbox = {2, 2, 4, 4};
  EXPECT_EQ(sam3::eval::rle_area(ground_truth_of(b, 10, 10).mask), 16u);
  sam3::project::Annotation bad;
  bad.rings = {{{0, 0}, {1, 1}}};
  EXPECT_THROW(ground_truth_of(bad, 10, 10), sam3::InvalidInput);
  EXPECT_THROW(ground_truth_of(b, 0, 10), sam3::InvalidInput);
}

TEST(ReviewMatch, ModelsDisagreeOnUnmatchedDetectionsAndClassChanges) {
  const std::vector<PredictedObject> a = {
      det(1, 0.9f, 0, 0, 10, 10),    // B's first at IoU 90 / 110 = 0.82: agreed
      det(1, 0.8f, 20, 20, 30, 30),  // nothing in B: only A
      det(2, 0.7f, 40, 40, 50, 50),  // B has class 1 there: only A, a class change
      det(1, 0.3f, 60, 60, 70, 70)   // below the threshold
  };
  const std::vector<PredictedObject> b = {det(1, 0.6f, 1, 0, 11, 10), det(1, 0.9f, 40, 40, 50, 50)};
  const ModelDifference d = compare_models(a, b, 0.5);
  EXPECT_EQ(d.count_a, 3);
  EXPECT_EQ(d.count_b, 2);
  EXPECT_EQ(d.only_a, 2);
  EXPECT_EQ(d.only_b, 1);
  EXPECT_EQ(d.class_changes, 1);
  EXPECT_TRUE(d.disagree());
  EXPECT_FALSE(compare_models(a, a, 0.5).disagree());
  // Above every score both are empty: they agree.
  EXPECT_FALSE(compare_models(a, b, 0.95).disagree());
  // Only the count differs: B finds a second object where A finds none.
  EXPECT_TRUE(compare_models({a[0]}, {b[0], det(1, 0.9f, 80, 80, 90, 90)}, 0.5).disagree());
}
