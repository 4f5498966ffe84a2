// The memory modes inside the training loop (sam3-tiny, CPU): activation checkpointing leaves the
// losses unchanged; a frozen text tower stays bit-identical; a LoRA run writes checkpoints that
// hold only the adapters and resumes exactly from them; each mode is selected by its YAML keys.
#include <gtest/gtest.h>

#include "core/model/random_init.h"
#include "core/train/lora.h"
#include "core/train/run_folder.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/weights/safetensors.h"
#include "tests/core/train/trainer_fixture.h"
#include "tests/support/test_files.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

struct TempDir : ::sam3::test::TempDir {
  TempDir() : ::sam3::test::TempDir("sam3_memory_modes_test_") {}
};

using fixture::tiny_data;

TrainerOptions tiny_options() {
  TrainerOptions o = fixture::tiny_trainer_options();
  o.keep_best = false;
  o.weights_fp32 = true;
  o.tensorboard = false;
  o.optimizer.lr_vision = 1e-3;
  o.optimizer.lr_text = 1e-3;
  return o;
}

class TrainerMemoryModes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(::sam3::test::clip_vocab()))
      GTEST_SKIP() << "needs " << ::sam3::test::clip_vocab() << " (../shared absent)";
  }
  const SyntheticSource source{tiny_data(), 2};
};

TrainResult train(const TrainerOptions& o, const SyntheticSource& source, const fs::path& dir,
                  int stop_after = 0, bool resume = false) {
  Trainer trainer(o, source, dir, "# test\n");
  TrainCallbacks cb;
  int steps = 0;
  cb.on_step = [&](const TrainProgress&) { ++steps; };
  if (stop_after > 0) cb.cancel_requested = [&] { return steps >= stop_after; };
  return trainer.run(cb, resume);
}

TEST_F(TrainerMemoryModes, ActivationCheckpointingGivesTheSameLosses) {
  TempDir a, b;
  TrainerOptions o = tiny_options();
  o.max_steps = 3;
  o.activation_checkpointing = false;
  const TrainResult plain = train(o, source, a.path);
  o.activation_checkpointing = true;
  const TrainResult recomputed = train(o, source, b.path);
  ASSERT_EQ(plain.step_losses.size(), 3u);
  ASSERT_EQ(recomputed.step_losses.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(recomputed.step_losses[i], plain.step_losses[i],
                1e-6 * std::max(1.0, std::abs(plain.step_losses[i])))
        << "step " << i + 1;
}

TEST_F(TrainerMemoryModes, FrozenTextTowerStaysAsInitialised) {
  model::Sam3Image init(model::model_config_by_name("sam3-tiny"));
  model::init_random_weights(*init, 11);  // the trainer's seeded initialisation
  for (const bool frozen : {true, false}) {
    TempDir dir;
    TrainerOptions o = tiny_options();
    o.max_steps = 2;
    o.freeze_text = frozen;
    const TrainResult r = train(o, source, dir.path);
    const auto saved = weights::read_safetensors(r.last_checkpoint).tensors;
    const std::string key =
        "backbone.language_backbone.encoder.transformer.resblocks.0.mlp.c_fc.weight";
    const torch::Tensor before = init->named_parameters()[key];
    EXPECT_EQ(torch::equal(saved.at(key), before), frozen) << "frozen " << frozen;
    const std::string trained = "transformer.decoder.layers.0.linear1.weight";
    EXPECT_FALSE(torch::equal(saved.at(trained), init->named_parameters()[trained]));
  }
}

TEST_F(TrainerMemoryModes, LoraCheckpointsHoldOnlyAdaptersAndResumeExactly) {
  TrainerOptions o = tiny_options();
  o.lora = true;
  o.lora_options.rank = 4;
  TempDir a, b;
  const TrainResult full = train(o, source, a.path);
  ASSERT_EQ(full.step_losses.size(), 4u);
  const auto weights = weights::read_safetensors(full.last_checkpoint).tensors;
  ASSERT_EQ(weights.size(), 4u * 4u * 2u);  // 4 blocks x 4 layers x (A, B)
  for (const auto& [key, t] : weights) EXPECT_TRUE(is_lora_key(key)) << key;
  // Training changed the adapters (B starts at zero).
  EXPECT_GT(weights.at("backbone.vision_backbone.trunk.blocks.3.mlp.fc2.lora_B.weight")
                .abs()
                .sum()
                .item<double>(),
            0.0);
  const TrainingState state = read_training_state(RunFolder(a.path).latest()->state);
  for (const auto& [key, t] : state.model) EXPECT_TRUE(is_lora_key(key)) << key;

  const TrainResult first = train(o, source, b.path, /*stop_after=*/2);
  ASSERT_EQ(first.status, TrainStatus::Cancelled);
  const TrainResult second = train(o, source, b.path, 0, /*resume=*/true);
  ASSERT_EQ(second.step_losses.size(), 2u);
  EXPECT_EQ(first.step_losses[1], full.step_losses[1]);
  EXPECT_EQ(second.step_losses[0], full.step_losses[2]);
  EXPECT_EQ(second.step_losses[1], full.step_losses[3]);
}

TrainerOptions options_from(const std::string& yaml) {
  const TrainConfig c = parse_train_config(yaml, "modes.yaml");
  validate_train_config(c, "modes.yaml");
  return trainer_options_from_config(c, "modes.yaml");
}

TEST(MemoryModeConfig, EachModeIsSelectedByItsKeys) {
  const TrainerOptions defaults = options_from("");
  EXPECT_TRUE(defaults.activation_checkpointing);
  EXPECT_EQ(defaults.amp, "auto");
  EXPECT_FALSE(defaults.lora || defaults.freeze_text || defaults.freeze_vision_trunk);

  EXPECT_FALSE(
      options_from("precision:\n  activation_checkpointing: false\n").activation_checkpointing);
  EXPECT_EQ(options_from("precision:\n  amp: fp16\n").amp, "fp16");
  EXPECT_TRUE(options_from("memory:\n  freeze_text: true\n").freeze_text);
  const TrainerOptions trunk =
      options_from("memory:\n  freeze_vision_trunk: true\n  train_last_vision_blocks: 2\n");
  EXPECT_TRUE(trunk.freeze_vision_trunk);
  EXPECT_EQ(trunk.train_last_vision_blocks, 2);
  const TrainerOptions lora = options_from(
      "memory:\n  lora:\n    enabled: true\n    rank: 4\n    alpha: 8\n    dropout: 0.1\n"
      "    targets: [attn.qkv, mlp.fc1]\n");
  EXPECT_TRUE(lora.lora);
  EXPECT_EQ(lora.lora_options.rank, 4);
  EXPECT_DOUBLE_EQ(lora.lora_options.alpha, 8.0);
  EXPECT_DOUBLE_EQ(lora.lora_options.dropout, 0.1);
  EXPECT_EQ(lora.lora_options.targets, (std::vector<std::string>{"attn.qkv", "mlp.fc1"}));
}

TEST(MemoryModeConfig, ContradictoryModesAreRefused) {
  EXPECT_THROW(options_from("memory:\n  freeze_vision_trunk: true\n  train_last_vision_blocks: 2\n"
                            "  lora:\n    enabled: true\n"),
               ConfigError);
  EXPECT_THROW(options_from("memory:\n  lora:\n    enabled: true\n    dropout: 1.0\n"),
               ConfigError);
}

}  // namespace
}  // namespace sam3::train
