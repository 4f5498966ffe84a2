// Text tower and VETextEncoder (core/model/text_encoder_ve.h): shapes, padding mask, causality,
// attention against an explicit softmax, parameter names and counts.
#include "core/model/text_encoder_ve.h"

#include <gtest/gtest.h>

#include "official_keys.h"

namespace sam3::model {
namespace {

using torch::indexing::Slice;

int64_t text_tower_parameter_count(const TextConfig& t) {
  const int64_t w = t.width, hidden = static_cast<int64_t>(t.width * t.mlp_ratio);
  const int64_t block =
      2 * 2 * w + (3 * w * w + 3 * w) + (w * w + w) + (hidden * w + hidden) + (w * hidden + w);
  return t.vocab_size * w + t.context_length * w + t.layers * block + 2 * w + w * t.projection_dim;
}

class TinyText : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(0);
    cfg_ = model_config_by_name("sam3-tiny");
    enc_ = VETextEncoder(cfg_.text, cfg_.d_model());
    enc_->eval();
  }
  // [B, 32]: start token, ids, end token, zero padding.
  static at::Tensor tokens(const std::vector<std::vector<int64_t>>& rows) {
    auto t = torch::zeros({static_cast<int64_t>(rows.size()), 32}, torch::kInt64);
    for (size_t b = 0; b < rows.size(); ++b) {
      for (size_t i = 0; i < rows[b].size(); ++i) t[b][i] = rows[b][i];
    }
    return t;
  }
  ModelConfig cfg_;
  VETextEncoder enc_{nullptr};
};

TEST_F(TinyText, OutputsAreSeqFirstWithPaddingMask) {
  torch::NoGradGuard no_grad;
  Taps taps;
  const auto ids = tokens({{49406, 320, 2368, 49407}, {49406, 2533, 49407}});
  const auto out = enc_->forward(ids, &taps);
  EXPECT_EQ(out.language_features.sizes(), (torch::IntArrayRef{32, 2, 32}));
  EXPECT_EQ(out.language_embeds.sizes(), (torch::IntArrayRef{32, 2, 16}));
  ASSERT_EQ(out.language_mask.sizes(), (torch::IntArrayRef{2, 32}));
  EXPECT_EQ(out.language_mask.scalar_type(), torch::kBool);
  EXPECT_FALSE(out.language_mask[0][3].item<bool>());
  EXPECT_TRUE(out.language_mask[0][4].item<bool>());
  EXPECT_TRUE(out.language_mask[1][3].item<bool>());
  EXPECT_EQ(out.language_mask.sum().item<int64_t>(), 64 - 7);
  EXPECT_TRUE(torch::isfinite(out.language_features).all().item<bool>());
  EXPECT_TRUE(torch::equal(taps.at("text.features"), out.language_features));
  EXPECT_TRUE(torch::equal(taps.at("text.mask"), out.language_mask));
}

TEST_F(TinyText, TowerIsCausal) {
  torch::NoGradGuard no_grad;
  const auto a = enc_->forward(tokens({{49406, 320, 2368, 49407}})).language_features;
  const auto b = enc_->forward(tokens({{49406, 320, 999, 49407}})).language_features;
  EXPECT_TRUE(torch::equal(a.index({Slice(0, 2)}), b.index({Slice(0, 2)})));
  EXPECT_FALSE(torch::allclose(a.index({Slice(2, 3)}), b.index({Slice(2, 3)})));
}

TEST_F(TinyText, AttentionEqualsExplicitSoftmax) {
  torch::NoGradGuard no_grad;
  auto block = enc_->encoder->resblocks->ptr<ResidualAttentionBlockImpl>(0);
  auto& attn = *block->attn;
  const auto x = torch::randn({2, 5, 16});
  const auto mask = torch::full({5, 5}, -INFINITY).triu(1);
  const auto qkv = torch::nn::functional::linear(x, attn.in_proj_weight, attn.in_proj_bias);
  auto split = [&](int i) {
    return qkv.slice(-1, 16 * i, 16 * (i + 1)).view({2, 5, 2, 8}).transpose(1, 2);
  };
  const auto scores = torch::matmul(split(0), split(1).transpose(-1, -2)) / std::sqrt(8.0) + mask;
  const auto expected = attn.out_proj->forward(
      torch::matmul(scores.softmax(-1), split(2)).transpose(1, 2).reshape({2, 5, 16}));
  EXPECT_TRUE(torch::allclose(attn.forward(x, mask), expected, 1e-5, 1e-6));
}

TEST_F(TinyText, RejectsBadTokens) {
  torch::NoGradGuard no_grad;
  EXPECT_THROW(enc_->forward(torch::zeros({1, 32}, torch::kInt32)), c10::Error);
  EXPECT_THROW(enc_->forward(torch::zeros({1, 33}, torch::kInt64)), c10::Error);
  EXPECT_THROW(enc_->forward(torch::zeros({32}, torch::kInt64)), c10::Error);
  EXPECT_THROW(enc_->forward(torch::full({1, 32}, 49408, torch::kInt64)), c10::Error);
  EXPECT_THROW(enc_->forward(torch::full({1, 32}, -1, torch::kInt64)), c10::Error);
}

TEST_F(TinyText, ParameterNamesMatchTheOfficialLanguageBackbone) {
  const auto official = testing::official_parameters("backbone.language_backbone.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  testing::ShapeMap expected;
  for (const auto& [name, shape] : *official) {
    if (testing::list_index(name, "resblocks") < cfg_.text.layers) expected[name] = shape;
  }
  const auto ours = testing::parameter_shapes(enc_);
  ASSERT_EQ(ours.size(), expected.size());
  for (const auto& [name, shape] : expected) {
    ASSERT_TRUE(ours.count(name)) << name;
    EXPECT_EQ(ours.at(name).size(), shape.size()) << name;
  }
  EXPECT_EQ(ours.at("encoder.text_projection"), (std::vector<int64_t>{16, 512}));
  EXPECT_EQ(ours.at("resizer.weight"), (std::vector<int64_t>{32, 16}));
}

TEST_F(TinyText, ParameterCountFollowsTheConfig) {
  EXPECT_EQ(testing::count_parameters(enc_->encoder), text_tower_parameter_count(cfg_.text));
  const auto sam3 = model_config_by_name("sam3");
  EXPECT_EQ(text_tower_parameter_count(sam3.text), 353462272);                    // spec A.8
  EXPECT_EQ(int64_t{sam3.text.width} * sam3.d_model() + sam3.d_model(), 262400);  // resizer
  EXPECT_EQ(testing::count_parameters(enc_->resizer), 16 * 32 + 32);
}

}  // namespace
}  // namespace sam3::model
