#include "core/train/optimizer.h"

#include <torch/version.h>
#ifndef TORCH_VERSION_MAJOR
#error "torch/version.h did not define TORCH_VERSION_MAJOR"
#endif

#include <algorithm>
#include <cmath>
#include <set>

#include "core/util/errors.h"

namespace sam3::train {
namespace {

const std::string kVision = "backbone.vision_backbone.";
const std::string kTrunk = "backbone.vision_backbone.trunk.";
const std::string kText = "backbone.language_backbone.";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

// ViT.get_layer_id (vitdet.py:863-881) for a name inside the trunk.
int vit_layer_id(const std::string& name, int depth) {
  const std::string local = name.substr(kTrunk.size());
  if (local.find("rel_pos") != std::string::npos) return depth + 1;
  if (local.find("ln_pre") != std::string::npos || local.find("pos_embed") != std::string::npos ||
      local.find("cls_token") != std::string::npos ||
      local.find("patch_embed") != std::string::npos)
    return 0;
  const auto b = local.find("blocks.");
  if (b != std::string::npos) return std::stoi(local.substr(b + 7)) + 1;
  return depth + 1;
}

std::set<std::string> layer_norm_parameters(torch::nn::Module& model) {
  std::set<std::string> names;
  for (const auto& item : model.named_modules("", /*include_self=*/false)) {
    if (dynamic_cast<torch::nn::LayerNormImpl*>(item.value().get()) == nullptr) continue;
    for (const auto& p : item.value()->named_parameters(/*recurse=*/false))
      names.insert(item.key() + "." + p.key());
  }
  return names;
}

}  // namespace

std::vector<ParamGroup> make_param_groups(torch::nn::Module& model, int vision_depth,
                                          const OptimizerOptions& o) {
  if (!(o.lr >= 0 && o.lr_vision >= 0 && o.lr_text >= 0 && o.weight_decay >= 0 &&
        o.layer_decay > 0 && o.layer_decay <= 1 && vision_depth >= 0))
    throw InvalidInput(
        "optimizer: learning rates and weight decay must be >= 0, layer_decay "
        "within (0, 1]");
  const std::set<std::string> norms = layer_norm_parameters(model);
  std::map<std::string, ParamGroup> groups;
  for (const auto& item : model.named_parameters(/*recurse=*/true)) {
    const std::string& name = item.key();
    if (!item.value().requires_grad()) continue;
    std::string family = "transformer", group = "transformer";
    double lr = o.lr;
    if (starts_with(name, kText)) {
      family = group = "text";
      lr = o.lr_text;
    } else if (starts_with(name, kVision)) {
      family = group = "vision";
      lr = o.lr_vision;
      if (starts_with(name, kTrunk)) {
        int id = vit_layer_id(name, vision_depth);
        double scale = std::pow(o.layer_decay, vision_depth + 1 - std::min(id, vision_depth + 1));
        if (name.find("pos_embed") != std::string::npos) {
          scale = 1.0;  // override '*pos_embed*': 1.0
          id = -1;
        }
        lr *= scale;
        group = id < 0 ? "vision.pos_embed" : "vision.layer_" + std::to_string(id);
      }
    }
    const bool no_decay = name.find("bias") != std::string::npos || norms.count(name) > 0;
    if (no_decay) group += ".no_decay";
    auto [it, fresh] = groups.try_emplace(group);
    if (fresh) {
      it->second.name = group;
      it->second.family = family;
      it->second.base_lr = lr;
      it->second.lr = lr;
      it->second.weight_decay = no_decay ? 0.0 : o.weight_decay;
    }
    it->second.params.push_back({name, item.value()});
  }
  std::vector<ParamGroup> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

AdamW::AdamW(std::vector<ParamGroup> groups, const OptimizerOptions& options)
    : groups_(std::move(groups)), options_(options) {}

void AdamW::set_lr_factor(double factor) {
  for (auto& g : groups_) g.lr = g.base_lr * factor;
}

void AdamW::zero_grad() {
  for (auto& g : groups_)
    for (auto& p : g.params)
      if (p.tensor.grad().defined()) p.tensor.mutable_grad() = torch::Tensor();
}

namespace {

// Parameters of one group that share a step count (all of them, unless some missed updates),
// updated together.
struct Chunk {
  std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs;
  std::size_t bytes = 0;
};

// One AdamW update of a chunk: the single-tensor path's operations, each over the whole chunk.
void update(Chunk& c, const ParamGroup& g, const OptimizerOptions& o, std::int64_t step) {
  const double bc1 = 1 - std::pow(o.beta1, static_cast<double>(step));
  const double bc2 = 1 - std::pow(o.beta2, static_cast<double>(step));
  at::_foreach_mul_(c.params, 1 - g.lr * g.weight_decay);
#if TORCH_VERSION_MAJOR >= 2
  at::_foreach_lerp_(c.exp_avgs, c.grads, 1 - o.beta1);
#else
  for (std::size_t i = 0; i < c.exp_avgs.size(); ++i) c.exp_avgs[i].lerp_(c.grads[i], 1 - o.beta1);
#endif
  at::_foreach_mul_(c.exp_avg_sqs, o.beta2);
  at::_foreach_addcmul_(c.exp_avg_sqs, c.grads, c.grads, 1 - o.beta2);
  std::vector<torch::Tensor> denom = at::_foreach_sqrt(c.exp_avg_sqs);
  at::_foreach_div_(denom, std::sqrt(bc2));
  at::_foreach_add_(denom, o.eps);
  at::_foreach_addcdiv_(c.params, c.exp_avgs, denom, -g.lr / bc1);
}

}  // namespace

void AdamW::step() {
  torch::NoGradGuard no_grad;
  for (auto& g : groups_) {
    std::map<std::int64_t, Chunk> open;  // by step count after this update
    for (auto& p : g.params) {
      const torch::Tensor& grad = p.tensor.grad();
      if (!grad.defined()) continue;
      State& s = state_[p.name];
      if (!s.exp_avg.defined()) {
        s.exp_avg = torch::zeros_like(p.tensor, torch::MemoryFormat::Preserve);
        s.exp_avg_sq = torch::zeros_like(p.tensor, torch::MemoryFormat::Preserve);
      }
      ++s.step;
      Chunk& c = open[s.step];
      c.params.push_back(p.tensor);
      c.grads.push_back(grad);
      c.exp_avgs.push_back(s.exp_avg);
      c.exp_avg_sqs.push_back(s.exp_avg_sq);
      c.bytes += static_cast<std::size_t>(p.tensor.numel()) * p.tensor.element_size();
      if (c.bytes >= options_.chunk_bytes) {
        update(c, g, options_, s.step);
        c = Chunk{};
      }
    }
    for (auto& [step, c] : open)
      if (!c.params.empty()) update(c, g, options_, step);
  }
}

std::map<std::string, double> AdamW::family_lr() const {
  std::map<std::string, double> out;
  for (const auto& g : groups_) out[g.family] = std::max(out[g.family], g.lr);
  return out;
}

std::map<std::string, torch::Tensor> AdamW::state_dict() const {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [name, s] : state_) {
    out[name + ".exp_avg"] = s.exp_avg;
    out[name + ".exp_avg_sq"] = s.exp_avg_sq;
    out[name + ".step"] = torch::tensor(s.step, torch::kInt64);
  }
  return out;
}

void AdamW::load_state_dict(const std::map<std::string, torch::Tensor>& state) {
  std::map<std::string, State> loaded;
  for (const auto& g : groups_)
    for (const auto& p : g.params) {
      const auto step = state.find(p.name + ".step");
      if (step == state.end()) continue;  // never updated (no gradient yet)
      const auto m = state.find(p.name + ".exp_avg"), v = state.find(p.name + ".exp_avg_sq");
      if (m == state.end() || v == state.end())
        throw ModelError("optimizer state: '" + p.name + "' has a step but no moments");
      if (!m->second.sizes().equals(p.tensor.sizes()) ||
          !v->second.sizes().equals(p.tensor.sizes()))
        throw ModelError("optimizer state: '" + p.name + "' moments have the wrong shape");
      const auto opts = p.tensor.options();
      loaded[p.name] = State{m->second.to(opts).clone(), v->second.to(opts).clone(),
                             step->second.item<std::int64_t>()};
    }
  std::size_t expected = 0;
  for (const auto& [key, t] : state) expected += key.size() > 5 && key.ends_with(".step");
  if (expected != loaded.size())
    throw ModelError("optimizer state: " + std::to_string(expected - loaded.size()) +
                     " entries name parameters this model does not train");
  state_ = std::move(loaded);
}

double clip_grad_norm(const std::vector<ParamGroup>& groups, double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads;
  for (const auto& g : groups)
    for (const auto& p : g.params)
      if (p.tensor.grad().defined()) grads.push_back(p.tensor.grad());
  if (grads.empty()) return 0.0;
  // Per-gradient norms in multi-tensor kernels, as torch.nn.utils.clip_grad_norm_(foreach=True).
  std::vector<torch::Tensor> norms = at::_foreach_norm(grads, 2);
  for (auto& n : norms) n = n.to(torch::kFloat);
  const torch::Tensor total = torch::stack(norms).norm(2);
  const double norm = total.item<double>();
  if (max_norm > 0) {
    const torch::Tensor coef = torch::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    at::_foreach_mul_(grads, coef);
#else
    for (auto& grad : grads) grad.mul_(coef);
#endif
  }
  return norm;
}

}  // namespace sam3::train
