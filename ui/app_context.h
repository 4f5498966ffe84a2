#pragma once
// What the composition root (app/gui) hands to the widgets: plain facts and, later, the facades.
#include "core/inference/runtime_info.h"

namespace sam3::ui {

struct AppContext {
  RuntimeInfo runtime;  // version, SHA, LibTorch, CUDA devices
};

}  // namespace sam3::ui
