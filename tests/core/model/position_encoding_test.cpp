// Sine position encodings (core/model/position_encoding.h) against hand-computed values.
#include "core/model/position_encoding.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sam3::model {
namespace {

constexpr double kTwoPi = 2.0 * M_PI;

// Channel k of one axis block (4 channels: divisors 1, 1, 100, 100 for T = 10000, F/2 = 4).
double axis_channel(double p, int k) {
  const double divisor = k < 2 ? 1.0 : 100.0;
  return k % 2 == 0 ? std::sin(p / divisor) : std::cos(p / divisor);
}

TEST(PositionEmbeddingSine, GridMatchesHandComputedValues) {
  PositionEmbeddingSine pe(8);
  const auto pos = pe->forward(torch::zeros({2, 5, 2, 3}));
  ASSERT_EQ(pos.sizes(), (torch::IntArrayRef{2, 8, 2, 3}));
  ASSERT_EQ(pos.scalar_type(), torch::kFloat32);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j) {
      const double y = (i + 1) / (2 + 1e-6) * kTwoPi;
      const double x = (j + 1) / (3 + 1e-6) * kTwoPi;
      for (int k = 0; k < 4; ++k) {
        EXPECT_NEAR(pos[1][k][i][j].item<double>(), axis_channel(y, k), 1e-5) << i << j << k;
        EXPECT_NEAR(pos[1][4 + k][i][j].item<double>(), axis_channel(x, k), 1e-5) << i << j << k;
      }
    }
  }
  EXPECT_TRUE(torch::equal(pos[0], pos[1]));
  // Cached per size: a second call gives the same values.
  EXPECT_TRUE(torch::equal(pe->forward(torch::zeros({1, 1, 2, 3}))[0], pos[0]));
  EXPECT_FALSE(pos.requires_grad());
}

TEST(PositionEmbeddingSine, UnnormalisedEncodingsOfCoordinates) {
  PositionEmbeddingSine pe(8);
  const auto x = torch::tensor({0.25f, 0.5f});
  const auto y = torch::tensor({0.75f, 0.1f});
  const auto [pos_x, pos_y] = pe->encode_xy(x, y);
  ASSERT_EQ(pos_x.sizes(), (torch::IntArrayRef{2, 4}));
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(pos_x[0][k].item<double>(), axis_channel(0.25 * kTwoPi, k), 1e-5);
    EXPECT_NEAR(pos_y[1][k].item<double>(), axis_channel(0.1 * kTwoPi, k), 1e-5);
  }
  // Boxes: [pos_y, pos_x, h, w].
  const auto w = torch::tensor({0.3f, 0.4f});
  const auto h = torch::tensor({0.6f, 0.7f});
  const auto boxes = pe->encode_boxes(x, y, w, h);
  ASSERT_EQ(boxes.sizes(), (torch::IntArrayRef{2, 10}));
  EXPECT_TRUE(torch::equal(boxes.slice(1, 0, 4), pos_y));
  EXPECT_TRUE(torch::equal(boxes.slice(1, 4, 8), pos_x));
  EXPECT_FLOAT_EQ(boxes[0][8].item<float>(), 0.6f);
  EXPECT_FLOAT_EQ(boxes[0][9].item<float>(), 0.3f);
  // Points: [B, N] -> [B, N, pos_y | pos_x | label].
  const auto points = pe->encode_points(x.view({1, 2}), y.view({1, 2}), torch::tensor({{1, 0}}));
  ASSERT_EQ(points.sizes(), (torch::IntArrayRef{1, 2, 9}));
  EXPECT_TRUE(torch::equal(points[0].slice(1, 0, 4), pos_y));
  EXPECT_FLOAT_EQ(points[0][0][8].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(points[0][1][8].item<float>(), 0.0f);
}

TEST(PositionEmbeddingSine, EncodeXyIsDifferentiableBoxesAreNot) {
  PositionEmbeddingSine pe(8);
  const auto x = torch::tensor({0.25f}).requires_grad_();
  const auto y = torch::tensor({0.5f});
  EXPECT_TRUE(pe->encode_xy(x, y).first.requires_grad());
  EXPECT_FALSE(pe->encode_boxes(x, y, y, y).requires_grad());
}

TEST(PositionEmbeddingSine, RejectsBadArguments) {
  EXPECT_THROW(PositionEmbeddingSine(6), c10::Error);
  EXPECT_THROW(PositionEmbeddingSine(8, 10000.0, false, 1.0), c10::Error);
  PositionEmbeddingSine pe(8);
  EXPECT_THROW(pe->forward(torch::zeros({4, 4})), c10::Error);
  EXPECT_THROW(pe->encode_xy(torch::zeros({2}), torch::zeros({3})), c10::Error);
  EXPECT_THROW(pe->encode_points(torch::zeros({2}), torch::zeros({2}), torch::zeros({2})),
               c10::Error);
}

TEST(PositionEmbeddingSine, Sam3Sizes) {
  PositionEmbeddingSine pe(256);
  const auto pos = pe->forward(torch::zeros({1, 256, 9, 9}));
  EXPECT_EQ(pos.sizes(), (torch::IntArrayRef{1, 256, 9, 9}));
  // Last column/row: position H/(H+1e-6) * 2pi ~ 2pi; channel 1 of x = cos(2pi) ~ 1.
  EXPECT_NEAR(pos[0][129][8][8].item<double>(), 1.0, 1e-5);
}

}  // namespace
}  // namespace sam3::model
