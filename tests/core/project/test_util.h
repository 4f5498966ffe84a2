#pragma once
// Helpers for the project tests: scratch folders and file comparison.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include "tests/support/test_paths.h"

namespace sam3::project::testing {

// A fresh folder removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("sam3_project_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             (info ? std::string(info->name()) : std::string("x")));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::filesystem::path& f, const std::string& bytes) {
  std::filesystem::create_directories(f.parent_path());
  std::ofstream out(f, std::ios::binary);
  out << bytes;
}

// Every regular file below `dir`, by relative path, with its bytes.
inline std::map<std::string, std::string> tree(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out[std::filesystem::relative(e.path(), dir).generic_string()] = slurp(e.path());
  return out;
}

inline std::filesystem::path shared_roboflow() {
  return std::filesystem::path(::sam3::test::shared_dir()) / "data" / "roboflow";
}

inline std::filesystem::path golden(const std::string& name) {
  return std::filesystem::path(::sam3::test::source_dir()) / "tests" / "data" / "project" / name;
}

}  // namespace sam3::project::testing
