// evaluation_session.h: a seeded sam3-tiny over the valid / test split of a generated demo project
// (ground truth, detections, progress, cancel), the model of a checkpoint and of its base read
// from hand-written model cards, and failures reported as values. The COCO numbers themselves
// are tested in tests/core/eval; the model in tests/core/model.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/demo/demo_project.h"
#include "core/eval/coco_eval.h"
#include "core/train/evaluation_session.h"
#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;
using namespace sam3::train;

namespace {

const fs::path kVocab = fs::path(::sam3::test::shared_dir()) / "reference" / "clip-bpe" /
                        "bpe_simple_vocab_16e6.txt.gz";

class EvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("sam3_evaluation_test_") +
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
    o.num_classes = 2;
    sam3::demo::create_demo_project(dir_ / "demo", o);
    return dir_ / "demo";
  }
  EvaluationRequest tiny(const fs::path& project, const std::string& split) {
    EvaluationRequest r;
    r.project = project;
    r.split = split;
    r.model.model_config = "sam3-tiny";
    r.model.seed = 3;
    r.vocabulary = kVocab;
    r.device = "cpu";
    return r;
  }
  void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file);
    out << text;
  }
  fs::path dir_;
};

}  // namespace

TEST_F(EvaluationTest, SeededTinyModelOverTheValidSplit) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  const fs::path project = demo();
  std::vector<std::size_t> seen;
  const EvaluationOutcome a =
      evaluate_split(tiny(project, "valid"), [&](std::size_t done, std::size_t total) {
        seen.push_back(done * 100 + total);
        return true;
      });
  ASSERT_TRUE(a.ok()) << a.error.message;
  EXPECT_EQ(seen, (std::vector<std::size_t>{102, 202}));
  EXPECT_EQ(a.photos, 2u);
  ASSERT_EQ(a.gt.images.size(), 2u);
  ASSERT_EQ(a.gt.categories.size(), 2u);
  EXPECT_FALSE(a.gt.annotations.empty());
  ASSERT_FALSE(a.detections.empty());
  // Top queries per photo and class: the same number for each of the 2 x 2 (photo, class) pairs.
  EXPECT_EQ(a.detections.size() % 4, 0u);
  std::set<std::int64_t> images, categories;
  for (const auto& d : a.detections) {
    images.insert(d.image_id);
    categories.insert(d.category_id);
    EXPECT_GE(d.score, 0.0);
    EXPECT_LE(d.score, 1.0);
    EXPECT_TRUE(std::holds_alternative<sam3::eval::Rle>(d.segmentation));  // masks by default
  }
  EXPECT_EQ(images, (std::set<std::int64_t>{1, 2}));
  EXPECT_EQ(categories, (std::set<std::int64_t>{1, 2}));
  const auto bbox = sam3::eval::evaluate_coco(a.gt, a.detections, sam3::eval::IouType::BBox);
  const auto segm = sam3::eval::evaluate_coco(a.gt, a.detections, sam3::eval::IouType::Segm);
  EXPECT_GE(bbox.stats[1], 0.0);
  EXPECT_GE(segm.stats[1], 0.0);

  // The same seed gives the same model and so the same detections.
  const EvaluationOutcome b = evaluate_split(tiny(project, "valid"));
  ASSERT_TRUE(b.ok()) << b.error.message;
  ASSERT_EQ(b.detections.size(), a.detections.size());
  for (std::size_t i = 0; i < a.detections.size(); ++i)
    EXPECT_EQ(b.detections[i].score, a.detections[i].score) << i;
}

TEST_F(EvaluationTest, TestSplitAndCancel) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  const fs::path project = demo();
  EvaluationRequest r = tiny(project, "test");
  r.masks = false;
  const EvaluationOutcome test = evaluate_split(r);
  ASSERT_TRUE(test.ok()) << test.error.message;
  EXPECT_EQ(test.photos, 1u);
  for (const auto& d : test.detections)
    EXPECT_TRUE(std::holds_alternative<std::monostate>(d.segmentation));

  int calls = 0;
  const EvaluationOutcome stopped = evaluate_split(tiny(project, "valid"), [&](auto, auto) {
    ++calls;
    return false;
  });
  EXPECT_TRUE(stopped.cancelled);
  EXPECT_TRUE(stopped.error.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(stopped.detections.empty());
  EXPECT_TRUE(stopped.gt.images.empty());
}

TEST_F(EvaluationTest, FailuresAreValues) {
  const fs::path project = demo();
  EvaluationRequest r = tiny(project, "holdout");
  EvaluationOutcome out = evaluate_split(r);
  EXPECT_EQ(out.error.kind, SessionError::Kind::Input);
  EXPECT_NE(out.error.message.find("holdout"), std::string::npos) << out.error.message;

  r = tiny(project, "valid");
  r.vocabulary.clear();  // random weights have no folder to take a vocabulary from
  out = evaluate_split(r);
  EXPECT_EQ(out.error.kind, SessionError::Kind::Input);
  EXPECT_NE(out.error.message.find("vocabulary"), std::string::npos) << out.error.message;

  r = tiny(dir_ / "no-project", "valid");
  out = evaluate_split(r);
  EXPECT_FALSE(out.error.ok());
  EXPECT_FALSE(out.ok());
}

TEST_F(EvaluationTest, CheckpointAndBaseModelFromTheCard) {
  const fs::path weights = dir_ / "step_4.safetensors";
  EvaluationModel m;
  SessionError e = checkpoint_model(weights, &m);  // no card beside it
  EXPECT_EQ(e.kind, SessionError::Kind::Disk);
  EXPECT_EQ(e.path, dir_ / "step_4.json");

  write(dir_ / "step_4.json", "{not json");
  e = checkpoint_model(weights, &m);
  EXPECT_EQ(e.kind, SessionError::Kind::Input);
  EXPECT_NE(e.message.find("step_4.json"), std::string::npos) << e.message;

  write(dir_ / "step_4.json",
        R"({"model_config": "sam3-tiny", "step": 4,
            "base_weights": {"file": null, "init": "random", "seed": 7},
            "config": "model:\n  config: sam3-tiny\n"})");
  ASSERT_TRUE(checkpoint_model(weights, &m).ok());
  EXPECT_EQ(m.weights, weights);
  EXPECT_EQ(m.model_config, "sam3-tiny");
  ASSERT_TRUE(base_model_of(weights, &m).ok());
  EXPECT_TRUE(m.weights.empty());
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.model_config, "sam3-tiny");

  write(dir_ / "step_4.json",
        R"({"model_config": "sam3", "base_weights": {"file": "/models/sam3.pt", "hash": "x"}})");
  ASSERT_TRUE(base_model_of(weights, &m).ok());
  EXPECT_EQ(m.weights, fs::path("/models/sam3.pt"));
  EXPECT_EQ(m.model_config, "sam3");

  write(dir_ / "step_4.json", R"({"model_config": "sam3", "base_weights": {}})");
  e = base_model_of(weights, &m);
  EXPECT_EQ(e.kind, SessionError::Kind::Input);
  EXPECT_NE(e.message.find("base_weights"), std::string::npos) << e.message;
}
