#pragma once
// LoRA adapters (Hu et al. 2021) on the ViT trunk of SAM3: for each chosen linear layer of every
// trunk block (attn.qkv, attn.proj, mlp.fc1, mlp.fc2) the effective weight is
//   W' = W + (alpha / r) * B * A,   A: [r, in] (kaiming-uniform, seeded), B: [out, r] (zeros),
// so at step 0 the model computes exactly what the base model computes. The adapters are
// registered inside each linear as `lora_A` / `lora_B` submodules (keys
// `backbone.vision_backbone.trunk.blocks.<i>.<target>.lora_A.weight`, PEFT's naming); every
// other parameter of the model is frozen, so the optimizer groups hold only the adapters.
//
// Implementation: the linear layers are not changed; each adapted layer gets a side path
// (model::LinearAdapter of its ViT block) y = W x + b + scale * B (A x), so no weight-sized
// tensor is formed (the base weight may be stored in bf16 for CUDA training under bf16 autocast;
// the adapters are always fp32). Call refresh() before every forward (training and evaluation):
// it draws the dropout masks. Dropout (`dropout` > 0, training mode, grad on) drops input
// features of A with one mask per refresh shared by all tokens (minLoRA's variant), not per
// token; a block recomputed by activation checkpointing reuses the same mask.
//
// Checkpoints of a LoRA run hold only the adapters (state()); load_state() puts them back on a
// model that has the same base weights. merge() folds the adapters into the base weights for
// export and removes them. Not thread-safe; use from the training thread.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model/sam3_image.h"

namespace sam3::train {

struct LoraOptions {
  int rank = 8;
  double alpha = 16.0;
  double dropout = 0.0;
  std::vector<std::string> targets{"attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2"};
  std::uint64_t seed = 0;  // initialisation of A
  // CUDA training under bf16 autocast: store every frozen matmul weight of the model in bf16
  // (model::cast_matmul_weights_to_bf16, the numbers autocast computes with anyway) before the
  // adapters are added; halves the frozen weights' memory. Never with fp16 or on the CPU.
  bool bf16_base_weights = false;
};

class LoraAdapters {
 public:
  // Adds adapters to `model` (on the device and dtype of its weights) and freezes every base
  // parameter. InvalidInput for a rank < 1, alpha <= 0, dropout outside [0, 1), an unknown or
  // repeated target, or a model that already has adapters.
  LoraAdapters(model::Sam3ImageImpl& model, const LoraOptions& options);
  LoraAdapters(const LoraAdapters&) = delete;
  LoraAdapters& operator=(const LoraAdapters&) = delete;

  // W' = W + scale * B * A into every adapted layer (tracked by autograd in grad mode). Call
  // before each forward. No-op after merge().
  void refresh();
  // Adapter tensors by key (fp32 CPU copies): 2 per adapted layer.
  std::map<std::string, torch::Tensor> state() const;
  // Strict: every adapter key present with its shape, no other key; ModelError naming `source`
  // and every problem, nothing changed then. Refreshes the effective weights.
  void load_state(const std::map<std::string, torch::Tensor>& state, const std::string& source);
  // W += scale * B * A in every base weight, adapters removed: the model is a plain model whose
  // outputs equal the adapted model's (eval mode). The base parameters stay frozen.
  void merge();

  // Keys of the adapter weights, in model order.
  std::vector<std::string> keys() const;
  double scale() const { return scale_; }
  std::size_t num_adapted_layers() const { return layers_.size(); }
  bool merged() const { return merged_; }

 private:
  struct Layer {
    std::string name;  // e.g. backbone.vision_backbone.trunk.blocks.0.attn.qkv
    std::shared_ptr<torch::nn::LinearImpl> linear;
    torch::Tensor base;                    // the registered weight parameter
    model::LinearAdapter* hook = nullptr;  // the block's side-path slot of this layer
    std::shared_ptr<torch::Tensor> keep;   // dropout mask of the current refresh (or undefined)
    torch::nn::Linear a{nullptr}, b{nullptr};
  };
  std::vector<Layer> layers_;
  double scale_ = 1.0;
  double dropout_ = 0.0;
  bool merged_ = false;
};

// True for keys of adapter tensors (".lora_A." / ".lora_B.").
bool is_lora_key(const std::string& key);

// Deployment weights of a LoRA run: `model` (holding the run's base weights, no adapters) with
// the adapters of one of its checkpoints merged in; every parameter and buffer by key (what
// weights::module_state gives), loadable as a plain model. Rank and targets are read from the
// adapter keys and shapes; `alpha` is the run's memory.lora.alpha (its model card). ModelError
// when the adapters do not fit the model, InvalidInput when there are none.
std::map<std::string, torch::Tensor> merge_adapters(
    model::Sam3ImageImpl& model, const std::map<std::string, torch::Tensor>& adapters,
    double alpha);

}  // namespace sam3::train
