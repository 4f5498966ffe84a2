#pragma once
// Activation checkpointing: a recomputing autograd function (torch.utils.checkpoint, reentrant
// variant, in C++). The forward runs `fn` without recording a graph, keeping only its inputs;
// the backward re-runs `fn` on the saved inputs with grad enabled — under the autocast state and
// with the RNG state (CPU, and CUDA for CUDA inputs) of the original forward, so dropout and
// drop-path draw the same masks — and backpropagates through the recomputed graph. Parameters
// used inside `fn` receive their gradients during that inner backward, exactly as without
// checkpointing; the RNG streams after the backward are those of a run without recomputation.
//
// The model's blocks use it through checkpoint_block() when their `activation_checkpointing`
// switch is on (ViT blocks, text blocks, fusion-encoder layers, decoder layers; see
// Sam3ImageImpl::set_activation_checkpointing). Contract for `fn`: every tensor it reads that may
// require grad (other than module parameters) must be one of `inputs`; tensors captured by the
// function must not require grad (they would be backpropagated twice or not at all).
#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace sam3::model {

using CheckpointedFunction =
    std::function<torch::autograd::variable_list(const torch::autograd::variable_list&)>;

// outputs = fn(inputs) with activations recomputed in backward. Inputs that do not require grad
// get no gradient. Outputs must be tensors produced by `fn` (not inputs passed through). Inputs
// must be defined tensors.
torch::autograd::variable_list checkpoint(const CheckpointedFunction& fn,
                                          const torch::autograd::variable_list& inputs);

// One tensor in, one tensor out.
torch::Tensor checkpoint(const std::function<torch::Tensor(const torch::Tensor&)>& fn,
                         const torch::Tensor& input);

// How many recomputations (backward passes through a checkpoint) this process has run; lets a
// caller verify that checkpointing is in effect. Thread-safe.
std::int64_t checkpoint_recompute_count();

// A block's forward, checkpointed when `enabled`, grad mode is on and anything needs a gradient
// (an input or a parameter of `block`); otherwise fn(inputs) plainly. When only the block's
// parameters need gradients (its inputs come from frozen layers), a dummy input requiring grad
// is added so that the recomputation still runs and the parameters get their gradients.
torch::autograd::variable_list checkpoint_block(bool enabled, const torch::nn::Module& block,
                                                const CheckpointedFunction& fn,
                                                const torch::autograd::variable_list& inputs);

}  // namespace sam3::model
