#pragma once
// SessionError: an engine failure as a value (what the ui shows as what to change). Plain types
// only: the ui's training facade (training_session.h) returns it, and `train --events` sends it
// to the app as JSON (train_events.h). Exceptions become SessionErrors in
// training_session_errors.h.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

namespace sam3::train {

struct SessionError {
  enum class Kind {
    None,
    Config,       // a config key is unknown, out of range or refused (key / line set when known)
    OutOfMemory,  // the accelerator ran out of memory (advice says what to lower)
    NonFinite,    // a loss term or the gradient norm became NaN / Inf (key = the term)
    Disk,         // a file could not be read or written (disk full, permission); path set
    Input,        // the data or a request is unusable (empty train split, no checkpoint, ...)
    Model,        // weights do not fit the model config
    Other,
  };
  SessionError() = default;
  SessionError(Kind k, std::string text) : kind(k), message(std::move(text)) {}
  Kind kind = Kind::None;
  std::string message;  // the engine's own text
  std::string advice;   // what to change, when the engine says
  std::string key;      // config key or loss term
  int line = 0;         // 1-based line of the YAML text; 0 = unknown
  std::filesystem::path path;
  std::int64_t step = -1;
  bool ok() const { return kind == Kind::None; }
};
const char* to_string(SessionError::Kind kind);
// "config", "out_of_memory", ... and back ("other" for a name it does not know).
SessionError::Kind session_error_kind(const std::string& name);

}  // namespace sam3::train
