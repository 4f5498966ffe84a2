#pragma once
// Constructing a model without its default random initialisation. Every path that builds a model
// for use either loads all of its parameters from a weights file or draws them with
// init_random_weights, so the constructors' own initialisation (LibTorch's kaiming_uniform in every
// Linear, upstream's trunc_normal in the ViT, xavier in the text attention; ~1.7 billion serial
// CPU random draws for the full sam3) is thrown away; it took 5 of the 5.7 s of a model open on a
// 2-core CPU (docs/performance.md "Opening a model"). While a SkipInit is alive on a thread, the
// large layers made there (the ViT's and the text encoder's linear layers and in-projections) get
// zero-filled parameters of the same names, shapes and dtypes instead: zeros, not
// uninitialised memory, so a key a weights layout cannot carry (left as initialised) holds no
// garbage. Nested scopes are fine. Not for code that trains or runs a model without loading or
// drawing its weights afterwards.
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

class SkipInit {
 public:
  SkipInit();
  ~SkipInit();
  SkipInit(const SkipInit&) = delete;
  SkipInit& operator=(const SkipInit&) = delete;
  // Whether a SkipInit is alive on this thread.
  static bool active();
};

// torch::nn::Linear(in, out) with LibTorch's initialisation, or, under SkipInit, the same module
// type (options, parameter names and shapes) with zero-filled parameters.
torch::nn::Linear make_linear(std::int64_t in, std::int64_t out, bool bias = true);

}  // namespace sam3::model
