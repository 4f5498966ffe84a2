#pragma once
// Vocabulary of the SAM3/CLIP byte-level BPE tokenizer, built exactly as
// sam3/model/tokenizer_ve.py SimpleTokenizer.__init__ (facebookresearch/sam3 @ 99d02f2) does:
// ids 0..255 are the 256 byte symbols in bytes_to_unicode() order, 256..511 the same with "</w>",
// 512..49405 the 48894 merges (lines 2..48895 of the file) joined, then <start_of_text> = 49406 and
// <end_of_text> = 49407. Errors: IoError (missing/unreadable file), FormatError naming the file and
// the line or compressed byte (truncated gzip, bad UTF-8, malformed merge line, too few merges, a
// vocab.json that disagrees with the merges).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>

namespace sam3::clip_vocab {

inline constexpr std::int32_t kNumMerges = 49152 - 256 - 2;  // tokenizer_ve.py: merges[1:48895]
inline constexpr std::int32_t kVocabSize = 512 + kNumMerges + 2;
inline constexpr std::int32_t kStartOfText = kVocabSize - 2;  // 49406
inline constexpr std::int32_t kEndOfText = kVocabSize - 1;    // 49407

struct Vocabulary {
  std::unordered_map<std::string, std::int32_t> encoder;  // UTF-8 symbol -> id
  std::unordered_map<std::string, std::int32_t> ranks;    // "first second" -> merge rank
};

// bytes_to_unicode(): byte -> UTF-8 of the printable code point standing for it in symbols.
const std::array<std::string, 256>& byte_symbols();

// Decompresses a whole gzip file (several members allowed, as Python's gzip module reads them).
std::string gunzip_file(const std::filesystem::path& file);

// The official `bpe_simple_vocab_16e6.txt.gz`.
Vocabulary load_bpe_gz(const std::filesystem::path& file);

// Hugging Face CLIPTokenizer files. merges.txt gives the ranks as the official file does; every
// entry of the official vocabulary must have the same id in vocab.json ("<|startoftext|>" and
// "<|endoftext|>" stand for the special tokens), so the ids equal the official tokenizer's.
Vocabulary load_hf_files(const std::filesystem::path& vocab_json,
                         const std::filesystem::path& merges_txt);

}  // namespace sam3::clip_vocab
