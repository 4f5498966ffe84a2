// to_yaml and validate_train_config (train_config.h). Numbers are written in their shortest
// round-tripping form so that parse_train_config(to_yaml(c)) == c.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <type_traits>

#include "core/train/train_config.h"
#include "core/train/train_config_fields.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

using detail::Choices;
using detail::Limits;

std::string shortest(double value) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";  // keep it visibly a float
  return s;
}

class Writer {
 public:
  template <typename T>
  void field(const std::string& path, const T& value, const Limits&) {
    YAML::Node node = at(path);
    if constexpr (std::is_same_v<T, std::vector<double>>) {
      for (const double v : value) node.push_back(shortest(v));
      node.SetStyle(YAML::EmitterStyle::Flow);
    } else if constexpr (std::is_floating_point_v<T>) {
      node = shortest(value);
    } else {
      node = value;
    }
  }
  void field(const std::string& path, const bool& value) { at(path) = value; }
  void field(const std::string& path, const std::string& value, const Choices&) {
    at(path) = value;
  }
  void field(const std::string& path, const std::vector<std::string>& value, const Choices&) {
    YAML::Node node = at(path);
    for (const auto& v : value) node.push_back(v);
    node.SetStyle(YAML::EmitterStyle::Flow);
  }
  YAML::Node root{YAML::NodeType::Map};  // a Null root would drop keys added below it

 private:
  YAML::Node at(const std::string& path) {
    YAML::Node cur = root;
    size_t start = 0;
    while (true) {
      const size_t dot = path.find('.', start);
      YAML::Node next = cur[path.substr(start, dot == std::string::npos ? dot : dot - start)];
      cur.reset(next);
      if (dot == std::string::npos) return cur;
      start = dot + 1;
    }
  }
};

[[noreturn]] void invalid(const std::filesystem::path& source, const std::string& what) {
  throw ConfigError(source, "", what);
}

}  // namespace

std::string to_yaml(const TrainConfig& config) {
  Writer writer;
  detail::visit_fields(config, writer);
  YAML::Emitter out;
  out << writer.root;
  return std::string(out.c_str()) + "\n";
}

void validate_train_config(const TrainConfig& c, const std::filesystem::path& source) {
  const auto& aug = c.data.augmentation;
  if (aug.resize_min > aug.resize_max) {
    invalid(source, "data.augmentation.resize_min (" + std::to_string(aug.resize_min) +
                        ") is larger than resize_max (" + std::to_string(aug.resize_max) + ")");
  }
  if (aug.resize_max > 1008) {
    invalid(source, "data.augmentation.resize_max (" + std::to_string(aug.resize_max) +
                        ") exceeds 1008: sizes are given for a 1008 input and padded up to it");
  }
  if (c.optimizer.betas.size() != 2 || c.optimizer.betas[0] >= 1 || c.optimizer.betas[1] >= 1) {
    invalid(source, "optimizer.betas must be two numbers in [0, 1)");
  }
  if (c.memory.train_last_vision_blocks > 0 && !c.memory.freeze_vision_trunk) {
    invalid(source,
            "memory.train_last_vision_blocks needs memory.freeze_vision_trunk: true (it says "
            "which blocks stay trainable in a frozen trunk)");
  }
  if (c.memory.lora.enabled) {
    const auto& t = c.memory.lora.targets;
    if (t.empty()) invalid(source, "memory.lora.targets is empty while memory.lora.enabled");
    if (std::set<std::string>(t.begin(), t.end()).size() != t.size()) {
      invalid(source, "memory.lora.targets lists a module twice");
    }
    if (c.memory.lora.dropout >= 1) invalid(source, "memory.lora.dropout must be below 1");
    if (c.memory.train_last_vision_blocks > 0) {
      invalid(source,
              "memory.train_last_vision_blocks cannot be combined with memory.lora.enabled (LoRA "
              "freezes every base weight; only the adapters train)");
    }
  }
  if (!c.loss.mask_loss && c.validation.best_metric.rfind("segm_", 0) == 0) {
    invalid(source, "validation.best_metric " + c.validation.best_metric +
                        " needs masks, but loss.mask_loss is false (use a bbox_ metric)");
  }
}

}  // namespace sam3::train
