// Data-parallel training of sam3-tiny on the CPU over Gloo. Each rank is this test program run
// again (exec, not fork: a forked LibTorch process may hang in OpenMP) with torchrun's variables
// and the worker test selected; the parent test compares what the ranks wrote.
//  - 2 ranks x batch 1 give the losses of 1 process x batch 2 with the same seed, and only rank 0
//    writes a run folder;
//  - a killed rank makes the other fail with a DistributedError within a bounded time;
//  - a 2-rank checkpoint resumes on 1 rank (same global batch: the same losses as the
//    uninterrupted run; another global batch: the right place in the schedule and epoch order).
// Dropout and drop-path are off in the model config these tests use (they draw per-rank streams,
// so with them on the runs are only statistically equal).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "core/train/distributed.h"
#include "core/train/phase_hook.h"
#include "core/train/run_folder.h"
#include "core/train/trainer.h"
#include "core/util/atomic_file.h"
#include "core/util/fs_util.h"
#include "tests/core/train/trainer_fixture.h"
#include "tests/support/test_files.h"

namespace sam3::train {
namespace {

using fixture::tiny_data;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct TempDir : ::sam3::test::TempDir {
  TempDir() : ::sam3::test::TempDir("sam3_dist_trainer_", /*create=*/true) {}
};

// sam3-tiny without dropout and drop-path, written beside the test's files.
fs::path no_dropout_config(const fs::path& dir) {
  std::string yaml =
      read_file(fs::path(::sam3::test::source_dir()) / "resources/models/sam3-tiny.yaml");
  yaml = std::regex_replace(yaml, std::regex(R"((dropout|drop_path_rate): 0\.1)"), "$1: 0.0");
  const fs::path file = dir / "sam3-tiny-no-dropout.yaml";
  write_file_atomic(file, yaml);
  return file;
}

// 4 photos, global batch 2: 2 steps per epoch, 2 epochs, a checkpoint at each epoch end.
TrainerOptions tiny_options(const fs::path& model_config, int batch_size) {
  TrainerOptions o;
  o.model_config = model_config.string();
  o.vocab = ::sam3::test::clip_vocab();
  o.device = "cpu";
  o.seed = 11;
  o.batch_size = batch_size;
  o.epochs = 2;
  o.validate_every_epochs = 0;
  o.keep_last = 3;
  o.tensorboard = true;
  o.schedule.warmup_steps = 1;
  o.schedule.cooldown_steps = 1;
  o.schedule.timescale = 1;
  o.optimizer.lr = 1e-3;
  o.data.augment.hflip_probability = 0.5;
  o.data.augment.brightness = 0.2;
  return o;
}

// The 100-step comparison: 20 photos, global batch 2 (10 steps an epoch), 10 epochs.
SyntheticOptions long_data() {
  SyntheticOptions o = tiny_data();
  o.num_photos = 20;
  return o;
}
TrainerOptions long_options(const fs::path& model_config, int batch_size) {
  TrainerOptions o = tiny_options(model_config, batch_size);
  o.epochs = 10;
  o.keep_last = 1;
  o.tensorboard = false;
  return o;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// ---- the rank side: runs only when started by a parent test below ----

TEST(DistTrainerWorker, Rank) {
  const std::string scenario = env_or_empty("SAM3_DIST_SCENARIO");
  if (scenario.empty()) GTEST_SKIP() << "runs only as a rank started by the tests below";
  const DistEnv env = read_dist_env();
  const fs::path dir = env_or_empty("SAM3_DIST_DIR");
  const fs::path run = env_or_empty("SAM3_DIST_RUN");
  const fs::path out = dir / ("rank" + std::to_string(env.rank) + ".json");
  DistOptions options;
  options.timeout = std::chrono::seconds(60);
  const auto ctx = DistContext::create(env, options);
  const bool long_run = scenario == "long";
  const SyntheticSource source(long_run ? long_data() : tiny_data(), 2);
  const fs::path config = dir / "sam3-tiny-no-dropout.yaml";
  Trainer trainer(long_run ? long_options(config, 1) : tiny_options(config, 1), source, run,
                  "# dist test\n", ctx.get());
  nlohmann::json result = {{"rank", env.rank}, {"global_batch", trainer.global_batch()}};
  if (scenario == "kill" && env.rank == 1) {
    // Dies at the start of the second step, after one step of collectives.
    testing::set_phase_hook([](const PhasePoint& p) {
      if (p.phase == TrainPhase::Step && p.step == 1) ::raise(SIGKILL);
    });
  }
  try {
    const TrainResult r = trainer.run();
    result["losses"] = r.step_losses;
    result["samples_seen"] = r.samples_seen;
    result["steps"] = r.steps;
  } catch (const DistributedError& e) {
    result["error"] = e.what();
  }
  write_file_atomic(out, result.dump());
}

// ---- the parent side ----

// Starts this test program as rank `rank` of `world` running `scenario`.
pid_t start_rank(int rank, int world, int port, const std::string& scenario, const fs::path& dir,
                 const fs::path& run) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("RANK", std::to_string(rank).c_str(), 1);
    ::setenv("WORLD_SIZE", std::to_string(world).c_str(), 1);
    ::setenv("MASTER_ADDR", "127.0.0.1", 1);
    ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
    ::setenv("SAM3_DIST_SCENARIO", scenario.c_str(), 1);
    ::setenv("SAM3_DIST_DIR", dir.c_str(), 1);
    ::setenv("SAM3_DIST_RUN", run.c_str(), 1);
    const char* argv[] = {"test_train_slow", "--gtest_filter=DistTrainerWorker.Rank", nullptr};
    ::execv("/proc/self/exe", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, Clock::time_point deadline) {
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

nlohmann::json read_json(const fs::path& file) {
  return nlohmann::json::parse(read_file(file));
}

class DistTrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!env_or_empty("SAM3_DIST_SCENARIO").empty()) GTEST_SKIP() << "inside a rank";
    if (!fs::exists(::sam3::test::clip_vocab()))
      GTEST_SKIP() << "needs " << ::sam3::test::clip_vocab() << " (../shared absent)";
    const auto backends = DistContext::available_backends();
    if (std::find(backends.begin(), backends.end(), "gloo") == backends.end())
      GTEST_SKIP() << "this build has no Gloo process group (install libgloo-dev)";
    config_ = no_dropout_config(dir_.path);
  }
  // Runs `scenario` on 2 ranks; rank 0 trains into `run0`, rank 1 is given `run1`.
  std::pair<int, int> run_two(const std::string& scenario, const fs::path& run0,
                              const fs::path& run1, std::chrono::seconds guard) {
    const int port = free_loopback_port();
    const pid_t r0 = start_rank(0, 2, port, scenario, dir_.path, run0);
    const pid_t r1 = start_rank(1, 2, port, scenario, dir_.path, run1);
    const auto deadline = Clock::now() + guard;
    const int e1 = wait_exit(r1, deadline);
    const int e0 = wait_exit(r0, deadline);
    return {e0, e1};
  }
  TempDir dir_;
  fs::path config_;
};

// Per-step tolerance between 2 ranks x batch 1 and 1 process x batch 2: the same photos,
// augmentations, normalisers and fp32 arithmetic, but a different summation order (per-sample
// matmuls, the gradient averaged over ranks instead of summed in one backward). Step 1 differs only
// by that rounding (~1e-7 relative); AdamW's first updates divide by sqrt(v) + eps, which amplifies
// tiny gradient differences of near-zero entries, so later steps are held to 1e-4 relative.
constexpr double kFirstStepRel = 1e-5;
constexpr double kLaterStepRel = 1e-4;

void expect_losses_close(const std::vector<double>& got, const std::vector<double>& want,
                         std::size_t offset = 0) {
  ASSERT_EQ(got.size() + offset, want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::size_t step = i + offset;
    const double tol = (step == 0 ? kFirstStepRel : kLaterStepRel) * std::abs(want[step]);
    EXPECT_NEAR(got[i], want[step], tol) << "step " << step + 1;
  }
}

TEST_F(DistTrainerTest, TwoRanksOfBatchOneMatchOneProcessOfBatchTwoAndOnlyRankZeroWrites) {
  const SyntheticSource source(tiny_data(), 2);
  const fs::path single = dir_.path / "single";
  TrainResult reference;
  {
    Trainer trainer(tiny_options(config_, 2), source, single, "# single\n");
    ASSERT_EQ(trainer.total_steps(), 4);
    reference = trainer.run();
  }
  ASSERT_EQ(reference.step_losses.size(), 4u);

  const fs::path run0 = dir_.path / "run", run1 = dir_.path / "rank1-must-not-exist";
  const auto [e0, e1] = run_two("train", run0, run1, std::chrono::seconds(900));
  ASSERT_EQ(e0, 0);
  ASSERT_EQ(e1, 0);
  for (int rank = 0; rank < 2; ++rank) {
    const nlohmann::json r = read_json(dir_.path / ("rank" + std::to_string(rank) + ".json"));
    ASSERT_FALSE(r.contains("error")) << r.dump();
    EXPECT_EQ(r.at("global_batch").get<int>(), 2);
    EXPECT_EQ(r.at("samples_seen").get<int>(), 8);
    expect_losses_close(r.at("losses").get<std::vector<double>>(), reference.step_losses);
  }
  // Rank 0 wrote the whole run folder; rank 1 created nothing, not even its folder.
  EXPECT_FALSE(fs::exists(run1));
  EXPECT_TRUE(fs::exists(run0 / "config.yaml"));
  EXPECT_TRUE(fs::exists(run0 / "metrics.jsonl"));
  EXPECT_TRUE(fs::exists(run0 / "model_card.json"));
  const RunFolder folder(run0);
  ASSERT_EQ(folder.checkpoints().size(), 2u);  // the two epoch ends (steps 2 and 4)
  const TrainingState state = read_training_state(folder.checkpoints().back().state);
  EXPECT_EQ(state.step, 4);
  EXPECT_EQ(state.samples_seen, 8);
  EXPECT_EQ(state.global_batch, 2);
  EXPECT_EQ(state.world_size, 2);
  // One metrics line per step, none doubled by a second writer.
  std::ifstream metrics(run0 / "metrics.jsonl");
  int steps = 0;
  for (std::string line; std::getline(metrics, line);)
    if (nlohmann::json::parse(line).value("type", "") == "step") ++steps;
  EXPECT_EQ(steps, 4);

  // Resume the 2-rank run's step-2 checkpoint on 1 process. Same global batch (batch 2): steps 3
  // and 4 match the uninterrupted single-process run.
  const fs::path resumed = dir_.path / "resumed";
  fs::create_directories(resumed / "checkpoints");
  const CheckpointFiles at2 = folder.checkpoints().front();
  ASSERT_EQ(at2.step, 2);
  for (const fs::path& f : {at2.weights, at2.card, at2.state})
    fs::copy_file(f, resumed / "checkpoints" / f.filename());
  {
    Trainer trainer(tiny_options(config_, 2), source, resumed, "# resumed\n");
    const TrainResult r = trainer.run({}, /*resume=*/true);
    EXPECT_EQ(r.steps, 4);
    EXPECT_EQ(r.samples_seen, 8);
    expect_losses_close(r.step_losses, reference.step_losses, 2);
  }
  // Another global batch (batch 1 on 1 process): the run continues at the start of epoch 1, now
  // 4 steps long (step 4 of 8), and trains its 4 photos: 8 seen in all.
  const fs::path halved = dir_.path / "halved";
  fs::create_directories(halved / "checkpoints");
  for (const fs::path& f : {at2.weights, at2.card, at2.state})
    fs::copy_file(f, halved / "checkpoints" / f.filename());
  {
    Trainer trainer(tiny_options(config_, 1), source, halved, "# halved\n");
    EXPECT_EQ(trainer.total_steps(), 8);
    std::vector<std::string> messages;
    TrainCallbacks cb;
    cb.on_message = [&](const std::string& m) { messages.push_back(m); };
    const TrainResult r = trainer.run(cb, /*resume=*/true);
    EXPECT_EQ(r.steps, 8);
    EXPECT_EQ(r.step_losses.size(), 4u);
    EXPECT_EQ(r.samples_seen, 8);
    ASSERT_FALSE(messages.empty());
    EXPECT_NE(messages.front().find("resumed at step 4 (checkpoint step 2 of global batch 2 on 2"),
              std::string::npos)
        << messages.front();
  }
}

// Issue 13's loss-curve check at the scale of this machine: 100 steps of 2 ranks x batch 1 against
// 1 process x batch 2 in fp32 (sam3-tiny, no dropout, lr 1e-3). Every step within 1e-4 relative
// (measured: 4e-7 over 100 steps with the CLI's default config, session 8).
TEST_F(DistTrainerTest, TwoRanksTrackOneProcessOverAHundredSteps) {
  const SyntheticSource source(long_data(), 2);
  TrainResult reference;
  {
    Trainer trainer(long_options(config_, 2), source, dir_.path / "single", "# single\n");
    ASSERT_EQ(trainer.total_steps(), 100);
    reference = trainer.run();
  }
  const auto [e0, e1] =
      run_two("long", dir_.path / "run", dir_.path / "rank1", std::chrono::seconds(900));
  ASSERT_EQ(e0, 0);
  ASSERT_EQ(e1, 0);
  const nlohmann::json r = read_json(dir_.path / "rank0.json");
  ASSERT_FALSE(r.contains("error")) << r.dump();
  const auto losses = r.at("losses").get<std::vector<double>>();
  ASSERT_EQ(losses.size(), 100u);
  double worst = 0;
  for (std::size_t i = 0; i < losses.size(); ++i) {
    const double rel =
        std::abs(losses[i] - reference.step_losses[i]) / std::abs(reference.step_losses[i]);
    worst = std::max(worst, rel);
    EXPECT_LE(rel, kLaterStepRel) << "step " << i + 1;
  }
  std::printf("  2 ranks vs 1 process, 100 steps: worst relative loss difference %.3g\n", worst);
  // The run learned something (a flat curve would match trivially).
  EXPECT_LT(reference.step_losses.back(), 0.8 * reference.step_losses.front());
}

TEST_F(DistTrainerTest, KilledRankMakesTheOtherFailWithinTheTimeout) {
  const auto t0 = Clock::now();
  const auto [e0, e1] =
      run_two("kill", dir_.path / "run", dir_.path / "run1", std::chrono::seconds(600));
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(e1, 128 + SIGKILL);
  ASSERT_EQ(e0, 0) << "rank 0 hung (-1) or failed without a DistributedError";
  const nlohmann::json r = read_json(dir_.path / "rank0.json");
  ASSERT_TRUE(r.contains("error")) << r.dump();
  const std::string what = r.at("error");
  EXPECT_NE(what.find("failed on rank 0 of 2"), std::string::npos) << what;
  EXPECT_NE(what.find("peer"), std::string::npos) << what;
  // Gloo sees the closed connection at once; the 60 s collective timeout is the upper bound.
  EXPECT_LT(seconds, 240.0);
}

}  // namespace
}  // namespace sam3::train
