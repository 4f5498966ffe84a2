#pragma once
// Internal to sam3_train_session: engine exceptions -> SessionError.
#include "core/train/training_session.h"
#include "core/util/errors.h"

namespace sam3::train::detail {

// Call inside a catch block: the exception being handled as a SessionError.
SessionError current_error();
SessionError config_error(const ConfigError& e);

}  // namespace sam3::train::detail
