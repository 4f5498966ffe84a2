#include "core/project/json_util.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "core/util/errors.h"

namespace sam3::project {

std::pair<int, int> line_column(std::string_view text, std::size_t byte_offset) {
  int line = 1, col = 1;
  std::size_t end = std::min(byte_offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n')
      ++line, col = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      ++col;  // count code points
  }
  return {line, col};
}

json parse_json(const std::string& text, const std::filesystem::path& file) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's byte is 1-based and points just past the offending character.
    auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    auto pos = what.find("syntax error");
    throw FormatError(file, "line " + std::to_string(line) + ", column " + std::to_string(col),
                      "malformed JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  } catch (const json::exception& e) {
    // out_of_range 406: a number beyond double ("4e99999999"); no position is given.
    throw FormatError(file, "", std::string("malformed JSON: ") + e.what());
  }
}

void JsonReader::fail(const std::string& where, const std::string& what) const {
  throw FormatError(file, where, what);
}

const json& JsonReader::at(const json& obj, const char* key, const std::string& where) const {
  const json* v = find(obj, key);
  if (!v) fail(where, std::string("missing key \"") + key + "\"");
  return *v;
}

const json* JsonReader::find(const json& obj, const char* key) const {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::int64_t JsonReader::integer(const json& v, const std::string& where) const {
  if (v.is_number_unsigned()) {
    if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      fail(where, "integer " + v.dump() + " is out of range");
    return static_cast<std::int64_t>(v.get<std::uint64_t>());
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    // 2^63 is exactly representable; anything at or beyond it does not fit (and casting it would
    // be undefined behaviour).
    if (std::isfinite(d) && d == std::floor(d)) {
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return static_cast<std::int64_t>(d);
      fail(where, "integer " + v.dump() + " is out of range");
    }
  }
  fail(where, std::string("expected integer, got ") + v.type_name());
}

std::int64_t JsonReader::integer_in(const json& v, const std::string& where, std::int64_t lo,
                                    std::int64_t hi) const {
  const std::int64_t i = integer(v, where);
  if (i < lo || i > hi)
    fail(where, "integer " + std::to_string(i) + " is out of range [" + std::to_string(lo) + ", " +
                    std::to_string(hi) + "]");
  return i;
}

double JsonReader::number(const json& v, const std::string& where) const {
  if (v.is_number()) return v.get<double>();
  fail(where, std::string("expected number, got ") + v.type_name());
}

std::string JsonReader::string(const json& v, const std::string& where) const {
  if (v.is_string()) return v.get<std::string>();
  fail(where, std::string("expected string, got ") + v.type_name());
}

const json& JsonReader::array(const json& v, const std::string& where) const {
  if (!v.is_array()) fail(where, std::string("expected array, got ") + v.type_name());
  return v;
}

const json& JsonReader::object(const json& v, const std::string& where) const {
  if (!v.is_object()) fail(where, std::string("expected object, got ") + v.type_name());
  return v;
}

void append_number(std::string& out, double v) {
  double r = std::round(v * 1000.0) / 1000.0;
  if (r == 0) r = 0;  // no "-0"
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3);
  char* end = res.ptr;
  while (end > buf && end[-1] == '0') --end;
  if (end > buf && end[-1] == '.') --end;
  out.append(buf, end);
}

void append_integer(std::string& out, std::int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace sam3::project
