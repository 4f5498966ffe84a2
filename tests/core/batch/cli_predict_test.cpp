// `sam3studio-cli predict` over a folder and over a project split: COCO results JSON and overlay
// images, and the refusals of an ambiguous source. The model runs only with the CLIP vocabulary
// of ../shared (skipped otherwise).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/demo/demo_project.h"
#include "core/util/fs_util.h"
#include "core/util/image_io.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;

namespace {

const fs::path kVocab = fs::path(::sam3::test::shared_dir()) / "reference" / "clip-bpe" /
                        "bpe_simple_vocab_16e6.txt.gz";

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

Output run(const std::string& args) {
  const std::string command = std::string("\"") + ::sam3::test::cli_path() + "\" " + args + " 2>&1";
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  const int status = pclose(pipe);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string tiny_args() {
  return "predict --model-config sam3-tiny --random-weights --seed 2 --device cpu --threshold 0 "
         "--vocab \"" +
         kVocab.string() + "\" ";
}

class CliPredictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("sam3_cli_predict_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }
  fs::path dir_;
};

}  // namespace

TEST_F(CliPredictTest, FolderGivesResultsAndOverlays) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  fs::create_directories(dir_ / "in");
  sam3::Image img;
  img.width = 48;
  img.height = 36;
  img.rgb.assign(48 * 36 * 3, 128);
  sam3::save_image(img, dir_ / "in" / "one.png");
  sam3::save_image(img, dir_ / "in" / "two.png");
  const Output out =
      run(tiny_args() + "--prompt fuse \"" + (dir_ / "in").string() + "\" --out \"" +
          (dir_ / "r.json").string() + "\" --overlay-dir \"" + (dir_ / "ov").string() + "\"");
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_NE(out.text.find("[2/2]"), std::string::npos) << out.text;
  std::ifstream in(dir_ / "r.json");
  const auto results = nlohmann::json::parse(in);
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results.back()["image_id"], 2);
  EXPECT_EQ(results.back()["file_name"], "two.png");
  EXPECT_TRUE(results.back().contains("segmentation"));
  EXPECT_TRUE(fs::exists(dir_ / "ov" / "one_overlay.png"));
  EXPECT_TRUE(fs::exists(dir_ / "ov" / "two_overlay.png"));
}

TEST_F(CliPredictTest, ProjectSplitUsesItsClasses) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  sam3::demo::DemoOptions o;
  o.num_photos = 10;  // 2 valid photos
  o.width = 80;
  o.height = 64;  // the demo's smallest side
  sam3::demo::create_demo_project(dir_ / "demo", o);
  const Output out =
      run(tiny_args() + "--project \"" + (dir_ / "demo").string() + "\" --split valid --out \"" +
          (dir_ / "r.json").string() + "\" --overlay-dir \"" + (dir_ / "ov").string() + "\"");
  ASSERT_EQ(out.code, 0) << out.text;
  std::ifstream in(dir_ / "r.json");
  const auto results = nlohmann::json::parse(in);
  ASSERT_FALSE(results.empty());
  std::set<std::string> prompts;
  for (const auto& r : results) prompts.insert(r["prompt"].get<std::string>());
  EXPECT_EQ(prompts.size(), 2u);  // both demo classes, no --prompt given
  int overlays = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "ov")) overlays += e.is_regular_file();
  EXPECT_EQ(overlays, 2);
}

TEST_F(CliPredictTest, RefusesAmbiguousOrMissingSources) {
  Output out = run("predict --prompt x");
  EXPECT_NE(out.code, 0);
  EXPECT_NE(out.text.find("exactly one of"), std::string::npos) << out.text;
  out = run("predict --prompt x --project \"" + (dir_ / "p").string() + "\" \"" +
            (dir_ / "a.png").string() + "\"");
  EXPECT_NE(out.code, 0);
  EXPECT_NE(out.text.find("exactly one of"), std::string::npos) << out.text;
}
