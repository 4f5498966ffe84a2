// The prediction cache: round trip, where records live, model keys, and every kind of corrupt
// record rejected with an error that names the file and the place in it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/review/prediction_store.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;
using namespace sam3::review;

namespace {

const std::string kSha(64, 'a');

class PredictionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("sam3_review_store_" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }
  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  // The message of the FormatError that loading `text` gives ("" when none is thrown).
  std::string load_error(const std::string& text) {
    PredictionStore store(dir_, "m");
    write(store.file_for(kSha), text);
    try {
      store.load(kSha);
    } catch (const sam3::FormatError& e) {
      EXPECT_EQ(e.file(), store.file_for(kSha));
      return e.what();
    }
    return {};
  }
  fs::path dir_;
};

// A 2 x 2 photo; mask pixels (x=0,y=1) and (x=1,y=0): column-major 0 1 1 0 -> runs 1 2 1.
PhotoPredictions sample() {
  PhotoPredictions p;
  p.photo_sha256 = kSha;
  p.width = 2;
  p.height = 2;
  p.min_score = 0.05;
  p.prompts = {{1, "fuse cutout"}, {2, "insulator"}};
  PredictedObject o;
  o.class_id = 2;
  o.score = 0.75f;
  o.box = {0, 0, 2, 2};
  o.mask = {2, 2, {1, 2, 1}};
  p.objects.push_back(o);
  PredictedObject no_mask;
  no_mask.class_id = 1;
  no_mask.score = 0.25f;
  no_mask.box = {0.5, 0.5, 1.5, 2};
  p.objects.push_back(no_mask);
  return p;
}

const std::string kValidHead =
    R"({"format":"sam3studio.predictions","version":1,"photo_sha256":")" + kSha +
    R"(","width":2,"height":2,"min_score":0,"prompts":[{"class_id":1,"prompt":"x"}],)";

}  // namespace

TEST_F(PredictionStoreTest, RoundTripUnderTheModelsCacheFolder) {
  PredictionStore store(dir_, "sam3-tiny-0123456789abcdef");
  EXPECT_EQ(store.dir(), dir_ / "cache" / "predictions" / "sam3-tiny-0123456789abcdef");
  EXPECT_FALSE(store.load(kSha).has_value()) << "no record yet";
  store.save(sample());
  EXPECT_TRUE(fs::exists(store.dir() / (kSha + ".json")));
  const auto back = store.load(kSha);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, sample());
  // COCO's compressed counts of runs 1 2 1: '0' + run (cocoapi takes deltas from the 4th run on).
  EXPECT_NE(to_json(sample()).find(R"("counts":"121")"), std::string::npos) << to_json(sample());
  store.remove(kSha);
  EXPECT_FALSE(store.load(kSha).has_value());
  store.remove(kSha);  // absent: no error
}

TEST_F(PredictionStoreTest, ModelKeyFollowsConfigVariantAndTheWeightsFile) {
  const ModelIdentity random{"sam3-tiny", {}, "random seed 7"};
  const std::string key = model_key(random);
  EXPECT_EQ(key.rfind("sam3-tiny-", 0), 0u) << key;
  EXPECT_EQ(key.size(), std::string("sam3-tiny-").size() + 16);
  EXPECT_EQ(model_key(random), key) << "deterministic";
  EXPECT_NE(model_key({"sam3-tiny", {}, "random seed 8"}), key);
  EXPECT_NE(model_key({"sam3", {}, "random seed 7"}), key);

  const fs::path weights = dir_ / "w.safetensors";
  write(weights, "1234");
  const std::string k1 = model_key({"sam3", weights, ""});
  EXPECT_EQ(model_key({"sam3", weights, ""}), k1);
  write(weights, "12345");  // another size
  const std::string k2 = model_key({"sam3", weights, ""});
  EXPECT_NE(k2, k1);
  fs::last_write_time(weights, fs::last_write_time(weights) - std::chrono::hours(1));
  EXPECT_NE(model_key({"sam3", weights, ""}), k2) << "another modification time";
  EXPECT_THROW(model_key({"sam3", dir_ / "missing.safetensors", ""}), sam3::IoError);
}

TEST_F(PredictionStoreTest, BadKeysAndHashesAreRefused) {
  EXPECT_THROW(PredictionStore(dir_, ""), sam3::InvalidInput);
  EXPECT_THROW(PredictionStore(dir_, ".."), sam3::InvalidInput);
  EXPECT_THROW(PredictionStore(dir_, "a/b"), sam3::InvalidInput);
  PredictionStore store(dir_, "m");
  EXPECT_THROW(store.load("../../etc"), sam3::InvalidInput);
  EXPECT_THROW(store.load(std::string(64, 'A')), sam3::InvalidInput) << "uppercase is not ours";
}

TEST_F(PredictionStoreTest, CorruptRecordsNameTheFileAndThePlace) {
  const std::string not_json = load_error("{\"format\": ");
  EXPECT_NE(not_json.find("m/" + kSha + ".json"), std::string::npos) << not_json;
  EXPECT_NE(not_json.find("not JSON"), std::string::npos) << not_json;
  // A number beyond double is nlohmann's out_of_range, not a parse_error: still a FormatError.
  const std::string overflow = load_error("{\"format\": 4e99999999}");
  EXPECT_NE(overflow.find("not JSON"), std::string::npos) << overflow;

  EXPECT_NE(load_error("{}").find("missing key \"format\""), std::string::npos);
  EXPECT_NE(load_error(R"({"format":"other","version":1})").find("sam3studio.predictions"),
            std::string::npos);
  const std::string score =
      load_error(kValidHead + R"("detections":[{"class_id":1,"score":1.5,"box":[0,0,1,1]}]})");
  EXPECT_NE(score.find("detections[0].score"), std::string::npos) << score;
  const std::string box =
      load_error(kValidHead + R"("detections":[{"class_id":1,"score":0.5,"box":[2,0,1,1]}]})");
  EXPECT_NE(box.find("detections[0].box"), std::string::npos) << box;
  // Runs 1 2 cover 3 of the 4 pixels.
  const std::string runs = load_error(
      kValidHead +
      R"("detections":[{"class_id":1,"score":0.5,"box":[0,0,1,1],"mask":{"size":[2,2],"counts":"12"}}]})");
  EXPECT_NE(runs.find("detections[0].mask.counts"), std::string::npos) << runs;
  EXPECT_NE(runs.find("cover 3 pixels, expected 4"), std::string::npos) << runs;
  const std::string size = load_error(
      kValidHead +
      R"("detections":[{"class_id":1,"score":0.5,"box":[0,0,1,1],"mask":{"size":[3,2],"counts":"15"}}]})");
  EXPECT_NE(size.find("photo's size 2 x 2"), std::string::npos) << size;
  const std::string chars = load_error(
      kValidHead +
      R"("detections":[{"class_id":1,"score":0.5,"box":[0,0,1,1],"mask":{"size":[2,2],"counts":"~~"}}]})");
  EXPECT_NE(chars.find("detections[0].mask.counts"), std::string::npos) << chars;
}

TEST_F(PredictionStoreTest, RecordOfAnotherPhotoIsRefused) {
  PredictionStore store(dir_, "m");
  PhotoPredictions other = sample();
  other.photo_sha256 = std::string(64, 'b');
  write(store.file_for(kSha), to_json(other));
  EXPECT_THROW(store.load(kSha), sam3::FormatError);
}
