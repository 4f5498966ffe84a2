#pragma once
// Internal to sam3_eval: a compact read-only JSON document for COCO files, several times faster
// than building an nlohmann::json tree (numbers via std::from_chars, correctly rounded like
// strtod; strings are views into the text unless they hold escapes). Accepts exactly RFC 8259
// JSON; on any syntax error parse_document() lets nlohmann's parser produce the FormatError, so
// messages name line, column and entry.
#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sam3::eval::detail {

class JValue {
 public:
  enum class Type : std::uint8_t { Null, Bool, Int, Float, String, Array, Object };

  Type type() const { return type_; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  bool is_string() const { return type_ == Type::String; }
  bool is_boolean() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Int || type_ == Type::Float; }
  bool is_number_integer() const { return type_ == Type::Int; }

  std::size_t size() const { return count_; }  // elements of an array or members of an object
  bool empty() const { return count_ == 0; }
  const JValue& operator[](std::size_t i) const { return kids_[i]; }
  // Member of an object by key (the last one when a key repeats, as nlohmann keeps); or nullptr.
  const JValue* find(std::string_view key) const;

  bool as_bool() const { return boolean_; }
  std::int64_t as_int() const { return integer_; }
  double as_double() const { return type_ == Type::Int ? static_cast<double>(integer_) : number_; }
  std::string_view as_string() const { return text_; }

  std::string dump() const;  // compact JSON, for messages
  const char* type_name() const;

 private:
  friend class DocumentParser;
  Type type_ = Type::Null;
  bool boolean_ = false;
  std::uint32_t count_ = 0;
  std::uint32_t first_ = 0;  // index of the first child while parsing
  std::int64_t integer_ = 0;
  double number_ = 0;
  std::string_view text_;
  const JValue* kids_ = nullptr;
  const std::string_view* keys_ = nullptr;
};

// Owns the values; the text passed to parse_document must outlive it.
struct JDocument {
  std::vector<JValue> nodes;  // children of each container are contiguous; the root is last
  std::vector<std::string_view> keys;  // parallel to nodes: the member name of object members
  std::deque<std::string> unescaped;   // storage of strings that contained escapes
  const JValue& root() const { return nodes.back(); }
};

// Throws FormatError (file, "line L, column C, in <entry>") on malformed JSON.
JDocument parse_document(std::string_view text, const std::filesystem::path& file);

}  // namespace sam3::eval::detail
