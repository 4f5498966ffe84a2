#pragma once
// Parameter counts of a model configuration, per top-level module, as the official code counts
// them (every registered parameter; RoPE tables are buffers and do not count). Plain types.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sam3 {

struct ParameterCounts {
  std::string model;
  std::vector<std::pair<std::string, std::int64_t>> modules;  // in registration order
  std::int64_t total = 0;
};

// Builds the model on the CPU (the full-size model takes about 3.4 GB and a few seconds).
// `name_or_yaml`: "sam3", "sam3-tiny" or a YAML file. Throws ConfigError for a bad config.
ParameterCounts count_parameters(const std::string& name_or_yaml);
std::string to_json(const ParameterCounts& counts);

}  // namespace sam3
