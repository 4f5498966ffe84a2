#include "core/model/tokenizer_text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "core/model/tokenizer_tables.h"
#include "core/util/errors.h"

namespace sam3::clip_text {
namespace tt = tokenizer_tables;

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

template <typename Row>
const Row* find_range(std::span<const Row> rows, char32_t c) {
  auto it = std::upper_bound(rows.begin(), rows.end(), c,
                             [](char32_t v, const Row& r) { return v < r.first; });
  if (it == rows.begin()) return nullptr;
  --it;
  return c <= it->last ? &*it : nullptr;
}

bool in_set(std::span<const char32_t> sorted, char32_t c) {
  return std::binary_search(sorted.begin(), sorted.end(), c);
}

bool in_ranges(std::span<const tt::CodePointRange> rows, char32_t c) {
  return find_range(rows, c) != nullptr;
}

tt::CharClass char_class(char32_t c) {
  const tt::ClassRange* r = find_range(tt::char_classes(), c);
  return r ? static_cast<tt::CharClass>(r->cls) : tt::kOther;
}

void append_utf8(std::u32string& out, const char* utf8) {
  out += decode_utf8(utf8);
}

// --- html.unescape ------------------------------------------------------------------------------

bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool is_ascii_hex(char32_t c) {
  return is_ascii_digit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}
int hex_value(char32_t c) {
  if (is_ascii_digit(c)) return static_cast<int>(c - U'0');
  if (c >= U'a' && c <= U'f') return static_cast<int>(c - U'a') + 10;
  return static_cast<int>(c - U'A') + 10;
}

// _replace_charref for "#123" / "#x7b": the HTML5 remapping rules of Python's html module.
void append_numeric(std::u32string& out, std::uint64_t number) {
  const auto charrefs = tt::invalid_charrefs();
  auto it =
      std::lower_bound(charrefs.begin(), charrefs.end(), number,
                       [](const tt::InvalidCharref& r, std::uint64_t v) { return r.number < v; });
  if (it != charrefs.end() && it->number == number) {
    append_utf8(out, it->utf8);
  } else if ((number >= 0xD800 && number <= 0xDFFF) || number > kMaxCodePoint) {
    out.push_back(kReplacement);
  } else if (!in_set(tt::invalid_code_points(), static_cast<char32_t>(number))) {
    out.push_back(static_cast<char32_t>(number));
  }
}

const char* find_entity(std::u32string_view name) {
  std::string ascii;
  for (char32_t c : name) {
    if (c > 0x7F) return nullptr;  // every HTML5 entity name is ASCII
    ascii.push_back(static_cast<char>(c));
  }
  const auto rows = tt::html_entities();
  auto it = std::lower_bound(rows.begin(), rows.end(), ascii,
                             [](const tt::HtmlEntity& e, const std::string& v) {
                               return std::strcmp(e.name, v.c_str()) < 0;
                             });
  return (it != rows.end() && ascii == it->name) ? it->utf8 : nullptr;
}

// Named reference body `s` (up to 32 code points plus an optional ';'), as _replace_charref does.
void append_named(std::u32string& out, std::u32string_view s) {
  if (const char* value = find_entity(s)) {
    append_utf8(out, value);
    return;
  }
  for (std::size_t x = s.size() - 1; x > 1; --x) {
    if (const char* value = find_entity(s.substr(0, x))) {
      append_utf8(out, value);
      out.append(s.substr(x));
      return;
    }
  }
  out.push_back(U'&');
  out.append(s);
}

bool is_name_char(char32_t c) {
  return c != U'\t' && c != U'\n' && c != U'\f' && c != U' ' && c != U'<' && c != U'&' &&
         c != U'#' && c != U';';
}

// Tries the charref pattern at text[i] == '&'; returns the index after the match or i if none.
std::size_t unescape_at(std::u32string_view text, std::size_t i, std::u32string& out) {
  std::size_t j = i + 1;
  const std::size_t n = text.size();
  if (j < n && text[j] == U'#') {
    const bool hex = j + 1 < n && (text[j + 1] == U'x' || text[j + 1] == U'X');
    std::size_t k = hex ? j + 2 : j + 1;
    const std::size_t digits_begin = k;
    std::uint64_t number = 0;
    while (k < n && (hex ? is_ascii_hex(text[k]) : is_ascii_digit(text[k]))) {
      const std::uint64_t digit = hex ? hex_value(text[k]) : text[k] - U'0';
      number = std::min<std::uint64_t>(number * (hex ? 16 : 10) + digit, kMaxCodePoint + 1);
      ++k;
    }
    // "#x" without hex digits is tried as decimal first, which fails on the 'x' too.
    if (k == digits_begin) return i;
    if (k < n && text[k] == U';') ++k;
    append_numeric(out, number);
    return k;
  }
  std::size_t k = j;
  while (k < n && k - j < 32 && is_name_char(text[k])) ++k;
  if (k == j) return i;
  if (k < n && text[k] == U';') ++k;
  append_named(out, text.substr(j, k - j));
  return k;
}

bool is_cased(char32_t c) {
  return in_ranges(tt::cased(), c);
}
bool is_case_ignorable(char32_t c) {
  return in_ranges(tt::case_ignorable(), c);
}

// CPython's handle_capital_sigma: \p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}*\p{cased}).
char32_t lower_sigma(std::u32string_view text, std::size_t i) {
  std::size_t j = i;
  char32_t c = 0;
  while (j > 0) {
    c = text[j - 1];
    if (!is_case_ignorable(c)) break;
    --j;
  }
  bool final_sigma = j > 0 && is_cased(c);
  if (final_sigma && i + 1 < text.size()) {
    std::size_t k = i + 1;
    for (; k < text.size(); ++k) {
      c = text[k];
      if (!is_case_ignorable(c)) break;
    }
    final_sigma = k == text.size() || !is_cased(c);
  }
  return final_sigma ? char32_t{0x3C2} : char32_t{0x3C3};
}

void append_lower(std::u32string& out, char32_t c) {
  for (const tt::LowerMulti& m : tt::lower_multi()) {
    if (m.from == c) {
      out.append(m.to, static_cast<std::size_t>(m.count));
      return;
    }
  }
  const tt::LowerRun* run = find_range(tt::lower_runs(), c);
  if (run && (c - run->first) % static_cast<char32_t>(run->step) == 0) {
    out.push_back(static_cast<char32_t>(static_cast<std::int64_t>(c) + run->delta));
  } else {
    out.push_back(c);
  }
}

// Case-insensitive literal match as `regex` IGNORECASE does it for the pattern's ASCII literals:
// ASCII case variants, plus U+017F LATIN SMALL LETTER LONG S for 's' (tokenizer_tables.py checks).
bool literal_at(std::u32string_view text, std::size_t i, std::u32string_view lit) {
  if (text.size() - i < lit.size()) return false;
  for (std::size_t k = 0; k < lit.size(); ++k) {
    char32_t c = text[i + k];
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    if (c == 0x17F) c = U's';
    if (c != lit[k]) return false;
  }
  return true;
}

}  // namespace

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    int len = b0 < 0x80           ? 1
              : (b0 >> 5) == 0x6  ? 2
              : (b0 >> 4) == 0xE  ? 3
              : (b0 >> 3) == 0x1E ? 4
                                  : 0;
    char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= utf8.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]);
      ok = (b & 0xC0) == 0x80;
      c = (c << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && c >= kMinForLength[len] && c <= kMaxCodePoint && !(c >= 0xD800 && c <= 0xDFFF);
    if (!ok) {
      throw InvalidInput("text is not valid UTF-8: bad sequence at byte " + std::to_string(i));
    }
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::u32string html_unescape(std::u32string_view text) {
  if (text.find(U'&') == std::u32string_view::npos) return std::u32string(text);
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == U'&') {
      const std::size_t next = unescape_at(text, i, out);
      if (next != i) {
        i = next;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::u32string python_strip(std::u32string_view text) {
  const auto space = tt::python_space();
  std::size_t b = 0, e = text.size();
  while (b < e && in_set(space, text[b])) ++b;
  while (e > b && in_set(space, text[e - 1])) --e;
  return std::u32string(text.substr(b, e - b));
}

std::u32string collapse_whitespace(std::u32string_view text) {
  const auto space = tt::regex_space();
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (in_set(space, text[i])) {
      while (i < text.size() && in_set(space, text[i])) ++i;
      out.push_back(U' ');
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::u32string python_lower(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c < 0x80) {
      out.push_back(c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c);
    } else if (c == 0x3A3) {
      out.push_back(lower_sigma(text, i));
    } else {
      append_lower(out, c);
    }
  }
  return out;
}

std::u32string clean_lower(std::u32string_view text) {
  const std::u32string basic = python_strip(html_unescape(html_unescape(text)));
  return python_lower(python_strip(collapse_whitespace(basic)));
}

std::vector<Piece> pretokenize(std::u32string_view text) {
  static constexpr std::array<std::u32string_view, 2> kSpecials = {U"<start_of_text>",
                                                                   U"<end_of_text>"};
  static constexpr std::array<std::u32string_view, 7> kContractions = {
      U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < text.size();) {
    auto take = [&](std::size_t len, bool special) {
      pieces.push_back({std::u32string(text.substr(i, len)), special});
      i += len;
    };
    bool matched = false;
    for (std::u32string_view lit : kSpecials) {
      if (!matched && literal_at(text, i, lit)) {
        take(lit.size(), true);
        matched = true;
      }
    }
    for (std::u32string_view lit : kContractions) {
      if (!matched && literal_at(text, i, lit)) {
        take(lit.size(), false);
        matched = true;
      }
    }
    if (matched) continue;
    const tt::CharClass cls = char_class(text[i]);
    if (cls == tt::kSkip) {
      ++i;
    } else if (cls == tt::kNumber) {
      take(1, false);
    } else {
      std::size_t k = i + 1;
      while (k < text.size() && char_class(text[k]) == cls) ++k;
      take(k - i, false);
    }
  }
  return pieces;
}

}  // namespace sam3::clip_text
