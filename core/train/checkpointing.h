#pragma once
// Activation checkpointing: a recomputing autograd function (torch.utils.checkpoint, reentrant
// variant, in C++). The forward runs `fn` without recording a graph, keeping only its inputs;
// the backward re-runs `fn` on the saved inputs with grad enabled — under the autocast state and
// with the RNG state (CPU, and CUDA for CUDA inputs) of the original forward, so dropout and
// drop-path draw the same masks — and backpropagates through the recomputed graph. Parameters
// used inside `fn` receive their gradients during that inner backward, exactly as without
// checkpointing; the RNG streams after the backward are those of a run without recomputation.
// Gap: the model (core/model) has no per-block hook yet; the trainer cannot apply this to ViT,
// text, encoder and decoder layers until it has one.
#include <torch/torch.h>

#include <functional>

namespace sam3::train {

using CheckpointedFunction =
    std::function<torch::autograd::variable_list(const torch::autograd::variable_list&)>;

// outputs = fn(inputs) with activations recomputed in backward. Inputs that do not require grad
// get no gradient. Outputs must be tensors produced by `fn` (not inputs passed through).
torch::autograd::variable_list checkpoint(const CheckpointedFunction& fn,
                                          const torch::autograd::variable_list& inputs);

// One tensor in, one tensor out.
torch::Tensor checkpoint(const std::function<torch::Tensor(const torch::Tensor&)>& fn,
                         const torch::Tensor& input);

}  // namespace sam3::train
