#include "core/project/xml_lite.h"

#include <cctype>
#include <cstdint>

#include "core/util/errors.h"

namespace sam3::project {

const XmlNode* XmlNode::child(const std::string& n) const {
  for (const XmlNode& c : children)
    if (c.name == n) return &c;
  return nullptr;
}

std::vector<const XmlNode*> XmlNode::all(const std::string& n) const {
  std::vector<const XmlNode*> out;
  for (const XmlNode& c : children)
    if (c.name == n) out.push_back(&c);
  return out;
}

namespace {

struct Parser {
  const std::string& s;
  const std::filesystem::path& file;
  std::size_t i = 0;

  int depth = 0;
  // Line numbers are counted on from the last position asked for (positions only grow), so a
  // file of many elements costs linear time, not quadratic.
  std::size_t counted_to = 0;
  int counted_line = 1;

  int line_at(std::size_t pos) {
    if (pos < counted_to) counted_to = 0, counted_line = 1;
    for (; counted_to < pos && counted_to < s.size(); ++counted_to)
      counted_line += s[counted_to] == '\n';
    return counted_line;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw FormatError(file, "line " + std::to_string(line_at(i)), "malformed XML: " + what);
  }
  void skip_until(const char* end) {
    auto p = s.find(end, i);
    if (p == std::string::npos) fail(std::string("missing '") + end + "'");
    i = p + std::char_traits<char>::length(end);
  }
  void skip_misc() {
    for (;;) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (s.compare(i, 4, "<!--") == 0)
        skip_until("-->");
      else if (s.compare(i, 2, "<?") == 0)
        skip_until("?>");
      else if (s.compare(i, 2, "<!") == 0)
        skip_until(">");
      else
        return;
    }
  }
  // "#65" or "#x41": the code point of a character reference (XML 1.0 §4.1).
  std::uint32_t char_reference(const std::string& e) {
    const bool hex = e.size() > 1 && (e[1] == 'x' || e[1] == 'X');
    const std::size_t first = hex ? 2 : 1;
    std::uint32_t cp = 0;
    for (std::size_t k = first; k < e.size(); ++k) {
      const char c = e[k];
      std::uint32_t digit;
      if (c >= '0' && c <= '9')
        digit = static_cast<std::uint32_t>(c - '0');
      else if (hex && c >= 'a' && c <= 'f')
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F')
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      else
        fail("bad character reference &" + e + ";");
      cp = cp * (hex ? 16 : 10) + digit;
      if (cp > 0x10FFFF) fail("character reference &" + e + "; is beyond Unicode");
    }
    if (e.size() == first || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
      fail("bad character reference &" + e + ";");
    return cp;
  }
  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::string decode(const std::string& t) {
    std::string out;
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (t[k] != '&') {
        out += t[k];
        continue;
      }
      auto semi = t.find(';', k);
      if (semi == std::string::npos) fail("unterminated entity");
      std::string e = t.substr(k + 1, semi - k - 1);
      if (e == "amp")
        out += '&';
      else if (e == "lt")
        out += '<';
      else if (e == "gt")
        out += '>';
      else if (e == "quot")
        out += '"';
      else if (e == "apos")
        out += '\'';
      else if (!e.empty() && e[0] == '#')
        append_utf8(out, char_reference(e));
      else
        fail("unknown entity &" + e + ";");
      k = semi;
    }
    return out;
  }
  XmlNode element() {
    if (i >= s.size() || s[i] != '<') fail("expected an element");
    XmlNode n;
    n.line = line_at(i);
    std::size_t start = ++i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '>' &&
           s[i] != '/')
      ++i;
    n.name = s.substr(start, i - start);
    if (n.name.empty()) fail("empty element name");
    auto close = s.find('>', i);
    if (close == std::string::npos) fail("unterminated tag <" + n.name);
    bool self_closing = s[close - 1] == '/';
    i = close + 1;
    if (self_closing) return n;
    std::string text;
    for (;;) {
      if (i >= s.size()) fail("missing </" + n.name + ">");
      if (s.compare(i, 2, "</") == 0) {
        auto end = s.find('>', i);
        if (end == std::string::npos) fail("unterminated closing tag");
        std::string name = s.substr(i + 2, end - i - 2);
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
          name.pop_back();
        if (name != n.name) fail("</" + name + "> closes <" + n.name + ">");
        i = end + 1;
        break;
      }
      if (s.compare(i, 4, "<!--") == 0) {
        skip_until("-->");
      } else if (s.compare(i, 9, "<![CDATA[") == 0) {
        auto end = s.find("]]>", i);
        if (end == std::string::npos) fail("unterminated CDATA");
        text += s.substr(i + 9, end - i - 9);
        i = end + 3;
      } else if (s[i] == '<') {
        // Elements nest by recursion: a bounded depth keeps hostile files off the stack's end.
        if (depth >= kMaxXmlDepth)
          fail("elements nested deeper than " + std::to_string(kMaxXmlDepth));
        ++depth;
        n.children.push_back(element());
        --depth;
      } else {
        auto next = s.find('<', i);
        if (next == std::string::npos) next = s.size();
        text += decode(s.substr(i, next - i));
        i = next;
      }
    }
    auto b = text.find_first_not_of(" \t\r\n"), e = text.find_last_not_of(" \t\r\n");
    n.text = b == std::string::npos ? "" : text.substr(b, e - b + 1);
    return n;
  }
};

}  // namespace

XmlNode parse_xml(const std::string& text, const std::filesystem::path& file) {
  Parser p{text, file};
  p.skip_misc();
  XmlNode root = p.element();
  p.skip_misc();
  if (p.i != text.size()) p.fail("content after the root element");
  return root;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace sam3::project
