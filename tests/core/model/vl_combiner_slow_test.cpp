// Full-size `sam3` backbone: every parameter name and shape equals the official image model's
// (official_image.keys.tsv) and the counts equal spec A.8. Builds ~1.8 GB of fp32 parameters at a
// time on the CPU (vision, then text), hence the `slow` label.
#include <gtest/gtest.h>

#include "core/model/necks.h"
#include "core/model/text_encoder_ve.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

void expect_same_shapes(const testing::ShapeMap& ours, const testing::ShapeMap& official) {
  for (const auto& [name, shape] : official) {
    const auto it = ours.find(name);
    if (it == ours.end()) {
      ADD_FAILURE() << "missing " << name;
    } else {
      EXPECT_EQ(it->second, shape) << name;
    }
  }
  for (const auto& [name, shape] : ours) EXPECT_TRUE(official.count(name)) << "unexpected " << name;
}

TEST(Sam3BackboneFullSize, VisionBackboneMatchesTheOfficialKeys) {
  const auto official = testing::official_parameters("backbone.vision_backbone.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  const auto cfg = model_config_by_name("sam3");
  Sam3DualViTDetNeck neck(cfg.vision, cfg.neck);
  expect_same_shapes(testing::parameter_shapes(neck), *official);
  EXPECT_EQ(testing::count_parameters(neck->trunk), 446237696);
  EXPECT_EQ(testing::count_parameters(neck->convs), 7802112);
}

TEST(Sam3BackboneFullSize, LanguageBackboneMatchesTheOfficialKeys) {
  const auto official = testing::official_parameters("backbone.language_backbone.");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  const auto cfg = model_config_by_name("sam3");
  VETextEncoder text(cfg.text, cfg.d_model());
  expect_same_shapes(testing::parameter_shapes(text), *official);
  EXPECT_EQ(testing::count_parameters(text->encoder), 353462272);
  EXPECT_EQ(testing::count_parameters(text->resizer), 262400);
}

}  // namespace
}  // namespace sam3::model
