#pragma once
// A minimal XML reader for Pascal VOC files: elements, text, entities; attributes, comments,
// processing instructions and DOCTYPE are skipped. Malformed input throws FormatError with the
// line number, as do elements nested deeper than kMaxXmlDepth and character references that are
// not Unicode scalar values (&#65; and &#x41; are decoded to UTF-8).
#include <filesystem>
#include <string>
#include <vector>

namespace sam3::project {

inline constexpr int kMaxXmlDepth = 256;

struct XmlNode {
  std::string name;
  std::string text;  // concatenated character data, entities decoded, trimmed
  int line = 0;
  std::vector<XmlNode> children;
  const XmlNode* child(const std::string& n) const;  // first child named n, or nullptr
  std::vector<const XmlNode*> all(const std::string& n) const;
};

XmlNode parse_xml(const std::string& text, const std::filesystem::path& file);
std::string xml_escape(const std::string& s);

}  // namespace sam3::project
