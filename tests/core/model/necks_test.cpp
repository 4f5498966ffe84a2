// SimpleFPN neck (core/model/necks.h): level shapes, scalp, position encodings, names, counts.
#include "core/model/necks.h"

#include <gtest/gtest.h>

#include "official_keys.h"

namespace sam3::model {
namespace {

// Parameters of the neck convs from config arithmetic (upstream layer shapes).
int64_t neck_conv_parameter_count(const VisionConfig& v, const NeckConfig& n) {
  const int64_t c = v.embed_dim, d = n.d_model;
  const int64_t conv3 = d * d * 9 + d;
  int64_t total = 0;
  for (double s : n.scale_factors) {
    if (s == 4.0) {
      total += c * (c / 2) * 4 + c / 2 + (c / 2) * (c / 4) * 4 + c / 4 + (c / 4) * d + d;
    } else if (s == 2.0) {
      total += c * (c / 2) * 4 + c / 2 + (c / 2) * d + d;
    } else {
      total += c * d + d;
    }
    total += conv3;
  }
  return total;
}

class TinyNeck : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
    cfg_ = model_config_by_name("sam3-tiny");
    neck_ = Sam3DualViTDetNeck(cfg_.vision, cfg_.neck);
    neck_->eval();
  }
  ModelConfig cfg_;
  Sam3DualViTDetNeck neck_{nullptr};
};

TEST_F(TinyNeck, LevelShapesAt112And126) {
  torch::NoGradGuard no_grad;
  const auto out = neck_->forward(torch::randn({2, 3, 112, 112}));
  ASSERT_EQ(out.features.size(), 4u);
  const int64_t sides[4] = {32, 16, 8, 4};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(out.features[i].sizes(), (torch::IntArrayRef{2, 32, sides[i], sides[i]}));
    EXPECT_EQ(out.pos[i].sizes(), out.features[i].sizes());
  }
  const auto odd = neck_->forward(torch::randn({1, 3, 126, 126}), 3);  // 9x9 grid
  ASSERT_EQ(odd.features.size(), 3u);
  EXPECT_EQ(odd.features[0].sizes(), (torch::IntArrayRef{1, 32, 36, 36}));
  EXPECT_EQ(odd.features[2].sizes(), (torch::IntArrayRef{1, 32, 9, 9}));
  EXPECT_EQ(neck_->forward(torch::randn({1, 3, 126, 126})).features[3].size(-1), 4);  // floor
}

TEST_F(TinyNeck, LevelsAreTheConvsOfTheTrunkOutput) {
  torch::NoGradGuard no_grad;
  const auto trunk_out = torch::randn({1, 32, 8, 8});
  const auto out = neck_->forward_features(trunk_out);
  auto level0 = neck_->convs->ptr<FpnLevelImpl>(0);
  const auto up =
      level0->dconv_2x2_1->forward(torch::gelu(level0->dconv_2x2_0->forward(trunk_out)));
  EXPECT_TRUE(
      torch::allclose(out.features[0], level0->conv_3x3->forward(level0->conv_1x1->forward(up))));
  auto level3 = neck_->convs->ptr<FpnLevelImpl>(3);
  const auto pooled = torch::max_pool2d(trunk_out, 2, 2);
  EXPECT_TRUE(torch::allclose(out.features[3],
                              level3->conv_3x3->forward(level3->conv_1x1->forward(pooled))));
  // Sine encodings of each level's size, in the features' dtype.
  EXPECT_TRUE(torch::equal(out.pos[1], neck_->position_encoding->forward(out.features[1])));
  EXPECT_THROW(neck_->forward_features(torch::randn({1, 16, 8, 8})), c10::Error);
  EXPECT_THROW(neck_->forward_features(trunk_out, 5), c10::Error);
}

TEST_F(TinyNeck, ConvNamesMatchTheOfficialNeck) {
  const auto official = testing::official_parameters("backbone.vision_backbone.convs.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  testing::ShapeMap ours;
  for (const auto& [name, shape] : testing::parameter_shapes(neck_)) {
    if (name.rfind("convs.", 0) == 0) ours[name.substr(6)] = shape;
  }
  ASSERT_EQ(ours.size(), official->size());
  for (const auto& [name, shape] : *official) {
    ASSERT_TRUE(ours.count(name)) << name;
    EXPECT_EQ(ours[name].size(), shape.size()) << name;
  }
  EXPECT_EQ(ours.at("0.dconv_2x2_0.weight"), (std::vector<int64_t>{32, 16, 2, 2}));
  EXPECT_EQ(ours.at("1.conv_1x1.weight"), (std::vector<int64_t>{32, 16, 1, 1}));
}

TEST_F(TinyNeck, ParameterCountFollowsTheConfig) {
  int64_t convs = 0;
  for (const auto& p : neck_->convs->parameters()) convs += p.numel();
  EXPECT_EQ(convs, neck_conv_parameter_count(cfg_.vision, cfg_.neck));
  const auto sam3 = model_config_by_name("sam3");
  EXPECT_EQ(neck_conv_parameter_count(sam3.vision, sam3.neck), 7802112);  // spec A.8
}

TEST(FpnLevel, RejectsUnsupportedScales) {
  EXPECT_THROW(FpnLevel(32, 32, 3.0), c10::Error);
}

}  // namespace
}  // namespace sam3::model
