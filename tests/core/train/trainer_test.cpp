// The training loop on sam3-tiny (CPU): a run cancelled after step k and resumed gives the same
// losses as an uninterrupted run, bit for bit; cancel writes a resumable checkpoint; a NaN loss
// stops the run naming the term and the step; the run folder holds what it promises.
#include <gtest/gtest.h>

#include <fstream>
#include <limits>

#include "core/train/run_folder.h"
#include "core/train/trainer.h"
#include "core/util/atomic_file.h"
#include "core/util/fs_util.h"
#include "tests/core/train/trainer_fixture.h"
#include "tests/support/test_files.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

struct TempDir : ::sam3::test::TempDir {
  TempDir() : ::sam3::test::TempDir("sam3_trainer_test_") {}
};

using fixture::tiny_data;

TrainerOptions tiny_options() {
  TrainerOptions o = fixture::tiny_trainer_options();
  o.data.augment.hflip_probability = 0.5;
  o.data.augment.brightness = 0.2;
  return o;
}

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(::sam3::test::clip_vocab()))
      GTEST_SKIP() << "needs " << ::sam3::test::clip_vocab() << " (../shared absent)";
  }
};

TEST_F(TrainerTest, ResumedRunEqualsUninterruptedRun) {
  const SyntheticSource source(tiny_data(), 2);
  TempDir a, b;
  TrainResult full;
  {
    Trainer trainer(tiny_options(), source, a.path, "# test\n");
    ASSERT_EQ(trainer.total_steps(), 4);
    full = trainer.run();
  }
  ASSERT_EQ(full.status, TrainStatus::Finished);
  ASSERT_EQ(full.step_losses.size(), 4u);
  ASSERT_TRUE(full.last_validation.has_value());

  TrainResult first, second;
  {
    Trainer trainer(tiny_options(), source, b.path, "# test\n");
    int steps_seen = 0;
    TrainCallbacks cb;
    cb.on_step = [&](const TrainProgress& p) {
      ++steps_seen;
      EXPECT_EQ(p.step, steps_seen);
      EXPECT_GT(p.terms.count("loss_bbox"), 0u);
      EXPECT_GT(p.terms.count("presence_loss"), 0u);
      EXPECT_EQ(p.lr.size(), 3u);
    };
    cb.cancel_requested = [&] { return steps_seen >= 2; };
    first = trainer.run(cb);
  }
  EXPECT_EQ(first.status, TrainStatus::Cancelled);
  EXPECT_EQ(first.steps, 2);
  RunFolder run(b.path);
  ASSERT_TRUE(run.latest().has_value());
  EXPECT_EQ(run.latest()->step, 2);
  {
    Trainer trainer(tiny_options(), source, b.path, "# test\n");
    second = trainer.run({}, /*resume=*/true);
  }
  ASSERT_EQ(second.status, TrainStatus::Finished);
  ASSERT_EQ(second.step_losses.size(), 2u);
  EXPECT_EQ(first.step_losses[0], full.step_losses[0]);
  EXPECT_EQ(first.step_losses[1], full.step_losses[1]);
  EXPECT_EQ(second.step_losses[0], full.step_losses[2]);
  EXPECT_EQ(second.step_losses[1], full.step_losses[3]);
  EXPECT_EQ(second.last_validation->bbox, full.last_validation->bbox);

  // The run folder: config, 4 step lines + 1 validation line, event file, card, checkpoints.
  EXPECT_EQ(read_file(run.config_file()), "# test\n");
  std::ifstream metrics(run.metrics_file());
  int steps = 0, validations = 0;
  for (std::string line; std::getline(metrics, line);) {
    steps += line.find("\"type\":\"step\"") != std::string::npos;
    validations += line.find("\"type\":\"validation\"") != std::string::npos;
  }
  EXPECT_EQ(steps, 4);
  EXPECT_EQ(validations, 1);
  const auto card = nlohmann::json::parse(read_file(run.model_card_file()));
  EXPECT_EQ(card["classes"][0]["prompt"], "fuse cutout");
  EXPECT_EQ(card["dataset"]["hash"].get<std::string>().size(), 16u);
  EXPECT_TRUE(card.contains("software"));
  EXPECT_TRUE(fs::exists(run.best().weights));
  EXPECT_EQ(run.checkpoints().size(), 2u);  // keep_last 2: steps 2 and 4
  bool events = false;
  for (const auto& e : fs::directory_iterator(b.path))
    events |= e.path().filename().string().rfind("events.out.tfevents.", 0) == 0;
  EXPECT_TRUE(events);
}

TEST_F(TrainerTest, NonFiniteLossNamesTermAndStep) {
  const SyntheticSource source(tiny_data(), 1);
  TempDir dir;
  TrainerOptions o = tiny_options();
  o.schedule.kind = ScheduleKind::Constant;
  o.optimizer.lr = std::numeric_limits<double>::infinity();
  o.grad_clip = 0;
  Trainer trainer(o, source, dir.path, "");
  try {
    trainer.run();
    FAIL() << "expected NonFiniteLoss";
  } catch (const NonFiniteLoss& e) {
    EXPECT_EQ(e.step(), 2);  // step 1 used finite weights; its update made them infinite
    EXPECT_FALSE(e.term().empty());
    EXPECT_NE(std::string(e.what()).find("step 2"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(RunFolder(dir.path).latest().has_value());
}

TEST_F(TrainerTest, RejectsBadOptions) {
  const SyntheticSource source(tiny_data(), 1);
  TempDir dir;
  TrainerOptions o = tiny_options();
  o.best_metric = "bbox_mAP";
  EXPECT_THROW(Trainer(o, source, dir.path, ""), InvalidInput);
  o = tiny_options();
  o.batch_size = 0;
  EXPECT_THROW(Trainer(o, source, dir.path, ""), InvalidInput);
  o = tiny_options();
  o.device = "tpu";
  EXPECT_THROW(Trainer(o, source, dir.path, ""), InvalidInput);
  o = tiny_options();
  Trainer trainer(o, source, dir.path, "");
  EXPECT_THROW(trainer.run({}, /*resume=*/true), InvalidInput);  // nothing to resume
}

}  // namespace
}  // namespace sam3::train
