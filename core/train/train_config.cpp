// Strict YAML loading and complete writing of TrainConfig (train_config.h), both driven by the
// key table of train_config_fields.h. Errors: ConfigError(file, "line L, column C", message),
// 1-based positions from yaml-cpp's Mark.
#include "core/train/train_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/train/train_config_fields.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

using detail::Choices;
using detail::Limits;

std::string where(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  return parts;
}

std::string shown(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "no value";
}

std::string range_text(const Limits& l) {
  std::ostringstream out;
  const bool has_min = std::isfinite(l.min), has_max = std::isfinite(l.max);
  if (has_min && has_max) {
    out << "in " << (l.min_exclusive ? "(" : "[") << l.min << ", " << l.max << "]";
  } else if (has_min) {
    out << (l.min_exclusive ? "> " : ">= ") << l.min;
  } else if (has_max) {
    out << "<= " << l.max;
  }
  return out.str();
}

std::string quoted(const std::string& s) {
  std::string out(1, '\'');
  out.append(s);
  out.push_back('\'');
  return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
// YAML text is UTF-8; yaml-cpp passes other bytes through when reading but writes U+FFFD for them,
// so such a value would not survive to_yaml (the run folder's config.yaml).
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 0
                    : (c >> 5) == 0x6  ? 1
                    : (c >> 4) == 0xE  ? 2
                    : (c >> 3) == 0x1E ? 3
                                       : 9;
    if (n == 9 || i + n >= s.size() + (n == 0 ? 1 : 0)) return false;
    std::uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool device_ok(const std::string& s) {
  if (s == "auto" || s == "cpu" || s == "cuda") return true;
  if (s.rfind("cuda:", 0) != 0 || s.size() == 5) return false;
  for (size_t i = 5; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Reads each key of the table from the document; absent keys keep their defaults.
class Loader {
 public:
  Loader(YAML::Node root, std::filesystem::path source)
      : root_(std::move(root)), source_(std::move(source)) {}

  template <typename T>
  void field(const std::string& path, T& out, const Limits& lim) {
    const YAML::Node node = find(path);
    if (!node.IsDefined()) return;
    if constexpr (std::is_same_v<T, std::vector<double>>) {
      if (!node.IsSequence()) fail(node, path, "expected a list of numbers, got " + shown(node));
      std::vector<double> values;
      for (const auto& item : node) values.push_back(number<double>(item, path, lim));
      out = values;
    } else {
      out = number<T>(node, path, lim);
    }
  }

  void field(const std::string& path, bool& out) {
    const YAML::Node node = find(path);
    if (!node.IsDefined()) return;
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      fail(node, path, "expected true or false, got " + shown(node));
    }
    out = value;
  }

  void field(const std::string& path, std::string& out, const Choices& choices) {
    const YAML::Node node = find(path);
    if (!node.IsDefined()) return;
    out = text(node, path, choices);
  }

  void field(const std::string& path, std::vector<std::string>& out, const Choices& choices) {
    const YAML::Node node = find(path);
    if (!node.IsDefined()) return;
    if (!node.IsSequence()) fail(node, path, "expected a list, got " + shown(node));
    std::vector<std::string> values;
    for (const auto& item : node) values.push_back(text(item, path, choices));
    out = values;
  }

 private:
  YAML::Node find(const std::string& path) const {
    YAML::Node cur = root_;  // a handle; const lookups and reset() never change the document
    for (const std::string& part : split_path(path)) {
      if (!cur.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
      const YAML::Node& map = cur;
      YAML::Node next = map[part];
      if (!next.IsDefined()) return next;
      cur.reset(next);
    }
    return cur;
  }

  template <typename T>
  T number(const YAML::Node& node, const std::string& path, const Limits& lim) const {
    const bool integral = std::is_integral_v<T>;
    const std::string expected = integral ? "an integer" : "a number";
    if (!node.IsScalar()) fail(node, path, "expected " + expected + ", got " + shown(node));
    T value{};
    if (std::is_unsigned_v<T> && !node.Scalar().empty() && node.Scalar()[0] == '-') {
      fail(node, path, node.Scalar() + " is out of range (must be " + range_text(lim) + ")");
    }
    if (!YAML::convert<T>::decode(node, value)) {
      fail(node, path, "expected " + expected + ", got " + shown(node));
    }
    const double d = static_cast<double>(value);
    const bool below = lim.min_exclusive ? !(d > lim.min) : !(d >= lim.min);
    if (!std::isfinite(d) || below || d > lim.max) {
      fail(node, path, node.Scalar() + " is out of range (must be " + range_text(lim) + ")");
    }
    return value;
  }

  std::string text(const YAML::Node& node, const std::string& path, const Choices& choices) const {
    // An empty value ("device:") is the empty string and meets the same checks as '""' (it used
    // to skip them, so a config that loaded could be written out as one that does not).
    if (!node.IsNull() && !node.IsScalar())
      fail(node, path, "expected a string, got " + shown(node));
    const std::string value = node.IsNull() ? std::string() : node.Scalar();
    if (!valid_utf8(value)) fail(node, path, "the value is not valid UTF-8 text");
    if (choices.pattern_device && !device_ok(value)) {
      fail(node, path, "'" + value + "' is not a device (auto, cpu, cuda or cuda:<index>)");
    }
    if (!choices.values.empty() &&
        std::find(choices.values.begin(), choices.values.end(), value) == choices.values.end()) {
      fail(node, path, "'" + value + "' is not one of: " + join(choices.values, ", "));
    }
    return value;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& what) const {
    throw ConfigError(source_, where(node.Mark()), "key '" + path + "': " + what);
  }

  YAML::Node root_;
  std::filesystem::path source_;
};

// Collects every key path; sections are the prefixes of keys.
struct KeyLister {
  std::vector<std::string> keys;
  template <typename T, typename Extra>
  void field(const std::string& path, T&, const Extra&) {
    keys.push_back(path);
  }
  template <typename T>
  void field(const std::string& path, T&) {
    keys.push_back(path);
  }
};

// Rejects keys that are not in the table (naming where a misplaced key belongs), duplicates,
// and sections that are not mappings.
class KeyChecker {
 public:
  explicit KeyChecker(std::filesystem::path source) : source_(std::move(source)) {
    for (const std::string& key : train_config_keys()) {
      leaves_.insert(key);
      const auto parts = split_path(key);
      std::string prefix;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        prefix += (i ? "." : "") + parts[i];
        sections_.insert(prefix);
      }
      const size_t dot = key.rfind('.');
      std::string owner = "the top level";
      if (dot != std::string::npos) owner = quoted(key.substr(0, dot));
      by_name_[key.substr(dot == std::string::npos ? 0 : dot + 1)].push_back(owner);
    }
  }

  void check(const YAML::Node& map, const std::string& prefix) const {
    std::set<std::string> seen;
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) {
        throw ConfigError(source_, where(entry.first.Mark()), "keys must be plain names");
      }
      const std::string name = entry.first.Scalar();
      const std::string path = prefix.empty() ? name : prefix + "." + name;
      if (!seen.insert(name).second) {
        throw ConfigError(source_, where(entry.first.Mark()), "duplicate key '" + path + "'");
      }
      if (leaves_.count(path)) continue;
      if (sections_.count(path)) {
        if (!entry.second.IsMap()) {
          throw ConfigError(
              source_, where(entry.second.Mark()),
              "key '" + path + "' must be a mapping of keys, got " + shown(entry.second));
        }
        check(entry.second, path);
        continue;
      }
      throw ConfigError(source_, where(entry.first.Mark()), unknown_message(name, path));
    }
  }

 private:
  std::string unknown_message(const std::string& name, const std::string& path) const {
    const auto it = by_name_.find(name);
    if (it != by_name_.end()) {
      return "misplaced key '" + path + "': '" + name + "' belongs under " +
             join(it->second, " or ");
    }
    return "unknown key '" + path + "'";
  }

  std::filesystem::path source_;
  std::set<std::string> leaves_, sections_;
  std::map<std::string, std::vector<std::string>> by_name_;
};

}  // namespace

std::vector<std::string> train_config_keys() {
  TrainConfig defaults;
  KeyLister lister;
  detail::visit_fields(defaults, lister);
  return lister.keys;
}

TrainConfig parse_train_config(const std::string& yaml, const std::filesystem::path& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(source, where(e.mark), "YAML syntax error: " + e.msg);
  }
  TrainConfig config;
  if (root.IsNull() || !root.IsDefined()) {
    validate_train_config(config, source);
    return config;
  }
  if (!root.IsMap()) {
    throw ConfigError(source, where(root.Mark()), "the top level must be a mapping of keys");
  }
  KeyChecker(source).check(root, "");
  Loader loader(root, source);
  detail::visit_fields(config, loader);
  validate_train_config(config, source);
  return config;
}

TrainConfig load_train_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file, "cannot open the training config");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(file, "cannot read the training config");
  return parse_train_config(text.str(), file);
}

std::string default_config_yaml() {
  return default_config_yaml_text();
}

}  // namespace sam3::train
