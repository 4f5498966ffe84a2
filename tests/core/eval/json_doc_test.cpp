// The compact JSON reader used for COCO files must read exactly what nlohmann::json reads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/eval/json_doc.h"
#include "core/util/errors.h"

using sam3::eval::detail::JDocument;
using sam3::eval::detail::JValue;
using sam3::eval::detail::parse_document;

namespace {

// Compares a parsed value with nlohmann's reading of the same text, recursively.
void expect_same(const JValue& v, const nlohmann::json& j) {
  switch (v.type()) {
    case JValue::Type::Null:
      EXPECT_TRUE(j.is_null());
      break;
    case JValue::Type::Bool:
      EXPECT_EQ(v.as_bool(), j.get<bool>());
      break;
    case JValue::Type::Int:
      ASSERT_TRUE(j.is_number_integer());
      EXPECT_EQ(v.as_int(), j.get<std::int64_t>());
      break;
    case JValue::Type::Float:
      ASSERT_TRUE(j.is_number_float()) << j.dump();
      EXPECT_EQ(v.as_double(), j.get<double>()) << j.dump();  // bit for bit
      break;
    case JValue::Type::String:
      EXPECT_EQ(v.as_string(), j.get<std::string>());
      break;
    case JValue::Type::Array:
      ASSERT_TRUE(j.is_array());
      ASSERT_EQ(v.size(), j.size());
      for (std::size_t i = 0; i < v.size(); i++) expect_same(v[i], j[i]);
      break;
    case JValue::Type::Object:
      ASSERT_TRUE(j.is_object());
      for (const auto& [key, value] : j.items()) {
        const JValue* member = v.find(key);
        ASSERT_NE(member, nullptr) << key;
        expect_same(*member, value);
      }
      break;
  }
}

}  // namespace

TEST(JsonDoc, ReadsWhatNlohmannReads) {
  const std::string text = R"({"ints": [0, -0, 7, -12, 9223372036854775807, -9223372036854775808],
    "floats": [0.1, -2.5e-3, 1E+2, 1e-320, 123456789.123456789, 0.30000000000000004, 5e-324,
               2.2250738585072014e-308, 1.7976931348623157e308, 640.0, 12.34e1],
    "strings": ["plain", "esc \" \\ \/ \b \f \n \r \t", "\u00e9\u4e2d\ud83d\ude00", ""],
    "nested": {"a": [[], {}, [null, true, false]], "b": {"c": {"d": [1, {"e": "f"}]}}},
    "dup": 1, "dup": 2})";
  const JDocument doc = parse_document(text, "t.json");
  const nlohmann::json j = nlohmann::json::parse(text);
  expect_same(doc.root(), j);
  EXPECT_EQ(doc.root().find("dup")->as_int(), 2);  // the last of a repeated key, like nlohmann
  EXPECT_EQ(doc.root().find("missing"), nullptr);
}

TEST(JsonDoc, SyntaxErrorsNameLineAndColumn) {
  for (const char* bad : {"[1, 2", "{\"a\" 1}", "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[tru]",
                          "{\"a\": 1,}", "[1] x", "\"\\x\"", "[\"\\ud800\"]", "", "[\"a\nb\"]"}) {
    try {
      parse_document(bad, "bad.json");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const sam3::FormatError& e) {
      EXPECT_NE(e.where().find("line"), std::string::npos) << bad << " -> " << e.what();
    }
  }
}

TEST(JsonDoc, DeepNestingIsRejectedWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  try {
    parse_document(deep, "deep.json");
    ADD_FAILURE() << "accepted";
  } catch (const sam3::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper"), std::string::npos) << e.what();
  }
}
