// The assembled image model on CUDA: fp32 parity with the official sam3-tiny fixtures (TF32 off),
// bf16 autocast (decoder FFN and roi_align as fp32 islands) against the fp32 fixture, and the
// full-size `sam3` model at 1008 in bf16 (shapes, finiteness; latency printed, not asserted).
// Label gpu: skips without CUDA.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

#include "core/model/sam3_image.h"
#include "core/util/torch_compat.h"
#include "core/weights/safetensors.h"
#include "tests/support/test_paths.h"

namespace sam3::model {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  weights::NamedTensors state, inputs, outputs;
};

Fixture read_fixture(const std::string& name) {
  const fs::path dir =
      fs::path(::sam3::test::source_dir()) / "tests" / "data" / "parity" / "sam3-tiny" / name;
  return {weights::read_safetensors(dir / "weights.safetensors").tensors,
          weights::read_safetensors(dir / "inputs.safetensors").tensors,
          weights::read_safetensors(dir / "outputs.safetensors").tensors};
}

Sam3Image tiny_model(const Fixture& f) {
  Sam3Image model(model_config_by_name("sam3-tiny"));
  torch::NoGradGuard no_grad;
  for (auto& p : model->named_parameters())
    p.value().copy_(f.state.at(p.key()).to(torch::kFloat32));
  model->to(torch::kCUDA);
  model->eval();
  return model;
}

Taps run(Sam3Image& model, const Fixture& f) {
  torch::NoGradGuard no_grad;
  BoxPrompt boxes;
  if (f.inputs.count("boxes")) {
    boxes.boxes = f.inputs.at("boxes").to(torch::kCUDA);
    boxes.labels = f.inputs.at("box_labels").to(torch::kCUDA);
  }
  Taps taps;
  model->forward(f.inputs.at("image").to(torch::kCUDA), f.inputs.at("input_ids").to(torch::kCUDA),
                 boxes, &taps);
  return taps;
}

const std::vector<std::string> kHeadTaps{"geometry.features",
                                         "prompt",
                                         "encoder.memory",
                                         "decoder.hs",
                                         "decoder.reference_boxes",
                                         "decoder.presence_logits",
                                         "pred_logits",
                                         "pred_boxes",
                                         "presence_logit_dec",
                                         "pred_masks",
                                         "semantic_seg",
                                         "scores"};

class ImageModelCuda : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
  }
};

TEST_P(ImageModelCuda, Fp32MatchesTheOfficialFixture) {
  const Fixture f = read_fixture(GetParam());
  auto model = tiny_model(f);
  model->cuda_bf16_autocast = false;
  const Taps taps = run(model, f);
  for (const auto& name : kHeadTaps) {
    const double max_abs =
        (taps.at(name).cpu().to(torch::kFloat32) - f.outputs.at(name)).abs().max().item<double>();
    std::printf("  cuda fp32 %-24s max-abs %.3g\n", name.c_str(), max_abs);
    EXPECT_LE(max_abs, 1e-4) << name;
  }
}

TEST_P(ImageModelCuda, Bf16AutocastStaysCloseToFp32) {
  const Fixture f = read_fixture(GetParam());
  auto model = tiny_model(f);
  const Taps taps = run(model, f);  // cuda_bf16_autocast is on by default
  EXPECT_EQ(taps.at("neck.fpn0").scalar_type(), torch::kBFloat16);
  for (const auto& name : kHeadTaps) {
    const auto ours = taps.at(name).cpu().to(torch::kFloat32).flatten();
    const auto ref = f.outputs.at(name).flatten();
    const double cosine = torch::dot(ours, ref).item<double>() /
                          (ours.norm().item<double>() * ref.norm().item<double>());
    const double max_abs = (ours - ref).abs().max().item<double>();
    std::printf("  cuda bf16 %-24s cosine %.6f max-abs %.3g\n", name.c_str(), cosine, max_abs);
    EXPECT_TRUE(torch::isfinite(ours).all().item<bool>()) << name;
    EXPECT_GE(cosine, 0.99) << name;
  }
  const double score_diff = (taps.at("scores").cpu().to(torch::kFloat32) - f.outputs.at("scores"))
                                .abs()
                                .max()
                                .item<double>();
  EXPECT_LE(score_diff, 0.02);
}

INSTANTIATE_TEST_SUITE_P(Sam3Tiny, ImageModelCuda,
                         ::testing::Values("text_only", "text_and_boxes"));

TEST(ImageModelCudaFullSize, GroundAt1008InBf16) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  torch::manual_seed(0);
  Sam3Image model(model_config_by_name("sam3"));
  model->to(torch::kCUDA);
  model->eval();
  torch::NoGradGuard no_grad;
  const auto image = torch::randn({1, 3, 1008, 1008}, torch::kCUDA).clamp(-1, 1);
  auto tokens = torch::zeros({1, 32}, torch::dtype(torch::kInt64).device(torch::kCUDA));
  tokens.index_put_({0, 0}, 49406);
  tokens.index_put_({0, 1}, 2533);
  tokens.index_put_({0, 2}, 49407);
  const ImageState state = model->encode_image(image);
  const TextEncoding text = model->encode_text(tokens);
  BoxPrompt box;
  box.boxes = torch::tensor({0.5f, 0.5f, 0.3f, 0.3f}, torch::kCUDA).view({1, 1, 4});
  for (const BoxPrompt& prompt : {BoxPrompt{}, box}) {
    const Sam3Outputs o = model->ground(state, text, prompt);
    EXPECT_EQ(o.pred_logits.sizes(), (torch::IntArrayRef{1, 200, 1}));
    EXPECT_EQ(o.pred_masks.sizes(), (torch::IntArrayRef{1, 200, 288, 288}));
    EXPECT_EQ(o.prompt.size(0), prompt.boxes.defined() ? 34 : 33);
    EXPECT_TRUE(torch::isfinite(o.pred_masks).all().item<bool>());
    EXPECT_TRUE(torch::isfinite(o.pred_boxes).all().item<bool>());
  }
  auto time_ms = [](const char* what, const std::function<void()>& step) {
    std::vector<double> ms;
    for (int i = 0; i < 25; ++i) {
      torch::cuda::synchronize();
      const auto t0 = std::chrono::steady_clock::now();
      step();
      torch::cuda::synchronize();
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin() + 5, ms.end());
    std::printf("  sam3 %s bf16: median %.2f ms, min %.2f ms (20 calls after 5 warm-up)\n", what,
                ms[5 + 10], ms[5]);
  };
  time_ms("ground (text cached)", [&] { model->ground(state, text); });
  time_ms("encode_text + ground", [&] { model->ground(state, model->encode_text(tokens)); });
  time_ms("full forward", [&] { model->forward(image, tokens); });
}

}  // namespace
}  // namespace sam3::model
