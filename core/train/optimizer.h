#pragma once
// AdamW with the official SAM3 parameter groups (sam3-spec §D.4; sam3/train/optim/optimizer.py,
// RF config L339-395):
//  - learning rate: `lr` for everything, `lr_vision` for backbone.vision_backbone.*, `lr_text` for
//    backbone.language_backbone.*; inside backbone.vision_backbone.trunk a layer decay
//    layer_decay^(depth + 1 - id), id 0 for patch_embed / ln_pre / pos_embed, i + 1 for blocks.i,
//    depth + 1 otherwise (factor 1), and pos_embed overridden to factor 1 (pattern *pos_embed*);
//  - weight decay: `weight_decay`, but 0 for every name containing "bias" and every parameter of a
//    torch::nn::LayerNorm.
// Parameters with requires_grad false are left out (frozen). The update is PyTorch's
// torch.optim.AdamW single-tensor path (betas 0.9/0.999, eps 1e-8, decoupled decay) written out
// here so that its state is plain named tensors for checkpoints, identical in LibTorch 1.13 and
// 2.x. The update runs as multi-tensor (_foreach_) kernels over chunks of parameters, as
// torch.optim.AdamW(foreach=True) does: the same arithmetic per element as the single-tensor
// path, a few kernels per chunk instead of eight per parameter (sam3 has ~1500 parameter tensors),
// with the temporaries bounded by the chunk size. Not thread-safe; use from the training thread.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sam3::train {

struct OptimizerOptions {
  double lr = 8e-5;
  double lr_vision = 2.5e-5;
  double lr_text = 5e-6;
  double layer_decay = 0.9;  // 1 = off
  double weight_decay = 0.1;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  // Not a training setting: the bytes of parameters updated by one set of multi-tensor kernels
  // (each chunk's sqrt(v) temporaries take as much).
  std::size_t chunk_bytes = std::size_t{64} << 20;
};

struct NamedParameter {
  std::string name;
  torch::Tensor tensor;
};

struct ParamGroup {
  std::string name;    // "transformer", "vision.layer_3", "text", ... with ".no_decay" suffix
  std::string family;  // "transformer" | "vision" | "text": whose base lr it scales
  double base_lr = 0;  // before the schedule
  double weight_decay = 0;
  double lr = 0;  // current (base_lr * schedule factor)
  std::vector<NamedParameter> params;
};

// Groups in a deterministic order (by name). vision_depth: number of ViT blocks.
std::vector<ParamGroup> make_param_groups(torch::nn::Module& model, int vision_depth,
                                          const OptimizerOptions& options);

class AdamW {
 public:
  AdamW(std::vector<ParamGroup> groups, const OptimizerOptions& options);

  // Sets every group's lr to base_lr * factor.
  void set_lr_factor(double factor);
  // One update of every parameter that has a gradient.
  void step();
  void zero_grad();

  const std::vector<ParamGroup>& groups() const { return groups_; }
  // Current lr per family (the largest of its groups, i.e. the undecayed one).
  std::map<std::string, double> family_lr() const;

  // State as named tensors: "<param>.exp_avg", "<param>.exp_avg_sq", "<param>.step" (int64).
  std::map<std::string, torch::Tensor> state_dict() const;
  // Throws ModelError naming the first missing or mis-shaped entry; nothing changes then.
  void load_state_dict(const std::map<std::string, torch::Tensor>& state);

 private:
  struct State {
    torch::Tensor exp_avg, exp_avg_sq;
    std::int64_t step = 0;
  };
  std::vector<ParamGroup> groups_;
  OptimizerOptions options_;
  std::map<std::string, State> state_;
};

// Global L2 norm of all gradients, scaled in place to at most max_norm when max_norm > 0
// (torch.nn.utils.clip_grad_norm_: coef = max_norm / (norm + 1e-6), clamped to 1). Returns the
// norm before clipping (may be inf / nan: the caller decides).
double clip_grad_norm(const std::vector<ParamGroup>& groups, double max_norm);

}  // namespace sam3::train
