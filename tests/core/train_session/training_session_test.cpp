// training_session.h: strict config check with key and line, run folder names, the pre-flight
// check on a generated demo project (classes, splits, vocabulary, weights, disk, GPU), and a run
// that cannot start reported as a value. The engine itself is tested in tests/core/train.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/demo/demo_project.h"
#include "core/train/training_session.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;
using namespace sam3::train;

namespace {

const PreflightItem* find_item(const PreflightReport& r, const std::string& topic,
                               PreflightItem::Severity severity) {
  for (const auto& i : r.items)
    if (i.topic == topic && i.severity == severity) return &i;
  return nullptr;
}

std::string describe(const PreflightReport& r) {
  std::string out;
  for (const auto& i : r.items)
    out += i.topic + " [" + std::to_string(static_cast<int>(i.severity)) + "] " + i.message +
           " | " + i.fix + "\n";
  return out;
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("sam3_session_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }
  fs::path demo() {
    sam3::demo::DemoOptions o;
    o.num_photos = 10;  // 7 train, 2 valid, 1 test
    o.width = 160;
    o.height = 120;
    o.num_classes = 1;
    sam3::demo::create_demo_project(dir_ / "demo", o);
    return dir_ / "demo";
  }
  SessionRequest tiny(const fs::path& project) {
    SessionRequest r;
    r.project = project;
    r.config.model.config = "sam3-tiny";
    r.config.device = "cpu";
    r.config.loss.mask_loss = false;
    r.config.validation.best_metric = "bbox_AP50";
    r.run_dir = new_run_dir(project);
    return r;
  }
  fs::path dir_;
};

TEST_F(SessionTest, ConfigErrorsNameKeyAndLine) {
  TrainConfig c;
  EXPECT_TRUE(check_config(to_yaml(TrainConfig{}), &c).ok());
  EXPECT_EQ(c, TrainConfig{});

  SessionError e = check_config("train:\n  epochs: 3\n  epoch_count: 4\n", nullptr, "t.yaml");
  EXPECT_EQ(e.kind, SessionError::Kind::Config);
  EXPECT_EQ(e.key, "train.epoch_count");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("t.yaml"), std::string::npos) << e.message;

  e = check_config("train:\n  batch_size: 0\n", nullptr);
  EXPECT_EQ(e.kind, SessionError::Kind::Config);
  EXPECT_EQ(e.key, "train.batch_size");
  EXPECT_EQ(e.line, 2);

  e = check_config("train: [1, 2\n", nullptr);
  EXPECT_EQ(e.kind, SessionError::Kind::Config);
  EXPECT_GT(e.line, 0);

  // Accepted by the parser but refused by the engine: the key is named (no line).
  e = check_config("data:\n  augmentation:\n    color_jitter:\n      hue: 0.1\n", &c);
  EXPECT_EQ(e.kind, SessionError::Kind::Config) << e.message;
  EXPECT_EQ(e.key, "data.augmentation.color_jitter.hue");
  EXPECT_EQ(c, TrainConfig{});  // untouched on failure
}

TEST_F(SessionTest, NewRunDirsAreDistinct) {
  const fs::path a = new_run_dir(dir_);
  EXPECT_EQ(a.parent_path(), dir_ / "runs");
  fs::create_directories(a);
  const fs::path b = new_run_dir(dir_);
  EXPECT_NE(a, b);
}

TEST_F(SessionTest, PreflightOnDemoProject) {
  const fs::path project = demo();
  SessionRequest r = tiny(project);
  r.vocabulary = dir_ / "no-vocab.txt.gz";
  const PreflightReport report = preflight(r, GpuMemory{});
  SCOPED_TRACE(describe(report));
  EXPECT_FALSE(report.can_start());
  EXPECT_NE(find_item(report, "vocabulary", PreflightItem::Severity::Error), nullptr);
  EXPECT_NE(find_item(report, "config", PreflightItem::Severity::Ok), nullptr);
  EXPECT_EQ(report.train_photos, 7);
  EXPECT_EQ(report.valid_photos, 2);
  EXPECT_EQ(report.classes, 1);
  EXPECT_NE(find_item(report, "classes", PreflightItem::Severity::Ok), nullptr);
  EXPECT_GT(report.parameters, 0);
  EXPECT_GT(report.checkpoint_bytes, report.parameters * 2);
  EXPECT_GE(report.free_disk_bytes, 0);
  EXPECT_NE(find_item(report, "disk", PreflightItem::Severity::Ok), nullptr);
  EXPECT_NE(find_item(report, "gpu", PreflightItem::Severity::Warning), nullptr);  // CPU run
  EXPECT_EQ(report.gpu_estimate_bytes, -1);

  // A CUDA device asked for where none is; missing weights; a GPU too small for the estimate.
  r.config.device = "cuda";
  r.config.model.weights = (dir_ / "missing.safetensors").string();
  PreflightReport bad = preflight(r, GpuMemory{});
  EXPECT_NE(find_item(bad, "gpu", PreflightItem::Severity::Error), nullptr) << describe(bad);
  EXPECT_NE(find_item(bad, "weights", PreflightItem::Severity::Error), nullptr);
  r.config.model.weights.clear();
  GpuMemory small{true, 1 << 20, 1 << 20};
  bad = preflight(r, small);
  EXPECT_GT(bad.gpu_estimate_bytes, 1 << 20);
  const PreflightItem* gpu = find_item(bad, "gpu", PreflightItem::Severity::Error);
  ASSERT_NE(gpu, nullptr) << describe(bad);
  EXPECT_FALSE(gpu->fix.empty());
  // Freezing the text tower lowers the estimate (fewer gradients and optimizer moments).
  r.config.memory.freeze_text = true;
  EXPECT_LT(preflight(r, small).gpu_estimate_bytes, bad.gpu_estimate_bytes);
}

TEST_F(SessionTest, PreflightOnWhatIsNoProject) {
  const PreflightReport report = preflight(tiny(dir_ / "nothing-here"), GpuMemory{});
  EXPECT_FALSE(report.can_start());
}

TEST_F(SessionTest, RunThatCannotStartIsAValue) {
  const fs::path project = demo();
  SessionRequest r = tiny(project);
  r.vocabulary.clear();  // no vocabulary and no weights folder to take it from
  const SessionResult result = run_training(r, {});
  EXPECT_FALSE(result.finished);
  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(result.error.kind, SessionError::Kind::Input);
  EXPECT_NE(result.error.message.find("vocabulary"), std::string::npos);

  r.resume = true;  // a run folder without config.yaml
  const SessionResult resumed = run_training(r, {});
  EXPECT_FALSE(resumed.error.ok());
  EXPECT_EQ(resumed.error.kind, SessionError::Kind::Disk) << resumed.error.message;
}

}  // namespace
