#include "core/model/random_init.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>

namespace sam3::model {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The owning module's attribute name: "a.b.norm1.weight" -> "norm1".
std::string owner_name(const std::string& key) {
  const auto last = key.rfind('.');
  if (last == std::string::npos) return {};
  const auto prev = key.rfind('.', last - 1);
  return key.substr(prev == std::string::npos ? 0 : prev + 1,
                    last - (prev == std::string::npos ? 0 : prev + 1));
}

bool is_norm(const std::string& owner) {
  return owner.find("norm") != std::string::npos || owner.rfind("ln", 0) == 0;
}

bool is_numbered_norm(const std::string& key) {  // pixel_decoder.norms.N.weight
  return key.find(".norms.") != std::string::npos;
}

double fan_in_std(const at::Tensor& p, bool transposed) {
  double fan_in = 1;
  if (transposed) {
    fan_in = static_cast<double>(p.size(0));
  } else {
    for (int64_t d = 1; d < p.dim(); ++d) fan_in *= static_cast<double>(p.size(d));
  }
  return 1.0 / std::sqrt(fan_in);
}

}  // namespace

void init_random_weights(torch::nn::Module& module, std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  auto draw = [&gen](const at::Tensor& p, double std, double mean = 0.0) {
    auto v = at::randn(p.sizes(), gen, at::TensorOptions().dtype(at::kFloat)) * std + mean;
    p.copy_(v.to(p.dtype()));
  };
  for (auto& item : module.named_parameters(/*recurse=*/true)) {
    const std::string& key = item.key();
    const at::Tensor& p = item.value();
    const std::string owner = owner_name(key);
    if (ends_with(key, "bias")) {
      draw(p, 0.02);
    } else if (p.dim() == 1 && ends_with(key, "weight") &&
               (is_norm(owner) || is_numbered_norm(key))) {
      draw(p, 0.05, 1.0);
    } else if (ends_with(key, "token_embedding.weight") || ends_with(key, "pos_embed")) {
      draw(p, 0.02);
    } else if (ends_with(key, "positional_embedding")) {
      draw(p, 0.01);
    } else if (owner == "query_embed" || owner == "reference_points" || owner == "presence_token" ||
               owner == "cls_embed" || owner == "label_embed") {
      draw(p, 1.0);
    } else if (ends_with(key, "text_projection")) {
      draw(p, fan_in_std(p, /*transposed=*/true));
    } else if (owner.rfind("dconv", 0) == 0) {  // ConvTranspose2d: weight [in, out, k, k]
      draw(p, fan_in_std(p, /*transposed=*/true));
    } else if (p.dim() >= 2) {
      draw(p, fan_in_std(p, /*transposed=*/false));
    } else {
      draw(p, 0.02);
    }
  }
}

}  // namespace sam3::model
