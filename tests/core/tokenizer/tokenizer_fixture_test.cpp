// The C++ tokenizer against ids written by the OFFICIAL Python tokenizer
// (tests/data/tokenizer/official_ids.jsonl, see its README), with the real CLIP vocabulary.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/model/tokenizer.h"
#include "core/util/errors.h"
#include "tests/core/tokenizer/test_files.h"

namespace sam3 {
namespace {
namespace fs = std::filesystem;
using Ids = std::vector<std::int64_t>;
using tokenizer_test::ScratchDir;
using tokenizer_test::write_bytes;

struct Row {
  std::string text;
  Ids ids;
};

std::vector<Row> read_fixture() {
  std::ifstream in(tokenizer_test::official_fixture());
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    rows.push_back({j.at("text").get<std::string>(), j.at("ids").get<Ids>()});
  }
  return rows;
}

Ids padded(Ids head, std::size_t n = 32) {
  head.resize(n, 0);
  return head;
}

const ClipTokenizer& real_tokenizer(const fs::path& vocab) {
  static const ClipTokenizer tokenizer = ClipTokenizer::from_bpe_gz(vocab);
  return tokenizer;
}

// Writes HF CLIPTokenizer files (vocab.json with <|startoftext|>, merges.txt) for the real
// vocabulary, following the published layout; independent of the code under test.
void write_hf_files(const fs::path& gz, const fs::path& dir, bool corrupt_one_id) {
  const std::string text = tokenizer_test::gunzip_bytes(tokenizer_test::read_bytes(gz));
  auto utf8 = [](char32_t c) {
    std::string s;
    if (c < 0x80) {
      s.push_back(static_cast<char>(c));
    } else {
      s.push_back(static_cast<char>(0xC0 | (c >> 6)));
      s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    return s;
  };
  std::vector<std::string> vocab;
  std::vector<bool> printable(256, false);
  for (int b = 0; b < 256; ++b)
    printable[b] = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
  for (int b = 0; b < 256; ++b)
    if (printable[b]) vocab.push_back(utf8(static_cast<char32_t>(b)));
  char32_t next = 256;
  for (int b = 0; b < 256; ++b)
    if (!printable[b]) vocab.push_back(utf8(next++));
  for (int i = 0; i < 256; ++i) vocab.push_back(vocab[static_cast<std::size_t>(i)] + "</w>");
  std::size_t pos = text.find('\n') + 1;
  std::string merges = "#version: 0.2\n";
  for (int i = 0; i < 48894; ++i) {
    const std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    merges += line + "\n";
    vocab.push_back(line.substr(0, line.find(' ')) + line.substr(line.find(' ') + 1));
    pos = end + 1;
  }
  vocab.push_back("<|startoftext|>");
  vocab.push_back("<|endoftext|>");
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < vocab.size(); ++i) j[vocab[i]] = i;
  if (corrupt_one_id) j["cat</w>"] = 7;
  write_bytes(dir / "vocab.json", j.dump());
  write_bytes(dir / "merges.txt", merges);
}

TEST(TokenizerFixture, EveryOfficialLineMatchesExactly) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  const std::vector<Row> rows = read_fixture();
  ASSERT_GE(rows.size(), 200u) << "fixture " << tokenizer_test::official_fixture();
  const ClipTokenizer& tok = real_tokenizer(vocab);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].ids.size(), 32u) << "fixture line " << i + 1;
    const Ids got = tok.encode(rows[i].text);
    if (got != rows[i].ids) {
      ++mismatches;
      ADD_FAILURE() << "fixture line " << i + 1 << " text '" << rows[i].text << "': ids "
                    << testing::PrintToString(got) << " expected "
                    << testing::PrintToString(rows[i].ids);
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << rows.size() << " prompts";
}

TEST(TokenizerFixture, BatchEqualsOneByOne) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  std::vector<std::string> texts;
  std::vector<Ids> expected;
  for (const Row& r : read_fixture()) {
    texts.push_back(r.text);
    expected.push_back(r.ids);
  }
  EXPECT_EQ(real_tokenizer(vocab).encode_batch(texts), expected);
}

TEST(TokenizerFixture, SpecExamples) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  const ClipTokenizer& tok = real_tokenizer(vocab);
  EXPECT_EQ(tok.encode("a cat"), padded({49406, 320, 2368, 49407}));
  EXPECT_EQ(tok.encode("person"), padded({49406, 2533, 49407}));
  EXPECT_EQ(tok.encode("Traffic Light!"), padded({49406, 3399, 1395, 256, 49407}));
  EXPECT_EQ(tok.bpe_ids("a cat"), (Ids{320, 2368}));
  EXPECT_EQ(tok.vocab_size(), 49408u);
  EXPECT_EQ(ClipTokenizer::from_bpe_gz(vocab, 77).encode("a cat"),
            padded({49406, 320, 2368, 49407}, 77));
}

TEST(TokenizerFixture, EmptyAndOverLongPrompts) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  const ClipTokenizer& tok = real_tokenizer(vocab);
  // encode() mirrors the official output; encode_prompt() is the predictor's strict contract.
  EXPECT_EQ(tok.encode(""), padded({49406, 49407}));
  for (const char* blank : {"", "   ", "\t\n", "&nbsp;", "&amp;nbsp;"}) {
    EXPECT_THROW((void)tok.encode_prompt(blank), InvalidInput) << "'" << blank << "'";
  }
  const auto ok = tok.encode_prompt("fuse cutout");
  EXPECT_FALSE(ok.truncated);
  EXPECT_EQ(ok.ids, tok.encode("fuse cutout"));
  const auto exact = tok.encode_prompt(std::string(30, '1'));  // 30 + 2 = 32: fits
  EXPECT_FALSE(exact.truncated);
  EXPECT_EQ(exact.ids.back(), 49407);
  const auto cut = tok.encode_prompt(std::string(31, '1'));
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(cut.token_count, 31u);
  EXPECT_EQ(cut.ids.size(), 32u);
  EXPECT_EQ(cut.ids.back(), 49407);  // end token forced into the last slot
  EXPECT_THROW((void)tok.encode("bad \xff utf-8"), InvalidInput);
}

TEST(TokenizerFixture, ConcurrentEncodingIsConsistent) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  const ClipTokenizer tok = ClipTokenizer::from_bpe_gz(vocab);  // fresh cache
  const std::vector<Row> rows = read_fixture();
  std::vector<std::size_t> bad(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < bad.size(); ++t) {
    threads.emplace_back([&, t] {
      for (const Row& r : rows) bad[t] += tok.encode(r.text) != r.ids;
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < bad.size(); ++t) EXPECT_EQ(bad[t], 0u) << "thread " << t;
}

TEST(TokenizerFixture, HuggingFaceFilesGiveTheSameIds) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  ScratchDir dir("hf");
  write_hf_files(vocab, dir.path(), false);
  const ClipTokenizer hf = ClipTokenizer::from_path(dir.path());
  const ClipTokenizer via_json = ClipTokenizer::from_path(dir.path() / "vocab.json");
  for (const Row& r : read_fixture()) {
    ASSERT_EQ(hf.encode(r.text), r.ids) << r.text;
    ASSERT_EQ(via_json.encode(r.text), r.ids) << r.text;
  }
}

TEST(TokenizerFixture, HuggingFaceVocabDisagreeingWithMergesIsAFormatError) {
  SAM3_REQUIRE_SHARED_VOCAB(vocab);
  ScratchDir dir("hfbad");
  write_hf_files(vocab, dir.path(), true);
  try {
    (void)ClipTokenizer::from_path(dir.path());
    FAIL() << "no exception";
  } catch (const FormatError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("vocab.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cat</w>"), std::string::npos) << msg;
    EXPECT_NE(msg.find("got 7"), std::string::npos) << msg;
  }
  // Cut short, and a number beyond double (nlohmann's out_of_range, not a parse_error).
  for (const char* bad : {"{\"a\": 1,", "{\"a\": 4e99999999}"}) {
    write_bytes(dir.path() / "vocab.json", bad);
    try {
      (void)ClipTokenizer::from_path(dir.path());
      FAIL() << "no exception for " << bad;
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find("vocab.json"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace sam3
