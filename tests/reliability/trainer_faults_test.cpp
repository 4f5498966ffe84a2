// Training faults on sam3-tiny (CPU, 2 epochs of 2 steps, a checkpoint and a validation after
// each epoch), injected at the trainer's real phases through core/train/phase_hook.h:
//  - CUDA out of memory in a step (c10::OutOfMemoryError, the type LibTorch's allocator throws)
//    becomes sam3::OutOfMemory with advice;
//  - a NaN loss term stops the run with NonFiniteLoss naming the term and the step;
//  - a failed checkpoint write stops the run with the IoError naming the file;
//  - cancel requested while loading, in a step, in validation and in a checkpoint write stops as
//    trainer.h documents;
// and in every case the checkpoint written before is byte-identical afterwards and a resume runs
// the run to its end. The free-disk pre-check of checkpoints names the folder and both sizes.
#include <gtest/gtest.h>

#include <c10/util/Exception.h>

#include <cstdio>
#include <filesystem>
#include <limits>

#include "core/train/phase_hook.h"
#include "core/train/run_folder.h"
#include "core/train/trainer.h"
#include "core/util/atomic_file.h"
#include "core/util/fs_util.h"
#include "tests/core/train/trainer_fixture.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

fs::path vocab() {
  return ::sam3::test::clip_vocab();
}

using fixture::tiny_data;

TrainerOptions tiny_options() {
  TrainerOptions o = fixture::tiny_trainer_options();
  o.validate_every_epochs = 1;
  o.checkpoint_every_epochs = 1;
  o.keep_last = 3;
  return o;
}

// Removes the hook when a test ends, whatever happens.
struct HookGuard {
  explicit HookGuard(PhaseHook hook) { testing::set_phase_hook(std::move(hook)); }
  ~HookGuard() { testing::set_phase_hook({}); }
};

class TrainerFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(vocab())) GTEST_SKIP() << "needs " << vocab() << " (../shared absent)";
    dir_ = fs::temp_directory_path() /
           ("sam3_trainer_faults_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }

  // The checkpoint files of the run by name, with their bytes.
  std::map<std::string, std::string> checkpoint_files() const {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir_ / "checkpoints"))
      out[e.path().filename().string()] = read_file(e.path());
    return out;
  }
  // A fresh trainer on the run folder resumes and runs to the end.
  void resume_to_the_end(std::int64_t from) {
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    std::vector<std::string> messages;
    TrainCallbacks cb;
    cb.on_message = [&](const std::string& m) { messages.push_back(m); };
    const TrainResult r = trainer.run(cb, /*resume=*/true);
    EXPECT_EQ(r.status, TrainStatus::Finished);
    EXPECT_EQ(r.steps, 4);
    EXPECT_EQ(r.step_losses.size(), static_cast<std::size_t>(4 - from));
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.front(), "resumed at step " + std::to_string(from));
    EXPECT_EQ(RunFolder(dir_).latest()->step, 4);
  }

  const SyntheticSource source_{tiny_data(), 2};
  fs::path dir_;
};

TEST_F(TrainerFaults, OutOfMemoryInAStepStopsWithAdviceAndResumes) {
  std::map<std::string, std::string> before;
  {
    HookGuard hook([&](const PhasePoint& p) {
      if (p.phase != TrainPhase::Step || p.step != 2) return;
      before = checkpoint_files();  // step 2's checkpoint, just written
      TORCH_CHECK_WITH(OutOfMemoryError, false,
                       "CUDA out of memory. Tried to allocate 2.00 GiB (injected by the test)");
    });
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    try {
      trainer.run();
      FAIL() << "expected OutOfMemory";
    } catch (const OutOfMemory& e) {
      EXPECT_NE(std::string(e.what()).find("out of memory"), std::string::npos) << e.what();
      EXPECT_NE(e.advice().find("batch_size"), std::string::npos) << e.advice();
      EXPECT_NE(e.advice().find("last checkpoint is kept"), std::string::npos) << e.advice();
    }
  }
  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(checkpoint_files() == before) << "the checkpoint of step 2 changed";
  EXPECT_EQ(RunFolder(dir_).latest()->step, 2);
  resume_to_the_end(2);
}

TEST_F(TrainerFaults, NanLossNamesTermAndStepAndResumes) {
  std::map<std::string, std::string> before;
  {
    HookGuard hook([&](const PhasePoint& p) {
      if (p.phase != TrainPhase::Loss || p.step != 3) return;
      before = checkpoint_files();
      auto& giou = p.loss->terms.at("loss_giou");
      giou = giou * std::numeric_limits<double>::quiet_NaN();
    });
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    try {
      trainer.run();
      FAIL() << "expected NonFiniteLoss";
    } catch (const NonFiniteLoss& e) {
      EXPECT_EQ(e.term(), "loss_giou");
      EXPECT_EQ(e.step(), 3);
      const std::string what = e.what();
      EXPECT_NE(what.find("loss_giou is "), std::string::npos) << what;
      EXPECT_NE(what.find("nan at step 3"), std::string::npos) << what;
      EXPECT_NE(what.find("lower the learning rate"), std::string::npos) << what;
    }
  }
  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(checkpoint_files() == before);
  resume_to_the_end(2);
}

TEST_F(TrainerFaults, FailedCheckpointWriteNamesTheFileAndKeepsThePreviousOne) {
  std::map<std::string, std::string> before;
  const fs::path state = dir_ / "checkpoints" / "step_000000004.state.safetensors";
  {
    HookGuard hook([&](const PhasePoint& p) {
      if (p.phase != TrainPhase::Checkpoint || p.step != 4) return;
      before = checkpoint_files();  // step 4's state file is written already: not "before"
      for (auto it = before.begin(); it != before.end();)
        it = it->first.rfind("step_000000004", 0) == 0 ? before.erase(it) : std::next(it);
      throw IoError(state, "write failed: File too large (injected)");
    });
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    try {
      trainer.run();
      FAIL() << "expected IoError";
    } catch (const IoError& e) {
      EXPECT_EQ(e.file(), state);
    }
  }
  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(checkpoint_files() == before) << "step 4's partial files were not removed";
  resume_to_the_end(2);
}

// Cancel requested when the trainer enters `phase` at `step`: how run() stops, then a resume.
struct CancelCase {
  TrainPhase phase;
  std::int64_t step;        // the phase point's step
  bool resumed_first;       // cancel during a resumed run (from step 2)
  std::int64_t stopped_at;  // TrainResult::steps
  std::int64_t latest;      // the latest checkpoint afterwards (0: none)
  bool latest_has_metrics;  // its card holds the validation
};

class CancelAtPhase : public TrainerFaults, public ::testing::WithParamInterface<CancelCase> {};

TEST_P(CancelAtPhase, StopsAsDocumentedAndResumes) {
  const CancelCase c = GetParam();
  if (c.resumed_first) {  // a run cancelled after step 2 to resume from
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    TrainCallbacks cb;
    int steps = 0;
    cb.on_step = [&](const TrainProgress&) { ++steps; };
    cb.cancel_requested = [&] { return steps >= 2; };
    ASSERT_EQ(trainer.run(cb).status, TrainStatus::Cancelled);
  }
  const auto before =
      fs::exists(dir_ / "checkpoints") ? checkpoint_files() : std::map<std::string, std::string>{};
  bool cancel = false;
  std::vector<std::string> phases;
  HookGuard hook([&](const PhasePoint& p) {
    phases.push_back(std::string(to_string(p.phase)) + " " + std::to_string(p.step));
    if (p.phase == c.phase && p.step == c.step) cancel = true;
  });
  TrainResult r;
  {
    Trainer trainer(tiny_options(), source_, dir_, "# faults\n");
    TrainCallbacks cb;
    cb.cancel_requested = [&] { return cancel; };
    r = trainer.run(cb, c.resumed_first);
  }
  EXPECT_TRUE(cancel) << "the phase point was never entered";
  EXPECT_EQ(r.status, TrainStatus::Cancelled);
  EXPECT_EQ(r.steps, c.stopped_at);
  const auto latest = RunFolder(dir_).latest();
  if (c.latest == 0) {
    EXPECT_FALSE(latest.has_value());
  } else {
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->step, c.latest);
    const auto card = nlohmann::json::parse(read_file(latest->card));
    EXPECT_EQ(card.contains("metrics"), c.latest_has_metrics) << card.dump();
  }
  if (c.phase == TrainPhase::Loading && c.resumed_first) {
    EXPECT_TRUE(checkpoint_files() == before) << "a cancelled load wrote something";
  }
  std::string trace;
  for (const auto& p : phases) trace += p + "; ";
  EXPECT_FALSE(phases.empty());
  std::printf("[reliability] cancel at %s %lld: phases entered: %s\n", to_string(c.phase),
              static_cast<long long>(c.step), trace.c_str());
  if (c.latest == 0) return;  // nothing to resume: the next start is a new run
  testing::set_phase_hook({});
  resume_to_the_end(c.latest);
}

INSTANTIATE_TEST_SUITE_P(
    Phases, CancelAtPhase,
    ::testing::Values(
        // Loading a new run: stops before step 1 with nothing written.
        CancelCase{TrainPhase::Loading, 0, false, 0, 0, false},
        // Loading a resumed run: stops before step 3, step 2's checkpoint untouched.
        CancelCase{TrainPhase::Loading, 2, true, 2, 2, true},
        // In step 1 (mid-epoch): the step finishes, a checkpoint of step 1 is written.
        CancelCase{TrainPhase::Step, 0, false, 1, 1, false},
        // In the validation after step 2: it finishes; the checkpoint holds its metrics.
        CancelCase{TrainPhase::Validation, 2, false, 2, 2, true},
        // In the checkpoint write of step 2: the write completes and is the resume point.
        CancelCase{TrainPhase::Checkpoint, 2, false, 2, 2, true}),
    [](const ::testing::TestParamInfo<CancelCase>& param_info) {
      return std::string(to_string(param_info.param.phase)) +
             (param_info.param.resumed_first ? "Resumed" : "");
    });

TEST(CheckpointDisk, FreeSpacePreCheckNamesFolderAndSizes) {
  const fs::path dir = fs::temp_directory_path();
  const auto space = fs::space(dir);
  const std::uint64_t needed = space.available + (std::uint64_t{8} << 30);
  try {
    check_free_disk(dir, needed);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.file(), dir);
    EXPECT_NE(what.find("not enough free disk space for a checkpoint"), std::string::npos) << what;
    const std::uint64_t want = needed + needed / 10;
    EXPECT_NE(what.find("need " + std::to_string(want >> 20) + " MiB"), std::string::npos) << what;
    EXPECT_NE(what.find(" MiB free"), std::string::npos) << what;
    EXPECT_NE(what.find("lower keep_last"), std::string::npos) << what;
  }
  EXPECT_NO_THROW(check_free_disk(dir, 4096));
  EXPECT_THROW(check_free_disk(dir / "no-such-folder", 1), IoError);
}

}  // namespace
}  // namespace sam3::train
