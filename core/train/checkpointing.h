#pragma once
// Activation checkpointing for the training engine: the recomputing autograd function lives in
// core/model (activation_checkpoint.h) so that the model's blocks can use it; core/train uses the
// same function under its own namespace. The trainer switches it on per model with
// Sam3ImageImpl::set_activation_checkpointing (config key precision.activation_checkpointing).
#include "core/model/activation_checkpoint.h"

namespace sam3::train {

using model::checkpoint;
using model::checkpoint_recompute_count;
using model::CheckpointedFunction;

}  // namespace sam3::train
