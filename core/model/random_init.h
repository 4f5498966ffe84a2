#pragma once
// Seeded random initialisation of every parameter of a model, for training from scratch
// (sam3-tiny), demos and tests without weights. The rules follow tests/reference/ref_common.py's
// init_parameters (so a random C++ model behaves like the reference's): norm weights 1 + N(0, .05),
// biases N(0, .02), Linear/Conv/in-projections N(0, 1/fan_in), ConvTranspose fan_in = in-channels,
// token embedding N(0, .02), ViT pos_embed N(0, .02), text positional_embedding N(0, .01), other
// embeddings (queries, reference boxes, presence/cls/label tokens) N(0, 1). Values come from a CPU
// generator, so they do not depend on the device. Not bit-identical to PyTorch's Python RNG.
#include <torch/torch.h>

#include <cstdint>

namespace sam3::model {

void init_random_weights(torch::nn::Module& module, std::uint64_t seed);

}  // namespace sam3::model
