#pragma once
// SAM3 text tokenizer: OpenAI-CLIP byte-level BPE, a port of sam3/model/tokenizer_ve.py
// (SimpleTokenizer, clean="lower", facebookresearch/sam3 @ 99d02f2) with context length 32.
//
//   ids = [49406] + bpe(pretokenize(clean(text))) + [49407], truncated to 32 with the last id
//   forced to 49407, then zero padded (SimpleTokenizer.__call__).
//
// Deliberate differences from the official code:
// - No ftfy. The official cleaning starts with ftfy.fix_text (mojibake repair, NFC normalisation,
//   curly quotes, control characters, HTML entities in some contexts). Neither of our machines has
//   ftfy, so ids are identical only for text that ftfy.fix_text leaves unchanged: plain NFC text
//   without mojibake ("cafÃ©"), without curly/typographic quotes (’ “ ”), without decomposed
//   accents (e + U+0301) and without C0/C1 control characters other than whitespace. For such text
//   we apply the rest of the official cleaning exactly: html.unescape twice, strip, \s+ -> " ",
//   strip, str.lower(). Callers who need ftfy's repairs must apply them before calling.
// - Unicode data comes from generated tables (tokenizer_tables.py), not ICU: they are asked from
//   the very Python functions the official code calls (str.isspace, str.lower with Final_Sigma,
//   html.entities, the `regex` module's \s, \p{L}, \p{N} under IGNORECASE, which e.g. drops U+0345
//   from every class and lets U+017F match the 's' of "'s"). ICU answers slightly different
//   questions (different whitespace set, its own Unicode version) and would add a 30 MB runtime
//   dependency; the tables are about 80 KB and make the result independent of the machine's ICU.
// - Input must be valid UTF-8 (Python strings cannot hold invalid bytes): InvalidInput otherwise.
// - A BPE cache keeps at most 65536 words (Python's is unbounded); results are unaffected.
//
// Thread safety: a loaded tokenizer is immutable apart from its internally locked cache; encode*
// may be called from several threads. Copies share the vocabulary and the cache.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sam3 {

class ClipTokenizer {
 public:
  static constexpr std::int64_t kStartOfText = 49406;
  static constexpr std::int64_t kEndOfText = 49407;
  static constexpr std::size_t kContextLength = 32;  // SAM3 text tower (sam3-spec §A.3)
  static constexpr std::string_view kOfficialVocabName = "bpe_simple_vocab_16e6.txt.gz";

  // `path` is the official .gz, a vocab.json (merges.txt must sit beside it) or a model directory
  // holding bpe_simple_vocab_16e6.txt.gz or vocab.json + merges.txt (tried in that order).
  // Throws IoError / FormatError naming the file (and line) at fault; context_length >= 2.
  static ClipTokenizer from_path(const std::filesystem::path& path,
                                 std::size_t context_length = kContextLength);
  static ClipTokenizer from_bpe_gz(const std::filesystem::path& file,
                                   std::size_t context_length = kContextLength);
  static ClipTokenizer from_hf_files(const std::filesystem::path& vocab_json,
                                     const std::filesystem::path& merges_txt,
                                     std::size_t context_length = kContextLength);

  // Exactly the official output: always context_length ids. Text that cleans to nothing gives
  // [49406, 49407, 0, ...] as the official tokenizer does; over-long text is truncated.
  std::vector<std::int64_t> encode(std::string_view utf8) const;
  std::vector<std::vector<std::int64_t>> encode_batch(std::span<const std::string> texts) const;

  // SimpleTokenizer.encode: the BPE ids of the cleaned text, without 49406/49407, not truncated.
  std::vector<std::int64_t> bpe_ids(std::string_view utf8) const;

  // What the predictor uses: encode() plus the checks of issue 3. Throws InvalidInput when the
  // prompt has no token after cleaning (empty, blank, "&nbsp;"); reports truncation instead of
  // failing, because the official model truncates too.
  struct Prompt {
    std::vector<std::int64_t> ids;  // context_length ids, as encode()
    std::size_t token_count = 0;    // BPE tokens before truncation (without 49406/49407)
    bool truncated = false;         // token_count + 2 > context_length
  };
  Prompt encode_prompt(std::string_view utf8) const;

  std::size_t context_length() const { return context_length_; }
  std::size_t vocab_size() const;

 private:
  struct State;
  ClipTokenizer(std::shared_ptr<State> state, std::size_t context_length);
  std::vector<std::int64_t> frame(const std::vector<std::int64_t>& bpe) const;

  std::shared_ptr<State> state_;
  std::size_t context_length_;
};

}  // namespace sam3
