#include "core/eval/json_reader.h"

#include <cmath>
#include <vector>

#include "core/util/errors.h"

namespace sam3::eval::detail {
namespace {

// SAX handler that only tracks where the parser is, to name the entry of a syntax error.
class PathTracker : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string path() const {
    std::string out;
    for (const auto& frame : frames_) {
      if (frame.array)
        out += "[" + std::to_string(frame.index) + "]";
      else if (!frame.key.empty())
        out += (out.empty() ? "" : ".") + frame.key;
    }
    return out;
  }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return push(false); }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return pop(); }
  bool start_array(std::size_t) override { return push(true); }
  bool end_array() override { return pop(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };
  bool value() {
    if (!frames_.empty() && frames_.back().array) frames_.back().index++;
    return true;
  }
  bool push(bool array) {
    frames_.push_back({array, 0, {}});
    return true;
  }
  bool pop() {
    frames_.pop_back();
    return value();
  }
  std::vector<Frame> frames_;
};

std::string line_and_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); i++) {
    if (text[i] == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::filesystem::path& file) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    PathTracker tracker;
    nlohmann::json::sax_parse(text.begin(), text.end(), &tracker);
    std::string where = line_and_column(text, e.byte);
    const std::string path = tracker.path();
    if (!path.empty()) where += ", in " + path;
    std::string what = "malformed JSON";
    const auto rest = text.substr(std::min(text.size(), e.byte > 0 ? e.byte - 1 : 0));
    if (rest.starts_with("NaN") || rest.starts_with("Infinity") || rest.starts_with("-Infinity"))
      what += ": NaN/Infinity is not a JSON number (a non-finite value was written)";
    throw FormatError(file, where, what + " (" + e.what() + ")");
  } catch (const nlohmann::json::exception& e) {  // e.g. a number beyond double (out_of_range)
    throw FormatError(file, "", std::string("malformed JSON (") + e.what() + ")");
  }
}

std::string type_name(const JValue& value) {
  return value.type_name();
}

bool JsonRef::has(std::string_view key) const {
  return value_->find(key) != nullptr;
}

JsonRef JsonRef::at(std::string_view key) const {
  require_object();
  const JValue* member = value_->find(key);
  if (!member) fail("missing key \"" + std::string(key) + "\"");
  return JsonRef(*member, path_.empty() ? std::string(key) : path_ + "." + std::string(key),
                 *file_);
}

JsonRef JsonRef::at(std::size_t index) const {
  return JsonRef((*value_)[index], path_ + "[" + std::to_string(index) + "]", *file_);
}

std::size_t JsonRef::array_size() const {
  if (!value_->is_array()) fail("expected an array, got " + type_name(*value_));
  return value_->size();
}

void JsonRef::require_object() const {
  if (!value_->is_object()) fail("expected an object, got " + type_name(*value_));
}

std::int64_t JsonRef::as_int() const {
  if (value_->is_number_integer()) return value_->as_int();
  fail("expected an integer, got " + (value_->is_number() ? value_->dump() : type_name(*value_)));
}

double JsonRef::as_finite() const {
  if (!value_->is_number()) fail("expected a number, got " + type_name(*value_));
  const double v = value_->as_double();
  if (!std::isfinite(v)) fail("expected a finite number, got " + value_->dump());
  return v;
}

bool JsonRef::as_flag() const {
  if (value_->is_boolean()) return value_->as_bool();
  if (value_->is_number_integer()) {
    const auto v = value_->as_int();
    if (v == 0 || v == 1) return v == 1;
  }
  fail("expected 0, 1, true or false, got " + value_->dump());
}

std::string JsonRef::as_string() const {
  if (!value_->is_string()) fail("expected a string, got " + type_name(*value_));
  return std::string(value_->as_string());
}

void JsonRef::fail(const std::string& what) const {
  throw FormatError(*file_, path_, what);
}

}  // namespace sam3::eval::detail
