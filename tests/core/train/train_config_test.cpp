// Training config: the documented default file equals the built-in defaults and names every key;
// to_yaml round trips; strictness (unknown, misplaced, duplicate keys, wrong types, ranges,
// cross-field rules) with the key, the file and the line in each error.
#include "core/train/train_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "core/util/errors.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {

const std::filesystem::path kDefaultFile =
    std::filesystem::path(::sam3::test::source_dir()) / "resources/train/default.yaml";

// The error of parsing `yaml`, or "" when it parses.
std::string error_of(const std::string& yaml) {
  try {
    parse_train_config(yaml, "my.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& yaml, const std::vector<std::string>& parts) {
  const std::string e = error_of(yaml);
  ASSERT_FALSE(e.empty()) << "accepted:\n" << yaml;
  EXPECT_NE(e.find("my.yaml"), std::string::npos) << e;
  for (const auto& p : parts)
    EXPECT_NE(e.find(p), std::string::npos) << "'" << p << "' not in: " << e;
}

TEST(TrainConfig, DefaultFileEqualsBuiltInDefaults) {
  EXPECT_EQ(load_train_config(kDefaultFile), TrainConfig{});
  EXPECT_EQ(parse_train_config(default_config_yaml(), "compiled-in"), TrainConfig{});
}

TEST(TrainConfig, CompiledInTextIsTheResourceFile) {
  std::ifstream in(kDefaultFile);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(default_config_yaml(), file);
}

TEST(TrainConfig, DefaultFileNamesEveryKey) {
  // Walk the file's indentation to rebuild dotted key paths; every struct key must appear.
  std::ifstream in(kDefaultFile);
  std::set<std::string> found;
  std::vector<std::string> stack;
  const std::regex key_line(R"(^( *)([a-z0-9_]+):(.*)$)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, key_line)) continue;
    const size_t depth = m[1].length() / 2;
    stack.resize(depth);
    stack.push_back(m[2]);
    std::string path;
    for (size_t i = 0; i < stack.size(); ++i) path += (i ? "." : "") + stack[i];
    found.insert(path);
  }
  const auto keys = train_config_keys();
  EXPECT_GT(keys.size(), 60u);
  for (const auto& key : keys) EXPECT_TRUE(found.count(key)) << key << " missing in default.yaml";
}

TEST(TrainConfig, ToYamlRoundTripsDefaultsAndChangedValues) {
  EXPECT_EQ(parse_train_config(to_yaml(TrainConfig{}), "effective"), TrainConfig{});
  TrainConfig c;
  c.model.config = "sam3-tiny";
  c.data.project = "/tmp/my project";
  c.data.augmentation.hflip = 0.5;
  c.data.augmentation.color_jitter.hue = 0.05;
  c.optimizer.lr = 1.2345678901234e-4;
  c.optimizer.betas = {0.8, 0.95};
  c.schedule.type = "cosine";
  c.memory.freeze_vision_trunk = true;
  c.memory.train_last_vision_blocks = 4;
  c.memory.lora.targets = {"attn.qkv"};
  c.loss.mask_loss = false;
  c.validation.best_metric = "bbox_AP50";
  c.train.max_steps = 123456789012;
  c.seed = 18446744073709551615ull;
  c.device = "cuda:1";
  const std::string yaml = to_yaml(c);
  EXPECT_EQ(parse_train_config(yaml, "effective"), c) << yaml;
  for (const auto& key : {"lr: 0.00012345678901234", "type: cosine", "device: cuda:1"}) {
    EXPECT_NE(yaml.find(key), std::string::npos) << key << " in\n" << yaml;
  }
}

TEST(TrainConfig, PartialFilesKeepOtherDefaults) {
  const TrainConfig c = parse_train_config("train:\n  epochs: 3\nseed: 7\n", "my.yaml");
  TrainConfig want;
  want.train.epochs = 3;
  want.seed = 7;
  EXPECT_EQ(c, want);
  EXPECT_EQ(parse_train_config("", "empty.yaml"), TrainConfig{});
  EXPECT_EQ(parse_train_config("# only a comment\n", "c.yaml"), TrainConfig{});
}

TEST(TrainConfig, UnknownKeyNamesKeyFileAndLine) {
  expect_error("train:\n  epochs: 3\n  max_epochs: 5\n",
               {"unknown key 'train.max_epochs'", "line 3, column 3"});
  expect_error("seed: 1\ncheckpoints:\n  keep_last: 3\n",
               {"unknown key 'checkpoints'", "line 2, column 1"});
}

TEST(TrainConfig, MisplacedKeySaysWhereItBelongs) {
  expect_error("lr: 1.0e-4\n", {"misplaced key 'lr'", "'optimizer'", "line 1"});
  expect_error("train:\n  keep_last: 3\n",
               {"misplaced key 'train.keep_last'", "'checkpoint'", "line 2, column 3"});
  expect_error("optimizer:\n  every_epochs: 2\n", {"'validation' or 'checkpoint'", "line 2"});
  expect_error("data:\n  seed: 3\n", {"misplaced key 'data.seed'", "the top level"});
}

TEST(TrainConfig, WrongTypesNameKeyAndLine) {
  expect_error("train:\n  batch_size: two\n",
               {"key 'train.batch_size'", "expected an integer", "'two'", "line 2, column 15"});
  expect_error("train:\n  batch_size: 1.5\n", {"train.batch_size", "expected an integer"});
  expect_error("optimizer:\n  lr: fast\n", {"optimizer.lr", "expected a number", "line 2"});
  expect_error("loss:\n  mask_loss: maybe\n", {"loss.mask_loss", "true or false", "line 2"});
  expect_error("optimizer:\n  betas: 0.9\n", {"optimizer.betas", "expected a list"});
  expect_error("model:\n  config: [a, b]\n", {"model.config", "expected a string"});
  expect_error("train: 5\n", {"key 'train' must be a mapping", "line 1"});
  expect_error("train:\n  epochs:\n    value: 3\n", {"train.epochs", "expected an integer"});
  expect_error("- a\n- b\n", {"top level must be a mapping"});
  expect_error("train: {epochs: 3\n", {"YAML syntax error", "line"});
}

TEST(TrainConfig, OutOfRangeValuesNameKeyAndLine) {
  expect_error("\ntrain:\n  batch_size: 0\n",
               {"train.batch_size", "out of range", "[1, 1024]", "line 3"});
  expect_error("optimizer:\n  lr: 0\n", {"optimizer.lr", "> 0"});
  expect_error("optimizer:\n  lr: .nan\n", {"optimizer.lr", "out of range"});
  expect_error("data:\n  augmentation:\n    hflip: 1.5\n",
               {"data.augmentation.hflip", "[0, 1]", "line 3, column 12"});
  expect_error("seed: -1\n", {"'seed'", "out of range"});
  expect_error("schedule:\n  type: linear\n", {"schedule.type", "inverse_sqrt, cosine"});
  expect_error("precision:\n  amp: fp8\n", {"precision.amp", "auto, bf16, fp16, off"});
  expect_error("device: gpu\n", {"'device'", "not a device"});
  expect_error("device: 'cuda:x'\n", {"not a device"});
  expect_error("validation:\n  best_metric: mAP\n", {"validation.best_metric", "segm_AP"});
  expect_error("memory:\n  lora:\n    targets: [attn.qkv, ffn]\n",
               {"memory.lora.targets", "'ffn'"});
}

TEST(TrainConfig, DuplicateKeysAreErrors) {
  expect_error("seed: 1\nseed: 2\n", {"duplicate key 'seed'", "line 2"});
}

TEST(TrainConfig, CrossFieldRules) {
  expect_error("data:\n  augmentation:\n    resize_min: 900\n    resize_max: 500\n",
               {"resize_min", "resize_max"});
  expect_error("data:\n  augmentation:\n    resize_max: 1200\n", {"exceeds 1008"});
  expect_error("memory:\n  train_last_vision_blocks: 4\n", {"freeze_vision_trunk: true"});
  expect_error("loss:\n  mask_loss: false\n", {"segm_AP", "loss.mask_loss"});
  expect_error("memory:\n  lora:\n    enabled: true\n    targets: []\n", {"lora.targets is empty"});
  expect_error("optimizer:\n  betas: [0.9]\n", {"optimizer.betas"});
  EXPECT_EQ(error_of("loss:\n  mask_loss: false\nvalidation:\n  best_metric: bbox_AP\n"), "");
}

TEST(TrainConfig, MissingFileIsAnIoError) {
  EXPECT_THROW(load_train_config("/nonexistent/train.yaml"), IoError);
}

}  // namespace
}  // namespace sam3::train
