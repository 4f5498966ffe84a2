#pragma once
// Process-wide log sink. Thread-safe; the default sink writes to stderr. The GUI installs its own
// sink to show messages in its log view.
#include <functional>
#include <string>
#include <string_view>

namespace sam3::log {

enum class Level { Debug, Info, Warning, Error };
using Sink = std::function<void(Level, std::string_view message)>;

void set_sink(Sink sink);  // nullptr restores stderr
void set_min_level(Level level);
void write(Level level, std::string_view message);
inline void debug(std::string_view m) {
  write(Level::Debug, m);
}
inline void info(std::string_view m) {
  write(Level::Info, m);
}
inline void warning(std::string_view m) {
  write(Level::Warning, m);
}
inline void error(std::string_view m) {
  write(Level::Error, m);
}
const char* level_name(Level level);

}  // namespace sam3::log
