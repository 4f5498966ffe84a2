#include <gtest/gtest.h>

#include <fstream>

#include "core/util/errors.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/model_checkpoint.h"
#include "test_support.h"

namespace sam3::weights {
namespace {

using test::fixture;

TEST(CheckpointFormat, DetectsEachLayout) {
  EXPECT_EQ(detect_format(fixture("tiny_hf.safetensors")), WeightsFormat::HfSafetensors);
  EXPECT_EQ(detect_format(fixture("tiny_hf.official.safetensors")), WeightsFormat::OurSafetensors);
  EXPECT_EQ(detect_format(fixture("tiny_sam3.pt")), WeightsFormat::OfficialPt);
  EXPECT_THROW(detect_format(fixture("tiny.safetensors")), FormatError);  // no SAM3 keys
  EXPECT_THROW(detect_format(fixture("bad_header_huge.safetensors")), FormatError);
  EXPECT_THROW(detect_format(fixture("nothing_here.safetensors")), IoError);
  test::ScratchDir dir;
  save_model_checkpoint(dir / "m.safetensors", {{"x", torch::ones({1})}}, nlohmann::json::object());
  EXPECT_EQ(detect_format(dir / "m.safetensors"), WeightsFormat::OurSafetensors);
}

// `Sam3Model.save_pretrained` writes HF names without the `detector_model.` prefix; its
// `geometry_encoder.*` keys share their first component with ours and must not make it "mixed".
TEST(CheckpointFormat, UnprefixedHfSaveWithGeometryEncoderIsHf) {
  test::ScratchDir dir;
  write_safetensors(dir / "hf.safetensors",
                    {{"vision_encoder.backbone.layer_norm.weight", torch::ones({2})},
                     {"geometry_encoder.vision_layer_norm.weight", torch::ones({2})}});
  EXPECT_EQ(detect_format(dir / "hf.safetensors"), WeightsFormat::HfSafetensors);
  write_safetensors(dir / "ours.safetensors",
                    {{"backbone.vision_backbone.trunk.ln_pre.weight", torch::ones({2})},
                     {"geometry_encoder.img_pre_norm.weight", torch::ones({2})}});
  EXPECT_EQ(detect_format(dir / "ours.safetensors"), WeightsFormat::OurSafetensors);
  write_safetensors(dir / "mixed.safetensors",
                    {{"vision_encoder.backbone.layer_norm.weight", torch::ones({2})},
                     {"backbone.vision_backbone.trunk.ln_pre.weight", torch::ones({2})}});
  EXPECT_THROW(detect_format(dir / "mixed.safetensors"), FormatError);
}

TEST(CheckpointFormat, Sam3PtIsMappedWithTrackerSam2NeckAndRopeIgnored) {
  const LoadedWeights w = read_weights(fixture("tiny_sam3.pt"));
  EXPECT_EQ(w.format, WeightsFormat::OfficialPt);
  EXPECT_EQ(w.tensors.size(), 6u);
  EXPECT_TRUE(w.tensors.count("backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight"));
  EXPECT_TRUE(w.tensors.count("shared.transposed"));
  EXPECT_EQ(w.plan.ignored.size(), 3u);  // tracker.*, sam2_convs.*, freqs_cis
  EXPECT_TRUE(w.plan.unmapped.empty());
}

// End to end: HF file -> mapped -> strictly loaded into a module with our names.
TEST(CheckpointFormat, LoadsHfWeightsIntoAModuleWithOfficialNames) {
  const SafetensorsFile official = read_safetensors(fixture("tiny_hf.official.safetensors"));
  std::vector<std::pair<std::string, std::vector<int64_t>>> keys;
  for (const auto& [k, t] : official.tensors) keys.emplace_back(k, t.sizes().vec());
  keys.emplace_back("geometry_encoder.points_direct_project.weight", std::vector<int64_t>{4, 2});
  auto m = test::module_with(keys);
  const LoadReport r = load_weights(*m, fixture("tiny_hf.safetensors"));
  EXPECT_EQ(r.loaded, official.tensors.size());
  EXPECT_EQ(r.left_as_initialised,
            std::vector<std::string>{"geometry_encoder.points_direct_project.weight"});
  auto params = m->named_parameters();
  EXPECT_TRUE(
      torch::equal(params["backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight"],
                   official.tensors.at("backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight")));
}

TEST(CheckpointFormat, WrongCheckpointForTheModelIsOneModelError) {
  auto m = test::module_with({{"backbone.vision_backbone.trunk.pos_embed", {1, 5, 2}}});
  try {
    load_weights(*m, fixture("tiny_sam3.pt"));
    FAIL();
  } catch (const StateDictError& e) {
    EXPECT_EQ(e.mismatched().size(), 1u);  // pos_embed (1, 4, 4) in the fixture
    EXPECT_EQ(e.unexpected().size(), 5u);
    EXPECT_NE(std::string(e.what()).find("tiny_sam3.pt (official sam3.pt)"), std::string::npos);
  }
}

TEST(ModelCheckpoint, WritesBf16WeightsAndACardThenReadsThemBack) {
  test::ScratchDir dir;
  NamedTensors t = {{"w", torch::tensor({0.5f, -1.25f, 3.0f})}, {"steps", torch::tensor({7})}};
  save_model_checkpoint(dir / "best.safetensors", t, {{"classes", {"fuse cutout"}}});
  ASSERT_TRUE(std::filesystem::exists(dir / "best.json"));
  const ModelCheckpoint c = read_model_checkpoint(dir / "best.safetensors");
  EXPECT_EQ(c.tensors.at("w").scalar_type(), torch::kBFloat16);
  EXPECT_EQ(c.tensors.at("steps").scalar_type(), torch::kInt64);
  EXPECT_TRUE(torch::equal(c.tensors.at("w").to(torch::kFloat32), t["w"]));
  EXPECT_EQ(c.metadata.at("format"), "sam3studio");
  EXPECT_EQ(c.metadata.at("dtype"), "bf16");
  EXPECT_EQ(c.card["classes"][0], "fuse cutout");
  EXPECT_EQ(c.card["weights"]["file"], "best.safetensors");
  EXPECT_EQ(c.card["weights"]["parameters"], 4);
}

TEST(ModelCheckpoint, ForeignFilesAndMissingCardsAreErrors) {
  EXPECT_THROW(read_model_checkpoint(fixture("tiny_hf.safetensors")), FormatError);
  test::ScratchDir dir;
  save_model_checkpoint(dir / "a.safetensors", {{"x", torch::ones({1})}}, nlohmann::json::object(),
                        torch::kFloat32);
  std::filesystem::remove(dir / "a.json");
  EXPECT_THROW(read_model_checkpoint(dir / "a.safetensors"), IoError);
  // A card cut short, or with a number beyond double (nlohmann's out_of_range): FormatErrors.
  for (const char* card : {"{\"classes\": [", "{\"classes\": 4e99999999}"}) {
    std::ofstream(dir / "a.json", std::ios::binary) << card;
    EXPECT_THROW(read_model_checkpoint(dir / "a.safetensors"), FormatError) << card;
  }
  EXPECT_THROW(save_model_checkpoint(dir / "b.safetensors", {}, nlohmann::json::array()),
               InvalidInput);
  EXPECT_THROW(save_model_checkpoint(dir / "b.safetensors", {}, {}, torch::kInt32), InvalidInput);
}

}  // namespace
}  // namespace sam3::weights
