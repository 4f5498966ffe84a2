#pragma once
// Shared by the parity tests of this folder: the committed sam3-tiny fixtures (written from the
// official code, tests/reference/TAPS.md) and the per-tap comparison (max-abs <= 1e-4 in fp32;
// max-abs, mean-abs and cosine reported; u8 taps compared exactly).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include "tests/support/test_paths.h"

namespace sam3::model::testing {

inline std::filesystem::path tiny_fixture_dir(const std::string& name) {
  return std::filesystem::path(::sam3::test::source_dir()) / "tests" / "data" / "parity" /
         "sam3-tiny" / name;
}

inline void expect_close(const std::string& tap, const at::Tensor& ours,
                         const at::Tensor& official) {
  ASSERT_TRUE(ours.defined()) << tap << " was not recorded";
  ASSERT_EQ(ours.sizes(), official.sizes()) << tap;
  if (official.scalar_type() == torch::kUInt8) {
    EXPECT_TRUE(torch::equal(ours.to(torch::kUInt8), official)) << tap;
    return;
  }
  const auto a = ours.to(torch::kFloat64).flatten();
  const auto b = official.to(torch::kFloat64).flatten();
  const double max_abs = (a - b).abs().max().item<double>();
  const double mean_abs = (a - b).abs().mean().item<double>();
  const double cosine = torch::nn::functional::cosine_similarity(
                            a.unsqueeze(0), b.unsqueeze(0),
                            torch::nn::functional::CosineSimilarityFuncOptions().dim(1))
                            .item<double>();
  EXPECT_LE(max_abs, 1e-4) << tap << ": max-abs " << max_abs << ", mean-abs " << mean_abs
                           << ", cosine " << cosine;
  std::printf("  %-24s max-abs %.3g  mean-abs %.3g  cosine %.9f\n", tap.c_str(), max_abs, mean_abs,
              cosine);
}

}  // namespace sam3::model::testing
