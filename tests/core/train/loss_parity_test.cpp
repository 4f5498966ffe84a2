// Loss and matcher parity with the official SAM3 training code. The fixture
// tests/data/train/loss_parity/ was written by tests/reference/make_loss_fixture.py running the
// official BinaryHungarianMatcherV2, BinaryOneToManyMatcher and Sam3LossWrapper (Boxes,
// IABCEMdetr, Masks; weights of roboflow_v100_full_ft_100_images.yaml) on an H200: 4 prompts with
// 2, 0, 3, 1 target boxes, 200 queries, main + 5 aux layers, o2o and o2m halves, masks.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/train/box_ops.h"
#include "core/train/losses.h"
#include "core/weights/safetensors.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {

const std::string kDir = std::string(::sam3::test::source_dir()) + "/tests/data/train/loss_parity";

struct Fixture {
  weights::NamedTensors t;
  nlohmann::json expected;
  model::Sam3Outputs outputs;
  TargetBatch targets;
};

model::LayerPredictions layer(const weights::NamedTensors& t, const std::string& prefix,
                              bool presence) {
  model::LayerPredictions p;
  p.pred_logits = t.at(prefix + ".pred_logits");
  p.pred_boxes = t.at(prefix + ".pred_boxes");
  p.pred_boxes_xyxy = box_cxcywh_to_xyxy(p.pred_boxes);
  if (presence) p.presence_logit_dec = t.at(prefix + ".presence_logit_dec");
  return p;
}

Fixture load() {
  Fixture f;
  f.t = weights::read_safetensors(kDir + "/inputs.safetensors").tensors;
  std::ifstream in(kDir + "/expected.json");
  f.expected = nlohmann::json::parse(in);
  const auto& t = f.t;
  const model::LayerPredictions main = layer(t, "main.o2o", true);
  f.outputs.pred_logits = main.pred_logits;
  f.outputs.pred_boxes = main.pred_boxes;
  f.outputs.pred_boxes_xyxy = main.pred_boxes_xyxy;
  f.outputs.presence_logit_dec = main.presence_logit_dec;
  f.outputs.pred_masks = t.at("main.o2o.pred_masks");
  f.outputs.o2m = layer(t, "main.o2m", false);
  f.outputs.pred_masks_o2m = t.at("main.o2m.pred_masks");
  const int num_aux = f.expected["config"]["num_aux"].get<int>();
  for (int i = 0; i < num_aux; ++i) {
    f.outputs.aux_outputs.push_back(layer(t, "aux" + std::to_string(i) + ".o2o", true));
    f.outputs.aux_outputs_o2m.push_back(layer(t, "aux" + std::to_string(i) + ".o2m", false));
  }
  f.targets.boxes = t.at("target_boxes");
  const torch::Tensor num = t.at("target_num_boxes");
  for (std::int64_t i = 0; i < num.size(0); ++i)
    f.targets.num_boxes.push_back(num[i].item<std::int64_t>());
  f.targets.masks = t.at("target_masks");
  f.targets.masks_valid = t.at("target_masks_valid").to(torch::kBool);
  return f;
}

std::vector<std::int64_t> to_vec(const torch::Tensor& x) {
  const torch::Tensor c = x.to(torch::kCPU, torch::kLong).contiguous();
  return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}

void expect_indices(const MatchIndices& got, const nlohmann::json& want, const std::string& what) {
  EXPECT_EQ(to_vec(got.batch), want["batch"].get<std::vector<std::int64_t>>()) << what;
  EXPECT_EQ(to_vec(got.src), want["src"].get<std::vector<std::int64_t>>()) << what;
  EXPECT_EQ(to_vec(got.tgt), want["tgt"].get<std::vector<std::int64_t>>()) << what;
}

class LossParity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fixture_ = new Fixture(load());
    result_ = new LossResult(sam3_loss(fixture_->outputs, fixture_->targets));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete fixture_;
  }
  static Fixture* fixture_;
  static LossResult* result_;
};
Fixture* LossParity::fixture_ = nullptr;
LossResult* LossParity::result_ = nullptr;

TEST_F(LossParity, HungarianMatchingEqualsOfficialOnEveryLayer) {
  const auto& want = fixture_->expected["indices"];
  ASSERT_EQ(result_->indices.size(), want.size());
  for (const auto& [suffix, rec] : want.items()) {
    ASSERT_TRUE(result_->indices.count(suffix)) << suffix;
    expect_indices(result_->indices.at(suffix), rec, "o2o" + suffix);
  }
}

TEST_F(LossParity, OneToManyMatchingEqualsOfficial) {
  // Main layer: BinaryOneToManyMatcher; aux layers: the Hungarian matcher on the o2m queries.
  const auto& want = fixture_->expected["indices_o2m"];
  ASSERT_EQ(result_->indices_o2m.size(), want.size());
  for (const auto& [suffix, rec] : want.items()) {
    ASSERT_TRUE(result_->indices_o2m.count(suffix)) << suffix;
    expect_indices(result_->indices_o2m.at(suffix), rec, "o2m" + suffix);
  }
  EXPECT_EQ(result_->indices_o2m.at("").size(), 24);  // topk 4 x 6 targets
}

TEST_F(LossParity, EveryLossTermEqualsOfficial) {
  std::set<std::string> official;
  double max_rel = 0.0;
  for (const auto& [key, value] : fixture_->expected["losses"].items()) {
    // ce_f1 and presence_dec_acc are metrics, not losses; core_loss is the total.
    if (key.rfind("ce_f1", 0) == 0 || key.rfind("presence_dec_acc", 0) == 0) continue;
    const double want = value.get<double>();
    double got = 0.0;
    if (key == "core_loss") {
      got = result_->total.item<double>();
    } else {
      official.insert(key);
      ASSERT_TRUE(result_->terms.count(key)) << "missing term " << key;
      got = result_->terms.at(key).item<double>();
    }
    EXPECT_NEAR(got, want, 1e-5 * std::max(1.0, std::abs(want))) << key;
    max_rel = std::max(max_rel, std::abs(got - want) / std::max(1.0, std::abs(want)));
  }
  std::cout << "loss parity: " << official.size() + 1 << " terms, max |ours - official| / "
            << "max(1, |official|) = " << max_rel << "\n";
  std::set<std::string> ours;
  for (const auto& [key, value] : result_->terms) ours.insert(key);
  EXPECT_EQ(ours, official);
  EXPECT_EQ(official.size(), 12u * 4 + 4);  // 4 box/ce terms on 6 layers x 2 halves; masks main x 2
}

TEST_F(LossParity, TotalIsDifferentiable) {
  Fixture f = load();
  f.outputs.pred_logits = f.outputs.pred_logits.clone().requires_grad_(true);
  f.outputs.pred_boxes = f.outputs.pred_boxes.clone().requires_grad_(true);
  f.outputs.pred_boxes_xyxy = box_cxcywh_to_xyxy(f.outputs.pred_boxes);
  const LossResult r = sam3_loss(f.outputs, f.targets);
  r.total.backward();
  EXPECT_TRUE(torch::isfinite(f.outputs.pred_logits.grad()).all().item<bool>());
  EXPECT_GT(f.outputs.pred_boxes.grad().abs().sum().item<double>(), 0.0);
}

}  // namespace
}  // namespace sam3::train
