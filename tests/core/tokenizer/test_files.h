#pragma once
// Helpers of the tokenizer tests: scratch folders, gzip writing (zlib, independent of the code
// under test), and where the real vocabulary and the official fixture live.
#include <filesystem>
#include <string>
#include <string_view>
#include "tests/support/test_paths.h"

namespace sam3::tokenizer_test {

// A fresh empty folder under the system temp folder, removed by the destructor.
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_bytes(const std::filesystem::path& file, std::string_view bytes);
std::string read_bytes(const std::filesystem::path& file);
std::string gzip_bytes(std::string_view plain);
std::string gunzip_bytes(std::string_view packed);

// ../shared/reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz (empty path when absent).
std::filesystem::path shared_vocab();
// tests/data/tokenizer/official_ids.jsonl of the source tree.
std::filesystem::path official_fixture();

}  // namespace sam3::tokenizer_test

// Skips the current test with a message when the shared vocabulary is not on this machine.
#define SAM3_REQUIRE_SHARED_VOCAB(var)                                                    \
  const std::filesystem::path var = ::sam3::tokenizer_test::shared_vocab();               \
  if (var.empty()) {                                                                      \
    GTEST_SKIP() << "real CLIP vocabulary not found under " << ::sam3::test::shared_dir() \
                 << "/reference/clip-bpe (../shared is absent on this machine)";          \
  }
