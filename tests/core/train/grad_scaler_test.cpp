// Dynamic loss scaling (core/train/grad_scaler.h) with GradScaler's semantics, on CPU with
// injected inf / NaN gradients, and the choice of the autocast dtype.
#include <gtest/gtest.h>

#include <limits>

#include "core/train/grad_scaler.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

struct Toy {
  Toy() {
    w = torch::tensor({1.0f, -2.0f, 3.0f}).requires_grad_(true);
    ParamGroup g;
    g.name = g.family = "transformer";
    g.base_lr = g.lr = 0.1;
    g.params.push_back({"w", w});
    OptimizerOptions o;
    o.weight_decay = 0;
    optimizer = std::make_unique<AdamW>(std::vector<ParamGroup>{g}, o);
  }
  // loss = sum(w^2) / 2, gradient w.
  void backward(GradScaler& s) {
    optimizer->zero_grad();
    s.scale((w * w).sum() / 2).backward();
  }
  void inject(float value) {
    torch::NoGradGuard no_grad;
    w.mutable_grad()[1] = value;
  }
  torch::Tensor w;
  std::unique_ptr<AdamW> optimizer;
};

TEST(GradScaler, ScalesTheLossAndUnscalesTheGradientsBeforeClipping) {
  GradScaler s;
  EXPECT_DOUBLE_EQ(s.current_scale(), 65536.0);
  Toy t;
  t.backward(s);
  EXPECT_TRUE(torch::allclose(t.w.grad(), t.w.detach() * 65536.0));
  EXPECT_FALSE(s.unscale(t.optimizer->groups()));
  EXPECT_TRUE(torch::allclose(t.w.grad(), t.w.detach()));  // true gradients again
  // Clipping now sees the true norm |(1, -2, 3)| = sqrt(14), not 65536 times it.
  EXPECT_NEAR(clip_grad_norm(t.optimizer->groups(), 0.1), std::sqrt(14.0), 1e-5);
  const torch::Tensor before = t.w.detach().clone();
  EXPECT_TRUE(s.step(*t.optimizer));
  EXPECT_FALSE(torch::equal(t.w.detach(), before));
  s.update();
  EXPECT_DOUBLE_EQ(s.current_scale(), 65536.0);
  EXPECT_EQ(s.growth_tracker(), 1);
}

TEST(GradScaler, InfOrNanGradientsSkipTheStepAndBackOff) {
  for (const float bad :
       {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN()}) {
    GradScaler s;
    Toy t;
    t.backward(s);
    s.unscale(t.optimizer->groups());
    s.step(*t.optimizer);
    s.update();  // one clean step: tracker 1
    ASSERT_EQ(s.growth_tracker(), 1);
    const torch::Tensor before = t.w.detach().clone();
    const torch::Tensor exp_avg = t.optimizer->state_dict().at("w.exp_avg").clone();
    t.backward(s);
    t.inject(bad);
    EXPECT_TRUE(s.unscale(t.optimizer->groups())) << bad;
    EXPECT_FALSE(s.step(*t.optimizer));
    EXPECT_TRUE(torch::equal(t.w.detach(), before)) << "the optimizer stepped on " << bad;
    EXPECT_TRUE(torch::equal(t.optimizer->state_dict().at("w.exp_avg"), exp_avg));
    EXPECT_EQ(s.skipped_steps(), 1);
    s.update();
    EXPECT_DOUBLE_EQ(s.current_scale(), 32768.0);
    EXPECT_EQ(s.growth_tracker(), 0);
  }
}

TEST(GradScaler, StepUnscalesWhenNotDoneAndCatchesInf) {
  GradScaler s;
  Toy t;
  t.backward(s);
  t.inject(std::numeric_limits<float>::infinity());
  const torch::Tensor before = t.w.detach().clone();
  EXPECT_FALSE(s.step(*t.optimizer));  // unscale ran inside step
  EXPECT_TRUE(torch::equal(t.w.detach(), before));
  EXPECT_TRUE(s.found_inf());
  s.update();
  EXPECT_DOUBLE_EQ(s.current_scale(), 32768.0);
}

TEST(GradScaler, GrowsAfterTheGrowthIntervalOfCleanSteps) {
  GradScaler s;  // default interval 2000
  Toy t;
  for (int i = 0; i < 1999; ++i) {
    t.backward(s);
    s.unscale(t.optimizer->groups());
    s.update();  // (no optimizer step needed for the scale logic)
  }
  EXPECT_DOUBLE_EQ(s.current_scale(), 65536.0);
  EXPECT_EQ(s.growth_tracker(), 1999);
  t.backward(s);
  s.step(*t.optimizer);
  s.update();
  EXPECT_DOUBLE_EQ(s.current_scale(), 131072.0);
  EXPECT_EQ(s.growth_tracker(), 0);
  // An overflow resets the count: 2 clean steps, overflow, then 2 more do not grow (interval 3).
  GradScalerOptions o;
  o.growth_interval = 3;
  GradScaler small(o);
  const auto run_step = [&](bool overflow) {
    t.backward(small);
    if (overflow) t.inject(std::numeric_limits<float>::infinity());
    small.step(*t.optimizer);
    small.update();
  };
  run_step(false);
  run_step(false);
  run_step(true);
  EXPECT_DOUBLE_EQ(small.current_scale(), 32768.0);
  run_step(false);
  run_step(false);
  EXPECT_DOUBLE_EQ(small.current_scale(), 32768.0);
  run_step(false);
  EXPECT_DOUBLE_EQ(small.current_scale(), 65536.0);
}

TEST(GradScaler, UnscaleTwiceInAStepIsAnError) {
  GradScaler s;
  Toy t;
  t.backward(s);
  s.unscale(t.optimizer->groups());
  EXPECT_THROW(s.unscale(t.optimizer->groups()), InvalidInput);
  s.update();
  t.backward(s);
  EXPECT_NO_THROW(s.unscale(t.optimizer->groups()));
}

TEST(GradScaler, DisabledIsTheIdentity) {
  GradScalerOptions o;
  o.enabled = false;
  GradScaler s(o);
  Toy t;
  t.backward(s);
  EXPECT_TRUE(torch::allclose(t.w.grad(), t.w.detach()));
  t.inject(std::numeric_limits<float>::infinity());
  EXPECT_FALSE(s.unscale(t.optimizer->groups()));
  EXPECT_TRUE(s.step(*t.optimizer));
  s.update();
  EXPECT_DOUBLE_EQ(s.current_scale(), 65536.0);
}

TEST(GradScaler, StateRoundTripAndBadOptions) {
  GradScaler s;
  Toy t;
  t.backward(s);
  t.inject(std::numeric_limits<float>::quiet_NaN());
  s.step(*t.optimizer);
  s.update();
  t.backward(s);
  s.step(*t.optimizer);
  s.update();
  const auto state = s.state_dict();
  for (const auto& [k, v] : state) EXPECT_TRUE(is_grad_scaler_key(k)) << k;
  EXPECT_FALSE(is_grad_scaler_key("w.exp_avg"));
  GradScaler restored;
  restored.load_state_dict(state);
  EXPECT_DOUBLE_EQ(restored.current_scale(), 32768.0);
  EXPECT_EQ(restored.growth_tracker(), 1);
  EXPECT_THROW(restored.load_state_dict({{"grad_scaler.scale", torch::tensor(-1.0f)}}), ModelError);
  EXPECT_THROW(GradScaler(GradScalerOptions{true, 0.0, 2.0, 0.5, 2000}), InvalidInput);
  EXPECT_THROW(GradScaler(GradScalerOptions{true, 1.0, 1.0, 0.5, 2000}), InvalidInput);
  EXPECT_THROW(GradScaler(GradScalerOptions{true, 1.0, 2.0, 1.0, 2000}), InvalidInput);
  EXPECT_THROW(GradScaler(GradScalerOptions{true, 1.0, 2.0, 0.5, 0}), InvalidInput);
}

TEST(AmpChoice, AutoPicksBf16OnlyWhereSupported) {
  EXPECT_EQ(choose_amp("auto", false, false), AmpMode::Off);  // CPU
  EXPECT_EQ(choose_amp("fp16", false, false), AmpMode::Off);
  EXPECT_EQ(choose_amp("bf16", false, true), AmpMode::Off);
  EXPECT_EQ(choose_amp("auto", true, true), AmpMode::BF16);   // e.g. A100 / H100
  EXPECT_EQ(choose_amp("auto", true, false), AmpMode::FP16);  // e.g. V100 / T4 (< 8.0)
  EXPECT_EQ(choose_amp("fp16", true, true), AmpMode::FP16);   // forced
  EXPECT_EQ(choose_amp("bf16", true, false), AmpMode::BF16);  // forced
  EXPECT_EQ(choose_amp("off", true, true), AmpMode::Off);
  EXPECT_THROW(choose_amp("fp8", true, true), InvalidInput);
  EXPECT_STREQ(to_string(AmpMode::FP16), "fp16");
}

}  // namespace
}  // namespace sam3::train
