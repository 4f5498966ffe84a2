// The tracker's SAM heads (core/model/sam_*.h, sam1_utils.h, sam1_task_predictor.h) on sam3-tiny:
// hand-computed values for the building blocks, shapes and selection rules of the whole path.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/model/attention.h"
#include "core/model/model_config.h"
#include "core/model/sam1_task_predictor.h"
#include "core/model/sam1_utils.h"
#include "tests/core/interactive/test_support.h"

namespace sam3::model {
namespace {

using sam3::testing::max_abs;

ModelConfig tiny() {
  return model_config_by_name("sam3-tiny");
}

TEST(SamCommon, LayerNorm2dNormalisesChannelsPerPixel) {
  LayerNorm2d ln(3);
  torch::NoGradGuard g;
  ln->weight.copy_(torch::tensor({1.0f, 2.0f, 0.5f}));
  ln->bias.copy_(torch::tensor({0.0f, 1.0f, -1.0f}));
  const auto x = torch::tensor({1.0f, 2.0f, 6.0f}).view({1, 3, 1, 1});
  const double mean = 3.0, var = (4.0 + 1.0 + 9.0) / 3.0, sd = std::sqrt(var + 1e-6);
  const auto y = ln->forward(x).flatten();
  EXPECT_NEAR(y[0].item<double>(), (1 - mean) / sd * 1.0 + 0.0, 1e-5);
  EXPECT_NEAR(y[1].item<double>(), (2 - mean) / sd * 2.0 + 1.0, 1e-5);
  EXPECT_NEAR(y[2].item<double>(), (6 - mean) / sd * 0.5 - 1.0, 1e-5);
  EXPECT_THROW(ln->forward(torch::zeros({1, 4, 2, 2})), c10::Error);
}

TEST(SamTransformer, AttentionEqualsNaiveMultiHeadAttention) {
  torch::manual_seed(3);
  SamAttention attn(8, 2, /*downsample_rate=*/2);  // internal 4, 2 heads of 2
  const auto q = torch::randn({2, 3, 8}), k = torch::randn({2, 5, 8}), v = torch::randn({2, 5, 8});
  auto split = [](const torch::Tensor& x) {
    return x.view({x.size(0), x.size(1), 2, 2}).transpose(1, 2);
  };
  const auto ref = naive_attention(split(attn->q_proj->forward(q)), split(attn->k_proj->forward(k)),
                                   split(attn->v_proj->forward(v)));
  const auto expected = attn->out_proj->forward(ref.transpose(1, 2).reshape({2, 3, 4}));
  EXPECT_LT(max_abs(attn->forward(q, k, v), expected), 1e-5);
  EXPECT_EQ(attn->q_proj->weight.sizes(), (std::vector<int64_t>{4, 8}));
}

TEST(SamPromptEncoder, RandomPositionEncodingFollowsTheFormula) {
  PositionEmbeddingRandom pe(2);
  torch::NoGradGuard g;
  pe->positional_encoding_gaussian_matrix.copy_(torch::tensor({{1.0f, 0.0f}, {0.5f, 2.0f}}));
  // Point (x, y) = (3, 1) in a 4 x 8 (h x w) image -> normalised (0.375, 0.25) -> 2c - 1.
  const double cx = 2 * 0.375 - 1, cy = 2 * 0.25 - 1;
  const double a = 2 * M_PI * (cx * 1.0 + cy * 0.5), b = 2 * M_PI * (cx * 0.0 + cy * 2.0);
  const auto out =
      pe->forward_with_coords(torch::tensor({3.0f, 1.0f}).view({1, 1, 2}), 4, 8).flatten();
  EXPECT_NEAR(out[0].item<double>(), std::sin(a), 1e-5);
  EXPECT_NEAR(out[1].item<double>(), std::sin(b), 1e-5);
  EXPECT_NEAR(out[2].item<double>(), std::cos(a), 1e-5);
  EXPECT_NEAR(out[3].item<double>(), std::cos(b), 1e-5);
  // The dense grid samples cell centres: cell (row 0, col 1) of a 2 x 2 grid is (0.75, 0.25).
  const auto grid = pe->forward(2, 2);
  const auto at = pe->pe_encoding(torch::tensor({0.75f, 0.25f})).flatten();
  EXPECT_LT(max_abs(grid.select(1, 0).select(1, 1), at), 1e-6);
}

TEST(SamPromptEncoder, PointLabelsPickTheirEmbeddingsAndPadding) {
  const auto c = tiny();
  Sam3TrackerBase tracker(c);
  auto& pe = *tracker->sam_prompt_encoder;
  const auto coords = torch::tensor({10.0f, 20.0f, 30.0f, 40.0f}).view({1, 2, 2});
  const auto labels = torch::tensor({1, 0}, torch::kInt).view({1, 2});
  auto [sparse, dense] = pe.forward(coords, labels, {});
  ASSERT_EQ(sparse.sizes(), (std::vector<int64_t>{1, 3, c.d_model()}));  // + 1 padding point
  const auto pos = pe.pe_layer->forward_with_coords(coords + 0.5, c.image_size, c.image_size);
  auto emb = [&](int i) {
    return pe.point_embeddings->at<torch::nn::EmbeddingImpl>(i).weight.flatten();
  };
  EXPECT_LT(max_abs(sparse[0][0], pos[0][0] + emb(1)), 1e-5);
  EXPECT_LT(max_abs(sparse[0][1], pos[0][1] + emb(0)), 1e-5);
  EXPECT_LT(max_abs(sparse[0][2], pe.not_a_point_embed->weight.flatten()), 1e-6);
  const int64_t g = c.feature_size();
  ASSERT_EQ(dense.sizes(), (std::vector<int64_t>{1, c.d_model(), g, g}));
  EXPECT_LT(max_abs(dense[0].select(1, 0).select(1, 0), pe.no_mask_embed->weight.flatten()), 1e-6);
  // A mask input replaces no_mask_embed; a wrong size is refused.
  auto [s2, d2] = pe.forward(coords, labels, torch::zeros({1, 1, 4 * g, 4 * g}));
  EXPECT_EQ(d2.sizes(), dense.sizes());
  EXPECT_THROW(pe.forward(coords, labels, torch::zeros({1, 1, 4 * g + 1, 4 * g})), c10::Error);
  EXPECT_THROW(pe.forward(coords, torch::tensor({1}, torch::kInt).view({1, 1}), {}), c10::Error);
}

TEST(SamMaskDecoder, StabilityScoreIsTheAreaRatioAtPlusMinusDelta) {
  Sam3TrackerBase tracker(tiny());
  const auto logits = torch::tensor({1.0f, 0.01f, -0.01f, -1.0f}).view({1, 1, 2, 2});
  // > 0.05: 1 pixel; > -0.05: 3 pixels.
  EXPECT_NEAR(tracker->sam_mask_decoder->stability_scores(logits).item<double>(), 1.0 / 3, 1e-6);
  EXPECT_NEAR(
      tracker->sam_mask_decoder->stability_scores(torch::full({1, 1, 2, 2}, -1.0f)).item<double>(),
      1.0, 1e-6);
}

TEST(Sam1Utils, ConnectedComponentsAre8Connected) {
  const auto fg = torch::tensor({1, 0, 0, 0,  //
                                 0, 1, 0, 1,  //
                                 0, 0, 0, 1,  //
                                 1, 0, 0, 0},
                                torch::kUInt8)
                      .view({4, 4});
  const auto areas = connected_component_areas(fg);
  EXPECT_EQ(areas[0][0].item<int64_t>(), 2);  // diagonal pair
  EXPECT_EQ(areas[1][1].item<int64_t>(), 2);
  EXPECT_EQ(areas[1][3].item<int64_t>(), 2);
  EXPECT_EQ(areas[3][0].item<int64_t>(), 1);
  EXPECT_EQ(areas[0][1].item<int64_t>(), 0);
  EXPECT_THROW(connected_component_areas(torch::zeros({2, 2, 2})), c10::Error);
}

TEST(Sam1Utils, PostprocessFillsSmallHolesOnlyThenResizes) {
  // 6 x 6 foreground with a 1-pixel hole and a 4-pixel hole; max_hole_area 2 fills the first.
  auto m = torch::full({1, 1, 6, 6}, 5.0f);
  m[0][0][1][1] = -3.0f;
  m.index_put_({0, 0, torch::indexing::Slice(3, 5), torch::indexing::Slice(3, 5)}, -4.0f);
  MaskPostprocess post;
  post.max_hole_area = 2;
  const auto same = postprocess_masks(m, 6, 6, post);
  EXPECT_FLOAT_EQ(same[0][0][1][1].item<float>(), 10.0f);  // threshold 0 + 10
  EXPECT_FLOAT_EQ(same[0][0][3][3].item<float>(), -4.0f);
  post.max_hole_area = 0;
  post.max_sprinkle_area = 40;  // the whole foreground (32 pixels) is a "sprinkle"
  EXPECT_FLOAT_EQ(postprocess_masks(m, 6, 6, post)[0][0][0][0].item<float>(), -10.0f);
  EXPECT_EQ(postprocess_masks(m, 9, 12, {}).sizes(), (std::vector<int64_t>{1, 1, 9, 12}));
}

TEST(Sam1Utils, CoordinatesScaleToTheSquareInput) {
  const auto c = transform_coords(torch::tensor({50.0f, 30.0f}).view({1, 2}), 60, 200, 112);
  EXPECT_NEAR(c[0][0].item<double>(), 50.0 / 200 * 112, 1e-5);
  EXPECT_NEAR(c[0][1].item<double>(), 30.0 / 60 * 112, 1e-5);
}

class InteractiveTiny : public ::testing::Test {
 protected:
  void SetUp() override {
    config = tiny();
    model = Sam3InteractiveImagePredictor(config);
    init_interactive_random_weights(*model, 7);
    model->eval();
    torch::manual_seed(1);
    features = model->set_image(torch::randn({1, 3, config.image_size, config.image_size}));
  }
  ModelConfig config;
  Sam3InteractiveImagePredictor model{nullptr};
  InstFeatures features;
};

TEST_F(InteractiveTiny, SetImageGivesTheThreeFeatureMaps) {
  const int64_t d = config.d_model(), g = config.feature_size();
  EXPECT_EQ(features.image_embed.sizes(), (std::vector<int64_t>{1, d, g, g}));
  EXPECT_EQ(features.high_res_s0.sizes(), (std::vector<int64_t>{1, d / 8, 4 * g, 4 * g}));
  EXPECT_EQ(features.high_res_s1.sizes(), (std::vector<int64_t>{1, d / 4, 2 * g, 2 * g}));
  EXPECT_THROW(model->set_image(torch::zeros({1, 3, 28, 28})), c10::Error);
}

TEST_F(InteractiveTiny, MultimaskGivesThreeCandidatesAtPhotoSize) {
  InstPrompt p;
  p.point_coords = torch::tensor({40.0f, 30.0f}).view({1, 2});
  p.point_labels = torch::tensor({1}, torch::kInt);
  const auto out = model->predict(features, p, true, 75, 140);
  const int64_t low = 4 * config.feature_size();
  EXPECT_EQ(out.masks.sizes(), (std::vector<int64_t>{3, 75, 140}));
  EXPECT_EQ(out.iou_predictions.sizes(), (std::vector<int64_t>{3}));
  EXPECT_EQ(out.low_res_masks.sizes(), (std::vector<int64_t>{3, low, low}));
  EXPECT_TRUE(((out.iou_predictions >= 0) & (out.iou_predictions <= 1)).all().item<bool>());
  EXPECT_LE(out.low_res_masks.abs().max().item<float>(), 32.0f);
  // Refining with the previous low-res mask and a box: one mask.
  InstPrompt r = p;
  r.box = torch::tensor({10.0f, 10.0f, 90.0f, 60.0f});
  r.mask_input = out.low_res_masks.narrow(0, 0, 1);
  const auto refined = model->predict(features, r, false, 75, 140);
  EXPECT_EQ(refined.masks.sizes(), (std::vector<int64_t>{1, 75, 140}));
}

TEST_F(InteractiveTiny, SingleMaskFollowsTheStabilityRule) {
  InstPrompt p;
  p.box = torch::tensor({5.0f, 5.0f, 60.0f, 50.0f});
  const auto one = model->predict(features, p, false, 112, 112);
  const auto all = model->predict(features, p, true, 112, 112);
  // The single mask is either token 0 or the best multimask candidate: when it equals none of
  // the three candidates, it must be token 0, which is then stable.
  bool is_candidate = false;
  for (int64_t i = 0; i < 3; ++i)
    is_candidate |= max_abs(one.low_res_masks[0], all.low_res_masks[i]) == 0.0;
  const auto best = all.iou_predictions.argmax().item<int64_t>();
  if (is_candidate) {
    EXPECT_EQ(max_abs(one.low_res_masks[0], all.low_res_masks[best]), 0.0);
    EXPECT_FLOAT_EQ(one.iou_predictions[0].item<float>(), all.iou_predictions[best].item<float>());
  }
  InstPrompt bad;
  bad.point_coords = torch::zeros({2, 3});
  bad.point_labels = torch::zeros({2}, torch::kInt);
  EXPECT_THROW(model->predict(features, bad, true, 10, 10), c10::Error);
}

TEST(SamTransformer, FoldedAttentionEqualsProjectedAttention) {
  // The folded forms regroup the same products (ImageSideFolding): equal up to rounding, with
  // every bias non-zero so a dropped bias term would show.
  torch::manual_seed(5);
  SamAttention attn(16, 4, /*downsample_rate=*/2);  // internal 8, 4 heads of 2
  torch::NoGradGuard no_grad;
  for (auto& p : attn->parameters()) p.normal_(0.0, 0.5);
  const auto tokens = torch::randn({2, 3, 16}), image = torch::randn({2, 40, 16});
  const auto image_pe = torch::randn({2, 40, 16});
  // Token -> image.
  EXPECT_LT(max_abs(attn->forward_folded_keys(tokens, image + image_pe, image),
                    attn->forward(tokens, image + image_pe, image)),
            1e-5);
  // Image -> token, from the image and from its precomputed query projection.
  const auto reference = attn->forward(image + image_pe, tokens, tokens);
  EXPECT_LT(max_abs(attn->forward_folded_queries(image + image_pe, {}, tokens, tokens), reference),
            1e-5);
  const auto pq = attn->q_proj->forward(image + image_pe);
  EXPECT_LT(max_abs(attn->forward_folded_queries({}, pq, tokens, tokens), reference), 1e-5);
  EXPECT_TRUE(attn->folding_pays(1));   // 4 heads x 1 token < 8
  EXPECT_FALSE(attn->folding_pays(2));  // 4 x 2 = 8: no gain
}

TEST_F(InteractiveTiny, FoldedPixelMajorDecoderEqualsUpstreamOrder) {
  // The app's decoder (image side folded, pixel-major upscaling, prepared features) against
  // upstream's order of operations, for every prompt kind and both multimask settings.
  InstFeatures prepared = features;
  model->prepare_decoder(prepared);
  EXPECT_TRUE(prepared.high_res_s0.is_contiguous(at::MemoryFormat::ChannelsLast));
  auto& decoder = *model->tracker->sam_mask_decoder;
  const int64_t low = 4 * config.feature_size();
  InstPrompt click, box, both, refine;
  click.point_coords = torch::tensor({40.0f, 30.0f}).view({1, 2});
  click.point_labels = torch::tensor({1}, torch::kInt);
  box.box = torch::tensor({10.0f, 12.0f, 90.0f, 60.0f});
  both = box;
  both.point_coords = torch::tensor({40.0f, 30.0f, 70.0f, 50.0f}).view({2, 2});
  both.point_labels = torch::tensor({1, 0}, torch::kInt);
  refine = click;
  refine.mask_input = torch::randn({1, low, low});
  for (const auto* p : {&click, &box, &both, &refine})
    for (bool multimask : {true, false}) {
      decoder.transformer->folding = ImageSideFolding::Never;
      decoder.pixel_major_upscaling = false;
      const auto upstream = model->predict(features, *p, multimask, 75, 140);
      decoder.transformer->folding = ImageSideFolding::Always;
      decoder.pixel_major_upscaling = true;
      const auto app = model->predict(prepared, *p, multimask, 75, 140);
      EXPECT_LT(max_abs(app.low_res_masks, upstream.low_res_masks), 1e-4);
      EXPECT_LT(max_abs(app.iou_predictions, upstream.iou_predictions), 1e-5);
      EXPECT_LT(max_abs(app.masks, upstream.masks), 1e-4);
    }
  decoder.transformer->folding = ImageSideFolding::Auto;
}

TEST_F(InteractiveTiny, PreparedDecoderGivesIdenticalMasks) {
  // prepare_decoder() moves prompt-independent work to once per photo; every prompt kind must
  // give bit-identical outputs with and without it (a mask input bypasses it).
  InstFeatures prepared = features;
  model->prepare_decoder(prepared);
  ASSERT_TRUE(prepared.decoder_layer0.defined());
  const int64_t low = 4 * config.feature_size();
  InstPrompt click, box, both, refine;
  click.point_coords = torch::tensor({40.0f, 30.0f}).view({1, 2});
  click.point_labels = torch::tensor({1}, torch::kInt);
  box.box = torch::tensor({10.0f, 12.0f, 90.0f, 60.0f});
  both = box;
  both.point_coords = torch::tensor({40.0f, 30.0f, 70.0f, 50.0f}).view({2, 2});
  both.point_labels = torch::tensor({1, 0}, torch::kInt);
  refine = click;
  refine.mask_input = torch::randn({1, low, low});
  for (const auto* p : {&click, &box, &both, &refine})
    for (bool multimask : {true, false}) {
      const auto a = model->predict(features, *p, multimask, 75, 140);
      const auto b = model->predict(prepared, *p, multimask, 75, 140);
      EXPECT_TRUE(torch::equal(a.low_res_masks, b.low_res_masks))
          << max_abs(a.low_res_masks, b.low_res_masks);
      EXPECT_TRUE(torch::equal(a.iou_predictions, b.iou_predictions));
      EXPECT_TRUE(torch::equal(a.masks, b.masks));
    }
}

TEST(InteractiveConfig, TrackerSectionIsStrict) {
  const auto c = model_config_by_name("sam3");
  EXPECT_EQ(c.tracker.mask_in_chans, 16);
  EXPECT_EQ(c.tracker.mlp_dim, 2048);
  EXPECT_EQ(c.tracker.num_heads, 8);
  EXPECT_DOUBLE_EQ(c.tracker.max_hole_area, 256.0);
  EXPECT_DOUBLE_EQ(c.tracker.dynamic_multimask_stability_thresh, 0.98);
  sam3::testing::TempDir dir("config");
  std::ifstream in(model_config_dir() / "sam3-tiny.yaml");
  std::stringstream text;
  text << in.rdbuf();
  auto write = [&](const std::string& from, const std::string& to) {
    std::string s = text.str();
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    std::ofstream(dir.path() / "m.yaml") << s;
    try {
      load_model_config(dir.path() / "m.yaml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(write("  mlp_dim: 64\n", "  mlp_dim: 64\n  mlp_dims: 3\n").find("tracker.mlp_dims"),
            std::string::npos);
  EXPECT_NE(write("  iou_head_depth: 3\n", "").find("tracker.iou_head_depth"), std::string::npos);
  EXPECT_NE(write("  num_heads: 2\n  mlp_dim: 64", "  num_heads: 3\n  mlp_dim: 64")
                .find("tracker.num_heads"),
            std::string::npos);
  EXPECT_NE(write("  max_hole_area: 8.0", "  max_hole_area: -1").find("tracker.max_hole_area"),
            std::string::npos);
}

}  // namespace
}  // namespace sam3::model
