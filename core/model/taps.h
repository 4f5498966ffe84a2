#pragma once
// Named intermediate outputs ("taps") for parity checks against the official code. The names and
// layouts are the contract of tests/reference/TAPS.md. Modules take an optional `Taps*`; nullptr
// (the default everywhere) records nothing and costs nothing.
#include <torch/torch.h>

#include <map>
#include <string>

namespace sam3::model {

using Taps = std::map<std::string, at::Tensor>;

// Records a detached copy-free view of `value` under `name` when `taps` is not null.
inline void record_tap(Taps* taps, const std::string& name, const at::Tensor& value) {
  if (taps != nullptr) (*taps)[name] = value.detach();
}

}  // namespace sam3::model
