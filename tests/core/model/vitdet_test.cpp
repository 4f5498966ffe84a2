// ViT trunk (core/model/vitdet.h): RoPE and abs-pos against hand-computed values, window
// partitioning, shapes at several input sizes, parameter names and counts.
#include "core/model/vitdet.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/model/model_config.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

using testing::list_index;
using torch::indexing::Slice;

// Parameters of the trunk from config arithmetic (upstream layer shapes).
int64_t vit_parameter_count(const VisionConfig& v) {
  const int64_t c = v.embed_dim, hidden = v.mlp_hidden(), p = v.patch_size;
  const int64_t grid = v.pretrain_image_size / v.patch_size;
  const int64_t block =
      2 * 2 * c + (3 * c * c + 3 * c) + (c * c + c) + (hidden * c + hidden) + (c * hidden + c);
  return c * 3 * p * p + (1 + grid * grid) * c + 2 * c + v.depth * block;
}

TEST(AxialRope, MatchesHandComputedAngles) {
  // head_dim 8: f = 100^(-[0, 4]/8) = [1, 0.1]; grid 3 wide, 2 high; positions scaled by 0.5.
  const RopeTable t = compute_axial_rope(8, 3, 2, 100.0, 0.5);
  ASSERT_EQ(t.cos.sizes(), (torch::IntArrayRef{6, 4}));
  ASSERT_EQ(t.cos.scalar_type(), torch::kFloat32);
  const double expected[6][4] = {{0, 0, 0, 0},      {0.5, 0.05, 0, 0},      {1.0, 0.1, 0, 0},
                                 {0, 0, 0.5, 0.05}, {0.5, 0.05, 0.5, 0.05}, {1.0, 0.1, 0.5, 0.05}};
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(t.cos[i][j].item<double>(), std::cos(expected[i][j]), 1e-6) << i << "," << j;
      EXPECT_NEAR(t.sin[i][j].item<double>(), std::sin(expected[i][j]), 1e-6) << i << "," << j;
    }
  }
}

TEST(AxialRope, RotatesInterleavedPairsInFp32) {
  const RopeTable t = compute_axial_rope(8, 3, 2, 100.0, 0.5);
  // Every pair (x[2j], x[2j+1]) = (1, 2); token 5 has angles [1.0, 0.1, 0.5, 0.05].
  const auto x = torch::tensor({1.0f, 2.0f}).repeat({4}).expand({1, 1, 6, 8}).contiguous();
  const auto y = apply_rotary_enc(x, t);
  const double angles[4] = {1.0, 0.1, 0.5, 0.05};
  for (int j = 0; j < 4; ++j) {
    const double c = std::cos(angles[j]), s = std::sin(angles[j]);
    EXPECT_NEAR(y[0][0][5][2 * j].item<double>(), 1.0 * c - 2.0 * s, 1e-6);
    EXPECT_NEAR(y[0][0][5][2 * j + 1].item<double>(), 1.0 * s + 2.0 * c, 1e-6);
  }
  EXPECT_TRUE(torch::equal(y.index({Slice(), Slice(), 0}), x.index({Slice(), Slice(), 0})));
  // bf16 in, bf16 out, rotated in fp32 and rounded once.
  const auto xb = x.to(torch::kBFloat16);
  const auto yb = apply_rotary_enc(xb, t);
  EXPECT_EQ(yb.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(torch::equal(yb, apply_rotary_enc(xb.to(torch::kFloat32), t).to(torch::kBFloat16)));
  EXPECT_THROW(apply_rotary_enc(torch::zeros({1, 1, 5, 8}), t), c10::Error);
}

TEST(AxialRope, GlobalTablesAreScaledToTheWindowGrid) {
  auto cfg = model_config_by_name("sam3-tiny").vision;
  ViT vit(cfg);
  const auto global = vit->rope_table(true, 9, torch::kCPU);
  const auto reference = compute_axial_rope(16, 9, 9, 10000.0, 4.0 / 9.0);
  EXPECT_TRUE(torch::equal(global.cos, reference.cos));
  EXPECT_TRUE(torch::equal(global.sin, reference.sin));
  const auto window = vit->rope_table(false, 9, torch::kCPU);
  EXPECT_TRUE(torch::equal(window.cos, compute_axial_rope(16, 4, 4, 10000.0, 1.0).cos));
  // Cached: the same storage comes back.
  EXPECT_EQ(vit->rope_table(true, 9, torch::kCPU).cos.data_ptr(), global.cos.data_ptr());
}

TEST(WindowPartition, PadsWithZerosAndRoundTrips) {
  const auto x = torch::arange(50, torch::kFloat32).reshape({1, 5, 5, 2});
  const auto windows = window_partition(x, 2);
  ASSERT_EQ(windows.sizes(), (torch::IntArrayRef{9, 2, 2, 2}));
  EXPECT_TRUE(torch::equal(windows[0], x[0].index({Slice(0, 2), Slice(0, 2)})));
  // Window (row 0, col 2) holds column 4 and one padded zero column.
  EXPECT_TRUE(torch::equal(windows[2].index({Slice(), 0}), x[0].index({Slice(0, 2), 4})));
  EXPECT_EQ(windows[2].index({Slice(), 1}).abs().sum().item<float>(), 0.0f);
  EXPECT_TRUE(torch::equal(window_unpartition(windows, 2, 5, 5), x));
}

TEST(TiledAbsPos, TilesTheGridAndDropsTheClsSlot) {
  // cls = 99, 2x2 grid [[0, 1], [2, 3]], one channel.
  const auto pos = torch::tensor({99.0f, 0.0f, 1.0f, 2.0f, 3.0f}).view({1, 5, 1});
  const auto tiled = tiled_abs_pos(pos, 3, 3).squeeze(-1).squeeze(0);
  EXPECT_TRUE(torch::equal(
      tiled, torch::tensor({{0.0f, 1.0f, 0.0f}, {2.0f, 3.0f, 2.0f}, {0.0f, 1.0f, 0.0f}})));
  EXPECT_TRUE(
      torch::equal(tiled_abs_pos(pos, 2, 2).flatten(), torch::tensor({0.0f, 1.0f, 2.0f, 3.0f})));
  EXPECT_THROW(tiled_abs_pos(torch::zeros({1, 4, 1}), 3, 3), c10::Error);
}

TEST(DropPath, IsIdentityInEvalAndPerSampleInTraining) {
  const auto x = torch::ones({64, 3, 3, 2});
  EXPECT_TRUE(torch::equal(drop_path(x, 0.5, false), x));
  torch::manual_seed(0);
  const auto y = drop_path(x, 0.5, true);
  const auto per_sample = y.flatten(1);
  EXPECT_TRUE(torch::equal(per_sample.amin(1), per_sample.amax(1)));  // whole samples dropped
  const auto values = std::get<0>(torch::_unique(per_sample.amin(1)));
  EXPECT_TRUE(torch::equal(std::get<0>(values.sort()), torch::tensor({0.0f, 2.0f})));
}

class TinyVit : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
    cfg_ = model_config_by_name("sam3-tiny").vision;
    vit_ = ViT(cfg_);
    vit_->eval();
  }
  VisionConfig cfg_;
  ViT vit_{nullptr};
};

TEST_F(TinyVit, AnyMultipleOf14Works) {
  torch::NoGradGuard no_grad;
  for (int64_t side : {112, 126, 140}) {
    Taps taps;
    const auto out = vit_->forward(torch::randn({2, 3, side, side}), &taps);
    const int64_t g = side / 14;
    EXPECT_EQ(out.sizes(), (torch::IntArrayRef{2, 32, g, g})) << side;
    EXPECT_TRUE(torch::isfinite(out).all().item<bool>()) << side;
    for (const char* name :
         {"vision.patch_embed", "vision.ln_pre", "vision.block0", "vision.global_block"}) {
      ASSERT_TRUE(taps.count(name)) << name;
      EXPECT_EQ(taps[name].sizes(), (torch::IntArrayRef{2, g, g, 32})) << name << " at " << side;
    }
    EXPECT_TRUE(torch::equal(taps["vision.trunk"], out));
  }
}

TEST_F(TinyVit, RejectsBadInput) {
  torch::NoGradGuard no_grad;
  EXPECT_THROW(vit_->forward(torch::zeros({1, 3, 120, 120})), c10::Error);
  EXPECT_THROW(vit_->forward(torch::zeros({1, 3, 112, 126})), c10::Error);
  EXPECT_THROW(vit_->forward(torch::zeros({1, 1, 112, 112})), c10::Error);
  EXPECT_THROW(vit_->forward(torch::zeros({3, 112, 112})), c10::Error);
}

TEST_F(TinyVit, WindowBlocksAreLocal) {
  // On a 9x9 grid with window 4, the windows covering rows/cols 0..7 hold no padding: their
  // output equals the block run on the 8x8 crop.
  torch::NoGradGuard no_grad;
  auto block = vit_->blocks->ptr<VitBlockImpl>(0);
  ASSERT_EQ(block->window_size, 4);
  const auto x = torch::randn({1, 9, 9, 32});
  const auto rope = vit_->rope_table(false, 9, torch::kCPU);
  const auto full = block->forward(x, rope);
  const auto crop = block->forward(x.index({Slice(), Slice(0, 8), Slice(0, 8)}).contiguous(), rope);
  EXPECT_TRUE(torch::allclose(full.index({Slice(), Slice(0, 8), Slice(0, 8)}), crop, 1e-5, 1e-6));
}

TEST_F(TinyVit, TrainingAppliesDropPath) {
  vit_->train();
  const auto x = torch::randn({8, 3, 112, 112});
  torch::manual_seed(1);
  const auto a = vit_->forward(x);
  torch::manual_seed(2);
  const auto b = vit_->forward(x);
  EXPECT_FALSE(torch::allclose(a, b));
  a.sum().backward();
  EXPECT_TRUE(vit_->pos_embed.grad().defined());
}

TEST_F(TinyVit, ParameterNamesMatchTheOfficialTrunk) {
  const auto official = testing::official_parameters("backbone.vision_backbone.trunk.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  testing::ShapeMap expected;
  for (const auto& [name, shape] : *official) {
    if (list_index(name, "blocks") < cfg_.depth) expected[name] = shape;
  }
  const auto ours = testing::parameter_shapes(vit_);
  ASSERT_EQ(ours.size(), expected.size());
  for (const auto& [name, shape] : expected) EXPECT_TRUE(ours.count(name)) << name;
  EXPECT_EQ(ours.at("pos_embed"), (std::vector<int64_t>{1, 17, 32}));
  EXPECT_EQ(ours.at("blocks.0.mlp.fc1.weight"), (std::vector<int64_t>{148, 32}));
  EXPECT_EQ(ours.count("patch_embed.proj.bias"), 0u);
}

TEST_F(TinyVit, ParameterCountFollowsTheConfig) {
  EXPECT_EQ(testing::count_parameters(vit_), vit_parameter_count(cfg_));
  EXPECT_EQ(vit_parameter_count(model_config_by_name("sam3").vision), 446237696);  // spec A.8
}

}  // namespace
}  // namespace sam3::model
