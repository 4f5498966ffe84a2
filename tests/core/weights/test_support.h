#pragma once
// Helpers of the weights tests: fixture paths, expected-values JSON, scratch folders.
#include <gtest/gtest.h>

#include <ftw.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include <torch/torch.h>

#include "core/util/errors.h"
#include "tests/support/test_paths.h"

namespace sam3::weights::test {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(::sam3::test::source_dir()) / "tests/data/weights" / name;
}

inline nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

inline std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// Compares a tensor with {"dtype", "shape", "values"} written by make_weights_fixtures.py.
inline void expect_matches(const std::string& key, const torch::Tensor& t,
                           const nlohmann::json& want) {
  SCOPED_TRACE(key);
  ASSERT_EQ(t.sizes().vec(), want["shape"].get<std::vector<int64_t>>());
  torch::Tensor flat = t.contiguous().reshape({-1});
  if (want["dtype"] == "C64") {
    ASSERT_EQ(t.scalar_type(), torch::kComplexFloat);
    flat = torch::view_as_real(flat).reshape({-1});
  }
  flat = flat.to(torch::kDouble);
  std::vector<double> values;
  for (const auto& v : want["values"]) {
    if (v.is_array()) {
      values.push_back(v[0].get<double>());
      values.push_back(v[1].get<double>());
    } else {
      values.push_back(v.get<double>());
    }
  }
  ASSERT_EQ(flat.numel(), static_cast<int64_t>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(flat[static_cast<int64_t>(i)].item<double>(), values[i]) << "element " << i;
}

inline int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
  return std::remove(path);
}

// A fresh folder under the system temp dir, removed with the object. Removal goes through nftw,
// not std::filesystem::remove_all: pip PyTorch wheels export their own statically linked copy of
// remove_all (pytorch/pytorch#133437), which crashes when called from a binary linking LibTorch.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("sam3_weights_test_" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { ::nftw(path_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace sam3::weights::test

namespace sam3::weights::test {

// A module tree whose parameters are exactly `keys` (dotted paths), zero-initialised; keys ending
// in ".freqs_cis" become buffers, as a RoPE table would be.
inline std::shared_ptr<torch::nn::Module> module_with(
    const std::vector<std::pair<std::string, std::vector<int64_t>>>& keys,
    torch::ScalarType dtype = torch::kFloat32) {
  auto root = std::make_shared<torch::nn::Module>();
  for (const auto& [key, shape] : keys) {
    std::shared_ptr<torch::nn::Module> m = root;
    std::size_t start = 0;
    for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      const std::string name = key.substr(start, dot - start);
      auto children = m->named_children();
      m = children.contains(name) ? children[name]
                                  : m->register_module(name, std::make_shared<torch::nn::Module>());
      start = dot + 1;
    }
    const std::string leaf = key.substr(start);
    if (leaf == "freqs_cis")
      m->register_buffer(leaf, torch::zeros(shape, torch::kComplexFloat));
    else
      m->register_parameter(leaf, torch::zeros(shape, dtype));
  }
  return root;
}

}  // namespace sam3::weights::test

namespace sam3::weights::test {

// Runs `read` on every fixture of bad_files.json whose name ends in `extension`; each must throw a
// FormatError naming the file and containing the manifest's message. Returns how many ran.
template <typename Read>
int expect_each_bad_file_rejected(const std::string& extension, Read read) {
  const auto manifest = read_json(fixture("bad_files.json"));
  int checked = 0;
  for (const auto& [name, message] : manifest.items()) {
    if (!name.ends_with(extension)) continue;
    SCOPED_TRACE(name);
    try {
      read(fixture(name));
      ADD_FAILURE() << "accepted";
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(message.template get<std::string>()), std::string::npos)
          << e.what();
      EXPECT_EQ(e.file().filename(), name);
    }
    ++checked;
  }
  return checked;
}

}  // namespace sam3::weights::test
