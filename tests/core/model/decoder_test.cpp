// TransformerDecoder, TransformerEncoderFusion, DotProductScoring and the model_misc helpers
// (core/model/decoder.h, encoder.h, model_misc.h).
#include <gtest/gtest.h>

#include <cmath>

#include "core/model/decoder.h"
#include "core/model/encoder.h"
#include "core/model/model_config.h"
#include "core/model/model_misc.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

using torch::indexing::None;
using torch::indexing::Slice;

TEST(ModelMisc, InverseSigmoidClampsLikeUpstream) {
  const torch::Tensor x = torch::tensor({0.5f, 0.0f, 1.0f, -3.0f, 0.25f});
  const torch::Tensor y = inverse_sigmoid(x);
  EXPECT_NEAR(y[0].item<float>(), 0.0f, 1e-6);
  EXPECT_NEAR(y[1].item<float>(), std::log(1e-3f), 1e-5);
  EXPECT_NEAR(y[2].item<float>(), -std::log(1e-3f), 1e-5);
  EXPECT_NEAR(y[3].item<float>(), std::log(1e-3f), 1e-5);
  EXPECT_NEAR(y[4].item<float>(), std::log(0.25f / 0.75f), 1e-6);
}

TEST(ModelMisc, BoxConversionsRoundTrip) {
  const torch::Tensor cxcywh = torch::tensor({0.5f, 0.4f, 0.2f, 0.6f}).view({1, 4});
  const torch::Tensor xyxy = box_cxcywh_to_xyxy(cxcywh);
  EXPECT_TRUE(torch::allclose(xyxy, torch::tensor({0.4f, 0.1f, 0.6f, 0.7f}).view({1, 4})));
  EXPECT_TRUE(torch::allclose(box_xyxy_to_cxcywh(xyxy), cxcywh));
  EXPECT_THROW(box_cxcywh_to_xyxy(torch::zeros({2, 3})), c10::Error);
}

TEST(ModelMisc, SineEmbeddingOrderAndValues) {
  // 8 features -> 4 per coordinate: dim_t = [1, 1, 100, 100]; 0.25 * 2π = π/2.
  const torch::Tensor pos = torch::tensor({0.25f, 0.0f, 0.5f, 0.125f}).view({1, 1, 4});
  const torch::Tensor e = gen_sineembed_for_position(pos, 8).flatten();  // [y, x, w, h]
  ASSERT_EQ(e.size(0), 16);
  const float pi = static_cast<float>(M_PI);
  const std::vector<float> y{0.f, 1.f, 0.f, 1.f};                                 // coordinate 0
  const std::vector<float> x{1.f, 0.f, std::sin(pi / 200), std::cos(pi / 200)};   // 0.25
  const std::vector<float> w{0.f, -1.f, std::sin(pi / 100), std::cos(pi / 100)};  // 0.5
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(e[k].item<float>(), y[k], 1e-6) << k;
    EXPECT_NEAR(e[4 + k].item<float>(), x[k], 1e-6) << k;
    EXPECT_NEAR(e[8 + k].item<float>(), w[k], 1e-6) << k;
  }
  EXPECT_EQ(gen_sineembed_for_position(pos.index({Slice(), Slice(), Slice(0, 2)}), 8).size(-1), 8);
}

TEST(DotProductScoring, IgnoresPaddedPromptTokensAndClamps) {
  torch::manual_seed(0);
  DotProductScoring s(16, 32, 0.1, 12.0);
  s->eval();
  const torch::Tensor hs = torch::randn({2, 3, 5, 16});
  torch::Tensor prompt = torch::randn({6, 3, 16});
  const torch::Tensor mask =
      torch::tensor({false, false, false, false, true, true, false, false, false, false, false,
                     false, false, true, true, true, true, true})
          .view({3, 6});
  const torch::Tensor a = s->forward(hs, prompt, mask);
  EXPECT_EQ(a.sizes(), torch::IntArrayRef({2, 3, 5, 1}));
  prompt.index_put_({Slice(4, 6), 0}, 1000.0);
  prompt.index_put_({Slice(1, 6), 2}, -1000.0);
  EXPECT_TRUE(torch::allclose(a, s->forward(hs, prompt, mask)));
  EXPECT_LE(s->forward(hs * 1e4, prompt, mask).abs().max().item<float>(), 12.0f);
}

class DecoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(1);
    cfg = model_config_by_name("sam3-tiny");
    d = cfg.d_model();
    dec = TransformerDecoder(cfg.decoder, d);
    dec->eval();
    {  // non-zero refinement so that boxes move
      torch::NoGradGuard g;
      dec->bbox_embed->layer(2)->weight.normal_(0, 0.1);
    }
    memory = torch::randn({kH * kW, kB, d});
    pos = torch::randn({kH * kW, kB, d});
    prompt = torch::randn({33, kB, d});
    mask = torch::zeros({kB, 33}, torch::kBool);
    mask.index_put_({1, Slice(5, 32)}, true);
  }
  static constexpr int64_t kH = 8, kW = 8, kB = 2;
  ModelConfig cfg;
  int64_t d = 0;
  TransformerDecoder dec{nullptr};
  torch::Tensor memory, pos, prompt, mask;
};

TEST_F(DecoderTest, ShapesOfEveryLayer) {
  const DecoderOutput o = dec->forward(memory, pos, kH, kW, prompt, mask, false);
  const int64_t L = cfg.decoder.layers, Q = cfg.decoder.num_queries;
  EXPECT_EQ(o.hs.sizes(), torch::IntArrayRef({L, Q, kB, d}));
  EXPECT_EQ(o.reference_boxes.sizes(), torch::IntArrayRef({L, Q, kB, 4}));
  EXPECT_EQ(o.presence_logits.sizes(), torch::IntArrayRef({L, 1, kB}));
  // layer 0 starts from the learned anchors
  const torch::Tensor anchors = dec->reference_points->weight.sigmoid();
  EXPECT_TRUE(torch::allclose(o.reference_boxes[0].select(1, 1), anchors));
  // refinement moved the boxes of layer 1
  EXPECT_FALSE(torch::allclose(o.reference_boxes[1], o.reference_boxes[0]));
}

TEST_F(DecoderTest, DacDoublesQueriesAndKeepsOneToOneSelfAttention) {
  dec->train();
  const DecoderOutput o = dec->forward(memory, pos, kH, kW, prompt, mask, true);
  EXPECT_EQ(o.hs.size(1), 2 * cfg.decoder.num_queries);
  EXPECT_TRUE(torch::allclose(o.reference_boxes[0].index({Slice(0, cfg.decoder.num_queries)}),
                              o.reference_boxes[0].index({Slice(cfg.decoder.num_queries, None)})));
}

TEST_F(DecoderTest, PaddedPromptTokensHaveNoEffect) {
  const DecoderOutput a = dec->forward(memory, pos, kH, kW, prompt, mask, false);
  torch::Tensor p2 = prompt.clone();
  p2.index_put_({Slice(5, 32), 1}, 50.0);
  const DecoderOutput b = dec->forward(memory, pos, kH, kW, p2, mask, false);
  EXPECT_TRUE(torch::allclose(a.hs, b.hs, 1e-5, 1e-5));
}

TEST_F(DecoderTest, BoxRelativePositionBiasFollowsTheLogFormula) {
  const torch::Tensor ref = torch::rand({cfg.decoder.num_queries, kB, 4}) * 0.5 + 0.25;
  const torch::Tensor bias = dec->rpb_matrix(ref, kH, kW);
  ASSERT_EQ(bias.sizes(),
            torch::IntArrayRef({kB, cfg.decoder.num_heads, cfg.decoder.num_queries, kH * kW}));
  auto log_scale = [](double v) {  // sign(8v) * log2(|8v| + 1) / log2(8)
    const double d8 = v * 8;
    const double sign = d8 > 0 ? 1.0 : (d8 < 0 ? -1.0 : 0.0);
    return sign * std::log2(std::abs(d8) + 1.0) / 3.0;
  };
  const int64_t b = 1, q = 3, i = 5, j = 2;
  const auto box = ref[q][b];
  const double cx = box[0].item<double>(), cy = box[1].item<double>();
  const double w = box[2].item<double>(), h = box[3].item<double>();
  const double y_c = double(i) / kH, x_c = double(j) / kW;
  const torch::Tensor dy =
      torch::tensor({float(log_scale(y_c - (cy - h / 2))), float(log_scale(y_c - (cy + h / 2)))});
  const torch::Tensor dx =
      torch::tensor({float(log_scale(x_c - (cx - w / 2))), float(log_scale(x_c - (cx + w / 2)))});
  const torch::Tensor expected =
      dec->boxRPB_embed_y->forward(dy) + dec->boxRPB_embed_x->forward(dx);
  EXPECT_TRUE(torch::allclose(bias.index({b, Slice(), q, i * kW + j}), expected, 1e-4, 1e-5));
}

TEST_F(DecoderTest, RejectsMismatchedInputs) {
  EXPECT_THROW(dec->forward(memory, pos, kH, kW + 1, prompt, mask, false), c10::Error);
  EXPECT_THROW(
      dec->forward(memory, pos, kH, kW, prompt, mask.index({Slice(), Slice(0, 30)}), false),
      c10::Error);
  DecoderConfig bad = cfg.decoder;
  bad.box_rpb = "cubic";
  EXPECT_THROW(TransformerDecoder(bad, d), c10::Error);
}

TEST(FusionEncoder, ShapesAndPromptPaddingIgnored) {
  torch::manual_seed(2);
  const ModelConfig cfg = model_config_by_name("sam3-tiny");
  TransformerEncoderFusion enc(cfg.encoder, cfg.d_model());
  enc->eval();
  const torch::Tensor src = torch::randn({64, 2, cfg.d_model()});
  const torch::Tensor pos = torch::randn({64, 2, cfg.d_model()});
  torch::Tensor prompt = torch::randn({33, 2, cfg.d_model()});
  torch::Tensor mask = torch::zeros({2, 33}, torch::kBool);
  mask.index_put_({0, Slice(3, 32)}, true);
  const torch::Tensor a = enc->forward(src, pos, prompt, mask);
  EXPECT_EQ(a.sizes(), src.sizes());
  prompt.index_put_({Slice(3, 32), 0}, -40.0);
  EXPECT_TRUE(torch::allclose(a, enc->forward(src, pos, prompt, mask), 1e-5, 1e-5));
  EXPECT_THROW(enc->forward(src, pos.index({Slice(0, 10)}), prompt, mask), c10::Error);
}

TEST(HeadKeys, FullSizeMatchesOfficialNamesShapesAndCounts) {
  const auto dec_keys = testing::official_parameters("transformer.decoder.");
  const auto enc_keys = testing::official_parameters("transformer.encoder.");
  const auto score_keys = testing::official_parameters("dot_prod_scoring.");
  if (!dec_keys || !enc_keys || !score_keys) GTEST_SKIP() << "../shared/reference/sam3-keys absent";
  const ModelConfig cfg = model_config_by_name("sam3");
  TransformerDecoder dec(cfg.decoder, cfg.d_model());
  TransformerEncoderFusion enc(cfg.encoder, cfg.d_model());
  DotProductScoring scoring(cfg.d_model(), cfg.scoring.hidden_dim, 0.1, cfg.scoring.clamp_logits);
  EXPECT_EQ(testing::parameter_shapes(dec), *dec_keys);
  EXPECT_EQ(testing::parameter_shapes(enc), *enc_keys);
  EXPECT_EQ(testing::parameter_shapes(scoring), *score_keys);
  EXPECT_EQ(testing::count_parameters(dec), 11575093);
  EXPECT_EQ(testing::count_parameters(enc), 9472512);
  EXPECT_EQ(testing::count_parameters(scoring), 1182976);
}

}  // namespace
}  // namespace sam3::model
