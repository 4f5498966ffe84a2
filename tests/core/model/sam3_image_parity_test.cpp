// Parity of the assembled image model (geometry encoder incl. its CLS token, fusion encoder,
// decoder, scorer, segmentation head, pre-score outputs) with the official code on the committed
// sam3-tiny fixtures (tests/data/parity/sam3-tiny, written by tests/reference scripts from
// facebookresearch/sam3 @ 99d02f2 on the GPU machine; tests/reference/TAPS.md). Every tap of the
// fixture is compared; tolerance max-abs <= 1e-4 in fp32; max-abs, mean-abs, cosine reported.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/model/sam3_image.h"
#include "core/weights/safetensors.h"

namespace sam3::model {
namespace {

namespace fs = std::filesystem;

void load_all(Sam3Image& model, const weights::NamedTensors& state) {
  torch::NoGradGuard no_grad;
  int64_t loaded = 0;
  for (auto& p : model->named_parameters()) {
    const auto it = state.find(p.key());
    ASSERT_NE(it, state.end()) << "fixture lacks " << p.key();
    ASSERT_EQ(it->second.sizes(), p.value().sizes()) << p.key();
    p.value().copy_(it->second.to(torch::kFloat32));
    ++loaded;
  }
  EXPECT_EQ(loaded, static_cast<int64_t>(state.size())) << "fixture has keys we do not have";
}

void expect_close(const std::string& tap, const at::Tensor& ours, const at::Tensor& official) {
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

class ImageModelParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ImageModelParity, TapsMatchTheOfficialModel) {
  const fs::path dir =
      fs::path(SAM3_SOURCE_DIR) / "tests" / "data" / "parity" / "sam3-tiny" / GetParam();
  if (!fs::is_regular_file(dir / "weights.safetensors")) {
    GTEST_SKIP() << "no parity fixture at " << dir;
  }
  const auto state = weights::read_safetensors(dir / "weights.safetensors").tensors;
  const auto inputs = weights::read_safetensors(dir / "inputs.safetensors").tensors;
  const auto expected = weights::read_safetensors(dir / "outputs.safetensors").tensors;
  Sam3Image model(model_config_by_name("sam3-tiny"));
  model->eval();
  load_all(model, state);
  if (HasFatalFailure()) return;

  torch::NoGradGuard no_grad;
  BoxPrompt boxes;
  if (inputs.count("boxes")) {
    boxes.boxes = inputs.at("boxes");
    boxes.labels = inputs.at("box_labels");
  }
  Taps taps;
  model->forward(inputs.at("image").to(torch::kFloat32), inputs.at("input_ids"), boxes, &taps);
  int compared = 0;
  for (const auto& [name, official] : expected) {
    if (name.rfind("vision.", 0) == 0 || name.rfind("neck.", 0) == 0 ||
        name.rfind("text.", 0) == 0) {
      continue;  // the backbone's taps: backbone_parity_test
    }
    ++compared;
    ASSERT_TRUE(taps.count(name)) << "tap " << name << " not recorded";
    expect_close(name, taps.at(name), official);
  }
  EXPECT_EQ(compared, 16);
}

INSTANTIATE_TEST_SUITE_P(Sam3Tiny, ImageModelParity,
                         ::testing::Values("text_only", "text_and_boxes"));

}  // namespace
}  // namespace sam3::model
