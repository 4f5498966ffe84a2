// Full-size `sam3` image model: named_parameters() equal the official image-model state-dict
// parameters (names in order, shapes) and the total is 840,509,750 (spec A.8). Allocates ~3.4 GB
// of fp32 parameters, hence the `slow` label.
#include <gtest/gtest.h>

#include "core/model/sam3_image.h"
#include "official_keys.h"

namespace sam3::model {
namespace {

TEST(Sam3ImageFullSize, ParametersEqualTheOfficialKeys) {
  const auto official = testing::official_parameters("");
  if (!official) GTEST_SKIP() << "no " << testing::official_keys_file() << " (../shared absent)";
  Sam3Image model(model_config_by_name("sam3"));
  EXPECT_EQ(testing::parameter_shapes(model), *official);
  EXPECT_EQ(testing::count_parameters(model), 840509750);
  EXPECT_EQ(testing::count_parameters(model->geometry_encoder), 8215808);
  EXPECT_EQ(testing::count_parameters(model->transformer->encoder), 9472512);
  EXPECT_EQ(testing::count_parameters(model->transformer->decoder), 11575093);
  EXPECT_EQ(testing::count_parameters(model->dot_prod_scoring), 1182976);
  EXPECT_EQ(testing::count_parameters(model->segmentation_head), 2298881);
  // The heads register in the official order (state-dict order of the key list).
  std::vector<std::string> ours, theirs;
  for (const auto& p : model->named_parameters()) {
    if (p.key().rfind("backbone.", 0) != 0) ours.push_back(p.key());
  }
  std::ifstream in(testing::official_keys_file());
  std::string line;
  while (std::getline(in, line)) {
    const std::string name = line.substr(0, line.find('\t'));
    if (line.find("\tP") != std::string::npos && name.rfind("backbone.", 0) != 0)
      theirs.push_back(name);
  }
  EXPECT_EQ(ours, theirs);
}

}  // namespace
}  // namespace sam3::model
