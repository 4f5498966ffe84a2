// LoRA adapters on the ViT trunk (see lora.h).
#include "core/train/lora.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/model/inference_dtype.h"
#include "core/util/errors.h"
#include "core/weights/state_loader.h"

namespace sam3::train {
namespace {

const std::string kBlocks = "backbone.vision_backbone.trunk.blocks.";

std::shared_ptr<torch::nn::LinearImpl> target_linear(model::VitBlockImpl& block,
                                                     const std::string& target) {
  if (target == "attn.qkv") return block.attn->qkv.ptr();
  if (target == "attn.proj") return block.attn->proj.ptr();
  if (target == "mlp.fc1") return block.mlp->fc1.ptr();
  if (target == "mlp.fc2") return block.mlp->fc2.ptr();
  throw InvalidInput("LoRA: unknown target '" + target +
                     "', expected attn.qkv, attn.proj, mlp.fc1 or mlp.fc2");
}

model::LinearAdapter* target_hook(model::VitBlockImpl& block, const std::string& target) {
  if (target == "attn.qkv") return &block.attn->qkv_adapter;
  if (target == "attn.proj") return &block.attn->proj_adapter;
  if (target == "mlp.fc1") return &block.mlp->fc1_adapter;
  return &block.mlp->fc2_adapter;  // target_linear() has rejected unknown names
}

void check_options(const LoraOptions& o) {
  if (o.rank < 1) throw InvalidInput("LoRA: rank must be >= 1, got " + std::to_string(o.rank));
  if (!(o.alpha > 0)) throw InvalidInput("LoRA: alpha must be > 0");
  if (!(o.dropout >= 0 && o.dropout < 1)) throw InvalidInput("LoRA: dropout must be in [0, 1)");
  if (o.targets.empty()) throw InvalidInput("LoRA: no target layer");
  const std::set<std::string> unique(o.targets.begin(), o.targets.end());
  if (unique.size() != o.targets.size()) throw InvalidInput("LoRA: a target is listed twice");
}

}  // namespace

bool is_lora_key(const std::string& key) {
  return key.find(".lora_A.") != std::string::npos || key.find(".lora_B.") != std::string::npos;
}

LoraAdapters::LoraAdapters(model::Sam3ImageImpl& model, const LoraOptions& o)
    : scale_(o.alpha / o.rank), dropout_(o.dropout) {
  check_options(o);
  for (const auto& p : model.named_parameters())
    if (is_lora_key(p.key())) throw InvalidInput("LoRA: the model already has adapters");
  for (auto& p : model.parameters()) p.set_requires_grad(false);
  if (o.bf16_base_weights) model::cast_matmul_weights_to_bf16(model);
  auto gen = at::detail::createCPUGenerator(o.seed);
  auto& blocks = model.backbone->vision_backbone->trunk->blocks;
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    auto block = blocks->ptr<model::VitBlockImpl>(i);
    for (const auto& target : o.targets) {
      Layer l;
      l.name = kBlocks + std::to_string(i) + "." + target;
      l.linear = target_linear(*block, target);
      l.hook = target_hook(*block, target);
      l.base = l.linear->weight;
      const int64_t out = l.base.size(0), in = l.base.size(1);
      // Adapters train in fp32 whatever the (frozen) base weights are stored in.
      const auto opts = l.base.options().requires_grad(false).dtype(torch::kFloat);
      l.a = l.linear->register_module(
          "lora_A", torch::nn::Linear(torch::nn::LinearOptions(in, o.rank).bias(false)));
      l.b = l.linear->register_module(
          "lora_B", torch::nn::Linear(torch::nn::LinearOptions(o.rank, out).bias(false)));
      {
        torch::NoGradGuard no_grad;
        // PEFT's init: A kaiming-uniform(a = sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)); B = 0.
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        torch::Tensor a = torch::empty({o.rank, in}, torch::kFloat).uniform_(-bound, bound, gen);
        l.a->to(opts.device(), opts.dtype().toScalarType());
        l.b->to(opts.device(), opts.dtype().toScalarType());
        l.a->weight.copy_(a);
        l.b->weight.zero_();
      }
      l.keep = std::make_shared<torch::Tensor>();
      *l.hook = [a = l.a, b = l.b, keep = l.keep, scale = scale_](const torch::Tensor& x,
                                                                  const torch::Tensor& y) mutable {
        const torch::Tensor dropped = keep->defined() ? x * *keep : x;
        return y + b->forward(a->forward(dropped)) * scale;
      };
      layers_.push_back(std::move(l));
    }
  }
  refresh();
}

void LoraAdapters::refresh() {
  if (merged_) return;
  for (auto& l : layers_) {
    if (dropout_ > 0 && l.linear->is_training() && torch::GradMode::is_enabled()) {
      const torch::Tensor& a = l.a->weight;
      *l.keep = torch::empty({a.size(1)}, a.options().requires_grad(false))
                    .bernoulli_(1 - dropout_)
                    .div_(1 - dropout_);
    } else {
      *l.keep = torch::Tensor();
    }
  }
}

std::vector<std::string> LoraAdapters::keys() const {
  std::vector<std::string> out;
  for (const auto& l : layers_) {
    out.push_back(l.name + ".lora_A.weight");
    out.push_back(l.name + ".lora_B.weight");
  }
  return out;
}

std::map<std::string, torch::Tensor> LoraAdapters::state() const {
  std::map<std::string, torch::Tensor> out;
  for (const auto& l : layers_) {
    out[l.name + ".lora_A.weight"] = l.a->weight.detach().to(torch::kCPU, torch::kFloat).clone();
    out[l.name + ".lora_B.weight"] = l.b->weight.detach().to(torch::kCPU, torch::kFloat).clone();
  }
  return out;
}

void LoraAdapters::load_state(const std::map<std::string, torch::Tensor>& state,
                              const std::string& source) {
  if (merged_) throw InvalidInput("LoRA: adapters already merged; nothing to load into");
  std::vector<std::string> problems;
  std::set<std::string> expected;
  for (const auto& l : layers_)
    for (const auto& [key, w] : {std::pair{l.name + ".lora_A.weight", l.a->weight},
                                 std::pair{l.name + ".lora_B.weight", l.b->weight}}) {
      expected.insert(key);
      const auto it = state.find(key);
      if (it == state.end())
        problems.push_back("missing " + key);
      else if (!it->second.sizes().equals(w.sizes()))
        problems.push_back(key + " has shape " + c10::str(it->second.sizes()) + ", expected " +
                           c10::str(w.sizes()));
    }
  for (const auto& [key, t] : state)
    if (expected.count(key) == 0) problems.push_back("unexpected " + key);
  if (!problems.empty()) {
    std::string text = source + ": LoRA adapters do not fit this model:";
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) text += "\n  " + problems[i];
    if (problems.size() > 20) text += "\n  ... " + std::to_string(problems.size() - 20) + " more";
    throw ModelError(text);
  }
  {
    torch::NoGradGuard no_grad;
    for (auto& l : layers_) {
      l.a->weight.copy_(state.at(l.name + ".lora_A.weight"));
      l.b->weight.copy_(state.at(l.name + ".lora_B.weight"));
    }
  }
  refresh();
}

void LoraAdapters::merge() {
  if (merged_) return;
  torch::NoGradGuard no_grad;
  for (auto& l : layers_) {
    l.base.add_(torch::mm(l.b->weight, l.a->weight).to(l.base.scalar_type()), scale_);
    *l.hook = nullptr;
    l.linear->unregister_module("lora_A");
    l.linear->unregister_module("lora_B");
  }
  layers_.clear();
  merged_ = true;
}

std::map<std::string, torch::Tensor> merge_adapters(
    model::Sam3ImageImpl& model, const std::map<std::string, torch::Tensor>& adapters,
    double alpha) {
  LoraOptions o;
  o.alpha = alpha;
  o.targets.clear();
  std::set<std::string> targets;
  for (const auto& [key, t] : adapters) {
    const auto a = key.find(".lora_A.weight");
    if (!is_lora_key(key) || key.rfind(kBlocks, 0) != 0)
      throw ModelError("adapters: '" + key + "' is not a LoRA adapter of the ViT trunk");
    if (a == std::string::npos) continue;
    o.rank = static_cast<int>(t.size(0));
    const auto dot = key.find('.', kBlocks.size());  // after the block index
    targets.insert(key.substr(dot + 1, a - dot - 1));
  }
  if (targets.empty()) throw InvalidInput("adapters: no LoRA adapter tensor");
  o.targets.assign(targets.begin(), targets.end());
  LoraAdapters lora(model, o);
  lora.load_state(adapters, "adapters");
  lora.merge();
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, t] : weights::module_state(model)) out[k] = t.detach().to(torch::kCPU);
  return out;
}

}  // namespace sam3::train
