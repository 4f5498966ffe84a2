// Pre-processing (core/model/preprocess.h) and post-processing (core/model/postprocess.h) on
// hand-made images and model outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/model/postprocess.h"
#include "core/model/preprocess.h"
#include "core/util/errors.h"

namespace sam3::model {
namespace {

float sig(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

struct Fixture {
  torch::Tensor logits = torch::tensor({2.0f, 0.0f, -3.0f}).view({1, 3, 1});
  torch::Tensor presence = torch::tensor({1.0f}).view({1, 1});
  torch::Tensor boxes =
      torch::tensor({0.5f, 0.5f, 0.5f, 0.25f, 0.2f, 0.2f, 0.1f, 0.1f, 0.9f, 0.9f, 0.1f, 0.1f})
          .view({1, 3, 4});
  torch::Tensor masks =
      torch::tensor({10.f, -10.f, -10.f, 10.f}).view({1, 1, 2, 2}).repeat({1, 3, 1, 1});
};

TEST(Postprocess, ScoresThresholdAndBoxesInOriginalPixels) {
  Fixture f;
  const auto d = postprocess(f.logits, f.presence, f.boxes, f.masks, {{100, 200}});
  ASSERT_EQ(d.size(), 1u);
  ASSERT_EQ(d[0].scores.size(0), 1);  // 0.88*0.73 = 0.64 kept, 0.5*0.73 = 0.37 dropped
  EXPECT_NEAR(d[0].scores[0].item<float>(), sig(2.0f) * sig(1.0f), 1e-6);
  EXPECT_EQ(d[0].query_index[0].item<int64_t>(), 0);
  // cx .5 cy .5 w .5 h .25 on a 200 x 100 image
  EXPECT_TRUE(
      torch::allclose(d[0].boxes_xyxy, torch::tensor({50.f, 37.5f, 150.f, 62.5f}).view({1, 4})));
  // a lower threshold keeps the second query too, in query order
  PostprocessOptions o;
  o.score_threshold = 0.3;
  const auto d2 = postprocess(f.logits, f.presence, f.boxes, f.masks, {{100, 200}}, o);
  EXPECT_TRUE(torch::equal(d2[0].query_index, torch::tensor({0, 1}, torch::kLong)));
}

TEST(Postprocess, MasksUpsampleLogitsBilinearThenThreshold) {
  Fixture f;
  const auto d = postprocess(f.logits, f.presence, f.boxes, f.masks, {{4, 4}});
  ASSERT_EQ(d[0].masks.sizes(), torch::IntArrayRef({1, 4, 4}));
  // align_corners=False: rows/cols sample at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped):
  // logits [[10, 5, -5, -10], [5, 2.5, -2.5, -5], ...] -> a 2x2 block pattern.
  const torch::Tensor expected = torch::tensor({1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1})
                                     .to(torch::kBool)
                                     .view({1, 4, 4});
  EXPECT_TRUE(torch::equal(d[0].masks, expected)) << d[0].masks;
}

TEST(Postprocess, ThresholdsUpsampledLogitsNotUpsampledProbabilities) {
  // Column 1 of 4 interpolates 0.75 * 4 + 0.25 * -12.5 = -0.125 (logit < 0: off), while
  // 0.75 * sigmoid(4) + 0.25 * sigmoid(-12.5) = 0.74 would be on.
  const torch::Tensor masks = torch::tensor({4.f, -12.5f}).view({1, 1, 1, 2});
  const auto d = postprocess(torch::full({1, 1, 1}, 5.f), torch::full({1, 1}, 5.f),
                             torch::full({1, 1, 4}, 0.5f), masks, {{1, 4}});
  EXPECT_TRUE(torch::equal(d[0].masks, torch::tensor({true, false, false, false}).view({1, 1, 4})));
}

TEST(Postprocess, NothingKeptAndMasksOff) {
  Fixture f;
  PostprocessOptions o;
  o.score_threshold = 0.99;
  auto d = postprocess(f.logits, f.presence, f.boxes, f.masks, {{10, 20}}, o);
  EXPECT_EQ(d[0].scores.size(0), 0);
  EXPECT_EQ(d[0].masks.sizes(), torch::IntArrayRef({0, 10, 20}));
  o.masks = false;
  o.score_threshold = 0.5;
  d = postprocess(f.logits, f.presence, f.boxes, torch::Tensor(), {{10, 20}}, o);
  EXPECT_EQ(d[0].scores.size(0), 1);
  EXPECT_FALSE(d[0].masks.defined());
}

TEST(Postprocess, RejectsInconsistentInput) {
  Fixture f;
  EXPECT_THROW(postprocess(f.logits, f.presence, f.boxes, f.masks, {}), c10::Error);
  EXPECT_THROW(postprocess(f.logits, f.presence, f.boxes, f.masks, {{0, 5}}), c10::Error);
  EXPECT_THROW(postprocess(f.logits.squeeze(-1), f.presence, f.boxes, f.masks, {{4, 4}}),
               c10::Error);
  EXPECT_THROW(postprocess(f.logits, f.presence, f.boxes.narrow(1, 0, 2), f.masks, {{4, 4}}),
               c10::Error);
  EXPECT_THROW(postprocess(f.logits, f.presence, f.boxes, torch::Tensor(), {{4, 4}}), c10::Error);
}

const std::vector<double> kHalf{0.5, 0.5, 0.5};

TEST(Preprocess, SameSizeOnlyNormalisesToChannelsFirst) {
  const std::vector<std::uint8_t> rgb{0, 255, 51, 102, 0, 0, 255, 255, 255, 1, 2, 3};  // 2x2
  const torch::Tensor x = preprocess_image(RgbView{rgb.data(), 2, 2, 0}, 2, kHalf, kHalf);
  ASSERT_EQ(x.sizes(), torch::IntArrayRef({1, 3, 2, 2}));
  auto norm = [](double v) { return static_cast<float>((v / 255.0 - 0.5) / 0.5); };
  EXPECT_FLOAT_EQ(x[0][0][0][0].item<float>(), norm(0));    // R of pixel (0, 0)
  EXPECT_FLOAT_EQ(x[0][1][0][0].item<float>(), norm(255));  // G of pixel (0, 0)
  EXPECT_FLOAT_EQ(x[0][2][0][1].item<float>(), norm(0));    // B of pixel (0, 1)
  EXPECT_FLOAT_EQ(x[0][0][1][1].item<float>(), norm(1));    // R of pixel (1, 1)
}

TEST(Preprocess, AntialiasedBilinearResizeRoundedToGreyLevels) {
  // Columns 0, 255, 0, 255 shrunk 4 -> 2 with torchvision's antialiased bilinear (triangle of
  // support 2): (0.75*0 + 0.75*255 + 0.25*0) / 1.75 = 109.29 -> 109 and
  // (0.25*255 + 0.75*0 + 0.75*255) / 1.75 = 145.71 -> 146. Plain bilinear would give 127.5 twice.
  std::vector<std::uint8_t> rgb;
  for (int y = 0; y < 4; ++y) {
    for (int xx = 0; xx < 4; ++xx) {
      const std::uint8_t v = xx % 2 == 0 ? 0 : 255;
      rgb.insert(rgb.end(), {v, v, v});
    }
  }
  const torch::Tensor x = preprocess_image(RgbView{rgb.data(), 4, 4, 0}, 2, kHalf, kHalf);
  const torch::Tensor grey = ((x[0][0] * 0.5 + 0.5) * 255).round();
  EXPECT_TRUE(torch::equal(grey, torch::tensor({109.f, 146.f, 109.f, 146.f}).view({2, 2}))) << grey;
}

TEST(Preprocess, RowStrideAndImageStruct) {
  sam3::Image img;
  img.width = 3;
  img.height = 2;
  for (int i = 0; i < 18; ++i) img.rgb.push_back(static_cast<std::uint8_t>(i * 13));
  std::vector<std::uint8_t> padded;
  for (int y = 0; y < 2; ++y) {
    padded.insert(padded.end(), img.rgb.begin() + y * 9, img.rgb.begin() + (y + 1) * 9);
    padded.insert(padded.end(), {7, 7, 7});  // 3 bytes of row padding
  }
  ModelConfig cfg;
  cfg.image_size = 5;
  const torch::Tensor a = preprocess_image(img, cfg);
  const torch::Tensor b = preprocess_image(RgbView{padded.data(), 3, 2, 12}, 5, kHalf, kHalf);
  EXPECT_EQ(a.sizes(), torch::IntArrayRef({1, 3, 5, 5}));
  EXPECT_TRUE(torch::equal(a, b));
}

TEST(Preprocess, RejectsBadImages) {
  const std::vector<std::uint8_t> rgb(12, 0);
  EXPECT_THROW(preprocess_image(RgbView{nullptr, 2, 2, 0}, 4, kHalf, kHalf), sam3::InvalidInput);
  EXPECT_THROW(preprocess_image(RgbView{rgb.data(), 0, 2, 0}, 4, kHalf, kHalf), sam3::InvalidInput);
  EXPECT_THROW(preprocess_image(RgbView{rgb.data(), 2, 2, 5}, 4, kHalf, kHalf), sam3::InvalidInput);
  EXPECT_THROW(preprocess_image(RgbView{rgb.data(), 2, 2, 0}, 4, {0.5}, kHalf), sam3::InvalidInput);
  EXPECT_THROW(preprocess_image(RgbView{rgb.data(), 2, 2, 0}, 4, kHalf, {0.5, 0.0, 0.5}),
               sam3::InvalidInput);
  sam3::Image short_image;
  short_image.width = 4;
  short_image.height = 4;
  short_image.rgb.resize(10);
  EXPECT_THROW(preprocess_image(short_image, ModelConfig{}), sam3::InvalidInput);
}

}  // namespace
}  // namespace sam3::model
