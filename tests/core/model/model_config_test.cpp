// Strict loading of resources/models/*.yaml (core/model/model_config.h).
#include "core/model/model_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "core/util/errors.h"
#include "tests/support/test_paths.h"

namespace sam3::model {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tiny_yaml() {
  return read_text(fs::path(::sam3::test::source_dir()) / "resources" / "models" /
                   "sam3-tiny.yaml");
}

// Writes `text` to a fresh temporary file and loads it; returns the ConfigError message ("" if
// loading succeeded or threw something else).
class ModelConfigStrictness : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sam3_model_config_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  // Not fs::remove_all: on the GPU machine's toolchain (g++ 13 + pip LibTorch 2.11) it crashes.
  void TearDown() override {
    std::error_code ec;
    fs::remove(dir_ / "model.yaml", ec);
    fs::remove(dir_, ec);
  }

  fs::path write(const std::string& text) {
    const auto file = dir_ / "model.yaml";
    std::ofstream(file) << text;
    return file;
  }
  std::string error_of(const std::string& text) {
    const auto file = write(text);
    try {
      load_model_config(file);
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.file(), file);
      return e.what();
    }
    return "";
  }
  static std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  }
  fs::path dir_;
};

TEST(ModelConfig, LoadsSam3ByName) {
  const ModelConfig c = model_config_by_name("sam3");
  EXPECT_EQ(c.name, "sam3");
  EXPECT_EQ(c.image_size, 1008);
  EXPECT_EQ(c.vision.embed_dim, 1024);
  EXPECT_EQ(c.vision.depth, 32);
  EXPECT_EQ(c.vision.mlp_hidden(), 4736);
  EXPECT_EQ(c.vision.global_blocks, (std::vector<int>{7, 15, 23, 31}));
  EXPECT_DOUBLE_EQ(c.vision.layer_norm_eps, 1e-5);
  EXPECT_EQ(c.neck.scale_factors, (std::vector<double>{4.0, 2.0, 1.0, 0.5}));
  EXPECT_EQ(c.neck.scalp, 1);
  EXPECT_EQ(c.text.width, 1024);
  EXPECT_EQ(c.text.layers, 24);
  EXPECT_EQ(c.text.context_length, 32);
  EXPECT_EQ(c.decoder.num_queries, 200);
  EXPECT_EQ(c.decoder.box_rpb, "log");
  EXPECT_EQ(c.feature_size(), 72);
  EXPECT_EQ(c.d_model(), 256);
}

TEST(ModelConfig, LoadsTinyByName) {
  const ModelConfig c = model_config_by_name("sam3-tiny");
  EXPECT_EQ(c.image_size, 112);
  EXPECT_EQ(c.vision.embed_dim, 32);
  EXPECT_EQ(c.vision.window_size, 4);
  EXPECT_EQ(c.vision.global_blocks, (std::vector<int>{1, 3}));
  EXPECT_EQ(c.text.width, 16);
  EXPECT_EQ(c.feature_size(), 8);
  EXPECT_TRUE(fs::is_regular_file(model_config_dir() / "sam3-tiny.yaml"));
}

TEST(ModelConfig, UnknownNameOrPathLikeNameIsRejected) {
  EXPECT_THROW(model_config_by_name("no-such-model"), IoError);
  EXPECT_THROW(model_config_by_name("../sam3"), InvalidInput);
  EXPECT_THROW(model_config_by_name(""), InvalidInput);
  EXPECT_THROW(load_model_config("/nonexistent/sam3.yaml"), IoError);
}

TEST_F(ModelConfigStrictness, TheShippedTextLoads) {
  EXPECT_EQ(error_of(tiny_yaml()), "");
}

TEST_F(ModelConfigStrictness, UnknownTopLevelKeyNamesKeyAndLine) {
  const std::string text = tiny_yaml();
  const std::string msg = error_of(text + "colour: blue\n");
  EXPECT_NE(msg.find("unknown key 'colour'"), std::string::npos) << msg;
  const auto lines = std::count(text.begin(), text.end(), '\n');
  EXPECT_NE(msg.find("line " + std::to_string(lines + 1) + ","), std::string::npos) << msg;
  EXPECT_NE(msg.find("model.yaml"), std::string::npos) << msg;
}

TEST_F(ModelConfigStrictness, UnknownNestedKeyIsQualified) {
  const std::string msg = error_of(replace(tiny_yaml(), "  depth: 4\n", "  depth: 4\n  dept: 4\n"));
  EXPECT_NE(msg.find("unknown key 'vision.dept'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 12,"), std::string::npos) << msg;
}

TEST_F(ModelConfigStrictness, MissingKeyIsNamed) {
  const std::string msg = error_of(replace(tiny_yaml(), "  window_size: 4\n", ""));
  EXPECT_NE(msg.find("missing key 'vision.window_size'"), std::string::npos) << msg;
  const std::string section = error_of(replace(
      tiny_yaml(), "scoring:\n  hidden_dim: 64\n  clamp_logits: 12.0\n  dropout: 0.1\n", ""));
  EXPECT_NE(section.find("missing key 'scoring'"), std::string::npos) << section;
}

TEST_F(ModelConfigStrictness, WrongTypeIsRejected) {
  std::string msg = error_of(replace(tiny_yaml(), "  depth: 4\n", "  depth: four\n"));
  EXPECT_NE(msg.find("wrong type"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 11,"), std::string::npos) << msg;
  msg = error_of(replace(tiny_yaml(), "  depth: 4\n", "  depth: 4.5\n"));
  EXPECT_NE(msg.find("wrong type"), std::string::npos) << msg;
  msg = error_of(replace(tiny_yaml(), "global_blocks: [1, 3]", "global_blocks: 3"));
  EXPECT_NE(msg.find("expected a list"), std::string::npos) << msg;
  msg = error_of(replace(tiny_yaml(), "vision:\n", "vision: 3\nvision_unused:\n"));
  EXPECT_NE(msg.find("expected a mapping"), std::string::npos) << msg;
}

TEST_F(ModelConfigStrictness, ImageSizeMustBeAMultipleOfThePatch) {
  const std::string msg = error_of(replace(tiny_yaml(), "image_size: 112", "image_size: 120"));
  EXPECT_NE(msg.find("'image_size' must be a positive multiple of vision.patch_size (14), got 120"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("line 4,"), std::string::npos) << msg;
  EXPECT_EQ(error_of(replace(tiny_yaml(), "image_size: 112", "image_size: 126")), "");
}

TEST_F(ModelConfigStrictness, OutOfRangeValuesAreRejected) {
  EXPECT_NE(error_of(replace(tiny_yaml(), "global_blocks: [1, 3]", "global_blocks: [1, 4]"))
                .find("'vision.global_blocks'"),
            std::string::npos);
  EXPECT_NE(error_of(replace(tiny_yaml(), "num_heads: 2\n  mlp_ratio: 4.625",
                             "num_heads: 3\n  mlp_ratio: 4.625"))
                .find("'vision.num_heads'"),
            std::string::npos);
  EXPECT_NE(
      error_of(replace(tiny_yaml(), "scale_factors: [4.0, 2.0, 1.0, 0.5]", "scale_factors: [3.0]"))
          .find("'neck.scale_factors'"),
      std::string::npos);
  EXPECT_NE(
      error_of(replace(tiny_yaml(), "box_rpb: log", "box_rpb: cubic")).find("'decoder.box_rpb'"),
      std::string::npos);
  EXPECT_NE(error_of(replace(tiny_yaml(), "scalp: 1", "scalp: 4")).find("'neck.scalp'"),
            std::string::npos);
}

TEST_F(ModelConfigStrictness, MalformedYamlIsAConfigError) {
  const std::string msg = error_of("name: [unclosed\n");
  EXPECT_NE(msg.find("line"), std::string::npos) << msg;
}

}  // namespace
}  // namespace sam3::model
