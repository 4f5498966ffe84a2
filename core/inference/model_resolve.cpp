#include "core/inference/model_resolve.h"

#include <filesystem>

#include "core/util/errors.h"

namespace sam3::inference_detail {

model::ModelConfig resolve_config(const std::string& name_or_file) {
  const std::filesystem::path p(name_or_file);
  if (p.extension() == ".yaml" || p.extension() == ".yml") return model::load_model_config(p);
  return model::model_config_by_name(name_or_file);
}

torch::Device resolve_device(const std::string& spec) {
  if (spec == "auto")
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::kCPU;
  torch::Device device(torch::kCPU);
  try {
    device = torch::Device(spec);
  } catch (const c10::Error&) {
    throw InvalidInput("unknown device '" + spec + "' (use auto, cpu, cuda or cuda:N)");
  }
  if (device.is_cuda() && !torch::cuda::is_available())
    throw InvalidInput("device '" + spec + "' requested but CUDA is not available in this build");
  return device;
}

}  // namespace sam3::inference_detail
