#pragma once
// Build identity, stamped at build time: every executable, About box and model card shows it.
#include <string>

namespace sam3 {
const char* version_string();  // "0.1.0"
const char* git_sha();         // short SHA, "-dirty" suffix for uncommitted builds, or "unknown"
inline std::string version_with_sha() {
  return std::string(version_string()) + " (" + git_sha() + ")";
}
}  // namespace sam3
