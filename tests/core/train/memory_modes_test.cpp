// Memory modes on sam3-tiny (core/train/memory_modes.h): which parameters a frozen text tower or
// a (partly) frozen ViT trunk leaves trainable, that the optimizer groups hold only those, bad
// options, and that the text feature cache runs the text encoder once for a frozen tower.
#include <gtest/gtest.h>

#include <set>

#include "core/model/random_init.h"
#include "core/train/memory_modes.h"
#include "core/train/optimizer.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

using torch::indexing::Slice;

const std::string kText = "backbone.language_backbone.";
const std::string kTrunk = "backbone.vision_backbone.trunk.";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

struct Tiny {
  Tiny() : cfg(model::model_config_by_name("sam3-tiny")), net(cfg) {
    model::init_random_weights(*net, 3);
  }
  std::set<std::string> trainable() const {
    std::set<std::string> out;
    for (const auto& p : net->named_parameters())
      if (p.value().requires_grad()) out.insert(p.key());
    return out;
  }
  std::set<std::string> in_groups() {
    std::set<std::string> out;
    for (const auto& g : make_param_groups(*net, cfg.vision.depth, OptimizerOptions{}))
      for (const auto& p : g.params) out.insert(p.name);
    return out;
  }
  model::ModelConfig cfg;
  model::Sam3Image net;
};

TEST(MemoryModes, FrozenTextLeavesTheTextTowerOutOfTheOptimizer) {
  Tiny t;
  const std::size_t all = t.trainable().size();
  const auto frozen = freeze_parameters(*t.net, {true, false, 0}, t.cfg.vision.depth);
  ASSERT_FALSE(frozen.empty());
  for (const auto& name : frozen) EXPECT_TRUE(starts_with(name, kText)) << name;
  std::size_t text_params = 0;
  for (const auto& p : t.net->named_parameters()) {
    const bool text = starts_with(p.key(), kText);
    text_params += text;
    EXPECT_EQ(p.value().requires_grad(), !text) << p.key();
  }
  EXPECT_EQ(frozen.size(), text_params);
  EXPECT_EQ(t.trainable().size(), all - text_params);
  const auto groups = make_param_groups(*t.net, t.cfg.vision.depth, OptimizerOptions{});
  for (const auto& g : groups) {
    EXPECT_NE(g.family, "text") << g.name;
    for (const auto& p : g.params) EXPECT_FALSE(starts_with(p.name, kText)) << p.name;
  }
  EXPECT_EQ(t.in_groups(), t.trainable());
}

TEST(MemoryModes, FrozenTrunkButItsLastBlock) {
  Tiny t;
  ASSERT_EQ(t.cfg.vision.depth, 4);
  freeze_parameters(*t.net, {false, true, 1}, t.cfg.vision.depth);
  const std::set<std::string> trainable = t.trainable();
  int last_block = 0;
  for (const auto& p : t.net->named_parameters()) {
    const std::string& n = p.key();
    if (starts_with(n, kTrunk + "blocks.3.")) {
      EXPECT_TRUE(p.value().requires_grad()) << n;
      ++last_block;
    } else if (starts_with(n, kTrunk)) {  // stem, pos_embed, blocks 0-2
      EXPECT_FALSE(p.value().requires_grad()) << n;
    } else {  // neck, text, transformer, heads
      EXPECT_TRUE(p.value().requires_grad()) << n;
    }
  }
  EXPECT_GT(last_block, 0);
  EXPECT_TRUE(trainable.count("backbone.vision_backbone.convs.0.conv_1x1.weight") > 0 ||
              std::any_of(trainable.begin(), trainable.end(), [](const std::string& n) {
                return starts_with(n, "backbone.vision_backbone.convs.");
              }));
  EXPECT_EQ(t.in_groups(), trainable);
  // The whole trunk frozen: no trunk parameter in any group.
  Tiny all;
  freeze_parameters(*all.net, {true, true, 0}, all.cfg.vision.depth);
  for (const auto& name : all.in_groups()) {
    EXPECT_FALSE(starts_with(name, kTrunk)) << name;
    EXPECT_FALSE(starts_with(name, kText)) << name;
  }
}

TEST(MemoryModes, BadFreezeOptionsAreRefused) {
  Tiny t;
  EXPECT_THROW(freeze_parameters(*t.net, {false, true, 5}, t.cfg.vision.depth), InvalidInput);
  EXPECT_THROW(freeze_parameters(*t.net, {false, true, -1}, t.cfg.vision.depth), InvalidInput);
  EXPECT_THROW(freeze_parameters(*t.net, {false, false, 2}, t.cfg.vision.depth), InvalidInput);
  EXPECT_EQ(t.trainable().size(), t.net->parameters().size());  // nothing changed
}

torch::Tensor prompt_ids() {
  torch::Tensor ids = torch::zeros({2, 32}, torch::kLong);
  ids.index_put_({0, Slice(0, 4)}, torch::tensor({49406, 320, 2368, 49407}));
  ids.index_put_({1, Slice(0, 3)}, torch::tensor({49406, 1929, 49407}));
  return ids;
}

TEST(MemoryModes, FrozenTextFeaturesAreComputedOnce) {
  Tiny t;
  t.net->train();
  freeze_parameters(*t.net, {true, false, 0}, t.cfg.vision.depth);
  TextFeatureCache cache(true);
  const torch::Tensor ids = prompt_ids();
  const model::TextEncoding first = cache.encode(*t.net, ids);
  EXPECT_EQ(cache.text_forwards(), 1);
  EXPECT_FALSE(first.language_features.requires_grad());
  // A second text forward would now give other features: the cache must not run one.
  {
    torch::NoGradGuard no_grad;
    t.net->backbone->language_backbone->resizer->weight.mul_(2.0);
  }
  for (int step = 0; step < 3; ++step) {
    const model::TextEncoding again = cache.encode(*t.net, ids);
    EXPECT_TRUE(torch::equal(again.language_features, first.language_features));
    EXPECT_TRUE(torch::equal(again.language_mask, first.language_mask));
  }
  EXPECT_EQ(cache.text_forwards(), 1);
  // Other prompts are encoded (with the current weights).
  const model::TextEncoding other = cache.encode(*t.net, ids.index({Slice(0, 1)}));
  EXPECT_EQ(cache.text_forwards(), 2);
  EXPECT_EQ(other.language_features.size(1), 1);
  const model::TextEncoding direct = [&] {
    torch::NoGradGuard no_grad;
    return t.net->encode_text(ids.index({Slice(0, 1)}));
  }();
  EXPECT_TRUE(torch::equal(other.language_features, direct.language_features));
}

// The model-level pin a frozen tower uses on CUDA (the offload itself needs a GPU: the GPU runs
// of docs/performance.md measure it): pinned ids return the pinned features without a text
// forward, even when the encoder's weights changed; other ids and taps run the encoder.
TEST(MemoryModes, PinnedTextFeaturesSkipTheEncoder) {
  Tiny t;
  t.net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor ids = prompt_ids();
  const model::TextEncoding before = t.net->encode_text(ids);
  t.net->pin_text_features(ids, before);
  t.net->backbone->language_backbone->resizer->weight.mul_(2.0);
  const model::TextEncoding pinned = t.net->encode_text(ids);
  EXPECT_TRUE(torch::equal(pinned.language_features, before.language_features));
  const model::TextEncoding other = t.net->encode_text(ids.index({Slice(0, 1)}));
  EXPECT_FALSE(torch::equal(other.language_features,
                            before.language_features.index({Slice(), Slice(0, 1)})));
  t.net->pin_text_features(torch::Tensor(), {});
  EXPECT_FALSE(torch::equal(t.net->encode_text(ids).language_features, before.language_features));
}

TEST(MemoryModes, TrainedTextRunsATextForwardEveryCall) {
  Tiny t;
  t.net->train();
  TextFeatureCache cache(false);
  const torch::Tensor ids = prompt_ids();
  const model::TextEncoding a = cache.encode(*t.net, ids);
  const model::TextEncoding b = cache.encode(*t.net, ids);
  EXPECT_EQ(cache.text_forwards(), 2);
  EXPECT_TRUE(a.language_features.requires_grad());
  EXPECT_TRUE(torch::allclose(a.language_features, b.language_features));
}

}  // namespace
}  // namespace sam3::train
