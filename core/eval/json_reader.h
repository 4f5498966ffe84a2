#pragma once
// Internal to sam3_eval: strict typed access to nlohmann::json values with FormatError messages
// that name the file and the JSON path of the offending entry. Not part of the plain-type API.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/eval/json_doc.h"

namespace sam3::eval::detail {

// Parses `text`; malformed JSON throws FormatError with "line L, column C, in <path>" where path is
// the entry being read when the parser stopped (so a Python-written NaN score names its entry).
nlohmann::json parse_json(std::string_view text, const std::filesystem::path& file);

// A value inside a document, with its path for messages ("annotations[3].bbox").
class JsonRef {
 public:
  JsonRef(const JValue& value, std::string path, const std::filesystem::path& file)
      : value_(&value), path_(std::move(path)), file_(&file) {}

  const JValue& value() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::filesystem::path& file() const { return *file_; }

  bool has(std::string_view key) const;
  JsonRef at(std::string_view key) const;  // missing key -> FormatError "missing key"
  JsonRef at(std::size_t index) const;
  std::size_t array_size() const;  // throws unless an array
  void require_object() const;

  std::int64_t as_int() const;  // an integer number, no fraction
  double as_finite() const;     // any number except NaN/inf
  bool as_flag() const;         // 0, 1, true or false
  std::string as_string() const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  const JValue* value_;
  std::string path_;
  const std::filesystem::path* file_;
};

std::string type_name(const JValue& value);

}  // namespace sam3::eval::detail

#include "core/eval/coco_data.h"

namespace sam3::eval::detail {

// COCO pieces shared by the ground-truth and results readers (coco_data.cpp).
BBox parse_bbox(const JsonRef& ref);  // [x, y, w, h], finite, w and h >= 0
// The "segmentation" key of `parent`: absent or [] -> monostate; polygons (>= 3 points each);
// RLE object with "size" and "counts" (list or compressed string) whose runs sum to h*w.
Segmentation parse_segmentation(const JsonRef& parent);

}  // namespace sam3::eval::detail
