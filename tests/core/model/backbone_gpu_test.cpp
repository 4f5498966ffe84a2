// The backbone on CUDA: fp32 parity with the official sam3-tiny fixtures (TF32 off), bf16 autocast
// with the fp32 islands (RoPE, sine encodings), and the full-size `sam3` backbone at 1008 in bf16
// (shapes, finiteness; latency printed, not asserted). Label gpu: skips without CUDA.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

#include "core/model/vl_combiner.h"
#include "core/util/torch_compat.h"
#include "core/weights/safetensors.h"
#include "tests/support/test_paths.h"

namespace sam3::model {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  weights::NamedTensors state, inputs, outputs;
};

Fixture read_fixture() {
  const fs::path dir = fs::path(::sam3::test::source_dir()) / "tests" / "data" / "parity" /
                       "sam3-tiny" / "text_only";
  return {weights::read_safetensors(dir / "weights.safetensors").tensors,
          weights::read_safetensors(dir / "inputs.safetensors").tensors,
          weights::read_safetensors(dir / "outputs.safetensors").tensors};
}

Sam3VLBackbone tiny_backbone(const Fixture& f, const torch::Device& device) {
  Sam3VLBackbone backbone(model_config_by_name("sam3-tiny"));
  torch::NoGradGuard no_grad;
  for (auto& p : backbone->named_parameters()) {
    p.value().copy_(f.state.at("backbone." + p.key()).to(torch::kFloat32));
  }
  backbone->to(device);
  backbone->eval();
  return backbone;
}

Taps run(Sam3VLBackbone& backbone, const Fixture& f, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  Taps taps;
  backbone->forward_image(f.inputs.at("image").to(device, torch::kFloat32), &taps);
  backbone->forward_text(f.inputs.at("input_ids").to(device, torch::kInt64), &taps);
  return taps;
}

class BackboneCuda : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
  }
};

TEST_F(BackboneCuda, Fp32MatchesTheOfficialFixture) {
  const Fixture f = read_fixture();
  auto backbone = tiny_backbone(f, torch::kCUDA);
  const Taps taps = run(backbone, f, torch::kCUDA);
  for (const auto& [name, official] : f.outputs) {
    if (!taps.count(name) || name == "text.mask") continue;
    const double max_abs = (taps.at(name).cpu() - official).abs().max().item<double>();
    std::printf("  cuda fp32 %-20s max-abs %.3g\n", name.c_str(), max_abs);
    EXPECT_LE(max_abs, 1e-4) << name;
  }
}

TEST_F(BackboneCuda, Bf16AutocastKeepsFp32Islands) {
  const Fixture f = read_fixture();
  auto backbone = tiny_backbone(f, torch::kCUDA);
  compat::CudaAutocastGuard autocast(true, at::kBFloat16);
  const Taps taps = run(backbone, f, torch::kCUDA);
  EXPECT_EQ(taps.at("neck.fpn0").scalar_type(), torch::kBFloat16);
  EXPECT_EQ(taps.at("neck.pos0").scalar_type(), torch::kBFloat16);  // cast like the features
  for (const char* name : {"vision.trunk", "neck.fpn0", "neck.fpn2", "text.features"}) {
    const auto ours = taps.at(name).cpu().to(torch::kFloat32).flatten();
    const auto ref = f.outputs.at(name).flatten();
    const double cosine = torch::dot(ours, ref).item<double>() /
                          (ours.norm().item<double>() * ref.norm().item<double>());
    std::printf("  cuda bf16 %-20s cosine %.6f\n", name, cosine);
    EXPECT_TRUE(torch::isfinite(ours).all().item<bool>()) << name;
    EXPECT_GE(cosine, 0.99) << name;
  }
}

TEST_F(BackboneCuda, FullSizeBackboneAt1008InBf16) {
  torch::manual_seed(0);
  Sam3VLBackbone backbone(model_config_by_name("sam3"));
  backbone->to(torch::kCUDA);
  backbone->eval();
  torch::NoGradGuard no_grad;
  compat::CudaAutocastGuard autocast(true, at::kBFloat16);
  const auto image = torch::randn({1, 3, 1008, 1008}, torch::kCUDA);
  auto tokens = torch::zeros({1, 32}, torch::dtype(torch::kInt64).device(torch::kCUDA));
  tokens.index_put_({0, 0}, 49406);
  tokens.index_put_({0, 1}, 49407);
  const auto out = backbone->forward_image(image);
  ASSERT_EQ(out.backbone_fpn.size(), 3u);
  EXPECT_EQ(out.backbone_fpn[0].sizes(), (torch::IntArrayRef{1, 256, 288, 288}));
  EXPECT_EQ(out.vision_features.sizes(), (torch::IntArrayRef{1, 256, 72, 72}));
  EXPECT_TRUE(torch::isfinite(out.vision_features).all().item<bool>());
  const auto text = backbone->forward_text(tokens);
  EXPECT_EQ(text.language_features.sizes(), (torch::IntArrayRef{32, 1, 256}));
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
  time_ms("forward_image 1008", [&] { backbone->forward_image(image); });
  time_ms("forward_text", [&] { backbone->forward_text(tokens); });
}

}  // namespace
}  // namespace sam3::model
