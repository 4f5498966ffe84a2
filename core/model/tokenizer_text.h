#pragma once
// Text side of the SAM3/CLIP tokenizer: the Python string semantics the official
// sam3/model/tokenizer_ve.py (facebookresearch/sam3 @ 99d02f2) depends on, reimplemented on UTF-32
// code points with the tables of tokenizer_tables.h.
//   clean_lower(x) == whitespace_clean(basic_clean(x)).lower()   (tokenizer_ve.py `_clean_lower`)
//   pretokenize(x) == regex.findall(pat, x)                       (SimpleTokenizer.pat, IGNORECASE)
// except that basic_clean's ftfy.fix_text step is not applied (see tokenizer.h).
// Pure functions, thread-safe; InvalidInput (core/util/errors.h) for text that is not UTF-8.
#include <string>
#include <string_view>
#include <vector>

namespace sam3::clip_text {

// Strict UTF-8 -> code points (rejects overlong forms, surrogates, > U+10FFFF) and back.
// Throws InvalidInput naming the byte offset of the first bad sequence.
std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(std::u32string_view text);

// html.unescape (Python 3.11): numeric references with the HTML5 remapping table and named
// references from the full 2231-entry HTML5 table, including the longest-prefix rule for legacy
// names without ';' ("&notit;" -> "¬it;"). One difference: Python raises ValueError for a decimal
// reference of more than 4300 digits; here it decodes to U+FFFD like any out-of-range number.
std::u32string html_unescape(std::u32string_view text);

// str.strip(): removes leading and trailing code points for which str.isspace() is true.
std::u32string python_strip(std::u32string_view text);

// regex.sub(r"\s+", " ", text) with the `regex` module's \s (which, unlike str.isspace, excludes
// U+001C..U+001F).
std::u32string collapse_whitespace(std::u32string_view text);

// str.lower(): full lowercase mapping (U+0130 -> "i\u0307") and the Final_Sigma rule for U+03A3.
std::u32string python_lower(std::u32string_view text);

// The official "lower" cleaning minus ftfy: unescape twice, strip, collapse whitespace, strip,
// lower.
std::u32string clean_lower(std::u32string_view text);

// One match of the pre-tokeniser pattern.
struct Piece {
  std::u32string text;
  bool special = false;  // matched the <start_of_text>|<end_of_text> alternative
};

// regex.findall(r"<start_of_text>|<end_of_text>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|"
//               r"[^\s\p{L}\p{N}]+", text, IGNORECASE) on already cleaned text.
std::vector<Piece> pretokenize(std::u32string_view text);

}  // namespace sam3::clip_text
