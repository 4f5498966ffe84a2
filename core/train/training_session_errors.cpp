// Engine exceptions -> SessionError (training_session_errors.h). Part of sam3_train: the CLI's
// `train --events` reports errors the same way as the ui's facade.
#include "core/train/training_session_errors.h"

#include <regex>

#include "core/train/trainer.h"

namespace sam3::train {

namespace detail {

SessionError config_error(const ConfigError& e) {
  SessionError out{SessionError::Kind::Config, e.what()};
  out.path = e.file();
  static const std::regex line_re(R"(line (\d+))");
  static const std::regex key_re(R"(key '([^']+)')");
  std::smatch m;
  const std::string where = e.where();
  const std::string what = e.what();
  if (std::regex_search(where, m, line_re)) {
    out.line = std::stoi(m[1].str());
    if (std::regex_search(what, m, key_re)) out.key = m[1].str();
  } else {
    out.key = where;  // the engine's refusals name the key as the place
  }
  return out;
}

SessionError current_error() {
  try {
    throw;
  } catch (const NonFiniteLoss& e) {
    SessionError out{SessionError::Kind::NonFinite, e.what()};
    out.key = e.term();
    out.step = e.step();
    return out;
  } catch (const OutOfMemory& e) {
    SessionError out{SessionError::Kind::OutOfMemory, e.what()};
    out.advice = e.advice();
    return out;
  } catch (const ConfigError& e) {
    return config_error(e);
  } catch (const IoError& e) {
    SessionError out{SessionError::Kind::Disk, e.what()};
    out.path = e.file();
    return out;
  } catch (const ModelError& e) {
    return {SessionError::Kind::Model, e.what()};
  } catch (const FormatError& e) {
    SessionError out{SessionError::Kind::Input, e.what()};
    out.path = e.file();
    return out;
  } catch (const InvalidInput& e) {
    return {SessionError::Kind::Input, e.what()};
  } catch (const std::filesystem::filesystem_error& e) {
    SessionError out{SessionError::Kind::Disk, e.what()};
    out.path = e.path1();
    return out;
  } catch (const std::bad_alloc&) {
    return {SessionError::Kind::OutOfMemory, "out of host memory"};
  } catch (const std::exception& e) {
    const std::string what = e.what();
    // LibTorch's CPU allocator reports exhaustion as a plain c10::Error.
    if (what.find("can't allocate memory") != std::string::npos ||
        what.find("out of memory") != std::string::npos)
      return {SessionError::Kind::OutOfMemory, what};
    return {SessionError::Kind::Other, what};
  } catch (...) {
    return {SessionError::Kind::Other, "unknown error"};
  }
}

}  // namespace detail

}  // namespace sam3::train
