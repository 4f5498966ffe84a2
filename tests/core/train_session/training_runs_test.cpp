// training_runs.h on run folders written by hand in the trainer's layout (run_folder.h): listing,
// curves, checkpoint metrics and sizes, delete with the bytes freed, weights export, bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/train/train_config.h"
#include "core/train/training_runs.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;
using namespace sam3::train;

namespace {

const std::string kCard2 = R"({"model_config":"sam3-tiny","step":2})";

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

class RunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ =
        fs::temp_directory_path() /
        ("sam3_runs_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(project_);
    run_ = project_ / "runs" / "20260101-120000";
    TrainConfig c;
    c.model.config = "sam3-tiny";
    write(run_ / "config.yaml", to_yaml(c));
    write(
        run_ / "metrics.jsonl",
        R"({"type":"step","step":1,"epoch":0,"loss":4.5,"terms":{"loss_ce":2.0},"lr":{"transformer":1e-5}})"
        "\n"
        R"({"type":"step","step":2,"epoch":0,"loss":3.5,"terms":{"loss_ce":1.5},"lr":{"transformer":2e-5}})"
        "\n"
        "not json\n"
        R"({"type":"step","step":3,"epoch":1,"loss":2.5})"
        "\n"
        R"({"type":"validation","step":3,"epoch":1,"bbox":[0.5,0.75,0,0,0,0,0,0,0.6,0,0,0],"segm":[-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1]})"
        "\n");
    const fs::path ck = run_ / "checkpoints";
    write(ck / "step_000000002.safetensors", std::string(100, 'w'));
    write(ck / "step_000000002.state.safetensors", std::string(300, 's'));
    write(ck / "step_000000002.json", kCard2);
    write(ck / "step_000000003.safetensors", std::string(100, 'w'));
    write(ck / "step_000000003.state.safetensors", std::string(300, 's'));
    write(ck / "step_000000003.json",
          R"({"step":3,"metrics":{"step":3,"bbox":[0.5,0.75,0,0,0,0,0,0,0.6,0,0,0]}})");
    // Incomplete (no state file): not a checkpoint.
    write(ck / "step_000000004.safetensors", std::string(100, 'w'));
    write(ck / "step_000000004.json", R"({"step":4})");
    write(ck / "best.safetensors", std::string(100, 'b'));
    write(ck / "best.json", R"({"step":3})");
    // A folder without config.yaml is no run.
    fs::create_directories(project_ / "runs" / "stray");
  }
  void TearDown() override { sam3::remove_tree(project_); }
  fs::path project_, run_;
};

TEST_F(RunsTest, ListsRunsWithCheckpointsMetricsAndSizes) {
  const auto runs = list_runs(project_);
  ASSERT_EQ(runs.size(), 1u);
  const RunInfo& r = runs[0];
  EXPECT_EQ(r.name, "20260101-120000");
  EXPECT_EQ(r.model_config, "sam3-tiny");
  EXPECT_TRUE(r.problem.empty()) << r.problem;
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.last_logged_step, 3);
  ASSERT_EQ(r.checkpoints.size(), 3u);  // step 2, step 3, best
  EXPECT_EQ(r.checkpoints[0].step, 2);
  EXPECT_EQ(r.checkpoints[0].epoch, 0);
  EXPECT_EQ(r.checkpoints[0].bytes, static_cast<std::int64_t>(100 + 300 + kCard2.size()));
  EXPECT_FALSE(r.checkpoints[0].bbox.has_value());
  EXPECT_EQ(r.checkpoints[1].step, 3);
  EXPECT_EQ(r.checkpoints[1].epoch, 1);
  ASSERT_TRUE(r.checkpoints[1].bbox.has_value());
  EXPECT_DOUBLE_EQ((*r.checkpoints[1].bbox)[1], 0.75);
  EXPECT_TRUE(r.checkpoints[2].best);
  EXPECT_EQ(r.checkpoints[2].step, 3);
  EXPECT_EQ(r.checkpoints[2].label(), "best (step 3)");
  EXPECT_TRUE(r.checkpoints[2].state.empty());
  EXPECT_GT(r.bytes, 1000);
  EXPECT_NE(r.checkpoints[0].card_json.find("sam3-tiny"), std::string::npos);
}

TEST_F(RunsTest, CurvesSkipBadLines) {
  const RunCurves c = read_curves(run_);
  ASSERT_EQ(c.steps.size(), 3u);
  EXPECT_DOUBLE_EQ(c.steps[1].loss, 3.5);
  EXPECT_DOUBLE_EQ(c.steps[1].terms.at("loss_ce"), 1.5);
  EXPECT_DOUBLE_EQ(c.steps[1].lr.at("transformer"), 2e-5);
  ASSERT_EQ(c.validations.size(), 1u);
  EXPECT_DOUBLE_EQ(c.validations[0].bbox[8], 0.6);
  EXPECT_DOUBLE_EQ(c.validations[0].segm[0], -1);
  EXPECT_TRUE(read_curves(project_ / "no-such-run").steps.empty());
}

TEST_F(RunsTest, DeleteCheckpointReportsFreedBytes) {
  const auto run = read_run(run_);
  std::int64_t freed = 0;
  ASSERT_TRUE(delete_checkpoint(run.checkpoints[0], &freed).ok());
  EXPECT_EQ(freed, static_cast<std::int64_t>(100 + 300 + kCard2.size()));
  EXPECT_FALSE(fs::exists(run.checkpoints[0].weights));
  EXPECT_EQ(read_run(run_).checkpoints.size(), 2u);
  // Gone already: nothing more to free, not an error.
  EXPECT_TRUE(delete_checkpoint(run.checkpoints[0], &freed).ok());
  EXPECT_EQ(freed, 0);
}

TEST_F(RunsTest, ExportCopiesWeightsAndCardOnly) {
  const auto run = read_run(run_);
  const fs::path out = project_ / "export";
  fs::path written;
  ASSERT_TRUE(export_weights(run, run.checkpoints[1], out, &written).ok());
  EXPECT_EQ(written, out / "20260101-120000_step_3.safetensors");
  EXPECT_EQ(fs::file_size(written), 100u);
  EXPECT_TRUE(fs::exists(out / "20260101-120000_step_3.json"));
  EXPECT_FALSE(fs::exists(out / "20260101-120000_step_3.state.safetensors"));
  ASSERT_TRUE(export_weights(run, run.checkpoints[2], out).ok());
  EXPECT_TRUE(fs::exists(out / "20260101-120000_best.safetensors"));
  // A file where the folder should be.
  write(project_ / "blocked", "x");
  const SessionError e = export_weights(run, run.checkpoints[1], project_ / "blocked" / "sub");
  EXPECT_EQ(e.kind, SessionError::Kind::Disk) << e.message;
}

TEST_F(RunsTest, DeleteRunRefusesOtherFolders) {
  std::int64_t freed = 0;
  const SessionError e = delete_run(project_ / "runs" / "stray", &freed);
  EXPECT_EQ(e.kind, SessionError::Kind::Input);
  EXPECT_TRUE(fs::exists(project_ / "runs" / "stray"));
  const auto bytes = read_run(run_).bytes;
  ASSERT_TRUE(delete_run(run_, &freed).ok());
  EXPECT_EQ(freed, bytes);
  EXPECT_FALSE(fs::exists(run_));
  EXPECT_TRUE(list_runs(project_).empty());
}

TEST_F(RunsTest, BrokenConfigIsReportedNotThrown) {
  write(run_ / "config.yaml", "train:\n  epochs: many\n");
  const RunInfo r = read_run(run_);
  EXPECT_NE(r.problem.find("train.epochs"), std::string::npos) << r.problem;
  EXPECT_EQ(r.checkpoints.size(), 3u);
}

}  // namespace
