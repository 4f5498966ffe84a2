#include "core/model/tokenizer_vocab.h"

#include <zlib.h>

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/model/tokenizer_text.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::clip_vocab {
namespace fs = std::filesystem;

namespace {

// Byte values in bytes_to_unicode() order: the printable ones keep their code point, the others
// get 256 + n in ascending byte order.
std::array<int, 256> byte_order() {
  std::array<int, 256> order{};
  std::array<bool, 256> printable{};
  std::size_t n = 0;
  auto add_range = [&](int first, int last) {
    for (int b = first; b <= last; ++b) {
      printable[static_cast<std::size_t>(b)] = true;
      order[n++] = b;
    }
  };
  add_range('!', '~');
  add_range(0xA1, 0xAC);
  add_range(0xAE, 0xFF);
  for (int b = 0; b < 256; ++b) {
    if (!printable[static_cast<std::size_t>(b)]) order[n++] = b;
  }
  return order;
}

std::string line_place(std::size_t line) {
  return "line " + std::to_string(line);
}

// Splits the decompressed text into lines like str.split("\n") and parses merges[1:48895].
std::vector<std::pair<std::string, std::string>> parse_merges(const fs::path& file,
                                                              std::string_view text) {
  std::vector<std::pair<std::string, std::string>> merges;
  merges.reserve(kNumMerges);
  std::size_t line_no = 0, pos = 0;
  while (pos <= text.size() && merges.size() < static_cast<std::size_t>(kNumMerges)) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (++line_no == 1) continue;  // "#version: 0.2" header
    std::vector<std::string_view> fields;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() &&
             std::string_view(" \t\r\v\f").find(line[i]) != std::string_view::npos)
        ++i;
      std::size_t j = i;
      while (j < line.size() &&
             std::string_view(" \t\r\v\f").find(line[j]) == std::string_view::npos)
        ++j;
      if (j > i) fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.size() != 2) {
      throw FormatError(file, line_place(line_no),
                        "malformed merge: expected two symbols separated by a space, got " +
                            std::to_string(fields.size()) + " field(s) in '" + std::string(line) +
                            "'");
    }
    merges.emplace_back(std::string(fields[0]), std::string(fields[1]));
  }
  if (merges.size() < static_cast<std::size_t>(kNumMerges)) {
    throw FormatError(file, line_place(line_no),
                      "too few merges: expected " + std::to_string(kNumMerges) +
                          " merge lines after "
                          "the header, the file ends after " +
                          std::to_string(merges.size()));
  }
  return merges;
}

// The official vocabulary list in id order (SimpleTokenizer.__init__).
Vocabulary build(const std::vector<std::pair<std::string, std::string>>& merges) {
  Vocabulary v;
  v.encoder.reserve(kVocabSize);
  v.ranks.reserve(merges.size());
  std::int32_t id = 0;
  const auto& symbols = byte_symbols();
  for (int b : byte_order()) v.encoder.insert_or_assign(symbols[static_cast<std::size_t>(b)], id++);
  for (int b : byte_order())
    v.encoder.insert_or_assign(symbols[static_cast<std::size_t>(b)] + "</w>", id++);
  std::int32_t rank = 0;
  for (const auto& [first, second] : merges) {
    v.encoder.insert_or_assign(first + second, id++);
    v.ranks.insert_or_assign(first + ' ' + second, rank++);  // later duplicates win, as in a dict
  }
  v.encoder.insert_or_assign("<start_of_text>", id++);
  v.encoder.insert_or_assign("<end_of_text>", id++);
  return v;
}

void check_utf8(const fs::path& file, const std::string& text) {
  try {
    (void)clip_text::decode_utf8(text);
  } catch (const InvalidInput& e) {
    throw FormatError(file, "", std::string("decompressed vocabulary is not UTF-8: ") + e.what());
  }
}

}  // namespace

const std::array<std::string, 256>& byte_symbols() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> t;
    char32_t next = 256;
    for (int b : byte_order()) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      const char32_t cp = printable ? static_cast<char32_t>(b) : next++;
      t[static_cast<std::size_t>(b)] = clip_text::encode_utf8(std::u32string(1, cp));
    }
    return t;
  }();
  return table;
}

std::string gunzip_file(const fs::path& file) {
  const std::string packed = read_file(file);
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw IoError(file, "zlib initialisation failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  std::array<char, 1 << 16> buffer{};
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - zs.avail_out);
    if (rc == Z_STREAM_END && zs.avail_in > 0) {
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) rc = Z_DATA_ERROR;  // input ended mid-stream
    if (rc != Z_OK) break;
  }
  const std::size_t at = packed.size() - zs.avail_in;
  const std::string msg = zs.msg ? zs.msg : "";
  inflateEnd(&zs);
  if (rc == Z_STREAM_END) return out;
  if (zs.avail_in == 0 && msg.empty()) {
    throw FormatError(
        file, "compressed byte " + std::to_string(at),
        "truncated gzip stream: the file ends before the end of the compressed data (" +
            std::to_string(packed.size()) + " bytes read)");
  }
  throw FormatError(
      file, "compressed byte " + std::to_string(at),
      "not a valid gzip stream: " + (msg.empty() ? "zlib error " + std::to_string(rc) : msg));
}

Vocabulary load_bpe_gz(const fs::path& file) {
  const std::string text = gunzip_file(file);
  check_utf8(file, text);
  return build(parse_merges(file, text));
}

Vocabulary load_hf_files(const fs::path& vocab_json, const fs::path& merges_txt) {
  const std::string merges_text = read_file(merges_txt);
  check_utf8(merges_txt, merges_text);
  Vocabulary v = build(parse_merges(merges_txt, merges_text));
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(vocab_json));
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError(vocab_json, "byte " + std::to_string(e.byte), e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. a number beyond double (out_of_range)
    throw FormatError(vocab_json, "", std::string("malformed JSON: ") + e.what());
  }
  if (!json.is_object()) throw FormatError(vocab_json, "", "expected a JSON object token -> id");
  if (json.size() != static_cast<std::size_t>(kVocabSize)) {
    throw FormatError(
        vocab_json, "",
        "expected " + std::to_string(kVocabSize) + " tokens, got " + std::to_string(json.size()));
  }
  for (const auto& [token, id] : v.encoder) {
    std::string key = token;
    if (token == "<start_of_text>" && !json.contains(key)) key = "<|startoftext|>";
    if (token == "<end_of_text>" && !json.contains(key)) key = "<|endoftext|>";
    if (!json.contains(key) || !json[key].is_number_integer() ||
        json[key].get<std::int64_t>() != id) {
      throw FormatError(vocab_json, "key '" + key + "'",
                        "disagrees with " + merges_txt.string() + ": expected id " +
                            std::to_string(id) + ", got " +
                            (json.contains(key) ? json[key].dump() : std::string("no entry")));
    }
  }
  return v;
}

}  // namespace sam3::clip_vocab
