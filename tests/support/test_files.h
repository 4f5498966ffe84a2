// Files the tests share: the CLIP vocabulary of ../shared and a temporary folder per test.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace sam3::test {

// The official CLIP BPE vocabulary in ../shared (tests that need it skip when it is absent).
inline std::filesystem::path clip_vocab() {
  return std::filesystem::path(shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
}

// <system temp>/<prefix><pid>_<n>: removed first (a crashed earlier run may have left it), made
// when `create`, and removed with everything in it at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix, bool create = false)
      : path(std::filesystem::temp_directory_path() /
             (prefix + std::to_string(::getpid()) + "_" + std::to_string(next()))) {
    sam3::remove_tree(path);
    if (create) std::filesystem::create_directories(path);
  }
  ~TempDir() { sam3::remove_tree(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path path;

 private:
  static int next() {
    static std::atomic<int> n{0};
    return n++;
  }
};

}  // namespace sam3::test
