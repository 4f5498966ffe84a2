// Sam3VLBackbone (core/model/vl_combiner.h) on sam3-tiny: official attribute paths, scalp, taps.
#include "core/model/vl_combiner.h"

#include <gtest/gtest.h>

#include "official_keys.h"

namespace sam3::model {
namespace {

class TinyBackbone : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
    cfg_ = model_config_by_name("sam3-tiny");
    backbone_ = Sam3VLBackbone(cfg_);
    backbone_->eval();
  }
  ModelConfig cfg_;
  Sam3VLBackbone backbone_{nullptr};
};

TEST_F(TinyBackbone, ImageFeaturesDropTheScalpLevel) {
  torch::NoGradGuard no_grad;
  Taps taps;
  const auto out = backbone_->forward_image(torch::randn({1, 3, 112, 112}), &taps);
  ASSERT_EQ(out.backbone_fpn.size(), 3u);
  ASSERT_EQ(out.vision_pos_enc.size(), 3u);
  EXPECT_EQ(out.backbone_fpn[0].sizes(), (torch::IntArrayRef{1, 32, 32, 32}));
  EXPECT_EQ(out.vision_features.sizes(), (torch::IntArrayRef{1, 32, 8, 8}));
  EXPECT_TRUE(torch::equal(out.vision_features, out.backbone_fpn.back()));
  for (const char* name : {"vision.patch_embed", "vision.ln_pre", "vision.block0",
                           "vision.global_block", "vision.trunk", "neck.fpn0", "neck.fpn1",
                           "neck.fpn2", "neck.pos0", "neck.pos1", "neck.pos2"}) {
    EXPECT_TRUE(taps.count(name)) << name;
  }
  EXPECT_FALSE(taps.count("neck.fpn3"));
  EXPECT_EQ(taps.at("neck.fpn1").sizes(), (torch::IntArrayRef{1, 32, 16, 16}));
}

TEST_F(TinyBackbone, TextFeatures) {
  torch::NoGradGuard no_grad;
  auto ids = torch::zeros({3, 32}, torch::kInt64);
  ids.index_put_({torch::indexing::Slice(), 0}, 49406);
  ids.index_put_({torch::indexing::Slice(), 1}, 49407);
  const auto out = backbone_->forward_text(ids);
  EXPECT_EQ(out.language_features.sizes(), (torch::IntArrayRef{32, 3, 32}));
  EXPECT_EQ(out.language_mask.sum().item<int64_t>(), 3 * 30);
}

TEST_F(TinyBackbone, NamesAreTheOfficialBackbonePaths) {
  const auto official = testing::official_parameters("backbone.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  std::set<std::string> expected;
  for (const auto& [name, shape] : *official) {
    if (testing::list_index(name, "blocks") < cfg_.vision.depth &&
        testing::list_index(name, "resblocks") < cfg_.text.layers) {
      expected.insert(name);
    }
  }
  std::set<std::string> ours;
  for (const auto& p : backbone_->named_parameters()) ours.insert(p.key());
  EXPECT_EQ(ours, expected);
  EXPECT_TRUE(backbone_->named_buffers().is_empty());
}

}  // namespace
}  // namespace sam3::model
