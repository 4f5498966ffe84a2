#include "core/weights/state_loader.h"

#include <algorithm>
#include <set>

namespace sam3::weights {
namespace {

std::string describe(const torch::Tensor& t) {
  return shape_string(t) + " " + std::string(c10::toString(t.scalar_type()));
}

std::string format_message(const std::string& source, const std::vector<KeyProblem>& missing,
                           const std::vector<KeyProblem>& unexpected,
                           const std::vector<KeyProblem>& mismatched) {
  std::string msg = (source.empty() ? std::string("weights") : source) +
                    " do not fit the model: " + std::to_string(missing.size()) + " missing, " +
                    std::to_string(unexpected.size()) + " unexpected, " +
                    std::to_string(mismatched.size()) + " mis-shaped or incompatible";
  for (const auto& p : missing) msg += "\n  missing: " + p.key + " (expected " + p.expected + ")";
  for (const auto& p : unexpected) msg += "\n  unexpected: " + p.key + " (" + p.got + ")";
  for (const auto& p : mismatched)
    msg += "\n  mis-shaped: " + p.key + " expected " + p.expected + ", got " + p.got;
  return msg;
}

// Complex values cannot go into a real tensor (the imaginary part would be dropped silently).
bool compatible(const torch::Tensor& dst, const torch::Tensor& src) {
  return !src.is_complex() || dst.is_complex();
}

}  // namespace

StateDictError::StateDictError(const std::string& source, std::vector<KeyProblem> missing,
                               std::vector<KeyProblem> unexpected,
                               std::vector<KeyProblem> mismatched)
    : ModelError(format_message(source, missing, unexpected, mismatched)),
      missing_(std::move(missing)),
      unexpected_(std::move(unexpected)),
      mismatched_(std::move(mismatched)) {}

bool is_recomputed_key(const std::string& key) {
  static const std::string kSuffix = ".freqs_cis";
  return key.size() >= kSuffix.size() &&
         key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

NamedTensors module_state(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& item : module.named_parameters(/*recurse=*/true)) out[item.key()] = item.value();
  for (const auto& item : module.named_buffers(/*recurse=*/true))
    if (!is_recomputed_key(item.key())) out[item.key()] = item.value();
  return out;
}

LoadReport load_state(torch::nn::Module& module, const NamedTensors& tensors,
                      const LoadOptions& options) {
  LoadReport report;
  NamedTensors targets;
  for (const auto& item : module.named_parameters(true)) targets[item.key()] = item.value();
  for (const auto& item : module.named_buffers(true)) {
    if (is_recomputed_key(item.key()))
      report.recomputed.push_back(item.key());
    else
      targets[item.key()] = item.value();
  }
  const std::set<std::string> allowed(options.allow_missing.begin(), options.allow_missing.end());
  std::vector<KeyProblem> missing, unexpected, mismatched;  // all sorted: NamedTensors is a map
  for (const auto& [key, dst] : targets) {
    auto it = tensors.find(key);
    if (it == tensors.end()) {
      if (allowed.count(key))
        report.left_as_initialised.push_back(key);
      else
        missing.push_back({key, describe(dst), ""});
    } else if (it->second.sizes() != dst.sizes() || !compatible(dst, it->second)) {
      mismatched.push_back({key, describe(dst), describe(it->second)});
    }
  }
  for (const auto& [key, src] : tensors)
    if (!targets.count(key) && !is_recomputed_key(key))
      unexpected.push_back({key, "", describe(src)});
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty())
    throw StateDictError(options.source, std::move(missing), std::move(unexpected),
                         std::move(mismatched));
  torch::NoGradGuard no_grad;
  for (auto& [key, dst] : targets) {
    auto it = tensors.find(key);
    if (it == tensors.end()) continue;
    dst.copy_(it->second);  // converts dtype and device to the module's
    ++report.loaded;
  }
  return report;
}

}  // namespace sam3::weights
