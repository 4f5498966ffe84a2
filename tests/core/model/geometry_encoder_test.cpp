// SequenceGeometryEncoder (core/model/geometry_encoders.h): the CLS token on text-only prompts,
// packing of padded boxes, parameter names/shapes/count against the official key list.
#include <gtest/gtest.h>

#include "core/model/geometry_encoders.h"
#include "core/model/model_config.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

constexpr int64_t kH = 8, kW = 8;

class GeometryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
    cfg = model_config_by_name("sam3-tiny");
    d = cfg.d_model();
    enc = SequenceGeometryEncoder(cfg.geometry, d);
    enc->eval();
    feats = torch::randn({kH * kW, 2, d});
    pos = torch::randn({kH * kW, 2, d});
  }
  ModelConfig cfg;
  int64_t d = 0;
  SequenceGeometryEncoder enc{nullptr};
  torch::Tensor feats, pos;
};

TEST_F(GeometryTest, TextOnlyPromptStillEmitsTheClsToken) {
  const auto [tokens, mask] = enc->forward(GeometryPrompt{}, feats, pos, kH, kW);
  EXPECT_EQ(tokens.sizes(), torch::IntArrayRef({1, 2, d}));
  EXPECT_EQ(mask.sizes(), torch::IntArrayRef({2, 1}));
  EXPECT_FALSE(mask.any().item<bool>());
  // The same token with explicitly empty boxes.
  GeometryPrompt empty;
  empty.boxes = torch::zeros({0, 2, 4});
  empty.box_mask = torch::zeros({2, 0}, torch::kBool);
  EXPECT_TRUE(torch::allclose(tokens, enc->forward(empty, feats, pos, kH, kW).first));
  // It depends on the image (the layers cross-attend to it).
  EXPECT_FALSE(torch::allclose(tokens.select(1, 0), tokens.select(1, 1)));
}

TEST_F(GeometryTest, BoxesArePackedBeforeTheClsToken) {
  GeometryPrompt p;
  p.boxes = torch::tensor({0.5f, 0.5f, 0.4f, 0.4f, 0.3f, 0.3f, 0.2f, 0.2f,  // box 0 of images 0, 1
                           0.6f, 0.4f, 0.3f, 0.5f, 9.f, 9.f, 9.f, 9.f})     // box 1 (padded in 1)
                .view({2, 2, 4});
  p.box_labels = torch::tensor({1, 1, 0, 1}, torch::kLong).view({2, 2});
  p.box_mask = torch::tensor({false, false, false, true}).view({2, 2});
  const auto [tokens, mask] = enc->forward(p, feats, pos, kH, kW);
  EXPECT_EQ(tokens.sizes(), torch::IntArrayRef({3, 2, d}));
  EXPECT_TRUE(
      torch::equal(mask, torch::tensor({false, false, false, false, false, true}).view({2, 3})));
  // Image 1 alone with its one valid box gives the same two valid tokens (box, CLS).
  GeometryPrompt one;
  one.boxes = p.boxes.index({torch::indexing::Slice(0, 1), torch::indexing::Slice(1, 2)});
  one.box_labels = torch::ones({1, 1}, torch::kLong);
  const torch::Tensor f1 = feats.index({torch::indexing::Slice(), torch::indexing::Slice(1, 2)});
  const torch::Tensor p1 = pos.index({torch::indexing::Slice(), torch::indexing::Slice(1, 2)});
  const auto [alone, alone_mask] = enc->forward(one, f1, p1, kH, kW);
  ASSERT_EQ(alone.sizes(), torch::IntArrayRef({2, 1, d}));
  const torch::Tensor packed =
      tokens.index({torch::indexing::Slice(0, 2), torch::indexing::Slice(1, 2)});
  EXPECT_TRUE(torch::allclose(packed, alone, 1e-5, 1e-5));
}

TEST_F(GeometryTest, LabelAndBoxChangeTheTokens) {
  GeometryPrompt p;
  p.boxes = torch::tensor({0.5f, 0.5f, 0.4f, 0.4f, 0.5f, 0.5f, 0.4f, 0.4f}).view({1, 2, 4});
  p.box_labels = torch::tensor({1, 0}, torch::kLong).view({1, 2});
  const torch::Tensor same_image =
      feats.index({torch::indexing::Slice(), torch::indexing::Slice(0, 1)}).expand({-1, 2, -1});
  const torch::Tensor same_pos =
      pos.index({torch::indexing::Slice(), torch::indexing::Slice(0, 1)}).expand({-1, 2, -1});
  const torch::Tensor t = enc->forward(p, same_image, same_pos, kH, kW).first;
  EXPECT_FALSE(torch::allclose(t.select(1, 0), t.select(1, 1)));
}

TEST_F(GeometryTest, PointsAreEncodedBeforeBoxes) {
  GeometryPrompt p;
  p.points = torch::rand({3, 2, 2});
  p.boxes = torch::tensor({0.5f, 0.5f, 0.4f, 0.4f, 0.3f, 0.3f, 0.2f, 0.2f}).view({1, 2, 4});
  const auto [tokens, mask] = enc->forward(p, feats, pos, kH, kW);
  EXPECT_EQ(tokens.sizes(), torch::IntArrayRef({5, 2, d}));
  EXPECT_FALSE(mask.any().item<bool>());
}

TEST_F(GeometryTest, GradientReachesImageFeaturesThroughRoiAlign) {
  enc->train();
  torch::Tensor f = feats.clone().requires_grad_(true);
  GeometryPrompt p;
  p.boxes = torch::tensor({0.5f, 0.5f, 0.4f, 0.4f, 0.3f, 0.3f, 0.2f, 0.2f}).view({1, 2, 4});
  const torch::Tensor out = enc->forward(p, f, pos, kH, kW).first;
  (out * torch::randn_like(out)).sum().backward();  // a plain sum of LayerNorm outputs is ~0
  ASSERT_TRUE(f.grad().defined());
  EXPECT_GT(f.grad().abs().sum().item<double>(), 0.0);
  EXPECT_TRUE(enc->boxes_pool_project->weight.grad().defined());
}

TEST_F(GeometryTest, RejectsBadPrompts) {
  GeometryPrompt bad_labels;
  bad_labels.boxes = torch::rand({1, 2, 4});
  bad_labels.box_labels = torch::full({1, 2}, 2, torch::kLong);
  EXPECT_THROW(enc->forward(bad_labels, feats, pos, kH, kW), c10::Error);
  GeometryPrompt bad_shape;
  bad_shape.boxes = torch::rand({1, 2, 3});
  EXPECT_THROW(enc->forward(bad_shape, feats, pos, kH, kW), c10::Error);
  GeometryPrompt left_padded;
  left_padded.boxes = torch::rand({2, 2, 4});
  left_padded.box_mask = torch::tensor({true, false, false, false}).view({2, 2});
  EXPECT_THROW(enc->forward(left_padded, feats, pos, kH, kW), c10::Error);
  EXPECT_THROW(enc->forward(GeometryPrompt{}, feats, pos, kH, kW + 1), c10::Error);
}

TEST(ConcatPaddedSequences, PacksValidEntriesContiguously) {
  // seq1: batch 0 has 1 valid of 2, batch 1 has 2; seq2: one entry each.
  const torch::Tensor s1 = torch::tensor({1.f, 10.f, 2.f, 20.f}).view({2, 2, 1});
  const torch::Tensor m1 = torch::tensor({false, true, false, false}).view({2, 2});
  const torch::Tensor s2 = torch::tensor({3.f, 30.f}).view({1, 2, 1});
  const torch::Tensor m2 = torch::zeros({2, 1}, torch::kBool);
  const auto [seq, mask] = concat_padded_sequences(s1, m1, s2, m2);
  EXPECT_TRUE(
      torch::equal(mask, torch::tensor({false, false, true, false, false, false}).view({2, 3})));
  EXPECT_FLOAT_EQ(seq[0][0][0].item<float>(), 1.f);
  EXPECT_FLOAT_EQ(seq[1][0][0].item<float>(), 3.f);  // moved into batch 0's padding slot
  EXPECT_TRUE(torch::equal(seq.select(1, 1).flatten(), torch::tensor({10.f, 20.f, 30.f})));
}

TEST(GeometryEncoderKeys, FullSizeMatchesOfficialNamesShapesAndCount) {
  const auto official = testing::official_parameters("geometry_encoder.");
  if (!official) GTEST_SKIP() << "../shared/reference/sam3-keys absent";
  const ModelConfig cfg = model_config_by_name("sam3");
  SequenceGeometryEncoder enc(cfg.geometry, cfg.d_model());
  EXPECT_EQ(testing::parameter_shapes(enc), *official);
  EXPECT_EQ(testing::count_parameters(enc), 8215808);
}

}  // namespace
}  // namespace sam3::model
