// roi_align against values computed by hand from torchvision's kernel rules (aligned=False,
// adaptive sampling). The map F[y][x] = 4y + x is linear, so inside the map bilinear sampling is
// exact and each expected value is an average of 4y + x over the sample points.
#include <gtest/gtest.h>

#include "core/model/roi_align.h"

using sam3::model::roi_align;
using sam3::model::RoiAlignOptions;

namespace {

torch::Tensor linear_map() {  // [1, 1, 4, 4], value 4y + x
  return torch::arange(16, torch::kFloat).view({1, 1, 4, 4});
}

RoiAlignOptions out_size(int64_t n) {
  RoiAlignOptions o;
  o.output_h = o.output_w = n;
  return o;
}

float one(const torch::Tensor& input, std::vector<float> roi, const RoiAlignOptions& o) {
  const torch::Tensor r = torch::tensor(roi).view({1, 5});
  return roi_align(input, r, o).item<float>();
}

}  // namespace

TEST(RoiAlign, InteriorBoxAveragesSamples) {
  // 2x2 samples at x, y in {0.5, 1.5}: mean of 4y + x = 4 + 1.
  EXPECT_FLOAT_EQ(one(linear_map(), {0, 0, 0, 2, 2}, out_size(1)), 5.0f);
}

TEST(RoiAlign, AdaptiveGridPerBin) {
  // box 4x4 into 2x2 bins, 2x2 samples per bin; x or y = 3.5 clamps to the last pixel (3).
  const torch::Tensor out =
      roi_align(linear_map(), torch::tensor({0.f, 0.f, 0.f, 4.f, 4.f}).view({1, 5}), out_size(2));
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({1, 1, 2, 2}));
  const torch::Tensor expected = torch::tensor({5.0f, 6.75f, 12.0f, 13.75f}).view({1, 1, 2, 2});
  EXPECT_TRUE(torch::allclose(out, expected)) << out;
}

TEST(RoiAlign, BoxPartlyLeftOfTheMap) {
  // roi_w 4 -> 4 samples x = -2.5, -1.5 (< -1: zero), -0.5 (clamped to 0), 0.5; y = 1.5.
  // (0 + 0 + 6 + 6.5) / 4
  EXPECT_FLOAT_EQ(one(linear_map(), {0, -3, 1, 1, 2}, out_size(1)), 3.125f);
}

TEST(RoiAlign, BoxPartlyRightOfTheMap) {
  // x = 2.5, 3.5 (clamped to 3), 4.5 and 5.5 (> W: zero); y = 0.5. (4.5 + 5 + 0 + 0) / 4
  EXPECT_FLOAT_EQ(one(linear_map(), {0, 2, 0, 6, 1}, out_size(1)), 2.375f);
}

TEST(RoiAlign, TinyBoxIsWidenedToOnePixel) {
  // aligned=False clamps the RoI size to 1: one sample at (1.5, 1.5).
  EXPECT_FLOAT_EQ(one(linear_map(), {0, 1, 1, 1.2f, 1.2f}, out_size(1)), 7.5f);
}

TEST(RoiAlign, AlignedShiftsByHalfPixel) {
  RoiAlignOptions o = out_size(1);
  o.aligned = true;
  EXPECT_FLOAT_EQ(one(linear_map(), {0, 0.5f, 0.5f, 2.5f, 2.5f}, o), 5.0f);
}

TEST(RoiAlign, FixedSamplingRatio) {
  RoiAlignOptions o = out_size(1);
  o.sampling_ratio = 1;  // one sample at the bin centre (2, 2)
  EXPECT_FLOAT_EQ(one(linear_map(), {0, 0, 0, 4, 4}, o), 10.0f);
}

TEST(RoiAlign, BatchIndexScaleAndChannels) {
  const torch::Tensor f = linear_map();
  const torch::Tensor input =
      torch::cat({torch::cat({f, 2 * f - 1}, 1), torch::cat({10 * f, -f}, 1)}, 0);
  RoiAlignOptions o = out_size(1);
  o.spatial_scale = 0.5;  // (0, 0, 4, 4) -> (0, 0, 2, 2): mean 5
  const torch::Tensor rois =
      torch::tensor({0.f, 0.f, 0.f, 4.f, 4.f, 1.f, 0.f, 0.f, 4.f, 4.f}).view({2, 5});
  const torch::Tensor out = roi_align(input, rois, o);
  ASSERT_EQ(out.sizes(), torch::IntArrayRef({2, 2, 1, 1}));
  EXPECT_TRUE(torch::allclose(out.flatten(), torch::tensor({5.f, 9.f, 50.f, -5.f}))) << out;
}

TEST(RoiAlign, GradientReachesTheSampledPixels) {
  torch::Tensor input = linear_map().requires_grad_(true);
  roi_align(input, torch::tensor({0.f, 0.f, 0.f, 2.f, 2.f}).view({1, 5}), out_size(1))
      .sum()
      .backward();
  // 4 samples, each spreading 1/4 over its 4 neighbours, averaged over 4 samples.
  const torch::Tensor expected = torch::tensor({1.f, 2.f, 1.f, 0.f, 2.f, 4.f, 2.f, 0.f, 1.f, 2.f,
                                                1.f, 0.f, 0.f, 0.f, 0.f, 0.f})
                                     .view({1, 1, 4, 4}) /
                                 16;
  EXPECT_TRUE(torch::allclose(input.grad(), expected)) << input.grad();
}

TEST(RoiAlign, EmptyRoisGiveEmptyOutput) {
  const torch::Tensor out = roi_align(torch::rand({1, 3, 5, 5}), torch::zeros({0, 5}));
  EXPECT_EQ(out.sizes(), torch::IntArrayRef({0, 3, 7, 7}));
}

TEST(RoiAlign, RejectsBadInput) {
  EXPECT_THROW(roi_align(torch::rand({3, 5, 5}), torch::zeros({1, 5})), c10::Error);
  EXPECT_THROW(roi_align(torch::rand({1, 3, 5, 5}), torch::zeros({1, 4})), c10::Error);
  const torch::Tensor bad_batch = torch::tensor({2.f, 0.f, 0.f, 1.f, 1.f}).view({1, 5});
  EXPECT_THROW(roi_align(torch::rand({2, 3, 5, 5}), bad_batch), c10::Error);
}
