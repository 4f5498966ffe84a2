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
#include "tests/core/model/parity_support.h"

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

class ImageModelParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ImageModelParity, TapsMatchTheOfficialModel) {
  const fs::path dir = testing::tiny_fixture_dir(GetParam());
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
    testing::expect_close(name, taps.at(name), official);
  }
  EXPECT_EQ(compared, 16);
}

INSTANTIATE_TEST_SUITE_P(Sam3Tiny, ImageModelParity,
                         ::testing::Values("text_only", "text_and_boxes"));

}  // namespace
}  // namespace sam3::model
