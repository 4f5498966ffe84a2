// Loss terms on hand-built cases whose values follow from the definitions in losses.h.
#include "core/train/losses.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/train/box_ops.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

constexpr std::int64_t kQ = 10;

// One prompt with one target [0.5, 0.5, 0.2, 0.2]; query 3 predicts `box`, the others sit far away.
struct Case {
  model::Sam3Outputs out;
  TargetBatch targets;
};

Case one_target(const std::vector<float>& box, float logit = 0.0f) {
  Case c;
  c.targets.boxes = torch::tensor({0.5f, 0.5f, 0.2f, 0.2f}).reshape({1, 4});
  c.targets.num_boxes = {1};
  torch::Tensor boxes = torch::tensor({0.1f, 0.1f, 0.05f, 0.05f}).repeat({1, kQ, 1});
  boxes[0][3] = torch::tensor(box);
  c.out.pred_boxes = boxes;
  c.out.pred_boxes_xyxy = box_cxcywh_to_xyxy(boxes);
  c.out.pred_logits = torch::full({1, kQ, 1}, logit);
  c.out.presence_logit_dec = torch::zeros({1, 1});
  return c;
}

LossOptions boxes_only() {
  LossOptions o;
  o.mask_loss = false;
  return o;
}

double term(const LossResult& r, const std::string& name) {
  return r.terms.at(name).item<double>();
}

TEST(Losses, PerfectBoxGivesZeroL1AndGIoU) {
  const Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f});
  const LossResult r = sam3_loss(c.out, c.targets, boxes_only());
  EXPECT_EQ(r.indices.at("").size(), 1);
  EXPECT_EQ(r.indices.at("").src[0].item<std::int64_t>(), 3);
  EXPECT_NEAR(term(r, "loss_bbox"), 0.0, 1e-7);
  EXPECT_NEAR(term(r, "loss_giou"), 0.0, 1e-6);
}

TEST(Losses, L1AndGIoUHandValues) {
  // Shifted by 0.1 in x: L1 = 0.1; IoU = 0.02/0.06 = 1/3, hull = 0.3 x 0.2 = 0.06 = union.
  const Case c = one_target({0.6f, 0.5f, 0.2f, 0.2f});
  const LossResult r = sam3_loss(c.out, c.targets, boxes_only());
  EXPECT_NEAR(term(r, "loss_bbox"), 0.1, 1e-6);
  EXPECT_NEAR(term(r, "loss_giou"), 1.0 - 1.0 / 3.0, 1e-6);
}

TEST(Losses, IoUAwareBCEHandValue) {
  // Logits 0 (p = 1/2) everywhere. Matched query: soft target t = 0.5^0.25 * IoU^0.75 with
  // IoU = 1/3, loss 10 * BCE(0, t) = 10 log 2; 9 unmatched: BCE(0, 0) * p^2 = log 2 / 4 each.
  // pad_n_queries 200 > 10 queries: sum / (200 * B).
  const Case c = one_target({0.6f, 0.5f, 0.2f, 0.2f});
  LossOptions padded = boxes_only();
  padded.pad_n_queries = 200;
  const LossResult r = sam3_loss(c.out, c.targets, padded);
  const double log2 = std::log(2.0);
  EXPECT_NEAR(term(r, "loss_ce"), (10 * log2 + 9 * log2 / 4) / 200.0, 1e-7);
  // Presence: 0.5 * BCE(0, 1) averaged over 1 prompt.
  EXPECT_NEAR(term(r, "presence_loss"), 0.5 * log2, 1e-7);
  // With 10 queries and pad_n_queries 10 the same sum is a plain mean.
  LossOptions o = boxes_only();
  o.pad_n_queries = 10;
  EXPECT_NEAR(term(sam3_loss(c.out, c.targets, o), "loss_ce"), (10 * log2 + 9 * log2 / 4) / 10,
              1e-7);
}

TEST(Losses, DefaultIoUAwareBCEIsAMeanOverTheModelsQueries) {
  // Regression: the default was a fixed 200 (the full model's query count), which divided the
  // classification loss of sam3-tiny (8 queries) by 25 against the box terms, so its scores
  // never separated matched from unmatched queries. The default now follows the query count,
  // as official configs do (pad_n_queries = num_queries).
  const Case c = one_target({0.6f, 0.5f, 0.2f, 0.2f});
  const double log2 = std::log(2.0);
  EXPECT_EQ(LossOptions{}.pad_n_queries, 0);
  EXPECT_NEAR(term(sam3_loss(c.out, c.targets, boxes_only()), "loss_ce"),
              (10 * log2 + 9 * log2 / 4) / 10, 1e-7);
}

TEST(Losses, SoftTargetUsesProbabilityAndIoU) {
  // A confident exact prediction: t = p^0.25 (IoU 1); its BCE is that of logit 4 vs target t.
  const Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f}, 4.0f);
  const LossResult r = sam3_loss(c.out, c.targets, boxes_only());
  const double p = 1 / (1 + std::exp(-4.0));
  const double t = std::pow(p, 0.25);
  const double bce_pos = -(t * std::log(p) + (1 - t) * std::log(1 - p));
  const double bce_neg = -std::log(1 - p) * p * p;
  EXPECT_NEAR(term(r, "loss_ce"), (10 * bce_pos + 9 * bce_neg) / 10.0, 1e-6);  // mean of 10
}

TEST(Losses, NegativePromptTrainsOnlyPresence) {
  Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f}, 1.0f);
  c.targets.boxes = torch::zeros({0, 4});
  c.targets.num_boxes = {0};
  c.out.presence_logit_dec = torch::full({1, 1}, 2.0f);
  const LossResult r = sam3_loss(c.out, c.targets, boxes_only());
  EXPECT_EQ(r.indices.at("").size(), 0);
  EXPECT_EQ(r.num_boxes, 1.0);  // clamped
  EXPECT_EQ(term(r, "loss_bbox"), 0.0);
  EXPECT_EQ(term(r, "loss_ce"), 0.0);
  EXPECT_NEAR(term(r, "presence_loss"), 0.5 * std::log(1 + std::exp(2.0)), 1e-6);
  EXPECT_NEAR(r.total.item<double>(), 20 * 0.5 * std::log(1 + std::exp(2.0)), 1e-5);
}

TEST(Losses, MaskFocalAndDiceHandValues) {
  Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f});
  torch::Tensor m = torch::zeros({1, 4, 4});
  m[0][1][1] = 1;  // 1 of 16 pixels
  c.targets.masks = m;
  c.out.pred_masks = torch::zeros({1, kQ, 4, 4});  // logits 0: p = 1/2
  const LossResult r = sam3_loss(c.out, c.targets, LossOptions{});
  // focal per pixel: alpha_t * 0.25 * log 2, alpha_t 0.25 (positive) or 0.75; mean over pixels.
  const double log2 = std::log(2.0);
  EXPECT_NEAR(term(r, "loss_mask"), (0.25 + 15 * 0.75) * 0.25 * log2 / 16, 1e-7);
  // dice: 1 - (2 * 0.5 + 1) / (8 + 1 + 1).
  EXPECT_NEAR(term(r, "loss_dice"), 1 - 2.0 / 10.0, 1e-6);
  // A perfect, confident mask: both near zero.
  c.out.pred_masks = (m * 40 - 20).unsqueeze(1).expand({1, kQ, 4, 4}).contiguous();
  const LossResult perfect = sam3_loss(c.out, c.targets, LossOptions{});
  EXPECT_NEAR(term(perfect, "loss_mask"), 0.0, 1e-7);
  EXPECT_NEAR(term(perfect, "loss_dice"), 0.0, 1e-6);
  // Invalid masks drop out.
  c.targets.masks_valid = torch::zeros({1}, torch::kBool);
  EXPECT_EQ(term(sam3_loss(c.out, c.targets, LossOptions{}), "loss_dice"), 0.0);
}

TEST(Losses, MaskPredictionsAreResizedToTargets) {
  Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f});
  c.targets.masks = torch::ones({1, 8, 8});
  c.out.pred_masks = torch::full({1, kQ, 2, 2}, 20.0f);  // bilinear of a constant is constant
  const LossResult r = sam3_loss(c.out, c.targets, LossOptions{});
  EXPECT_NEAR(term(r, "loss_mask"), 0.0, 1e-7);
  EXPECT_NEAR(term(r, "loss_dice"), 0.0, 1e-6);
}

TEST(Losses, MaskSwitchAndMissingPredictions) {
  Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f});
  c.targets.masks = torch::ones({1, 4, 4});
  EXPECT_THROW(sam3_loss(c.out, c.targets, LossOptions{}), InvalidInput);
  const LossResult off = sam3_loss(c.out, c.targets, boxes_only());
  EXPECT_FALSE(off.terms.count("loss_mask"));
  c.targets.masks = torch::Tensor();  // no masks in the data: zero mask terms
  c.out.pred_masks = torch::zeros({1, kQ, 4, 4});
  EXPECT_EQ(term(sam3_loss(c.out, c.targets, LossOptions{}), "loss_mask"), 0.0);
}

TEST(Losses, WeightsAuxO2mAndSqrtScaling) {
  Case c = one_target({0.6f, 0.5f, 0.2f, 0.2f});
  c.out.aux_outputs.push_back(
      {c.out.pred_logits, c.out.pred_boxes, c.out.pred_boxes_xyxy, c.out.presence_logit_dec});
  c.out.o2m = {c.out.pred_logits, c.out.pred_boxes, c.out.pred_boxes_xyxy, {}};
  LossOptions o = boxes_only();
  o.o2m_matcher.topk = 1;
  o.o2m_matcher.threshold = 0.3;  // C = 0.15 + 0.7 / 3 for the matched query
  const LossResult r = sam3_loss(c.out, c.targets, o);
  // The aux layer repeats the main layer; o2m terms carry the x2 (its single match is query 3).
  EXPECT_NEAR(term(r, "loss_bbox_aux_0"), term(r, "loss_bbox"), 1e-7);
  EXPECT_NEAR(term(r, "loss_bbox_o2m"), 2 * term(r, "loss_bbox"), 1e-6);
  EXPECT_EQ(term(r, "presence_loss_o2m"), 0.0);
  double want = 0.0;
  for (const std::string s : {"", "_aux_0"}) {
    want += 5 * term(r, "loss_bbox" + s) + 2 * term(r, "loss_giou" + s) +
            20 * term(r, "loss_ce" + s) + 20 * term(r, "presence_loss" + s);
  }
  want += 5 * term(r, "loss_bbox_o2m") + 2 * term(r, "loss_giou_o2m") + 20 * term(r, "loss_ce_o2m");
  EXPECT_NEAR(r.total.item<double>(), want, 1e-5);
  // Two identical prompts: terms unchanged (means and per-box sums), total x sqrt(2) x 1.
  Case two = c;
  const auto dup = [](const torch::Tensor& t) { return t.repeat({2, 1, 1}); };
  two.out.pred_logits = dup(c.out.pred_logits);
  two.out.pred_boxes = dup(c.out.pred_boxes);
  two.out.pred_boxes_xyxy = dup(c.out.pred_boxes_xyxy);
  two.out.presence_logit_dec = c.out.presence_logit_dec.repeat({2, 1});
  two.out.aux_outputs.clear();
  two.out.o2m = {};
  two.targets.boxes = c.targets.boxes.repeat({2, 1});
  two.targets.num_boxes = {1, 1};
  const LossResult r2 = sam3_loss(two.out, two.targets, o);
  EXPECT_NEAR(term(r2, "loss_bbox"), term(r, "loss_bbox"), 1e-6);
  o.scale_by_sqrt_prompts = false;
  EXPECT_NEAR(r2.total.item<double>(),
              std::sqrt(2.0) * sam3_loss(two.out, two.targets, o).total.item<double>(), 1e-5);
}

TEST(Losses, GradientsReachPredictions) {
  Case c = one_target({0.6f, 0.5f, 0.2f, 0.2f});
  c.out.pred_boxes = c.out.pred_boxes.clone().requires_grad_(true);
  c.out.pred_boxes_xyxy = box_cxcywh_to_xyxy(c.out.pred_boxes);
  c.out.pred_logits = c.out.pred_logits.clone().requires_grad_(true);
  sam3_loss(c.out, c.targets, boxes_only()).total.backward();
  // Moving the matched box left (towards the target) lowers the loss.
  EXPECT_GT(c.out.pred_boxes.grad()[0][3][0].item<double>(), 0.0);
  EXPECT_TRUE(c.out.pred_logits.grad().abs().sum().item<double>() > 0.0);
}

TEST(Losses, RejectsInconsistentInput) {
  Case c = one_target({0.5f, 0.5f, 0.2f, 0.2f});
  c.targets.num_boxes = {1, 0};
  EXPECT_THROW(sam3_loss(c.out, c.targets, boxes_only()), InvalidInput);
  c.targets.num_boxes = {2};
  EXPECT_THROW(sam3_loss(c.out, c.targets, boxes_only()), InvalidInput);
}

}  // namespace
}  // namespace sam3::train
