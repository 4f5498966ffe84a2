#pragma once
// Unicode and HTML data of the CLIP tokenizer, generated from the Python implementations the
// official tokenizer runs on (see tokenizer_tables.py for the exact versions and the command).
// All tables are sorted ascending by their first field and never empty; they live for the program.
#include <cstdint>
#include <span>

namespace sam3::tokenizer_tables {

// Pre-tokeniser classes of the `regex` pattern under IGNORECASE; code points absent are class 0.
enum CharClass : std::uint8_t {
  kOther = 0,   // [^\s\p{L}\p{N}]: punctuation, symbols, emoji, unassigned
  kLetter = 1,  // [\p{L}]
  kNumber = 2,  // [\p{N}]
  kSkip = 3,    // matched by no alternative (\s, and U+0345 which IGNORECASE drops from both)
};

struct ClassRange {
  char32_t first;
  char32_t last;
  std::uint8_t cls;
};

// str.lower() for one code point: c in [first, last] with (c - first) % step == 0 maps to c +
// delta.
struct LowerRun {
  char32_t first;
  char32_t last;
  std::int32_t delta;
  std::int32_t step;
};

// str.lower() mappings to more than one code point (U+0130 -> "i\u0307").
struct LowerMulti {
  char32_t from;
  char32_t to[3];
  int count;
};

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// html.entities.html5: name (with or without its trailing ';') -> UTF-8 replacement.
struct HtmlEntity {
  const char* name;
  const char* utf8;
};

// html._invalid_charrefs: numeric references the HTML5 standard remaps (0x80 -> U+20AC, ...).
struct InvalidCharref {
  char32_t number;
  const char* utf8;
};

std::span<const ClassRange> char_classes();
std::span<const LowerRun> lower_runs();
std::span<const LowerMulti> lower_multi();
std::span<const CodePointRange> cased();           // Unicode Cased (for Final_Sigma)
std::span<const CodePointRange> case_ignorable();  // Unicode Case_Ignorable (for Final_Sigma)
std::span<const char32_t> regex_space();           // `regex` \s
std::span<const char32_t> python_space();          // str.isspace(), what str.strip() removes
std::span<const HtmlEntity> html_entities();       // sorted by strcmp of name
std::span<const InvalidCharref> invalid_charrefs();
std::span<const char32_t> invalid_code_points();  // html._invalid_codepoints: replaced by ""

}  // namespace sam3::tokenizer_tables
