// Learning proofs (slow) of sam3-tiny trained from a seeded random initialisation on the
// synthetic panels, on CPU (numbers in docs/performance.md, "Training"):
//  - TinyFromScratchFitsFourPhotos (enabled): the pipeline learns 4 photos by heart (AP50 on the
//    same photos), which rules out coordinate, matching and evaluation bugs;
//  - TinyFromScratchReachesAp50OnHeldOutPanels: the acceptance target, bbox AP50 >= 0.5 on a
//    held-out split within a few minutes, with the recipe of
//    tests/data/train/tiny_from_scratch.yaml (56 px input at batch 32: the batch-4 / 112 px recipes
//    of earlier sessions plateaued at AP50 0.1-0.2; every recipe tried is in docs/performance.md,
//    compared with `sam3studio-cli learning` and tests/reference/learning_sweep_gpu.sh). The
//    training step itself is proven equal to the official one, gradients included
//    (train_step_parity_test.cpp).
// Data: synthetic_learning_options() (core/train/synthetic_data.h); the held-out valid split is
// generated with another seed (SyntheticSource): unseen photos. The check itself (train, COCO bbox
// evaluation held-out and on training photos) is core/train/learning_check.h.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

#include "core/train/learning_check.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"
#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

fs::path vocab_path() {
  return fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
}

// The train photos of a SyntheticSource as both splits: validation on the training photos.
class SameSplitSource : public SampleSource {
 public:
  explicit SameSplitSource(const SyntheticOptions& o) : inner_(o, 0) {}
  std::vector<std::string> class_names() const override { return inner_.class_names(); }
  std::vector<std::string> class_prompts() const override { return inner_.class_prompts(); }
  std::vector<SourcePhoto> photos(Split) const override { return inner_.photos(Split::Train); }
  Image decode(Split, std::size_t i) const override { return inner_.decode(Split::Train, i); }
  std::string description() const override {
    return "train photos as valid: " + inner_.description();
  }

 private:
  SyntheticSource inner_;
};

// Sanity proof of the whole pipeline (targets, matcher, losses, optimizer, validation mapping
// back to photo pixels): 4 photos without augmentation, validated on the same 4 photos, are
// learnt by heart. A coordinate-convention or evaluation bug keeps AP50 far from 1.
TEST(TrainerLearning, TinyFromScratchFitsFourPhotos) {
  if (!fs::exists(vocab_path())) GTEST_SKIP() << "needs " << vocab_path() << " (../shared absent)";
  SyntheticOptions data = synthetic_learning_options();  // 112 px panels, one class
  data.num_photos = 4;
  data.max_objects = 2;
  data.min_object_size = 0.35;
  data.max_object_size = 0.6;
  const SameSplitSource source(data);
  TrainerOptions o;
  o.model_config = "sam3-tiny";
  o.vocab = vocab_path();
  o.device = "cpu";
  o.seed = 3;
  o.batch_size = 4;
  o.epochs = 300;  // one step per epoch
  o.validate_every_epochs = 0;
  o.checkpoint_every_epochs = 0;
  o.keep_last = 1;
  o.tensorboard = false;
  o.log_every_steps = 50;
  o.optimizer.lr = 1e-3;
  o.optimizer.lr_vision = 1e-3;
  o.optimizer.lr_text = 1e-4;
  o.optimizer.layer_decay = 1.0;
  o.grad_clip = 0;
  o.schedule.kind = ScheduleKind::Constant;
  o.loss.mask_loss = false;
  o.data.augment.random_resize = false;
  o.data.augment.random_pad = false;
  const fs::path run = fs::temp_directory_path() / ("sam3_fit4_" + std::to_string(::getpid()));
  sam3::remove_tree(run);
  const double cpu0 = cpu_seconds();
  Trainer trainer(o, source, run, "# fit-four test\n");
  const TrainResult r = trainer.run();
  sam3::remove_tree(run);
  ASSERT_TRUE(r.last_validation.has_value());
  std::printf(
      "[fit4] steps %lld, %.1f s CPU, loss %.1f -> %.1f, bbox AP %.3f AP50 %.3f AP75 %.3f\n",
      static_cast<long long>(r.steps), cpu_seconds() - cpu0, r.step_losses.front(),
      r.step_losses.back(), r.last_validation->bbox[0], r.last_validation->bbox[1],
      r.last_validation->bbox[2]);
  EXPECT_GE(r.last_validation->bbox[1], 0.8);
}

fs::path recipe_path() {
  return fs::path(::sam3::test::source_dir()) / "tests/data/train/tiny_from_scratch.yaml";
}

// The recipe file passes the strict loader and describes a from-scratch CPU run of sam3-tiny.
TEST(TrainerLearning, HeldOutRecipeIsAValidFromScratchConfig) {
  const TrainerOptions o =
      trainer_options_from_config(load_train_config(recipe_path()), recipe_path());
  EXPECT_EQ(o.model_config, "sam3-tiny");
  EXPECT_TRUE(o.base_weights.empty());
  EXPECT_EQ(o.device, "cpu");
  EXPECT_FALSE(o.loss.mask_loss);
  EXPECT_GT(o.max_steps, 0);
  EXPECT_GT(o.optimizer.lr, 8e-5);  // above the fine-tuning default
}

// The acceptance proof: the recipe of tests/data/train/tiny_from_scratch.yaml (every key that
// differs from the fine-tuning defaults is explained there) on synthetic_learning_options()'s train
// split; the assertion is on the bbox AP50 of the COCO engine on the held-out split (photos of the
// same generator drawn with another seed, never trained on). AP50 on 32 of the training photos is
// printed beside it (underfitting vs. overfitting).
TEST(TrainerLearning, TinyFromScratchReachesAp50OnHeldOutPanels) {
  const fs::path vocab = vocab_path();
  if (!fs::exists(vocab)) GTEST_SKIP() << "needs " << vocab << " (../shared absent)";
  const fs::path config_file = recipe_path();
  LearningCheckOptions check;
  check.trainer = trainer_options_from_config(load_train_config(config_file), config_file);
  check.trainer.vocab = vocab;
  check.train_eval_photos = 32;
  check.on_line = [](const std::string& line) {
    std::printf("[learning] %s\n", line.c_str());
    std::fflush(stdout);
  };
  const LearningCheckResult r = run_learning_check(check);
  std::printf(
      "[learning] steps %lld, %.1f s CPU, %.1f s wall, loss %.1f -> %.1f, held-out bbox AP %.3f "
      "AP50 %.3f AP75 %.3f, training-photo AP50 %.3f\n",
      static_cast<long long>(r.steps), r.cpu_seconds, r.wall_seconds, r.first_loss, r.last_loss,
      r.held_out.bbox[0], r.held_out.bbox[1], r.held_out.bbox[2],
      r.on_train ? r.on_train->bbox[1] : -1.0);
  // Not the total loss: it counts the one-to-many matches, which grow as the boxes improve
  // (measured: 732 at step 250 -> 1037 at step 1200 while every o2o term fell). The proof is AP.
  EXPECT_GE(r.held_out.bbox[1], 0.5);
  ASSERT_TRUE(r.on_train.has_value());
  EXPECT_GE(r.on_train->bbox[1], 0.5);  // it learnt the task, not a split-specific shortcut
}

}  // namespace
}  // namespace sam3::train
