#include "core/model/skip_init.h"

namespace sam3::model {
namespace {
thread_local int skip_depth = 0;
}  // namespace

SkipInit::SkipInit() {
  ++skip_depth;
}

SkipInit::~SkipInit() {
  --skip_depth;
}

bool SkipInit::active() {
  return skip_depth > 0;
}

torch::nn::Linear make_linear(std::int64_t in, std::int64_t out, bool bias) {
  if (!SkipInit::active()) return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
  // A 1x1 layer (its initialisation costs nothing), resized in place to zeros of the real shape:
  // the registered parameters are the same tensors, so names, order and requires_grad stay.
  torch::nn::Linear layer(torch::nn::LinearOptions(1, 1).bias(bias));
  torch::NoGradGuard no_grad;
  layer->options.in_features(in);
  layer->options.out_features(out);
  layer->weight.set_(torch::zeros({out, in}));
  if (bias) layer->bias.set_(torch::zeros({out}));
  return layer;
}

}  // namespace sam3::model
