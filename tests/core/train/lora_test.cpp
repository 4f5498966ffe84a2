// LoRA adapters on sam3-tiny (core/train/lora.h): the adapted model equals the base model at step
// 0, only the adapters train, their state holds only adapter keys and loads back on the same base
// weights, and merging gives a plain model with the adapted model's outputs. Bad input refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/model/random_init.h"
#include "core/train/lora.h"
#include "core/train/optimizer.h"
#include "core/util/errors.h"
#include "core/weights/state_loader.h"

namespace sam3::train {
namespace {

using torch::indexing::Slice;

model::Sam3Image base_model(std::uint64_t seed = 7) {
  model::Sam3Image net(model::model_config_by_name("sam3-tiny"));
  model::init_random_weights(*net, seed);
  net->eval();
  return net;
}

struct Inputs {
  Inputs() {
    torch::manual_seed(1);
    images = torch::rand({1, 3, 112, 112}) * 2 - 1;
    ids = torch::zeros({1, 32}, torch::kLong);
    ids.index_put_({0, Slice(0, 4)}, torch::tensor({49406, 320, 2368, 49407}));
  }
  torch::Tensor images, ids;
};

torch::Tensor outputs(model::Sam3Image& net, const Inputs& in) {
  torch::NoGradGuard no_grad;
  const model::Sam3Outputs o = net->forward(in.images, in.ids);
  return torch::cat({o.pred_logits.flatten(), o.pred_boxes.flatten(), o.pred_masks.flatten(),
                     o.presence_logit_dec.flatten()});
}

// Simulates training: every B (and A) gets seeded random values.
void perturb(model::Sam3Image& net, std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& p : net->named_parameters())
    if (is_lora_key(p.key())) p.value().add_(torch::randn(p.value().sizes(), gen) * 0.05);
}

// The adapted model computes W x + s B (A x); a merged one (W + s B A) x: equal up to float32
// summation order (measured 8.8e-6 max-abs on outputs up to 5.1).
void expect_same_outputs(const torch::Tensor& got, const torch::Tensor& adapted) {
  const double scale = std::max(1.0, adapted.abs().max().item<double>());
  EXPECT_LE((got - adapted).abs().max().item<double>(), 1e-5 * scale);
}

TEST(Lora, AdaptedModelEqualsTheBaseModelAtStepZero) {
  const Inputs in;
  model::Sam3Image net = base_model();
  const torch::Tensor before = outputs(net, in);
  LoraAdapters lora(*net, LoraOptions{});
  lora.refresh();
  EXPECT_TRUE(torch::equal(outputs(net, in), before));
  EXPECT_DOUBLE_EQ(lora.scale(), 16.0 / 8.0);
  EXPECT_EQ(lora.num_adapted_layers(), 4u * 4u);  // 4 blocks x qkv, proj, fc1, fc2
}

TEST(Lora, OnlyTheAdaptersTrain) {
  model::Sam3Image net = base_model();
  const int depth = net->config().vision.depth;
  LoraAdapters lora(*net, LoraOptions{4, 8.0, 0.0, {"attn.qkv", "mlp.fc2"}, 0});
  std::set<std::string> trainable;
  for (const auto& p : net->named_parameters())
    if (p.value().requires_grad()) trainable.insert(p.key());
  const std::vector<std::string> keys = lora.keys();
  EXPECT_EQ(trainable, std::set<std::string>(keys.begin(), keys.end()));
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(depth) * 2 * 2);
  std::set<std::string> grouped;
  for (const auto& g : make_param_groups(*net, depth, OptimizerOptions{}))
    for (const auto& p : g.params) grouped.insert(p.name);
  EXPECT_EQ(grouped, trainable);

  // A backward reaches the adapters (B gets a gradient at step 0) and no base weight.
  net->train();
  lora.refresh();
  const Inputs in;
  const model::Sam3Outputs o = net->forward(in.images, in.ids);
  (o.pred_logits.pow(2).sum() + o.pred_boxes.sum()).backward();
  const auto params = net->named_parameters();
  const torch::Tensor& gb =
      params["backbone.vision_backbone.trunk.blocks.0.attn.qkv.lora_B.weight"].grad();
  ASSERT_TRUE(gb.defined());
  EXPECT_GT(gb.abs().sum().item<double>(), 0.0);
  EXPECT_FALSE(params["backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight"].grad().defined());
}

TEST(Lora, StateHoldsOnlyTheAdaptersAndLoadsBackOnTheBase) {
  const Inputs in;
  model::Sam3Image trained = base_model();
  const torch::Tensor base_out = outputs(trained, in);
  LoraAdapters lora(*trained, LoraOptions{});
  perturb(trained, 9);
  lora.refresh();
  const torch::Tensor adapted_out = outputs(trained, in);
  EXPECT_GT((adapted_out - base_out).abs().max().item<double>(), 1e-4);

  const auto state = lora.state();
  const std::vector<std::string> keys = lora.keys();
  ASSERT_EQ(state.size(), keys.size());
  for (const auto& key : keys) {
    ASSERT_EQ(state.count(key), 1u) << key;
    EXPECT_TRUE(is_lora_key(key)) << key;
  }
  EXPECT_EQ(state.at("backbone.vision_backbone.trunk.blocks.2.mlp.fc1.lora_A.weight").sizes(),
            torch::IntArrayRef({8, 32}));
  EXPECT_EQ(state.at("backbone.vision_backbone.trunk.blocks.2.mlp.fc1.lora_B.weight").sizes(),
            torch::IntArrayRef({148, 8}));

  model::Sam3Image restored = base_model();
  LoraAdapters again(*restored, LoraOptions{});
  again.load_state(state, "test state");
  EXPECT_TRUE(torch::equal(outputs(restored, in), adapted_out));
}

TEST(Lora, LoadingAWrongStateChangesNothing) {
  model::Sam3Image net = base_model();
  LoraAdapters lora(*net, LoraOptions{});
  const auto good = lora.state();
  auto missing = good;
  missing.erase(missing.begin());
  EXPECT_THROW(lora.load_state(missing, "missing"), ModelError);
  auto extra = good;
  extra["backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight"] = torch::zeros({96, 32});
  EXPECT_THROW(lora.load_state(extra, "extra"), ModelError);
  auto shape = good;
  shape.begin()->second = torch::zeros({3, 3});
  try {
    lora.load_state(shape, "adapters.safetensors");
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("adapters.safetensors"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(good.begin()->first), std::string::npos);
  }
  for (const auto& [k, t] : lora.state()) EXPECT_TRUE(torch::equal(t, good.at(k))) << k;
  // Rank 16 adapters do not fit rank 8 ones.
  model::Sam3Image other = base_model();
  LoraAdapters wide(*other, LoraOptions{16, 16.0, 0.0, LoraOptions{}.targets, 0});
  EXPECT_THROW(wide.load_state(good, "rank 8"), ModelError);
}

TEST(Lora, MergedModelEqualsTheAdaptedModel) {
  const Inputs in;
  model::Sam3Image net = base_model();
  LoraAdapters lora(*net, LoraOptions{});
  perturb(net, 21);
  lora.refresh();
  const torch::Tensor adapted = outputs(net, in);
  lora.merge();
  EXPECT_TRUE(lora.merged());
  for (const auto& p : net->named_parameters()) EXPECT_FALSE(is_lora_key(p.key())) << p.key();
  expect_same_outputs(outputs(net, in), adapted);
  // The merged weights are a plain model's state: a fresh model loads them strictly.
  model::Sam3Image plain = base_model(99);
  weights::load_state(*plain, weights::module_state(*net), {"merged", {}});
  expect_same_outputs(outputs(plain, in), adapted);
}

// The adapted weights live outside the checkpointed blocks: recomputation must still deliver
// the same adapter gradients.
TEST(Lora, ActivationCheckpointingGivesTheSameAdapterGradients) {
  const Inputs in;
  std::map<std::string, torch::Tensor> grads[2];
  for (const int cp : {0, 1}) {
    model::Sam3Image net = base_model();
    LoraAdapters lora(*net, LoraOptions{});
    perturb(net, 13);
    net->train();
    net->set_activation_checkpointing(cp == 1);
    lora.refresh();
    torch::manual_seed(5);
    const model::Sam3Outputs o = net->forward(in.images, in.ids);
    (o.pred_logits.pow(2).sum() + o.pred_boxes.sum() + o.pred_masks.mean()).backward();
    for (const auto& p : net->named_parameters())
      if (is_lora_key(p.key())) {
        ASSERT_TRUE(p.value().grad().defined()) << p.key() << " checkpointing " << cp;
        grads[cp][p.key()] = p.value().grad().clone();
      }
  }
  ASSERT_EQ(grads[0].size(), 32u);
  for (const auto& [key, g] : grads[0]) {  // 1e-6 relative: float32 summation order
    const double scale = std::max(1.0, g.abs().max().item<double>());
    EXPECT_LE((g - grads[1].at(key)).abs().max().item<double>(), 1e-6 * scale)
        << key << " (largest gradient " << scale << ")";
  }
}

TEST(Lora, MergeAdaptersOfACheckpointForDeployment) {
  const Inputs in;
  model::Sam3Image trained = base_model();
  LoraAdapters lora(*trained, LoraOptions{4, 8.0, 0.0, {"attn.qkv", "mlp.fc1"}, 0});
  perturb(trained, 17);
  lora.refresh();
  const torch::Tensor adapted = outputs(trained, in);
  model::Sam3Image base = base_model();
  const auto merged = merge_adapters(*base, lora.state(), 8.0);
  for (const auto& [key, t] : merged) EXPECT_FALSE(is_lora_key(key)) << key;
  model::Sam3Image plain = base_model(99);
  weights::load_state(*plain, merged, {"merged", {}});
  expect_same_outputs(outputs(plain, in), adapted);
  // Not adapters at all / none.
  model::Sam3Image other = base_model();
  EXPECT_THROW(
      merge_adapters(*other, {{"transformer.decoder.norm.weight", torch::ones({32})}}, 8.0),
      ModelError);
  EXPECT_THROW(merge_adapters(*other, {}, 8.0), InvalidInput);
}

TEST(Lora, BadOptionsAreRefused) {
  model::Sam3Image net = base_model();
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{0, 16.0, 0.0, {"attn.qkv"}, 0}), InvalidInput);
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{8, 0.0, 0.0, {"attn.qkv"}, 0}), InvalidInput);
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{8, 16.0, 1.0, {"attn.qkv"}, 0}), InvalidInput);
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{8, 16.0, 0.0, {"attn.qkv", "attn.qkv"}, 0}),
               InvalidInput);
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{8, 16.0, 0.0, {"ffn"}, 0}), InvalidInput);
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{8, 16.0, 0.0, {}, 0}), InvalidInput);
  LoraAdapters ok(*net, LoraOptions{});
  EXPECT_THROW(LoraAdapters(*net, LoraOptions{}), InvalidInput);  // already adapted
}

TEST(Lora, DropoutMasksInputFeaturesOnlyInTraining) {
  const Inputs in;
  model::Sam3Image net = base_model();
  LoraAdapters lora(*net, LoraOptions{8, 16.0, 0.5, {"mlp.fc1"}, 0});
  perturb(net, 5);
  lora.refresh();  // eval mode: no dropout
  const torch::Tensor eval_out = outputs(net, in);
  model::Sam3Image same = base_model();
  LoraAdapters no_dropout(*same, LoraOptions{8, 16.0, 0.0, {"mlp.fc1"}, 0});
  perturb(same, 5);
  no_dropout.refresh();
  EXPECT_TRUE(torch::equal(outputs(same, in), eval_out));
  net->train();
  torch::manual_seed(4);
  lora.refresh();  // training: a feature mask
  net->eval();     // same forward path, weights from the training refresh
  EXPECT_FALSE(torch::allclose(outputs(net, in), eval_out));
}

}  // namespace
}  // namespace sam3::train
