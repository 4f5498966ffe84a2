#pragma once
// JSON reading with located errors, and a small writer that formats numbers the way COCO exporters
// do (integers without a decimal point, at most 3 decimals, no trailing zeros).
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sam3::project {

using json = nlohmann::json;

// Parses `text`; a syntax error throws FormatError with "line L, column C".
json parse_json(const std::string& text, const std::filesystem::path& file);
// Line and column (1-based) of a byte offset into `text`.
std::pair<int, int> line_column(std::string_view text, std::size_t byte_offset);

// Typed access: FormatError(file, "<where>.<key>", "expected <type>, got <type>") on mismatch.
struct JsonReader {
  std::filesystem::path file;
  const json& at(const json& obj, const char* key, const std::string& where) const;
  const json* find(const json& obj, const char* key) const;
  std::int64_t integer(const json& v, const std::string& where) const;  // any int64 value
  // An integer within [lo, hi]: FormatError naming `where` and the range otherwise.
  std::int64_t integer_in(const json& v, const std::string& where, std::int64_t lo,
                          std::int64_t hi) const;
  double number(const json& v, const std::string& where) const;
  std::string string(const json& v, const std::string& where) const;
  const json& array(const json& v, const std::string& where) const;
  const json& object(const json& v, const std::string& where) const;
  [[noreturn]] void fail(const std::string& where, const std::string& what) const;
};

// Appends `v` rounded to 3 decimals, without trailing zeros ("256", "119.07", "-0.5").
void append_number(std::string& out, double v);
void append_integer(std::string& out, std::int64_t v);
// Appends a quoted, escaped JSON string (UTF-8 kept as is).
void append_string(std::string& out, std::string_view s);

}  // namespace sam3::project
