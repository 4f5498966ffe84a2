// Schedules against values computed by hand from the official formulas, the official parameter
// groups on a module with the SAM3 naming, AdamW against PyTorch's update written out, clipping.
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/optimizer.h"
#include "core/train/schedule.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

TEST(Schedule, InverseSqrtMatchesTheOfficialFormula) {
  ScheduleOptions o;  // warmup 20, timescale 20, cooldown 20
  const std::int64_t total = 200;
  EXPECT_DOUBLE_EQ(schedule_factor(o, 0, total), 0.0);   // first step: lr 0
  EXPECT_DOUBLE_EQ(schedule_factor(o, 10, total), 0.5);  // warmup
  EXPECT_DOUBLE_EQ(schedule_factor(o, 20, total), 1.0);
  EXPECT_DOUBLE_EQ(schedule_factor(o, 80, total), 0.5);  // 1 / sqrt(80 / 20)
  EXPECT_DOUBLE_EQ(schedule_factor(o, 190, total), 0.5 / std::sqrt(190.0 / 20));  // cooldown
  EXPECT_DOUBLE_EQ(schedule_factor(o, 200, total), 0.0);
  o.timescale = 10;  // shift = timescale - warmup = -10
  EXPECT_DOUBLE_EQ(schedule_factor(o, 50, total), 1.0 / std::sqrt(40.0 / 10));
}

TEST(Schedule, CosineWithWarmup) {
  ScheduleOptions o;
  o.kind = schedule_kind_from_string("cosine");
  o.warmup_steps = 10;
  EXPECT_DOUBLE_EQ(schedule_factor(o, 5, 110), 0.5);
  EXPECT_DOUBLE_EQ(schedule_factor(o, 10, 110), 1.0);
  EXPECT_NEAR(schedule_factor(o, 60, 110), 0.5, 1e-12);
  EXPECT_NEAR(schedule_factor(o, 110, 110), 0.0, 1e-12);
  o.min_ratio = 0.1;
  EXPECT_NEAR(schedule_factor(o, 110, 110), 0.1, 1e-12);
  EXPECT_EQ(to_string(o.kind), "cosine");
}

TEST(Schedule, RejectsBadValues) {
  ScheduleOptions o;
  EXPECT_THROW(schedule_factor(o, 0, 0), InvalidInput);
  o.timescale = 0;
  EXPECT_THROW(schedule_factor(o, 1, 10), InvalidInput);
  EXPECT_THROW(schedule_kind_from_string("step"), InvalidInput);
}

// A module with the official naming: trunk blocks, pos_embed, patch_embed, a LayerNorm, the
// language backbone and a transformer head.
struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({4})));
    mlp = register_module("mlp", torch::nn::Linear(4, 4));
  }
  torch::nn::LayerNorm norm1{nullptr};
  torch::nn::Linear mlp{nullptr};
};
TORCH_MODULE(Block);

struct TrunkImpl : torch::nn::Module {
  TrunkImpl() {
    pos_embed = register_parameter("pos_embed", torch::zeros({1, 5, 4}));
    patch_embed = register_module("patch_embed", torch::nn::Linear(4, 4));
    blocks = register_module("blocks", torch::nn::ModuleList(Block(), Block(), Block()));
  }
  torch::Tensor pos_embed;
  torch::nn::Linear patch_embed{nullptr};
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(Trunk);

struct FakeSam3 : torch::nn::Module {
  FakeSam3() {
    auto vision = std::make_shared<torch::nn::Module>();
    vision->register_module("trunk", Trunk());
    vision->register_module("convs", torch::nn::Linear(4, 4));
    auto language = std::make_shared<torch::nn::Module>();
    language->register_module("proj", torch::nn::Linear(4, 4));
    auto backbone = std::make_shared<torch::nn::Module>();
    backbone->register_module("vision_backbone", vision);
    backbone->register_module("language_backbone", language);
    register_module("backbone", backbone);
    register_module("decoder", torch::nn::Linear(4, 4));
  }
};

const ParamGroup* group_of(const std::vector<ParamGroup>& groups, const std::string& param) {
  for (const auto& g : groups)
    for (const auto& p : g.params)
      if (p.name == param) return &g;
  return nullptr;
}

TEST(ParamGroups, OfficialLearningRatesLayerDecayAndWeightDecay) {
  FakeSam3 model;
  const OptimizerOptions o;
  const auto groups = make_param_groups(model, /*vision_depth=*/3, o);
  auto check = [&](const std::string& name, double lr, double wd) {
    const ParamGroup* g = group_of(groups, name);
    ASSERT_NE(g, nullptr) << name;
    EXPECT_NEAR(g->base_lr, lr, 1e-18) << name;
    EXPECT_DOUBLE_EQ(g->weight_decay, wd) << name;
  };
  const std::string t = "backbone.vision_backbone.trunk.";
  // depth 3: factor 0.9^(4 - id); id 0 patch_embed, i + 1 for blocks.i, pos_embed overridden to 1.
  check(t + "patch_embed.weight", 2.5e-5 * std::pow(0.9, 4), 0.1);
  check(t + "patch_embed.bias", 2.5e-5 * std::pow(0.9, 4), 0.0);
  check(t + "pos_embed", 2.5e-5, 0.1);
  check(t + "blocks.0.mlp.weight", 2.5e-5 * std::pow(0.9, 3), 0.1);
  check(t + "blocks.2.mlp.weight", 2.5e-5 * 0.9, 0.1);
  check(t + "blocks.2.norm1.weight", 2.5e-5 * 0.9, 0.0);  // LayerNorm: no decay
  check("backbone.vision_backbone.convs.weight", 2.5e-5, 0.1);
  check("backbone.language_backbone.proj.weight", 5e-6, 0.1);
  check("decoder.weight", 8e-5, 0.1);
  check("decoder.bias", 8e-5, 0.0);
  std::size_t count = 0;
  for (const auto& g : groups) count += g.params.size();
  EXPECT_EQ(count, model.parameters().size());
}

TEST(ParamGroups, FrozenParametersAreLeftOut) {
  FakeSam3 model;
  for (auto& p : model.named_parameters())
    if (p.key().rfind("backbone.language_backbone", 0) == 0) p.value().set_requires_grad(false);
  const auto groups = make_param_groups(model, 3, {});
  EXPECT_EQ(group_of(groups, "backbone.language_backbone.proj.weight"), nullptr);
  OptimizerOptions bad;
  bad.layer_decay = 0;
  EXPECT_THROW(make_param_groups(model, 3, bad), InvalidInput);
}

TEST(AdamW, MatchesPyTorchsUpdateWrittenOut) {
  torch::Tensor w = torch::tensor({1.0, -2.0}, torch::kDouble).requires_grad_(true);
  ParamGroup g{"g", "transformer", 0.1, 0.01, 0.1, {{"w", w}}};
  AdamW opt({g}, OptimizerOptions{});
  double p0 = 1.0, m = 0, v = 0;
  for (int step = 1; step <= 3; ++step) {
    w.mutable_grad() = torch::tensor({0.5 * step, 1.0}, torch::kDouble);
    opt.step();
    const double grad = 0.5 * step;
    p0 *= 1 - 0.1 * 0.01;
    m = 0.9 * m + 0.1 * grad;
    v = 0.999 * v + 0.001 * grad * grad;
    const double bc1 = 1 - std::pow(0.9, step), bc2 = 1 - std::pow(0.999, step);
    p0 -= 0.1 / bc1 * m / (std::sqrt(v) / std::sqrt(bc2) + 1e-8);
    EXPECT_NEAR(w[0].item<double>(), p0, 1e-12) << "step " << step;
  }
  // State round trip: a fresh optimizer with the loaded state continues identically.
  AdamW other({g}, OptimizerOptions{});
  other.load_state_dict(opt.state_dict());
  EXPECT_EQ(other.state_dict().at("w.step").item<std::int64_t>(), 3);
  std::map<std::string, torch::Tensor> bad = opt.state_dict();
  bad["w.exp_avg"] = torch::zeros({3}, torch::kDouble);
  EXPECT_THROW(other.load_state_dict(bad), ModelError);
}

// The multi-tensor update in chunks: parameters of several shapes, chunks of one or more tensors,
// one parameter that misses step 2 (so two step counts in one group from then on) and one with
// weight decay in another group, each against the single-parameter update written out.
TEST(AdamW, ChunkedMultiTensorUpdateIsThePerParameterUpdate) {
  torch::manual_seed(11);
  std::vector<torch::Tensor> ws{
      torch::randn({3, 4}, torch::kDouble), torch::randn({5}, torch::kDouble),
      torch::randn({2, 2, 2}, torch::kDouble), torch::randn({7}, torch::kDouble)};
  for (auto& w : ws) w.requires_grad_(true);
  ParamGroup a{"a", "transformer", 0.05, 0.0, 0.05, {{"w0", ws[0]}, {"w1", ws[1]}, {"w2", ws[2]}}};
  ParamGroup b{"b", "vision", 0.02, 0.1, 0.02, {{"w3", ws[3]}}};
  OptimizerOptions o;
  o.chunk_bytes = 48;  // w0 (96 bytes) alone, w1 + w2 (40 + 64) together
  AdamW opt({a, b}, o);
  struct Ref {
    torch::Tensor p, m, v;
    int step = 0;
  };
  std::vector<Ref> ref;
  for (const auto& w : ws)
    ref.push_back({w.detach().clone(), torch::zeros_like(w), torch::zeros_like(w)});
  const double lr[] = {0.05, 0.05, 0.05, 0.02}, wd[] = {0, 0, 0, 0.1};
  for (int step = 1; step <= 4; ++step) {
    for (std::size_t i = 0; i < ws.size(); ++i) {
      const bool skipped = i == 1 && step == 2;
      ws[i].mutable_grad() = skipped ? torch::Tensor() : torch::randn_like(ws[i]);
      if (skipped) continue;
      Ref& r = ref[i];
      const torch::Tensor g = ws[i].grad();
      ++r.step;
      r.p *= 1 - lr[i] * wd[i];
      r.m = 0.9 * r.m + 0.1 * g;
      r.v = 0.999 * r.v + 0.001 * g * g;
      const double bc1 = 1 - std::pow(0.9, r.step), bc2 = 1 - std::pow(0.999, r.step);
      r.p -= lr[i] / bc1 * r.m / (r.v.sqrt() / std::sqrt(bc2) + 1e-8);
    }
    opt.step();
    for (std::size_t i = 0; i < ws.size(); ++i)
      EXPECT_TRUE(torch::allclose(ws[i], ref[i].p, 1e-12, 1e-12))
          << "parameter " << i << " after step " << step << ": max diff "
          << (ws[i] - ref[i].p).abs().max().item<double>();
  }
  EXPECT_EQ(opt.state_dict().at("w1.step").item<std::int64_t>(), 3);
  EXPECT_EQ(opt.state_dict().at("w0.step").item<std::int64_t>(), 4);
}

TEST(ClipGradNorm, ScalesToTheMaximumAndReportsTheNormBefore) {
  torch::Tensor a = torch::zeros({2}).requires_grad_(true);
  torch::Tensor b = torch::zeros({1}).requires_grad_(true);
  a.mutable_grad() = torch::tensor({3.0f, 0.0f});
  b.mutable_grad() = torch::tensor({4.0f});
  std::vector<ParamGroup> groups{{"g", "transformer", 1, 0, 1, {{"a", a}, {"b", b}}}};
  EXPECT_NEAR(clip_grad_norm(groups, 0.1), 5.0, 1e-6);
  const double after =
      std::sqrt(a.grad().pow(2).sum().item<double>() + b.grad().pow(2).sum().item<double>());
  EXPECT_NEAR(after, 0.1, 1e-6);
  EXPECT_NEAR(clip_grad_norm(groups, 10.0), 0.1, 1e-6);  // below the maximum: unchanged
}

}  // namespace
}  // namespace sam3::train
