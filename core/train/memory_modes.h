#pragma once
// Memory modes of the trainer (config keys memory.*; sam3-spec §D):
//  - freeze the text tower: its parameters stop requiring grad, so make_param_groups leaves them
//    out (no gradient, no AdamW state), and the text features of the class prompts are computed
//    once and reused every step (TextFeatureCache) instead of a text forward per step;
//  - freeze the ViT trunk of the vision backbone, or all of it but its last N blocks (the neck
//    stays trainable).
// LoRA (lora.h) and activation checkpointing (Sam3ImageImpl::set_activation_checkpointing) are
// the other memory modes. Use from the training thread.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/sam3_image.h"

namespace sam3::train {

struct FreezeOptions {
  bool freeze_text = false;          // backbone.language_backbone.*
  bool freeze_vision_trunk = false;  // backbone.vision_backbone.trunk.* ...
  int train_last_vision_blocks = 0;  // ... except trunk.blocks.<i> for i >= depth - N
};

// Sets requires_grad false on the frozen parameters (others are left as they are) and returns
// their names in model order. InvalidInput when train_last_vision_blocks is negative, larger
// than `vision_depth`, or set without freeze_vision_trunk.
std::vector<std::string> freeze_parameters(torch::nn::Module& model, const FreezeOptions& options,
                                           int vision_depth);

// Text features of the class prompts for the training forward. With `frozen` the first call
// runs the text encoder without grad and every later call with the same token ids returns those
// features (no text forward); other ids are encoded again and replace the cache. Without
// `frozen` every call runs the text encoder (with grad when grad mode is on). On CUDA the first
// frozen encode pins the features in the model (Sam3ImageImpl::pin_text_features) and moves the
// text encoder to the CPU; asking for other ids afterwards is a ModelError.
class TextFeatureCache {
 public:
  explicit TextFeatureCache(bool frozen) : frozen_(frozen) {}
  // ids [C, 32] int64 on the model's device.
  model::TextEncoding encode(model::Sam3ImageImpl& model, const torch::Tensor& ids);
  // Text encoder forwards run by this cache so far.
  std::int64_t text_forwards() const { return forwards_; }
  bool frozen() const { return frozen_; }

 private:
  bool frozen_;
  std::int64_t forwards_ = 0;
  bool offloaded_ = false;
  torch::Tensor ids_;
  model::TextEncoding cached_;
};

}  // namespace sam3::train
