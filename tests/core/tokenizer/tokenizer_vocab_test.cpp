// Vocabulary loading: clear errors naming the file (and line or byte) for every kind of bad file.
#include <gtest/gtest.h>

#include <string>

#include "core/model/tokenizer.h"
#include "core/model/tokenizer_vocab.h"
#include "core/util/errors.h"
#include "tests/core/tokenizer/test_files.h"

namespace sam3 {
namespace {
namespace fs = std::filesystem;
using tokenizer_test::gzip_bytes;
using tokenizer_test::ScratchDir;
using tokenizer_test::write_bytes;

// Runs `load`, expects exception E and returns its message.
template <typename E, typename F>
std::string error_of(F&& load) {
  try {
    load();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception type: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no exception";
  return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(TokenizerVocab, ByteSymbolsFollowBytesToUnicode) {
  const auto& s = clip_vocab::byte_symbols();
  EXPECT_EQ(s['a'], "a");
  EXPECT_EQ(s['!'], "!");
  EXPECT_EQ(s[0x00], "\u0100");  // first non-printable byte -> 256
  EXPECT_EQ(s[' '], "\u0120");   // space -> 256 + 32
  EXPECT_EQ(s[0x7F], "\u0121");
  EXPECT_EQ(s[0xA0], "\u0142");
  EXPECT_EQ(s[0xAD], "\u0143");  // soft hyphen, the last one
  EXPECT_EQ(s[0xE9], "\u00e9");
}

TEST(TokenizerVocab, MissingFileIsAnIoErrorNamingIt) {
  ScratchDir dir("missing");
  const fs::path file = dir.path() / "nope.txt.gz";
  const std::string msg = error_of<IoError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, file.string())) << msg;
}

TEST(TokenizerVocab, EmptyDirectorySaysWhatItLookedFor) {
  ScratchDir dir("emptydir");
  const std::string msg = error_of<IoError>([&] { (void)ClipTokenizer::from_path(dir.path()); });
  EXPECT_TRUE(contains(msg, "bpe_simple_vocab_16e6.txt.gz")) << msg;
  EXPECT_TRUE(contains(msg, "vocab.json + merges.txt")) << msg;
}

TEST(TokenizerVocab, TruncatedGzipIsAFormatErrorNamingTheFile) {
  ScratchDir dir("trunc");
  const std::string packed = gzip_bytes("#version: 0.2\ni n\nt h\n" + std::string(5000, 'x'));
  const fs::path file = dir.path() / "cut.txt.gz";
  write_bytes(file, packed.substr(0, packed.size() / 2));
  const std::string msg = error_of<FormatError>([&] { (void)clip_vocab::gunzip_file(file); });
  EXPECT_TRUE(contains(msg, file.string())) << msg;
  EXPECT_TRUE(contains(msg, "truncated gzip")) << msg;
}

TEST(TokenizerVocab, TruncatedRealVocabularyIsAFormatError) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  ScratchDir dir("trunc_real");
  const fs::path file = dir.path() / "bpe_simple_vocab_16e6.txt.gz";
  const std::string packed = tokenizer_test::read_bytes(vocab);
  write_bytes(file, packed.substr(0, packed.size() - 100));
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, file.string()) && contains(msg, "truncated gzip")) << msg;
}

TEST(TokenizerVocab, NotGzipIsAFormatError) {
  ScratchDir dir("notgz");
  const fs::path file = dir.path() / "plain.txt.gz";
  write_bytes(file, "#version: 0.2\ni n\n");
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, file.string()) && contains(msg, "not a valid gzip")) << msg;
}

TEST(TokenizerVocab, MalformedMergeLineNamesTheLine) {
  ScratchDir dir("badline");
  const fs::path file = dir.path() / "bad.txt.gz";
  write_bytes(file, gzip_bytes("#version: 0.2\ni n\nt h e\nr e\n"));
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, file.string())) << msg;
  EXPECT_TRUE(contains(msg, "line 3")) << msg;
  EXPECT_TRUE(contains(msg, "t h e")) << msg;
}

TEST(TokenizerVocab, EmptyMergeLineNamesTheLine) {
  ScratchDir dir("emptyline");
  const fs::path file = dir.path() / "bad.txt.gz";
  write_bytes(file, gzip_bytes("#version: 0.2\n\ni n\n"));
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, "line 2")) << msg;
}

TEST(TokenizerVocab, TooFewMergesIsAFormatError) {
  ScratchDir dir("short");
  const fs::path file = dir.path() / "short.txt.gz";
  write_bytes(file, gzip_bytes("#version: 0.2\ni n\nt h"));
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, "too few merges") && contains(msg, "48894")) << msg;
}

TEST(TokenizerVocab, NonUtf8VocabularyIsAFormatError) {
  ScratchDir dir("latin1");
  const fs::path file = dir.path() / "latin1.txt.gz";
  write_bytes(file, gzip_bytes("#version: 0.2\n\xe9 n\n"));
  const std::string msg = error_of<FormatError>([&] { (void)ClipTokenizer::from_bpe_gz(file); });
  EXPECT_TRUE(contains(msg, file.string()) && contains(msg, "not UTF-8")) << msg;
}

TEST(TokenizerVocab, ContextLengthBelowTwoIsRejected) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  EXPECT_THROW((void)ClipTokenizer::from_bpe_gz(vocab, 1), InvalidInput);
}

}  // namespace
}  // namespace sam3
