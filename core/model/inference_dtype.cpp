#include "core/model/inference_dtype.h"

#include <regex>

#include <torch/torch.h>

namespace sam3::model {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Modules whose weights autocast casts to bf16: Linear and the convolutions; raw packed attention
// projections (in_proj_weight / in_proj_bias) consumed by F::linear.
bool is_matmul_module(const torch::nn::Module& m) {
  return m.as<torch::nn::Linear>() || m.as<torch::nn::Conv2d>() ||
         m.as<torch::nn::ConvTranspose2d>() || m.as<torch::nn::Conv1d>();
}

}  // namespace

bool is_fp32_island_parameter(const std::string& name) {
  // TransformerDecoderLayer.forward_ffn runs with autocast disabled (official decoder.py).
  static const std::regex island(R"((^|\.)transformer\.decoder\.layers\.\d+\.linear[12]\.)");
  return std::regex_search(name, island);
}

std::int64_t cast_matmul_weights_to_bf16(torch::nn::Module& model) {
  torch::NoGradGuard no_grad;
  std::int64_t converted = 0;
  auto convert = [&](const std::string& name, torch::Tensor& p) {
    if (!p.defined() || !p.is_floating_point() || is_fp32_island_parameter(name)) return;
    p.set_data(p.data().to(torch::kBFloat16));
    converted += p.numel();
  };
  for (const auto& item : model.named_modules()) {
    torch::nn::Module& m = *item.value();
    const std::string prefix = item.key().empty() ? "" : item.key() + ".";
    if (is_matmul_module(m)) {
      for (auto& p : m.named_parameters(/*recurse=*/false)) convert(prefix + p.key(), p.value());
      continue;
    }
    for (auto& p : m.named_parameters(/*recurse=*/false)) {
      if (ends_with(p.key(), "in_proj_weight") || ends_with(p.key(), "in_proj_bias"))
        convert(prefix + p.key(), p.value());
    }
  }
  return converted;
}

}  // namespace sam3::model
