// Activation checkpointing hooked into the model (Sam3ImageImpl::set_activation_checkpointing):
// sam3-tiny in training mode (dropout, drop-path, DAC) gives the same loss and the same gradient
// for every parameter with and without checkpointing, and the backward really recomputes one
// function per ViT block run, text block, fusion-encoder layer and decoder layer.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/train/checkpointing.h"

namespace sam3::train {
namespace {

using torch::indexing::Slice;

struct Pass {
  double loss = 0;
  std::map<std::string, torch::Tensor> grads;  // undefined = no gradient
  std::int64_t recomputations = 0;
};

// A scalar touching every head: final, auxiliary and one-to-many predictions, masks, presence.
torch::Tensor loss_of(const model::Sam3Outputs& o) {
  return o.pred_logits.pow(2).mean() + o.pred_boxes.sum() + o.presence_logit_dec.sum() +
         o.pred_masks.pow(2).mean() + o.semantic_seg.mean() + o.o2m.pred_logits.sum() +
         o.aux_outputs.at(0).pred_boxes.pow(2).sum() + o.pred_masks_o2m.mean();
}

// `frozen_prefix`: parameters whose name starts with one of these do not require grad.
Pass run_pass(bool checkpointing, const std::vector<std::string>& frozen_prefix = {}) {
  const model::ModelConfig cfg = model::model_config_by_name("sam3-tiny");
  model::Sam3Image net(cfg);
  model::init_random_weights(*net, 11);
  for (auto& p : net->named_parameters())
    for (const auto& prefix : frozen_prefix)
      if (p.key().rfind(prefix, 0) == 0) p.value().set_requires_grad(false);
  net->train();
  net->set_activation_checkpointing(checkpointing);
  torch::manual_seed(3);
  const torch::Tensor images = torch::rand({2, 3, cfg.image_size, cfg.image_size}) * 2 - 1;
  torch::Tensor ids = torch::zeros({2, 32}, torch::kLong);
  ids.index_put_({0, Slice(0, 4)}, torch::tensor({49406, 320, 2368, 49407}));
  ids.index_put_({1, Slice(0, 3)}, torch::tensor({49406, 1929, 49407}));
  torch::manual_seed(77);  // dropout and drop-path masks
  const torch::Tensor loss = loss_of(net->forward(images, ids));
  const std::int64_t before = checkpoint_recompute_count();
  loss.backward();
  Pass pass;
  pass.recomputations = checkpoint_recompute_count() - before;
  pass.loss = loss.item<double>();
  for (const auto& p : net->named_parameters())
    pass.grads[p.key()] = p.value().grad().defined() ? p.value().grad().clone() : torch::Tensor();
  return pass;
}

void expect_same_gradients(const Pass& plain, const Pass& recomputed) {
  ASSERT_EQ(plain.grads.size(), recomputed.grads.size());
  int compared = 0;
  for (const auto& [name, g] : plain.grads) {
    const torch::Tensor& h = recomputed.grads.at(name);
    ASSERT_EQ(g.defined(), h.defined()) << name;
    if (!g.defined()) continue;
    // 1e-6 relative to the gradient's scale (absolute below 1): the recomputed backward sums
    // the same terms in another order, which moves float32 results by a few ulps.
    const double diff = (g - h).abs().max().item<double>();
    const double scale = std::max(1.0, g.abs().max().item<double>());
    EXPECT_LE(diff, 1e-6 * scale) << name << " (largest gradient " << scale << ")";
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

int blocks_run(const model::ModelConfig& cfg) {
  return cfg.vision.global_blocks.back() + 1 + cfg.text.layers + cfg.encoder.layers +
         cfg.decoder.layers;
}

TEST(ModelCheckpointing, SameLossAndGradientsAndRecomputesEveryBlock) {
  const model::ModelConfig cfg = model::model_config_by_name("sam3-tiny");
  const Pass plain = run_pass(false);
  const Pass recomputed = run_pass(true);
  EXPECT_EQ(plain.recomputations, 0);
  // ViT blocks up to the last global one, text blocks, encoder and decoder layers: 4+2+2+2.
  EXPECT_EQ(recomputed.recomputations, blocks_run(cfg));
  EXPECT_NEAR(plain.loss, recomputed.loss, 1e-6);
  expect_same_gradients(plain, recomputed);
  // The loss depends on the trunk: its first block has a gradient (not all zeros).
  const torch::Tensor& g =
      plain.grads.at("backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight");
  ASSERT_TRUE(g.defined());
  EXPECT_GT(g.abs().sum().item<double>(), 0.0);
}

TEST(ModelCheckpointing, FrozenEarlyLayersStillGiveTrainableBlocksTheirGradients) {
  // Blocks whose input comes from frozen layers (no input requires grad) must still recompute and
  // deliver their parameters' gradients: the trunk's stem and first two blocks, and the whole text
  // tower (its blocks then need no recomputation at all).
  const std::vector<std::string> frozen{
      "backbone.vision_backbone.trunk.patch_embed.", "backbone.vision_backbone.trunk.pos_embed",
      "backbone.vision_backbone.trunk.ln_pre.",      "backbone.vision_backbone.trunk.blocks.0.",
      "backbone.vision_backbone.trunk.blocks.1.",    "backbone.language_backbone."};
  const model::ModelConfig cfg = model::model_config_by_name("sam3-tiny");
  const Pass plain = run_pass(false, frozen);
  const Pass recomputed = run_pass(true, frozen);
  EXPECT_NEAR(plain.loss, recomputed.loss, 1e-6);
  expect_same_gradients(plain, recomputed);
  EXPECT_FALSE(plain.grads.at("backbone.vision_backbone.trunk.blocks.1.mlp.fc1.weight").defined());
  const torch::Tensor& g =
      recomputed.grads.at("backbone.vision_backbone.trunk.blocks.2.mlp.fc1.weight");
  ASSERT_TRUE(g.defined());
  EXPECT_GT(g.abs().sum().item<double>(), 0.0);
  // Frozen blocks 0-1 and the frozen text tower run plainly: 2 ViT blocks + encoder + decoder.
  EXPECT_EQ(recomputed.recomputations, blocks_run(cfg) - 2 - cfg.text.layers);
}

TEST(ModelCheckpointing, NoRecomputationWithoutGrad) {
  const model::ModelConfig cfg = model::model_config_by_name("sam3-tiny");
  model::Sam3Image net(cfg);
  net->train();
  net->set_activation_checkpointing(true);
  torch::NoGradGuard no_grad;
  const std::int64_t before = checkpoint_recompute_count();
  const auto out = net->forward(torch::zeros({1, 3, cfg.image_size, cfg.image_size}),
                                torch::zeros({1, 32}, torch::kLong));
  EXPECT_FALSE(out.pred_logits.requires_grad());
  EXPECT_EQ(checkpoint_recompute_count(), before);
}

}  // namespace
}  // namespace sam3::train
