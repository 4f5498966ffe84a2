#include "core/util/log.h"

#include <atomic>
#include <iostream>
#include <mutex>

namespace sam3::log {
namespace {
std::mutex g_mutex;
Sink g_sink;
std::atomic<Level> g_min{Level::Info};
}  // namespace

const char* level_name(Level level) {
  switch (level) {
    case Level::Debug:
      return "debug";
    case Level::Info:
      return "info";
    case Level::Warning:
      return "warning";
    case Level::Error:
      return "error";
  }
  return "?";
}

void set_sink(Sink sink) {
  std::lock_guard lock(g_mutex);
  g_sink = std::move(sink);
}

void set_min_level(Level level) {
  g_min = level;
}

void write(Level level, std::string_view message) {
  if (level < g_min.load()) return;
  std::lock_guard lock(g_mutex);
  if (g_sink) {
    g_sink(level, message);
  } else {
    std::cerr << "[" << level_name(level) << "] " << message << '\n';
  }
}

}  // namespace sam3::log
