// Parity of the vision trunk, neck, sine encodings and text tower with the official code on the
// committed sam3-tiny fixtures (tests/data/parity/sam3-tiny, written by tests/reference scripts
// from facebookresearch/sam3 @ 99d02f2 on the GPU machine; see tests/reference/TAPS.md). Tolerance:
// max-abs <= 1e-4 per tap in fp32; max-abs, mean-abs and cosine are reported.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/model/vl_combiner.h"
#include "core/weights/safetensors.h"
#include "tests/core/model/parity_support.h"

namespace sam3::model {
namespace {

namespace fs = std::filesystem;

// Copies every `backbone.*` tensor of the official state dict into the module; each parameter
// must be present with its shape.
void load_backbone(Sam3VLBackbone& backbone, const weights::NamedTensors& state) {
  torch::NoGradGuard no_grad;
  for (auto& p : backbone->named_parameters()) {
    const auto it = state.find("backbone." + p.key());
    ASSERT_NE(it, state.end()) << "fixture lacks backbone." << p.key();
    ASSERT_EQ(it->second.sizes(), p.value().sizes()) << p.key();
    p.value().copy_(it->second.to(torch::kFloat32));
  }
}

class BackboneParity : public ::testing::TestWithParam<std::string> {};

TEST_P(BackboneParity, TapsMatchTheOfficialModel) {
  const fs::path dir = testing::tiny_fixture_dir(GetParam());
  if (!fs::is_regular_file(dir / "weights.safetensors")) {
    GTEST_SKIP() << "no parity fixture at " << dir;
  }
  const auto state = weights::read_safetensors(dir / "weights.safetensors").tensors;
  const auto inputs = weights::read_safetensors(dir / "inputs.safetensors").tensors;
  const auto expected = weights::read_safetensors(dir / "outputs.safetensors").tensors;

  Sam3VLBackbone backbone(model_config_by_name("sam3-tiny"));
  backbone->eval();
  load_backbone(backbone, state);
  if (HasFatalFailure()) return;

  torch::NoGradGuard no_grad;
  Taps taps;
  backbone->forward_image(inputs.at("image").to(torch::kFloat32), &taps);
  backbone->forward_text(inputs.at("input_ids").to(torch::kInt64), &taps);
  int compared = 0;
  for (const auto& [name, official] : expected) {
    const bool ours =
        name.rfind("vision.", 0) == 0 || name.rfind("neck.", 0) == 0 || name.rfind("text.", 0) == 0;
    if (!ours) continue;
    ++compared;
    ASSERT_TRUE(taps.count(name)) << "tap " << name << " not recorded";
    if (name == "text.mask") {
      EXPECT_TRUE(torch::equal(taps.at(name).to(torch::kUInt8), official)) << name;
    } else {
      testing::expect_close(name, taps.at(name), official);
    }
  }
  EXPECT_EQ(compared, 18);  // 9 vision, 6 neck and 3 text taps (text.mask included)
}

INSTANTIATE_TEST_SUITE_P(Sam3Tiny, BackboneParity,
                         ::testing::Values("text_only", "text_and_boxes"));

}  // namespace
}  // namespace sam3::model
