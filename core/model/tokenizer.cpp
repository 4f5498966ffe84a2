#include "core/model/tokenizer.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "core/model/tokenizer_text.h"
#include "core/model/tokenizer_vocab.h"
#include "core/util/errors.h"

namespace sam3 {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCacheLimit = 65536;

// tokenizer_ve.py bpe(): greedy merges of the lowest-ranked adjacent pair until none is ranked.
std::vector<std::string> bpe_word(const clip_vocab::Vocabulary& vocab,
                                  std::vector<std::string> word) {
  word.back() += "</w>";
  while (word.size() > 1) {
    std::int32_t best = std::numeric_limits<std::int32_t>::max();
    std::size_t best_at = 0;
    std::string key;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      key.assign(word[i]).append(1, ' ').append(word[i + 1]);
      auto it = vocab.ranks.find(key);
      if (it != vocab.ranks.end() && it->second < best) {
        best = it->second;
        best_at = i;
      }
    }
    if (best == std::numeric_limits<std::int32_t>::max()) break;
    const std::string first = word[best_at], second = word[best_at + 1];
    std::vector<std::string> merged;
    merged.reserve(word.size());
    for (std::size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
        merged.push_back(first + second);
        i += 2;
      } else {
        merged.push_back(std::move(word[i]));
        i += 1;
      }
    }
    word = std::move(merged);
  }
  return word;
}

}  // namespace

struct ClipTokenizer::State {
  clip_vocab::Vocabulary vocab;
  std::mutex cache_mutex;
  std::unordered_map<std::u32string, std::vector<std::int64_t>> cache;

  std::int64_t id_of(const std::string& symbol) const {
    auto it = vocab.encoder.find(symbol);
    if (it == vocab.encoder.end()) {
      throw ModelError("tokenizer: BPE produced '" + symbol + "', which is not in the vocabulary");
    }
    return it->second;
  }

  std::vector<std::int64_t> encode_piece(const clip_text::Piece& piece) {
    // The official cache is seeded with the special tokens, so they map to their own id.
    if (piece.special && (piece.text == U"<start_of_text>" || piece.text == U"<end_of_text>")) {
      return {id_of(clip_text::encode_utf8(piece.text))};
    }
    {
      std::lock_guard lock(cache_mutex);
      if (auto it = cache.find(piece.text); it != cache.end()) return it->second;
    }
    const auto& symbols = clip_vocab::byte_symbols();
    std::vector<std::string> word;
    for (unsigned char b : clip_text::encode_utf8(piece.text)) word.push_back(symbols[b]);
    std::vector<std::int64_t> ids;
    for (const std::string& s : bpe_word(vocab, std::move(word))) ids.push_back(id_of(s));
    std::lock_guard lock(cache_mutex);
    if (cache.size() >= kCacheLimit) cache.clear();
    cache.emplace(piece.text, ids);
    return ids;
  }
};

ClipTokenizer::ClipTokenizer(std::shared_ptr<State> state, std::size_t context_length)
    : state_(std::move(state)), context_length_(context_length) {
  if (context_length_ < 2) {
    throw InvalidInput("tokenizer: context length must be at least 2, got " +
                       std::to_string(context_length_));
  }
}

ClipTokenizer ClipTokenizer::from_bpe_gz(const fs::path& file, std::size_t context_length) {
  auto state = std::make_shared<State>();
  state->vocab = clip_vocab::load_bpe_gz(file);
  return ClipTokenizer(std::move(state), context_length);
}

ClipTokenizer ClipTokenizer::from_hf_files(const fs::path& vocab_json, const fs::path& merges_txt,
                                           std::size_t context_length) {
  auto state = std::make_shared<State>();
  state->vocab = clip_vocab::load_hf_files(vocab_json, merges_txt);
  return ClipTokenizer(std::move(state), context_length);
}

ClipTokenizer ClipTokenizer::from_path(const fs::path& path, std::size_t context_length) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (fs::exists(path / kOfficialVocabName, ec))
      return from_bpe_gz(path / kOfficialVocabName, context_length);
    if (fs::exists(path / "vocab.json", ec) && fs::exists(path / "merges.txt", ec)) {
      return from_hf_files(path / "vocab.json", path / "merges.txt", context_length);
    }
    throw IoError(path, "no tokenizer vocabulary in this directory: expected " +
                            std::string(kOfficialVocabName) + " or vocab.json + merges.txt");
  }
  if (path.filename() == "vocab.json") {
    return from_hf_files(path, path.parent_path() / "merges.txt", context_length);
  }
  return from_bpe_gz(path, context_length);
}

std::vector<std::int64_t> ClipTokenizer::bpe_ids(std::string_view utf8) const {
  const std::u32string cleaned = clip_text::clean_lower(clip_text::decode_utf8(utf8));
  std::vector<std::int64_t> ids;
  for (const clip_text::Piece& piece : clip_text::pretokenize(cleaned)) {
    const std::vector<std::int64_t> piece_ids = state_->encode_piece(piece);
    ids.insert(ids.end(), piece_ids.begin(), piece_ids.end());
  }
  return ids;
}

std::vector<std::int64_t> ClipTokenizer::frame(const std::vector<std::int64_t>& bpe) const {
  std::vector<std::int64_t> ids;
  ids.reserve(context_length_);
  ids.push_back(kStartOfText);
  const std::size_t body = std::min(bpe.size(), context_length_ - 1);
  ids.insert(ids.end(), bpe.begin(), bpe.begin() + static_cast<std::ptrdiff_t>(body));
  // Either the end token follows the body, or truncation replaces the last kept token by it.
  if (ids.size() < context_length_) {
    ids.push_back(kEndOfText);
  } else {
    ids.back() = kEndOfText;
  }
  ids.resize(context_length_, 0);
  return ids;
}

std::vector<std::int64_t> ClipTokenizer::encode(std::string_view utf8) const {
  return frame(bpe_ids(utf8));
}

std::vector<std::vector<std::int64_t>> ClipTokenizer::encode_batch(
    std::span<const std::string> texts) const {
  std::vector<std::vector<std::int64_t>> out;
  out.reserve(texts.size());
  for (const std::string& text : texts) out.push_back(encode(text));
  return out;
}

ClipTokenizer::Prompt ClipTokenizer::encode_prompt(std::string_view utf8) const {
  const std::vector<std::int64_t> bpe = bpe_ids(utf8);
  if (bpe.empty()) {
    throw InvalidInput("prompt '" + std::string(utf8) +
                       "' is empty after cleaning (no token left)");
  }
  return Prompt{frame(bpe), bpe.size(), bpe.size() + 2 > context_length_};
}

std::size_t ClipTokenizer::vocab_size() const {
  return state_->vocab.encoder.size();
}

}  // namespace sam3
