#pragma once
// What the inference facades share: a model config from a name or a YAML file, and a device from
// "auto", "cpu", "cuda" or "cuda:N". Internal to core/inference (LibTorch types).
#include <string>

#include <torch/torch.h>

#include "core/model/model_config.h"

namespace sam3::inference_detail {

model::ModelConfig resolve_config(const std::string& name_or_file);
// Throws InvalidInput for an unknown spec or a CUDA request without CUDA.
torch::Device resolve_device(const std::string& spec);

}  // namespace sam3::inference_detail
