#pragma once
// Engine exceptions -> SessionError (sam3_train; used by the ui's facade and `train --events`).
#include "core/train/session_error.h"
#include "core/util/errors.h"

namespace sam3::train::detail {

// Call inside a catch block: the exception being handled as a SessionError.
SessionError current_error();
SessionError config_error(const ConfigError& e);

}  // namespace sam3::train::detail
