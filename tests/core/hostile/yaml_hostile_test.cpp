// Hostile YAML (issue 11): "billion laughs" anchor bombs and deep nesting in the training config,
// the model config and a YOLO data.yaml. yaml-cpp shares aliased nodes instead of copying them, and
// the strict loaders stop at the first node of the wrong type, so each bomb is a clear error naming
// the file and the key, in time linear in the text; nesting beyond yaml-cpp's depth guard is a
// syntax error, not a stack overflow.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/model/model_config.h"
#include "core/train/train_config.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace {

namespace fs = std::filesystem;

// Nine levels of ten aliases each: 10^9 leaves if expanded.
std::string laughs(const std::string& indent) {
  std::string s =
      indent +
      "l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    s += indent + "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) s += (k ? "," : "") + prev;
    s += "]\n";
  }
  return s;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

std::string train_error(const std::string& yaml) {
  try {
    sam3::train::parse_train_config(yaml, "bomb.yaml");
  } catch (const sam3::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("bomb.yaml"), std::string::npos) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "accepted:\n" << yaml.substr(0, 200);
  return {};
}

TEST(HostileYaml, TrainConfigAnchorBombIsAClearError) {
  // The bomb as an unknown section, as the value of a list-of-numbers key, and as a section.
  EXPECT_NE(train_error(laughs("")).find("unknown key 'l0'"), std::string::npos);
  const std::string bomb_in_section = "optimizer:\n" + laughs("  ") + "  betas: *l9\n";
  EXPECT_NE(train_error(bomb_in_section).find("l0"), std::string::npos);
  const std::string bomb_as_value =
      "x: &x [1.0, 2.0]\n" + laughs("") + "optimizer:\n  betas: *l9\n";
  train_error(bomb_as_value);
  // Aliases of the right type are ordinary YAML and load.
  const std::string ok = "optimizer:\n  betas: &b [0.9, 0.98]\n";
  EXPECT_EQ(sam3::train::parse_train_config(ok, "ok.yaml").optimizer.betas,
            (std::vector<double>{0.9, 0.98}));
}

TEST(HostileYaml, TrainConfigStringsMustBeUtf8SoTheEffectiveConfigRoundTrips) {
  // Found by fuzz_yaml_config: yaml-cpp reads the bytes DE 14 F5 as they are but to_yaml writes
  // U+FFFD for them, so the run folder's config.yaml named another project than the one trained.
  EXPECT_NE(train_error("data:\n  project: \xde\x14\xf5\n").find("not valid UTF-8"),
            std::string::npos);
  EXPECT_NE(train_error("data:\n  project: \xed\xa0\x80\n").find("not valid UTF-8"),
            std::string::npos);  // a UTF-16 surrogate
  const auto ok = sam3::train::parse_train_config(
      "data:\n  project: \"Pr\xc3\xbc"
      "fung/\xce\xb1 \xf0\x9f\x94\x8c\"\n",
      "ok.yaml");
  EXPECT_EQ(sam3::train::parse_train_config(sam3::train::to_yaml(ok), "written.yaml"), ok);
}

TEST(HostileYaml, TrainConfigEmptyValueMeetsTheChecksOfAnEmptyString) {
  // Found by fuzz_yaml_config: "device:" (null) loaded as device "" while 'device: ""' is refused,
  // so the effective config written from it could not be read back.
  EXPECT_NE(train_error("device:\n").find("is not a device"), std::string::npos);
  EXPECT_NE(train_error("device: \"\"\n").find("is not a device"), std::string::npos);
  const auto ok = sam3::train::parse_train_config("model:\n  weights:\n", "ok.yaml");
  EXPECT_EQ(ok.model.weights, "");
  EXPECT_EQ(sam3::train::parse_train_config(sam3::train::to_yaml(ok), "written.yaml"), ok);
}

TEST(HostileYaml, TrainConfigDeepNestingIsASyntaxError) {
  EXPECT_NE(train_error("optimizer:\n  betas: " + nested(100000) + "\n").find("bomb.yaml"),
            std::string::npos);
}

class HostileModelYaml : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sam3_hostile_yaml_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }
  std::string error_of(const std::string& text) {
    const fs::path file = dir_ / "bomb.yaml";
    std::ofstream(file) << text;
    try {
      sam3::model::load_model_config(file);
    } catch (const sam3::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("bomb.yaml"), std::string::npos) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "accepted:\n" << text.substr(0, 200);
    return {};
  }
  fs::path dir_;
};

TEST_F(HostileModelYaml, AnchorBombIsAClearError) {
  error_of(laughs(""));
  error_of("image_size: *l9\n" + laughs(""));
  error_of(laughs("") + "vision: *l9\n");
}

TEST_F(HostileModelYaml, NonScalarKeyIsAConfigError) {
  // Found by fuzz_yaml_config: a list as a key of an otherwise valid model config escaped as
  // YAML::TypedBadConversion (std::terminate in the CLI) instead of a ConfigError.
  std::ifstream in(fs::path(::sam3::test::source_dir()) / "resources" / "models" /
                   "sam3-tiny.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  const std::string e = error_of(text + "\n? [z]\n: 3\n");
  EXPECT_NE(e.find("keys must be plain names"), std::string::npos) << e;
}

TEST_F(HostileModelYaml, DeepNestingIsASyntaxError) {
  error_of("vision: " + nested(100000) + "\n");
}

}  // namespace
