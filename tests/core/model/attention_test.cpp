// MultiheadAttention (core/model/attention.h) against a naive softmax implementation and against
// LibTorch's own torch::nn::MultiheadAttention with the same weights.
#include <gtest/gtest.h>

#include <limits>

#include "core/model/attention.h"

namespace sam3::model {
namespace {

constexpr int64_t kD = 16, kH = 4, kL = 5, kS = 7, kB = 2;

// Naive reference: project, split heads (head index fastest in B*H), softmax, merge, project.
torch::Tensor reference(MultiheadAttention& mha, const torch::Tensor& q, const torch::Tensor& k,
                        const torch::Tensor& v, const torch::Tensor& mask_bhls) {
  auto w = mha->in_proj_weight.chunk(3, 0);
  auto b = mha->in_proj_bias.chunk(3, 0);
  auto heads = [](const torch::Tensor& x) {  // [N, B, D] -> [B, H, N, hd]
    return x.reshape({x.size(0), kB * kH, kD / kH})
        .transpose(0, 1)
        .reshape({kB, kH, x.size(0), kD / kH});
  };
  const torch::Tensor qh = heads(torch::matmul(q, w[0].t()) + b[0]);
  const torch::Tensor kh = heads(torch::matmul(k, w[1].t()) + b[1]);
  const torch::Tensor vh = heads(torch::matmul(v, w[2].t()) + b[2]);
  const torch::Tensor o = naive_attention(qh, kh, vh, mask_bhls);  // [B, H, L, hd]
  return mha->out_proj->forward(o.permute({2, 0, 1, 3}).reshape({q.size(0), kB, kD}));
}

class AttentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(3);
    mha = MultiheadAttention(kD, kH, 0.0);
    mha->eval();
    {
      torch::NoGradGuard g;
      mha->in_proj_bias.uniform_(-0.5, 0.5);
      mha->out_proj->bias.uniform_(-0.5, 0.5);
    }
    q = torch::randn({kL, kB, kD});
    k = torch::randn({kS, kB, kD});
    v = torch::randn({kS, kB, kD});
  }
  MultiheadAttention mha{nullptr};
  torch::Tensor q, k, v;
};

TEST_F(AttentionTest, ParameterNamesMatchPyTorch) {
  std::vector<std::string> names;
  for (const auto& p : mha->named_parameters()) names.push_back(p.key());
  EXPECT_EQ(names, (std::vector<std::string>{"in_proj_weight", "in_proj_bias", "out_proj.weight",
                                             "out_proj.bias"}));
  EXPECT_EQ(mha->in_proj_weight.sizes(), torch::IntArrayRef({3 * kD, kD}));
}

TEST_F(AttentionTest, NoMaskEqualsNaive) {
  const torch::Tensor out = mha->forward(q, k, v);
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({kL, kB, kD}));
  EXPECT_TRUE(torch::allclose(out, reference(mha, q, k, v, {}), 1e-5, 1e-5));
}

TEST_F(AttentionTest, KeyPaddingAndAdditiveMaskEqualNaive) {
  torch::Tensor kpm = torch::zeros({kB, kS}, torch::kBool);
  kpm.index_put_({0, torch::indexing::Slice(4, kS)}, true);
  kpm.index_put_({1, kS - 1}, true);
  const torch::Tensor bias = torch::randn({kB * kH, kL, kS});
  const torch::Tensor out = mha->forward(q, k, v, kpm, bias);
  const float inf = std::numeric_limits<float>::infinity();
  const torch::Tensor full =
      bias.view({kB, kH, kL, kS}) +
      torch::zeros({kB, 1, 1, kS}).masked_fill(kpm.view({kB, 1, 1, kS}), -inf);
  EXPECT_TRUE(torch::allclose(out, reference(mha, q, k, v, full), 1e-5, 1e-5));
  // a padded key has no influence
  torch::Tensor v2 = v.clone();
  v2.index_put_({kS - 1}, 100.0);
  EXPECT_TRUE(torch::allclose(out, mha->forward(q, k, v2, kpm, bias), 1e-5, 1e-5));
}

TEST_F(AttentionTest, TwoDimensionalMaskBroadcasts) {
  const torch::Tensor m = torch::randn({kL, kS});
  EXPECT_TRUE(torch::allclose(mha->forward(q, k, v, {}, m),
                              reference(mha, q, k, v, m.view({1, 1, kL, kS})), 1e-5, 1e-5));
}

TEST_F(AttentionTest, EqualsLibTorchMultiheadAttention) {
  torch::nn::MultiheadAttention ref(torch::nn::MultiheadAttentionOptions(kD, kH));
  ref->eval();
  {
    torch::NoGradGuard g;
    ref->in_proj_weight.copy_(mha->in_proj_weight);
    ref->in_proj_bias.copy_(mha->in_proj_bias);
    ref->out_proj->weight.copy_(mha->out_proj->weight);
    ref->out_proj->bias.copy_(mha->out_proj->bias);
  }
  // LibTorch's own module fails on a 3-D float mask (in-place broadcast), so it is compared with
  // key padding alone and with a 2-D additive mask alone.
  torch::Tensor kpm = torch::zeros({kB, kS}, torch::kBool);
  kpm.index_put_({1, torch::indexing::Slice(3, kS)}, true);
  EXPECT_TRUE(torch::allclose(mha->forward(q, k, v, kpm),
                              std::get<0>(ref->forward(q, k, v, kpm, false)), 1e-5, 1e-5));
  const torch::Tensor bias = torch::randn({kL, kS});
  EXPECT_TRUE(torch::allclose(mha->forward(q, k, v, {}, bias),
                              std::get<0>(ref->forward(q, k, v, {}, false, bias)), 1e-5, 1e-5));
}

TEST_F(AttentionTest, DropoutOnlyInTraining) {
  MultiheadAttention drop(kD, kH, 0.5);
  drop->eval();
  const torch::Tensor a = drop->forward(q, k, v);
  EXPECT_TRUE(torch::equal(a, drop->forward(q, k, v)));
  drop->train();
  torch::manual_seed(1);
  EXPECT_FALSE(torch::allclose(a, drop->forward(q, k, v)));
}

TEST_F(AttentionTest, GradientsFlow) {
  mha->train();
  mha->forward(q, k, v).sum().backward();
  EXPECT_TRUE(mha->in_proj_weight.grad().defined());
  EXPECT_GT(mha->in_proj_weight.grad().abs().sum().item<double>(), 0.0);
}

TEST_F(AttentionTest, RejectsBadShapes) {
  EXPECT_THROW(mha->forward(q, k, v.index({torch::indexing::Slice(0, 3)})), c10::Error);
  EXPECT_THROW(mha->forward(q, k, v, torch::zeros({kB, kS + 1}, torch::kBool)), c10::Error);
  EXPECT_THROW(mha->forward(q, k, v, {}, torch::zeros({kB, kL, kS})), c10::Error);
  EXPECT_THROW(mha->forward(torch::randn({kL, kB, kD + 1}), k, v), c10::Error);
  EXPECT_THROW(MultiheadAttention(10, 3), c10::Error);
}

}  // namespace
}  // namespace sam3::model
