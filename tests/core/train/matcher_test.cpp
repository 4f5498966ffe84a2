// Box ops, the Hungarian (one-to-one) and the one-to-many matcher on hand-built cases whose
// answer follows from the cost definitions of sam3/train/matcher.py.
#include "core/train/matcher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/train/box_ops.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

std::vector<std::int64_t> vec(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kLong).contiguous();
  return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}

torch::Tensor boxes(std::vector<float> v) {
  const auto n = static_cast<std::int64_t>(v.size() / 4);
  return torch::tensor(v).reshape({n, 4});
}

TEST(BoxOps, GeneralizedIoUHandValues) {
  const torch::Tensor a = boxes({0, 0, 2, 2});
  const torch::Tensor b = boxes({1, 1, 3, 3, 0, 0, 2, 2});
  const torch::Tensor giou = generalized_box_iou(a, b);
  // inter 1, union 7, hull 9: 1/7 - 2/9; identical boxes: 1.
  EXPECT_NEAR(giou[0][0].item<double>(), 1.0 / 7 - 2.0 / 9, 1e-6);
  EXPECT_NEAR(giou[0][1].item<double>(), 1.0, 1e-6);
  const auto [iou, uni] = box_iou(a, b);
  EXPECT_NEAR(iou[0][0].item<double>(), 1.0 / 7, 1e-6);
  EXPECT_NEAR(uni[0][0].item<double>(), 7.0, 1e-6);
  // Disjoint: IoU 0, GIoU tends to -1 as the hull grows.
  EXPECT_NEAR(generalized_box_iou(boxes({0, 0, 1, 1}), boxes({9, 9, 10, 10})).item<double>(),
              0.0 - (100.0 - 2.0) / 100.0, 1e-6);
  // The diagonal versions equal the pairwise diagonal.
  const torch::Tensor x = boxes({0, 0, 2, 2, 0.1f, 0.2f, 0.5f, 0.9f});
  const torch::Tensor y = boxes({1, 1, 3, 3, 0.3f, 0.1f, 0.6f, 0.4f});
  EXPECT_TRUE(torch::allclose(diag_generalized_box_iou(x, y), generalized_box_iou(x, y).diag()));
  EXPECT_TRUE(torch::allclose(diag_box_iou(x, y), box_iou(x, y).first.diag()));
  EXPECT_THROW(diag_box_iou(x, boxes({0, 0, 1, 1})), InvalidInput);
}

TEST(BoxOps, ConversionsRoundTrip) {
  const torch::Tensor c = boxes({0.5f, 0.4f, 0.2f, 0.6f});
  const torch::Tensor xyxy = box_cxcywh_to_xyxy(c);
  EXPECT_TRUE(torch::allclose(xyxy, boxes({0.4f, 0.1f, 0.6f, 0.7f})));
  EXPECT_TRUE(torch::allclose(box_xyxy_to_cxcywh(xyxy), c));
  EXPECT_THROW(box_area(torch::zeros({3, 5})), InvalidInput);
}

// Three queries; target 0 = query 2's box, target 1 = query 0's box; query 1 far away.
TEST(HungarianMatcher, PicksExactBoxesAndOrdersByTarget) {
  TargetBatch t;
  t.boxes = boxes({0.7f, 0.7f, 0.2f, 0.2f, 0.3f, 0.3f, 0.2f, 0.2f});
  t.num_boxes = {2};
  const torch::Tensor pb =
      boxes({0.3f, 0.3f, 0.2f, 0.2f, 0.9f, 0.1f, 0.05f, 0.05f, 0.7f, 0.7f, 0.2f, 0.2f})
          .unsqueeze(0);
  const torch::Tensor logits = torch::zeros({1, 3, 1});
  const MatchIndices m = hungarian_match(logits, pb, t);
  EXPECT_EQ(vec(m.batch), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(vec(m.src), (std::vector<std::int64_t>{2, 0}));
  EXPECT_EQ(vec(m.tgt), (std::vector<std::int64_t>{0, 1}));
}

TEST(HungarianMatcher, ClassCostBreaksEqualBoxes) {
  // Two queries with the same box: the focal cost is lower for the confident one.
  TargetBatch t;
  t.boxes = boxes({0.5f, 0.5f, 0.3f, 0.3f});
  t.num_boxes = {1};
  const torch::Tensor pb = boxes({0.5f, 0.5f, 0.3f, 0.3f, 0.5f, 0.5f, 0.3f, 0.3f}).unsqueeze(0);
  const torch::Tensor logits = torch::tensor({-3.0f, 4.0f}).reshape({1, 2, 1});
  EXPECT_EQ(vec(hungarian_match(logits, pb, t).src), (std::vector<std::int64_t>{1}));
  const torch::Tensor swapped = torch::tensor({4.0f, -3.0f}).reshape({1, 2, 1});
  EXPECT_EQ(vec(hungarian_match(swapped, pb, t).src), (std::vector<std::int64_t>{0}));
}

TEST(HungarianMatcher, SkipsNegativePromptsAndOffsetsTargets) {
  TargetBatch t;
  t.boxes = boxes({0.2f, 0.2f, 0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f});
  t.num_boxes = {1, 0, 1};
  torch::Tensor pb = torch::rand({3, 5, 4}) * 0.1 + 0.45;
  pb[0][3] = boxes({0.2f, 0.2f, 0.1f, 0.1f})[0];
  pb[2][1] = boxes({0.8f, 0.8f, 0.1f, 0.1f})[0];
  const MatchIndices m = hungarian_match(torch::zeros({3, 5, 1}), pb, t);
  EXPECT_EQ(vec(m.batch), (std::vector<std::int64_t>{0, 2}));
  EXPECT_EQ(vec(m.src), (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(vec(m.tgt), (std::vector<std::int64_t>{0, 1}));
  t.num_boxes = {0, 0, 0};
  t.boxes = torch::zeros({0, 4});
  EXPECT_EQ(hungarian_match(torch::zeros({3, 5, 1}), pb, t).size(), 0);
}

TEST(HungarianMatcher, MoreTargetsThanQueriesMatchesEveryQuery) {
  TargetBatch t;
  t.boxes = boxes({0.2f, 0.2f, 0.1f, 0.1f, 0.5f, 0.5f, 0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f});
  t.num_boxes = {3};
  const torch::Tensor pb = boxes({0.8f, 0.8f, 0.1f, 0.1f, 0.2f, 0.2f, 0.1f, 0.1f}).unsqueeze(0);
  const MatchIndices m = hungarian_match(torch::zeros({1, 2, 1}), pb, t);
  EXPECT_EQ(vec(m.src), (std::vector<std::int64_t>{0, 1}));  // ordered by query
  EXPECT_EQ(vec(m.tgt), (std::vector<std::int64_t>{2, 0}));
}

TEST(HungarianMatcher, RejectsBadInput) {
  TargetBatch t;
  t.boxes = boxes({0.5f, 0.5f, 0.2f, 0.2f});
  t.num_boxes = {1};
  EXPECT_THROW(hungarian_match(torch::zeros({1, 4}), torch::zeros({1, 4, 4}), t), InvalidInput);
  EXPECT_THROW(hungarian_match(torch::zeros({1, 4, 1}), torch::zeros({1, 3, 4}), t), InvalidInput);
  EXPECT_THROW(hungarian_match(torch::zeros({2, 4, 1}), torch::zeros({2, 4, 4}), t), InvalidInput);
  torch::Tensor pb = torch::full({1, 4, 4}, 0.3f);
  pb[0][1][0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(hungarian_match(torch::zeros({1, 4, 1}), pb, t), InvalidInput);
  t.num_boxes = {2};  // 1 box for a declared 2
  EXPECT_THROW(hungarian_match(torch::zeros({1, 4, 1}), torch::zeros({1, 4, 4}), t), InvalidInput);
}

// 10 queries, topk 4: the 4 best of C = 0.3 p + 0.7 IoU above 0.4 match; a query can match two
// overlapping targets; padding slots of a negative prompt never match.
TEST(OneToManyMatcher, TopKAboveThresholdWithSharedQueries) {
  TargetBatch t;
  t.boxes = boxes({0.5f, 0.5f, 0.4f, 0.4f, 0.5f, 0.5f, 0.38f, 0.38f});
  t.num_boxes = {2, 0};
  torch::Tensor pb = boxes({0.1f, 0.1f, 0.05f, 0.05f}).repeat({2, 10, 1});
  const float w[] = {0.4f, 0.39f, 0.36f, 0.3f, 0.15f};  // IoU with target 0 falls with size
  for (int q = 0; q < 5; ++q) pb[0][q] = boxes({0.5f, 0.5f, w[q], w[q]})[0];
  const torch::Tensor logits = torch::full({2, 10, 1}, 2.0f);
  const MatchIndices m = one_to_many_match(logits, pb, t);
  // Both targets rank queries 0..3 on top (query 4's IoU ~0.14 gives C < 0.4 anyway).
  EXPECT_EQ(vec(m.batch), std::vector<std::int64_t>(8, 0));
  EXPECT_EQ(vec(m.src), (std::vector<std::int64_t>{0, 0, 1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(vec(m.tgt), (std::vector<std::int64_t>{0, 1, 0, 1, 0, 1, 0, 1}));
  // Unconfident (p ~ 0.0025): query 3 reaches C > 0.4 only for target 1 (IoU 0.62 vs 0.56).
  const torch::Tensor low = torch::full({2, 10, 1}, -6.0f);
  const MatchIndices m2 = one_to_many_match(low, pb, t);
  EXPECT_EQ(vec(m2.src), (std::vector<std::int64_t>{0, 0, 1, 1, 2, 2, 3}));
  EXPECT_EQ(vec(m2.tgt), (std::vector<std::int64_t>{0, 1, 0, 1, 0, 1, 1}));
}

TEST(OneToManyMatcher, QuantileUsesLinearInterpolationOverQueries) {
  // C values 0.45 .. 0.9 spread over 10 queries; topk 3 -> q = 0.7 -> quantile between the 7th
  // and 8th smallest: exactly the 3 largest match.
  TargetBatch t;
  t.boxes = boxes({0.5f, 0.5f, 0.4f, 0.4f});
  t.num_boxes = {1};
  const torch::Tensor pb = boxes({0.5f, 0.5f, 0.4f, 0.4f}).repeat({1, 10, 1});  // IoU 1
  // C = 0.3 p + 0.7; p increasing with the query index.
  const torch::Tensor logits = torch::linspace(-3, 3, 10).reshape({1, 10, 1});
  OneToManyMatcherOptions o;
  o.topk = 3;
  EXPECT_EQ(vec(one_to_many_match(logits, pb, t, o).src), (std::vector<std::int64_t>{7, 8, 9}));
  o.topk = 10;
  EXPECT_THROW(one_to_many_match(logits, pb, t, o), InvalidInput);
  TargetBatch none;
  none.boxes = torch::zeros({0, 4});
  none.num_boxes = {0};
  EXPECT_EQ(one_to_many_match(logits, pb, none).size(), 0);
}

TEST(TargetBatch, PaddedAndOffsets) {
  TargetBatch t;
  t.boxes = boxes({1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3});
  t.num_boxes = {1, 0, 2};
  EXPECT_EQ(t.offsets(), (std::vector<std::int64_t>{0, 1, 1}));
  const torch::Tensor p = t.boxes_padded();
  EXPECT_EQ(p.sizes(), (std::vector<std::int64_t>{3, 2, 4}));
  EXPECT_EQ(p[0][1].sum().item<float>(), 0.0f);
  EXPECT_EQ(p[2][1][0].item<float>(), 3.0f);
  t.num_boxes = {1, -1, 3};
  EXPECT_THROW(t.validate(), InvalidInput);
}

}  // namespace
}  // namespace sam3::train
