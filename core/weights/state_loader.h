#pragma once
// Strict loading of named tensors into a torch::nn::Module whose parameter and buffer names are
// our keys. Every missing, unexpected, mis-shaped or incompatible key is collected and reported in
// ONE StateDictError (sorted, with expected vs got shapes); nothing is copied unless all fit.
#include <string>
#include <vector>

#include "core/util/errors.h"
#include "core/weights/named_tensors.h"

namespace sam3::weights {

struct LoadOptions {
  std::string source;  // named in the error: file and layout
  std::vector<std::string>
      allow_missing;  // module keys the source cannot carry (MappingPlan::not_in_source)
};

struct LoadReport {
  std::size_t loaded = 0;
  std::vector<std::string> left_as_initialised;  // allowed-missing keys that were indeed absent
  std::vector<std::string> recomputed;           // module buffers never loaded (RoPE tables)
};

struct KeyProblem {
  std::string key;
  std::string expected;  // shape/dtype the module has, "" for unexpected keys
  std::string got;       // shape/dtype the source has, "" for missing keys
};

class StateDictError : public ModelError {
 public:
  StateDictError(const std::string& source, std::vector<KeyProblem> missing,
                 std::vector<KeyProblem> unexpected, std::vector<KeyProblem> mismatched);
  const std::vector<KeyProblem>& missing() const { return missing_; }
  const std::vector<KeyProblem>& unexpected() const { return unexpected_; }
  const std::vector<KeyProblem>& mismatched() const { return mismatched_; }

 private:
  std::vector<KeyProblem> missing_, unexpected_, mismatched_;
};

// True for module keys that are recomputed from the config and never loaded (`*.freqs_cis`).
bool is_recomputed_key(const std::string& key);

// Copies `tensors` into the module's parameters and buffers under NoGradGuard, converting dtype
// and device to the module's. Source tensors under recomputed keys are ignored. Throws
// StateDictError listing every problem; the module is untouched when it throws.
LoadReport load_state(torch::nn::Module& module, const NamedTensors& tensors,
                      const LoadOptions& options = {});

// The module's parameters and buffers by key, without recomputed buffers (what a checkpoint of
// ours stores).
NamedTensors module_state(const torch::nn::Module& module);

}  // namespace sam3::weights
