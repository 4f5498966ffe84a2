// core/batch: folder listing, a seeded sam3-tiny over hand-made photos (results JSON, overlays,
// cancel, a missing photo named in the error) and the photos of a demo project's split. The
// model runs only where the CLIP vocabulary of ../shared is present (skipped otherwise).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "core/batch/batch_predict.h"
#include "core/batch/project_batch.h"
#include "core/demo/demo_project.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/util/image_io.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;
using namespace sam3::batch;

namespace {

const fs::path kVocab = fs::path(::sam3::test::shared_dir()) / "reference" / "clip-bpe" /
                        "bpe_simple_vocab_16e6.txt.gz";

sam3::Image photo(int w, int h, std::uint8_t shade) {
  sam3::Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(static_cast<std::size_t>(w) * h * 3, shade);
  for (int y = h / 4; y < h / 2; ++y)  // a dark square, so the photo is not flat
    for (int x = w / 4; x < w / 2; ++x)
      for (int c = 0; c < 3; ++c) img.rgb[(static_cast<std::size_t>(y) * w + x) * 3 + c] = 20;
  return img;
}

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("sam3_batch_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(dir_);
    fs::create_directories(dir_ / "photos");
  }
  void TearDown() override { sam3::remove_tree(dir_); }
  sam3::Predictor tiny() {
    sam3::PredictorOptions o;
    o.model_config = "sam3-tiny";
    o.random_weights = true;
    o.seed = 5;
    o.vocab = kVocab;
    o.device = "cpu";
    o.score_threshold = 0.0;  // random weights score low: keep every query
    return sam3::Predictor(o);
  }
  fs::path dir_;
};

}  // namespace

TEST_F(BatchTest, FolderListsPhotosSortedByName) {
  sam3::save_image(photo(40, 30, 200), dir_ / "photos" / "b.png");
  sam3::save_image(photo(40, 30, 100), dir_ / "photos" / "A.PNG");
  std::ofstream(dir_ / "photos" / "notes.txt") << "not a photo";
  fs::create_directories(dir_ / "photos" / "sub.jpg");  // a folder, not a photo
  const auto photos = folder_photos(dir_ / "photos");
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[0].file_name, "A.PNG");
  EXPECT_EQ(photos[0].image_id, 1);
  EXPECT_EQ(photos[1].file_name, "b.png");
  EXPECT_EQ(photos[1].image_id, 2);

  const auto mixed = photos_from_paths({dir_ / "photos" / "b.png", dir_ / "photos"});
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[2].image_id, 3);

  fs::create_directories(dir_ / "empty");
  EXPECT_THROW(folder_photos(dir_ / "empty"), sam3::InvalidInput);
  EXPECT_THROW(folder_photos(dir_ / "absent"), sam3::IoError);
  const auto prompts = numbered_prompts({"fuse", "insulator"});
  ASSERT_EQ(prompts.size(), 2u);
  EXPECT_EQ(prompts[1].category_id, 2);
  EXPECT_EQ(prompts[1].text, "insulator");
}

TEST_F(BatchTest, PredictsResultsAndOverlays) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  sam3::save_image(photo(64, 48, 200), dir_ / "photos" / "p1.png");
  sam3::save_image(photo(50, 40, 90), dir_ / "photos" / "p2.jpg");
  sam3::Predictor predictor = tiny();
  BatchOptions options;
  options.results_file = dir_ / "out" / "results.json";
  options.overlay_dir = dir_ / "out" / "overlays";
  fs::create_directories(dir_ / "out");
  std::vector<std::string> seen;
  const auto summary = run_batch(
      predictor, folder_photos(dir_ / "photos"), {{"fuse", 7}, {"insulator", 9}}, options,
      [&](std::size_t done, std::size_t total, const BatchPhoto& p) {
        seen.push_back(std::to_string(done) + "/" + std::to_string(total) + " " + p.file_name);
        return true;
      });
  EXPECT_EQ(seen, (std::vector<std::string>{"1/2 p1.png", "2/2 p2.jpg"}));
  EXPECT_FALSE(summary.cancelled);
  EXPECT_EQ(summary.photos_done, 2u);
  ASSERT_GT(summary.detections, 0u);
  std::ifstream in(options.results_file);
  const auto results = nlohmann::json::parse(in);
  ASSERT_EQ(results.size(), summary.detections);
  std::set<std::int64_t> images, categories;
  for (const auto& r : results) {
    images.insert(r["image_id"].get<std::int64_t>());
    categories.insert(r["category_id"].get<std::int64_t>());
    const bool first = r["image_id"] == 1;
    EXPECT_EQ(r["file_name"], first ? "p1.png" : "p2.jpg");
    // The mask is in pixels of the original photo: [height, width].
    EXPECT_EQ(r["segmentation"]["size"][0], first ? 48 : 40);
    EXPECT_EQ(r["segmentation"]["size"][1], first ? 64 : 50);
    EXPECT_EQ(r["bbox"].size(), 4u);
  }
  EXPECT_EQ(images, (std::set<std::int64_t>{1, 2}));
  EXPECT_EQ(categories, (std::set<std::int64_t>{7, 9}));
  ASSERT_EQ(summary.overlays.size(), 2u);
  const sam3::Image overlay = sam3::load_image(options.overlay_dir / "p1_overlay.png");
  EXPECT_EQ(overlay.width, 64);
  EXPECT_EQ(overlay.height, 48);
  EXPECT_NE(overlay.rgb, photo(64, 48, 200).rgb);  // something was drawn
  EXPECT_TRUE(fs::exists(options.overlay_dir / "p2_overlay.png"));
}

TEST_F(BatchTest, CancelAndMissingPhotoWriteNoResults) {
  if (!fs::exists(kVocab)) GTEST_SKIP() << "needs " << kVocab << " (../shared absent)";
  sam3::save_image(photo(32, 32, 200), dir_ / "photos" / "p1.png");
  sam3::save_image(photo(32, 32, 90), dir_ / "photos" / "p2.png");
  sam3::Predictor predictor = tiny();
  BatchOptions options;
  options.results_file = dir_ / "results.json";
  const auto summary = run_batch(predictor, folder_photos(dir_ / "photos"), numbered_prompts({"x"}),
                                 options, [](auto, auto, const auto&) { return false; });
  EXPECT_TRUE(summary.cancelled);
  EXPECT_EQ(summary.photos_done, 1u);
  EXPECT_FALSE(fs::exists(options.results_file));

  auto photos = folder_photos(dir_ / "photos");
  photos[1].file = dir_ / "photos" / "gone.png";
  try {
    run_batch(predictor, photos, numbered_prompts({"x"}), options);
    FAIL() << "a missing photo must fail";
  } catch (const sam3::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("gone.png"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(options.results_file));
  EXPECT_THROW(run_batch(predictor, {}, numbered_prompts({"x"}), options), sam3::InvalidInput);
  EXPECT_THROW(run_batch(predictor, photos, {}, options), sam3::InvalidInput);
}

TEST_F(BatchTest, ProjectSplitGivesStoreIdsAndClassPrompts) {
  sam3::demo::DemoOptions o;
  o.num_photos = 10;  // 7 train, 2 valid, 1 test
  o.width = 80;
  o.height = 64;  // the demo's smallest side
  sam3::demo::create_demo_project(dir_ / "demo", o);
  const ProjectBatch valid = project_batch(dir_ / "demo", "valid");
  ASSERT_EQ(valid.photos.size(), 2u);
  for (const auto& p : valid.photos) {
    EXPECT_TRUE(fs::exists(p.file)) << p.file;
    EXPECT_GT(p.image_id, 0);
    EXPECT_FALSE(p.file_name.empty());
  }
  ASSERT_EQ(valid.prompts.size(), 2u);  // the demo's two classes
  EXPECT_LT(valid.prompts[0].category_id, valid.prompts[1].category_id);
  EXPECT_FALSE(valid.prompts[0].text.empty());
  EXPECT_EQ(project_batch(dir_ / "demo", "all").photos.size(), 10u);
  EXPECT_EQ(project_batch(dir_ / "demo", "test").photos.size(), 1u);
  EXPECT_THROW(project_batch(dir_ / "demo", "holdout"), sam3::InvalidInput);
  EXPECT_THROW(project_batch(dir_ / "absent", "valid"), sam3::IoError);
}
