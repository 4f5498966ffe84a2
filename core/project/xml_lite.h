#pragma once
// A minimal XML reader for Pascal VOC files: elements, text, entities; attributes, comments,
// processing instructions and DOCTYPE are skipped. Malformed input throws FormatError with the
// line number.
#include <filesystem>
#include <string>
#include <vector>

namespace sam3::project {

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
