#pragma once
// Reads ../shared/reference/sam3-keys/official_image.keys.tsv (name, shape, dtype, P|B per line):
// the state-dict keys of the official image model, dumped from facebookresearch/sam3 @ 99d02f2.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>
#include "tests/support/test_paths.h"

namespace sam3::model::testing {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

inline std::filesystem::path official_keys_file() {
  return std::filesystem::path(::sam3::test::shared_dir()) / "reference" / "sam3-keys" /
         "official_image.keys.tsv";
}

// Parameters (kind P) whose name starts with `prefix`, prefix stripped; nullopt if the file is
// absent.
inline std::optional<ShapeMap> official_parameters(const std::string& prefix) {
  std::ifstream in(official_keys_file());
  if (!in) return std::nullopt;
  ShapeMap out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name, shape, dtype, kind;
    std::getline(fields, name, '\t');
    std::getline(fields, shape, '\t');
    std::getline(fields, dtype, '\t');
    std::getline(fields, kind, '\t');
    if (kind != "P" || name.rfind(prefix, 0) != 0) continue;
    std::vector<int64_t> dims;
    std::string digits;
    for (char c : shape) {
      if (c >= '0' && c <= '9') {
        digits += c;
      } else if (!digits.empty()) {
        dims.push_back(std::stoll(digits));
        digits.clear();
      }
    }
    out[name.substr(prefix.size())] = dims;
  }
  return out;
}

// named_parameters() of a module as a ShapeMap.
template <typename ModulePtr>
ShapeMap parameter_shapes(const ModulePtr& module) {
  ShapeMap out;
  for (const auto& p : module->named_parameters()) {
    out[p.key()] = std::vector<int64_t>(p.value().sizes().begin(), p.value().sizes().end());
  }
  return out;
}

// Index N of the first ".<list>.N." in `name`, or -1.
inline int list_index(const std::string& name, const std::string& list) {
  const std::string needle = list + ".";
  const auto at = name.find(needle);
  if (at == std::string::npos || (at > 0 && name[at - 1] != '.')) return -1;
  return std::stoi(name.substr(at + needle.size()));
}

template <typename ModulePtr>
int64_t count_parameters(const ModulePtr& module) {
  int64_t n = 0;
  for (const auto& p : module->parameters()) n += p.numel();
  return n;
}

}  // namespace sam3::model::testing
