#include "core/inference/model_info.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/model/skip_init.h"
#include "core/model/model_config.h"
#include "core/model/sam3_image.h"

namespace sam3 {
namespace {

// backbone.* and transformer.* are containers: report their children; others as they are.
std::string group_of(const std::string& key) {
  const auto first = key.find('.');
  const std::string head = key.substr(0, first);
  if (head != "backbone" && head != "transformer") return head;
  const auto second = key.find('.', first + 1);
  if (head == "transformer") return key.substr(0, second);
  const auto third = key.find('.', second + 1);  // backbone.vision_backbone.trunk
  return key.substr(0, third);
}

}  // namespace

ParameterCounts count_parameters(const std::string& name_or_yaml) {
  const std::filesystem::path p(name_or_yaml);
  const auto config = (p.extension() == ".yaml" || p.extension() == ".yml")
                          ? model::load_model_config(p)
                          : model::model_config_by_name(name_or_yaml);
  torch::NoGradGuard no_grad;
  const model::SkipInit skip;  // only the shapes are counted
  model::Sam3Image net(config);
  ParameterCounts counts;
  counts.model = config.name;
  for (const auto& item : net->named_parameters()) {
    const auto group = group_of(item.key());
    if (counts.modules.empty() || counts.modules.back().first != group) {
      counts.modules.emplace_back(group, 0);
    }
    counts.modules.back().second += item.value().numel();
    counts.total += item.value().numel();
  }
  return counts;
}

std::string to_json(const ParameterCounts& counts) {
  nlohmann::ordered_json j;
  j["model"] = counts.model;
  nlohmann::ordered_json modules = nlohmann::ordered_json::object();
  for (const auto& [name, n] : counts.modules) modules[name] = n;
  j["parameters"] = modules;
  j["total"] = counts.total;
  return j.dump(2);
}

}  // namespace sam3
