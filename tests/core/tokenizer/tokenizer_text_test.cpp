// Text functions against values printed by CPython 3.11 (html.unescape, str.lower, str.strip) and
// the `regex` module (findall with the official pattern); each expectation names its Python call.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/tokenizer_text.h"
#include "core/util/errors.h"

namespace sam3::clip_text {
namespace {

std::string unescape(const std::string& s) {
  return encode_utf8(html_unescape(decode_utf8(s)));
}
std::string lower(const std::string& s) {
  return encode_utf8(python_lower(decode_utf8(s)));
}

std::vector<std::string> findall(const std::string& s) {
  std::vector<std::string> out;
  for (const Piece& p : pretokenize(decode_utf8(s))) out.push_back(encode_utf8(p.text));
  return out;
}

TEST(TokenizerText, HtmlUnescapeNamedReferences) {
  EXPECT_EQ(unescape("&amp;"), "&");
  EXPECT_EQ(unescape("&amp;amp;"), "&amp;");                         // one level per call
  EXPECT_EQ(unescape("&NotNestedGreaterGreater;"), "\u2aa2\u0338");  // two code points
  EXPECT_EQ(unescape("&notit;"), "\u00acit;");  // longest legacy prefix without ';'
  EXPECT_EQ(unescape("&ampfoo"), "&foo");
  EXPECT_EQ(unescape("&lt3"), "<3");
  EXPECT_EQ(unescape("&copy2024"), "\u00a92024");
  EXPECT_EQ(unescape("&unknown;"), "&unknown;");
  EXPECT_EQ(unescape("&;"), "&;");
  EXPECT_EQ(unescape("a&b"), "a&b");
}

TEST(TokenizerText, HtmlUnescapeNumericReferences) {
  EXPECT_EQ(unescape("&#65;&#66"), "AB");
  EXPECT_EQ(unescape("&#x41"), "A");
  EXPECT_EQ(unescape("&#128;"), "\u20ac");  // HTML5 windows-1252 remapping
  EXPECT_EQ(unescape("&#0;"), "\ufffd");
  EXPECT_EQ(unescape("&#xD800;"), "\ufffd");                    // surrogate
  EXPECT_EQ(unescape("&#1114112;"), "\ufffd");                  // > U+10FFFF
  EXPECT_EQ(unescape("&#99999999999999999999999;"), "\ufffd");  // saturates instead of overflowing
  EXPECT_EQ(unescape("&#1;"), "");                              // invalid code point is dropped
  EXPECT_EQ(unescape("&#x"), "&#x");
  EXPECT_EQ(unescape("&#x1F600;"), "\U0001f600");
}

TEST(TokenizerText, StripAndCollapseUsePythonsTwoWhitespaceSets) {
  // str.strip() removes U+001C (isspace), regex \s does not match it.
  EXPECT_EQ(encode_utf8(python_strip(decode_utf8("\x1c a \x1c"))), "a");
  EXPECT_EQ(encode_utf8(collapse_whitespace(decode_utf8("a\x1c\x1c"
                                                        "b \t c"))),
            "a\x1c\x1c"
            "b c");
  EXPECT_EQ(encode_utf8(clean_lower(decode_utf8("  A\t\tB\u3000C&nbsp;  "))), "a b c");
  EXPECT_EQ(encode_utf8(clean_lower(decode_utf8("&amp;nbsp;x"))), "x");  // unescaped twice
}

TEST(TokenizerText, LowerIsFullUnicodeWithFinalSigma) {
  EXPECT_EQ(lower("\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3"),
            "\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2");
  EXPECT_EQ(lower("\u0391\u03a3'\u03a3"), "\u03b1\u03c3'\u03c2");  // ' is case-ignorable
  EXPECT_EQ(lower("\u03a3\u0391\u03a3."), "\u03c3\u03b1\u03c2.");
  EXPECT_EQ(lower("\u03a3"), "\u03c3");
  EXPECT_EQ(lower("\u0130"), "i\u0307");  // the one multi-code-point lowercase mapping
  EXPECT_EQ(lower("\u01c5"), "\u01c6");
  EXPECT_EQ(lower("\u1e9e"), "\u00df");
  EXPECT_EQ(lower("\u216b"), "\u217b");
  EXPECT_EQ(lower("\u0100\u0101\u0102"), "\u0101\u0101\u0103");  // alternating-case block
  EXPECT_EQ(lower("ABC xyz \u00c9"), "abc xyz \u00e9");
}

TEST(TokenizerText, PretokenizeMatchesRegexFindall) {
  using V = std::vector<std::string>;
  EXPECT_EQ(findall("it's a dog's"), (V{"it", "'s", "a", "dog", "'s"}));
  EXPECT_EQ(findall("o'neil's"), (V{"o", "'", "neil", "'s"}));
  EXPECT_EQ(findall("a1b2"), (V{"a", "1", "b", "2"}));
  EXPECT_EQ(findall("1\u03452"), (V{"1", "2"}));  // U+0345 belongs to no class under IGNORECASE
  EXPECT_EQ(findall("!!!?"), (V{"!!!?"}));
  EXPECT_EQ(findall("'\u017f"), (V{"'\u017f"}));  // long s matches 's under IGNORECASE
  EXPECT_EQ(findall("cat\u732b12"), (V{"cat\u732b", "1", "2"}));
  EXPECT_EQ(findall("\U0001f600a\U0001f600\U0001f600"),
            (V{"\U0001f600", "a", "\U0001f600\U0001f600"}));
  const auto pieces = pretokenize(decode_utf8("<start_of_text>x<end_of_text"));
  ASSERT_EQ(pieces.size(), 8u);  // <start_of_text> x < end _ of _ text
  EXPECT_TRUE(pieces[0].special);
  EXPECT_EQ(encode_utf8(pieces[0].text), "<start_of_text>");
  EXPECT_EQ(encode_utf8(pieces[2].text), "<");
  EXPECT_FALSE(pieces[2].special);
}

TEST(TokenizerText, InvalidUtf8IsRejectedWithItsOffset) {
  EXPECT_THROW(decode_utf8("ab\xff"), InvalidInput);
  EXPECT_THROW(decode_utf8("\xc0\xaf"), InvalidInput);          // overlong '/'
  EXPECT_THROW(decode_utf8("\xed\xa0\x80"), InvalidInput);      // encoded surrogate
  EXPECT_THROW(decode_utf8("\xe2\x82"), InvalidInput);          // cut sequence
  EXPECT_THROW(decode_utf8("\xf4\x90\x80\x80"), InvalidInput);  // > U+10FFFF
  try {
    decode_utf8("abc\x80");
    FAIL() << "no exception";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("byte 3"), std::string::npos) << e.what();
  }
  EXPECT_EQ(encode_utf8(decode_utf8("a\u00e9\u732b\U0001f600")), "a\u00e9\u732b\U0001f600");
}

}  // namespace
}  // namespace sam3::clip_text
