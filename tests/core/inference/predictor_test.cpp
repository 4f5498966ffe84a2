// The Predictor facade end to end on sam3-tiny: errors for bad input, the text cache, detections in
// original pixels, raw outputs, and parity with the official code through the facade (weights,
// preprocessed input and outputs written by tests/reference/make_parity_fixtures.py).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/inference/predictor.h"
#include "core/util/errors.h"
#include "core/weights/safetensors.h"
#include "tests/support/test_paths.h"

namespace fs = std::filesystem;

namespace {

const fs::path kVocab =
    fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
const fs::path kParity = fs::path(::sam3::test::source_dir()) / "tests/data/parity" / "sam3-tiny";

sam3::PredictorOptions tiny_options() {
  sam3::PredictorOptions o;
  o.model_config = "sam3-tiny";
  o.random_weights = true;
  o.seed = 7;
  o.vocab = kVocab;
  o.device = "cpu";
  o.score_threshold = 0.0;  // keep every query: random weights score low
  return o;
}

sam3::Image test_photo(int w, int h) {
  sam3::Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* px = &img.rgb[(static_cast<std::size_t>(y) * w + x) * 3];
      px[0] = static_cast<std::uint8_t>(x * 255 / w);
      px[1] = static_cast<std::uint8_t>(y * 255 / h);
      px[2] = static_cast<std::uint8_t>(((x / 16 + y / 16) % 2) * 200);
    }
  return img;
}

class PredictorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kVocab)) GTEST_SKIP() << "CLIP vocabulary not found at " << kVocab;
  }
};

}  // namespace

TEST_F(PredictorTest, DetectionsAreInOriginalPixelsWithMasksOfThePhotoSize) {
  sam3::Predictor p(tiny_options());
  EXPECT_EQ(p.info().model_name, "sam3-tiny");
  EXPECT_EQ(p.info().device, "cpu");
  EXPECT_EQ(p.info().image_size, 112);
  EXPECT_GT(p.info().parameters, 0);
  p.set_image(test_photo(300, 200));  // not square, not 112: boxes and masks must be rescaled
  const auto dets = p.predict({"fuse cutout"});
  ASSERT_EQ(dets.size(), 8u) << "threshold 0 keeps all 8 queries of sam3-tiny";
  for (const auto& d : dets) {
    EXPECT_EQ(d.prompt, "fuse cutout");
    EXPECT_GE(d.score, 0.f);
    EXPECT_LE(d.score, 1.f);
    EXPECT_GE(d.box_xyxy[0], -1e-3f);
    EXPECT_LE(d.box_xyxy[2], 300.f + 1e-3f);
    EXPECT_LE(d.box_xyxy[3], 200.f + 1e-3f);
    EXPECT_LE(d.box_xyxy[0], d.box_xyxy[2]);
    EXPECT_EQ(d.mask.width, 300);
    EXPECT_EQ(d.mask.height, 200);
  }
}

TEST_F(PredictorTest, TextEncodingsAreCachedPerPrompt) {
  sam3::Predictor p(tiny_options());
  p.set_image(test_photo(64, 64));
  const auto first = p.predict({"fuse cutout"});
  EXPECT_EQ(p.cached_prompts(), 1u);
  const auto again = p.predict({"fuse cutout"});
  EXPECT_EQ(p.cached_prompts(), 1u);
  ASSERT_EQ(first.size(), again.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_FLOAT_EQ(first[i].score, again[i].score);
  const auto two = p.predict({"fuse cutout", "neutral link"});
  EXPECT_EQ(p.cached_prompts(), 2u);
  EXPECT_EQ(two.size(), 16u);
  EXPECT_EQ(two.back().prompt_index, 1);
}

TEST_F(PredictorTest, ThresholdFiltersDetections) {
  auto o = tiny_options();
  o.score_threshold = 1.0;  // strict ">" as the official post-processing: nothing passes
  sam3::Predictor p(o);
  p.set_image(test_photo(64, 64));
  EXPECT_TRUE(p.predict({"fuse cutout"}).empty());
}

TEST_F(PredictorTest, BadInputIsAClearError) {
  sam3::Predictor p(tiny_options());
  EXPECT_THROW(p.predict({"fuse cutout"}), sam3::InvalidInput);  // no image yet
  EXPECT_THROW(p.set_image(sam3::Image{}), sam3::InvalidInput);
  sam3::Image broken = test_photo(10, 10);
  broken.rgb.resize(7);
  EXPECT_THROW(p.set_image(broken), sam3::InvalidInput);
  p.set_image(test_photo(64, 64));
  EXPECT_THROW(p.predict({""}), sam3::InvalidInput);
  EXPECT_THROW(p.predict({"   "}), sam3::InvalidInput);
  EXPECT_THROW(p.predict({}), sam3::InvalidInput);
  EXPECT_THROW(p.predict({"fuse"}, {{10, 10, 5, 20, true}}), sam3::InvalidInput);  // x1 < x0
  const std::string long_prompt(400, 'a');
  EXPECT_NO_THROW(p.predict({long_prompt + " b c d e f g h i j k l m n o p q r s t u v w x y z"}));
}

TEST_F(PredictorTest, ExemplarBoxesChangeTheResult) {
  sam3::Predictor p(tiny_options());
  p.set_image(test_photo(128, 96));
  const auto text_only = p.predict({"fuse cutout"});
  const auto boxed = p.predict({"fuse cutout"}, {{10, 10, 60, 50, true}, {70, 20, 120, 90, false}});
  ASSERT_EQ(text_only.size(), boxed.size());
  bool differs = false;
  for (std::size_t i = 0; i < boxed.size(); ++i) differs |= text_only[i].score != boxed[i].score;
  EXPECT_TRUE(differs) << "exemplar boxes must reach the model";
}

TEST_F(PredictorTest, MissingOrWrongWeightsAreReported) {
  auto o = tiny_options();
  o.random_weights = false;
  o.model_path = "/nonexistent/sam3/model.safetensors";
  EXPECT_THROW(sam3::Predictor{o}, sam3::IoError);

  // A file with our key layout but one tensor only: every other key is reported missing.
  const auto file = fs::temp_directory_path() / "sam3_predictor_partial.safetensors";
  sam3::weights::write_safetensors(file,
                                   {{"geometry_encoder.cls_embed.weight", torch::zeros({1, 32})}},
                                   {{"format", "sam3studio"}});
  o.model_path = file;
  try {
    sam3::Predictor p(o);
    FAIL() << "expected a ModelError";
  } catch (const sam3::ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("backbone.vision_backbone.trunk.pos_embed"),
              std::string::npos)
        << e.what();
  } catch (const sam3::Error& e) {
    FAIL() << "wrong error type: " << e.what();
  }
}

TEST_F(PredictorTest, RawOutputsMatchTheOfficialModel) {
  const auto dir = kParity / "text_only";
  if (!fs::exists(dir / "weights.safetensors")) GTEST_SKIP() << "no parity fixture at " << dir;
  auto o = tiny_options();
  o.random_weights = false;
  o.model_path = dir / "weights.safetensors";
  sam3::Predictor p(o);
  p.set_image_tensor(dir / "inputs.safetensors");
  p.predict({"fuse cutout"});  // the fixture's input_ids are the official tokenizer's for this
  const auto raw = fs::temp_directory_path() / "sam3_predictor_raw.safetensors";
  p.save_raw_outputs(raw);
  const auto ours = sam3::weights::read_safetensors(raw).tensors;
  const auto ref = sam3::weights::read_safetensors(dir / "outputs.safetensors").tensors;
  for (const char* name : {"pred_logits", "pred_boxes", "presence_logit_dec", "pred_masks"}) {
    const auto& a = ours.at(name);
    const auto& b = ref.at(name).to(torch::kFloat);
    ASSERT_EQ(a.sizes(), b.sizes()) << name;
    const double max_abs = (a - b).abs().max().item<double>();
    EXPECT_LE(max_abs, 1e-4) << name << " max-abs " << max_abs;
  }
}
