// sam3studio-cli eval end to end: the 12 stats as a JSON array equal to pycocotools' (generated
// fixtures), --table, --detail, --image-level, and a bad results file failing with its entry named.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;

namespace {

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

const fs::path kCase = fs::path(::sam3::test::source_dir()) / "tests/data/coco-eval/many_classes";

std::string eval_args(const std::string& type) {
  return "eval --gt " + (kCase / "gt.json").string() + " --dt " +
         (kCase / ("dt_" + type + ".json")).string() + " --iou-type " + type;
}

nlohmann::json expected() {
  std::ifstream in(kCase / "expected.json");
  return nlohmann::json::parse(in);
}

}  // namespace

TEST(CliEval, PrintsTheTwelveStatsAsJson) {
  for (const std::string type : {"bbox", "segm"}) {
    const Output out = run(eval_args(type));
    ASSERT_EQ(out.code, 0) << out.text;
    const auto stats = nlohmann::json::parse(out.text);
    const auto want = expected()[type]["stats"];
    ASSERT_EQ(stats.size(), 12u);
    for (std::size_t i = 0; i < 12; i++)
      EXPECT_NEAR(stats[i].get<double>(), want[i].get<double>(), 1e-9) << type << " " << i;
  }
}

TEST(CliEval, TableAndDetail) {
  const fs::path detail = fs::temp_directory_path() / "sam3_cli_eval_detail.json";
  const Output out = run(eval_args("bbox") + " --table --detail " + detail.string());
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_NE(out.text.find("AP @[IoU=0.50:0.95 | area=all | maxDets=100]"), std::string::npos);
  EXPECT_NE(out.text.find("class12"), std::string::npos);
  std::ifstream in(detail);
  const auto d = nlohmann::json::parse(in);
  EXPECT_EQ(d["categories"].size(), 12u);
  EXPECT_EQ(d["pr_curves"].size(), 12u * 10u);
  EXPECT_EQ(d["pr_curves"][0]["precision"].size(), 101u);
  EXPECT_EQ(d["precision"]["shape"], nlohmann::json({10, 101, 12, 4, 3}));
  EXPECT_EQ(d["precision"]["data"].size(), 10u * 101u * 12u * 4u * 3u);
  EXPECT_NEAR(d["stats"][0].get<double>(), expected()["bbox"]["stats"][0].get<double>(), 1e-9);
  fs::remove(detail);
}

TEST(CliEval, ImageLevel) {
  const Output out = run(eval_args("bbox") + " --image-level --threshold 0.5 --target-recall 0.9");
  ASSERT_EQ(out.code, 0) << out.text;
  const auto j = nlohmann::json::parse(out.text);
  const auto& p = j["photos"];
  EXPECT_EQ(p["tp"].get<int>() + p["fp"].get<int>() + p["fn"].get<int>() + p["tn"].get<int>(), 40);
  EXPECT_EQ(j["per_photo"].size(), 40u);
  EXPECT_EQ(j["sweep"].size(), 101u);
  EXPECT_DOUBLE_EQ(j["operating_point"]["target_recall"].get<double>(), 0.9);
  const Output table = run(eval_args("segm") + " --image-level --table");
  ASSERT_EQ(table.code, 0) << table.text;
  EXPECT_NE(table.text.find("recommended threshold"), std::string::npos);
}

TEST(CliEval, BadResultsFailNamingTheEntry) {
  const fs::path bad = fs::temp_directory_path() / "sam3_cli_eval_bad.json";
  std::ofstream(bad)
      << R"([{"image_id": 424242, "category_id": 1, "bbox": [1, 1, 2, 2], "score": 1}])";
  const Output out = run("eval --gt " + (kCase / "gt.json").string() + " --dt " + bad.string());
  EXPECT_EQ(out.code, 1);
  EXPECT_NE(out.text.find("[0].image_id"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("unknown image id 424242"), std::string::npos) << out.text;
  const Output usage = run(eval_args("bbox") + " --iou-type keypoints");
  EXPECT_NE(usage.code, 0);
  fs::remove(bad);
}
