#include "core/eval/json_doc.h"

#include <charconv>
#include <cstdlib>

#include "core/eval/json_reader.h"
#include "core/util/errors.h"

namespace sam3::eval::detail {

namespace {

constexpr int kMaxDepth = 512;

struct SyntaxError {};  // caught in parse_document, which asks nlohmann for the message
struct TooDeep {
  std::size_t offset;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

class DocumentParser {
 public:
  DocumentParser(std::string_view text, JDocument& doc) : t_(text), doc_(doc) {}

  void parse() {
    JValue root = value(0);
    skip_ws();
    if (p_ != t_.size()) throw SyntaxError{};
    doc_.nodes.push_back(root);
    doc_.keys.emplace_back();
    for (auto& node : doc_.nodes) {
      if (node.count_ == 0) continue;
      node.kids_ = &doc_.nodes[node.first_];
      node.keys_ = &doc_.keys[node.first_];
    }
  }

 private:
  void skip_ws() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\n' || t_[p_] == '\r' || t_[p_] == '\t'))
      p_++;
  }
  char peek() const { return p_ < t_.size() ? t_[p_] : '\0'; }
  void expect(char c) {
    if (peek() != c) throw SyntaxError{};
    p_++;
  }
  void literal(std::string_view word) {
    if (t_.substr(p_, word.size()) != word) throw SyntaxError{};
    p_ += word.size();
  }

  JValue value(int depth) {
    if (depth > kMaxDepth) throw TooDeep{p_};
    skip_ws();
    JValue v;
    switch (peek()) {
      case '{':
        return container(depth, true);
      case '[':
        return container(depth, false);
      case '"':
        v.type_ = JValue::Type::String;
        v.text_ = string();
        return v;
      case 't':
        literal("true");
        v.type_ = JValue::Type::Bool;
        v.boolean_ = true;
        return v;
      case 'f':
        literal("false");
        v.type_ = JValue::Type::Bool;
        return v;
      case 'n':
        literal("null");
        return v;
      default:
        return number();
    }
  }

  JValue container(int depth, bool object) {
    p_++;  // '{' or '['
    const std::size_t start = stack_.size();
    skip_ws();
    const char close = object ? '}' : ']';
    if (peek() == close) {
      p_++;
    } else {
      for (;;) {
        std::string_view key;
        if (object) {
          skip_ws();
          if (peek() != '"') throw SyntaxError{};
          key = string();
          skip_ws();
          expect(':');
        }
        JValue child = value(depth + 1);
        stack_.push_back(child);
        stack_keys_.push_back(key);
        skip_ws();
        if (peek() == ',') {
          p_++;
          continue;
        }
        expect(close);
        break;
      }
    }
    JValue v;
    v.type_ = object ? JValue::Type::Object : JValue::Type::Array;
    v.first_ = static_cast<std::uint32_t>(doc_.nodes.size());
    v.count_ = static_cast<std::uint32_t>(stack_.size() - start);
    doc_.nodes.insert(doc_.nodes.end(), stack_.begin() + static_cast<std::ptrdiff_t>(start),
                      stack_.end());
    doc_.keys.insert(doc_.keys.end(), stack_keys_.begin() + static_cast<std::ptrdiff_t>(start),
                     stack_keys_.end());
    stack_.resize(start);
    stack_keys_.resize(start);
    return v;
  }

  // After the opening quote; returns a view of the text, or of unescaped storage.
  std::string_view string() {
    p_++;
    const std::size_t begin = p_;
    while (p_ < t_.size() && t_[p_] != '"' && t_[p_] != '\\') {
      if (static_cast<unsigned char>(t_[p_]) < 0x20) throw SyntaxError{};
      p_++;
    }
    if (p_ >= t_.size()) throw SyntaxError{};
    if (t_[p_] == '"') return t_.substr(begin, p_++ - begin);
    std::string out(t_.substr(begin, p_ - begin));
    while (p_ < t_.size() && t_[p_] != '"') {
      const char c = t_[p_++];
      if (static_cast<unsigned char>(c) < 0x20) throw SyntaxError{};
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      escape(out);
    }
    expect('"');
    doc_.unescaped.push_back(std::move(out));
    return doc_.unescaped.back();
  }

  void escape(std::string& out) {
    switch (peek()) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        p_++;
        std::uint32_t cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // surrogate pair
          literal("\\u");
          const std::uint32_t low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) throw SyntaxError{};
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          throw SyntaxError{};
        }
        append_utf8(out, cp);
        return;
      }
      default:
        throw SyntaxError{};
    }
    p_++;
  }

  std::uint32_t hex4() {
    if (p_ + 4 > t_.size()) throw SyntaxError{};
    std::uint32_t v = 0;
    const auto r = std::from_chars(t_.data() + p_, t_.data() + p_ + 4, v, 16);
    if (r.ec != std::errc{} || r.ptr != t_.data() + p_ + 4) throw SyntaxError{};
    p_ += 4;
    return v;
  }

  // RFC 8259 number; integers (no fraction, no exponent) that fit int64 stay integers.
  JValue number() {
    const std::size_t begin = p_;
    if (peek() == '-') p_++;
    if (peek() == '0') {
      p_++;
    } else if (is_digit(peek())) {
      while (is_digit(peek())) p_++;
    } else {
      throw SyntaxError{};
    }
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      p_++;
      if (!is_digit(peek())) throw SyntaxError{};
      while (is_digit(peek())) p_++;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      p_++;
      if (peek() == '+' || peek() == '-') p_++;
      if (!is_digit(peek())) throw SyntaxError{};
      while (is_digit(peek())) p_++;
    }
    const char* first = t_.data() + begin;
    const char* last = t_.data() + p_;
    JValue v;
    if (integral) {
      const auto r = std::from_chars(first, last, v.integer_);
      if (r.ec == std::errc{} && r.ptr == last) {
        v.type_ = JValue::Type::Int;
        return v;
      }
    }
    v.type_ = JValue::Type::Float;
    const auto r = std::from_chars(first, last, v.number_);
    if (r.ec == std::errc::result_out_of_range)  // as strtod: +-HUGE_VAL or 0
      v.number_ = std::strtod(std::string(first, last).c_str(), nullptr);
    else if (r.ec != std::errc{} || r.ptr != last)
      throw SyntaxError{};
    return v;
  }

  std::string_view t_;
  JDocument& doc_;
  std::size_t p_ = 0;
  std::vector<JValue> stack_;
  std::vector<std::string_view> stack_keys_;
};

const JValue* JValue::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  for (std::size_t i = count_; i-- > 0;)
    if (keys_[i] == key) return &kids_[i];
  return nullptr;
}

const char* JValue::type_name() const {
  switch (type_) {
    case Type::Null:
      return "null";
    case Type::Bool:
      return "boolean";
    case Type::Int:
    case Type::Float:
      return "number";
    case Type::String:
      return "string";
    case Type::Array:
      return "array";
    case Type::Object:
      return "object";
  }
  return "?";
}

std::string JValue::dump() const {
  switch (type_) {
    case Type::Null:
      return "null";
    case Type::Bool:
      return boolean_ ? "true" : "false";
    case Type::Int:
      return std::to_string(integer_);
    case Type::Float: {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, number_);
      return std::string(buf, r.ptr);
    }
    case Type::String: {
      std::string out(1, '"');
      out.append(text_);
      out.push_back('"');
      return out;
    }
    case Type::Array:
    case Type::Object: {
      std::string out(1, type_ == Type::Array ? '[' : '{');
      for (std::size_t i = 0; i < count_; i++) {
        if (i) out.push_back(',');
        if (type_ == Type::Object) {
          out.push_back('"');
          out.append(keys_[i]);
          out.append("\":");
        }
        out.append(kids_[i].dump());
      }
      out.push_back(type_ == Type::Array ? ']' : '}');
      return out;
    }
  }
  return "?";
}

JDocument parse_document(std::string_view text, const std::filesystem::path& file) {
  JDocument doc;
  try {
    DocumentParser(text, doc).parse();
  } catch (const SyntaxError&) {
    parse_json(text, file);  // nlohmann's parser names line, column and entry
    throw FormatError(file, "", "malformed JSON");  // only if the two parsers ever disagree
  } catch (const TooDeep& e) {
    throw FormatError(file, "byte " + std::to_string(e.offset),
                      "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  return doc;
}

}  // namespace sam3::eval::detail
