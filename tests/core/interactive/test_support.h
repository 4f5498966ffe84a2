#pragma once
// Helpers shared by the interactive tests: temporary folders, the probed key lists of
// ../shared/reference/sam3-keys (name, shape, dtype, P|B per line) and small tensor comparisons.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/fs_util.h"
#include "core/weights/named_tensors.h"
#include "tests/support/test_paths.h"

namespace sam3::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() /
              ("sam3_interactive_" + name + "_" + std::to_string(::getpid()))) {
    remove_tree(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { remove_tree(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline fs::path keys_dir() {
  return fs::path(::sam3::test::shared_dir()) / "reference" / "sam3-keys";
}

// key -> shape of every line of a *.keys.tsv file; nullopt when the file is absent.
inline std::optional<std::map<std::string, weights::Shape>> read_keys(const std::string& file) {
  std::ifstream in(keys_dir() / file);
  if (!in) return std::nullopt;
  std::map<std::string, weights::Shape> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name, shape;
    std::getline(fields, name, '\t');
    std::getline(fields, shape, '\t');
    weights::Shape dims;
    std::string digits;
    for (char c : shape) {
      if (c >= '0' && c <= '9') {
        digits += c;
      } else if (!digits.empty()) {
        dims.push_back(std::stoll(digits));
        digits.clear();
      }
    }
    out[name] = dims;
  }
  return out;
}

inline weights::Shape shape_of(const torch::Tensor& t) {
  return weights::Shape(t.sizes().begin(), t.sizes().end());
}

inline double max_abs(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

}  // namespace sam3::testing
