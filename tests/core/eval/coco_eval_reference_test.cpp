// Agreement with pycocotools on the shared reference cases (../shared/reference/coco-eval) and on
// the committed generated cases (tests/data/coco-eval), whose expected numbers were computed by
// pycocotools itself (tests/reference/coco_eval_cases.py), never by this code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/eval/coco_eval.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;
using namespace sam3::eval;

namespace {

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

// Evaluates one case folder (gt.json, dt.json, expected.json) for both IoU types.
void check_case(const fs::path& dir) {
  SCOPED_TRACE(dir.string());
  const auto expected = read_json(dir / "expected.json");
  const GroundTruth gt = load_ground_truth(dir / "gt.json");
  for (const char* type : {"bbox", "segm"}) {
    SCOPED_TRACE(type);
    fs::path dt_file = dir / "dt.json";
    if (fs::exists(dir / (std::string("dt_") + type + ".json")))
      dt_file = dir / (std::string("dt_") + type + ".json");
    auto dt_json = read_json(dt_file);
    // As the reference README says: for bbox the detections' segmentation was removed before
    // loadRes, so pycocotools used the given box.
    if (std::string(type) == "bbox" && !fs::exists(dir / "dt_bbox.json"))
      for (auto& d : dt_json) d.erase("segmentation");
    const auto dts = parse_detections(dt_json.dump(), dt_file, gt);
    const auto result = evaluate_coco(gt, dts, iou_type_from_string(type));
    // Shared cases hold the 12 stats per type; generated cases hold {stats, recall, precision}.
    const auto& entry = expected.at(type);
    const auto& want = entry.is_array() ? entry : entry.at("stats");
    ASSERT_EQ(want.size(), 12u);
    for (std::size_t i = 0; i < 12; i++)
      EXPECT_NEAR(result.stats[i], want[i].get<double>(), 1e-9) << kStatNames[i];
    if (entry.is_array()) continue;
    const auto& recall = entry.at("recall");
    ASSERT_EQ(recall.size(), result.recall.size());
    for (std::size_t i = 0; i < recall.size(); i++)
      ASSERT_NEAR(result.recall[i], recall[i].get<double>(), 1e-9) << "recall[" << i << "]";
    if (!entry.contains("precision_all_100")) continue;
    const auto& precision = entry.at("precision_all_100");  // [T][R][K] at area all, maxDets 100
    ASSERT_EQ(precision.size(), result.T() * result.R() * result.K());
    std::size_t n = 0;
    for (std::size_t t = 0; t < result.T(); t++)
      for (std::size_t r = 0; r < result.R(); r++)
        for (std::size_t k = 0; k < result.K(); k++, n++)
          ASSERT_NEAR(result.precision_at(t, r, k, 0, 2), precision[n].get<double>(), 1e-9)
              << "precision t=" << t << " r=" << r << " k=" << k;
  }
}

std::vector<fs::path> case_dirs(const fs::path& root) {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && fs::exists(entry.path() / "expected.json"))
      dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

}  // namespace

TEST(CocoEvalReference, SharedCasesAgreeWithPycocotools) {
  const fs::path root = fs::path(::sam3::test::shared_dir()) / "reference" / "coco-eval";
  if (!fs::exists(root)) GTEST_SKIP() << "no " << root << " (../shared is absent)";
  const auto dirs = case_dirs(root);
  ASSERT_GE(dirs.size(), 4u);
  for (const auto& dir : dirs) check_case(dir);
}

TEST(CocoEvalReference, GeneratedCasesAgreeWithPycocotools) {
  const fs::path root = fs::path(::sam3::test::source_dir()) / "tests" / "data" / "coco-eval";
  const auto dirs = case_dirs(root);
  ASSERT_GE(dirs.size(), 9u) << "fixtures missing under " << root;
  for (const auto& dir : dirs) check_case(dir);
}

TEST(CocoEvalReference, ParamsEqualNumpyLinspace) {
  const auto params =
      read_json(fs::path(::sam3::test::source_dir()) / "tests/data/coco-eval/params.json");
  const CocoParams p = CocoParams::defaults();
  ASSERT_EQ(p.iou_thresholds.size(), 10u);
  ASSERT_EQ(p.recall_thresholds.size(), 101u);
  for (std::size_t i = 0; i < 10; i++)  // bit for bit: matching compares IoUs against these
    EXPECT_EQ(p.iou_thresholds[i], params["iouThrs"][i].get<double>()) << i;
  for (std::size_t i = 0; i < 101; i++)
    EXPECT_EQ(p.recall_thresholds[i], params["recThrs"][i].get<double>()) << i;
}
