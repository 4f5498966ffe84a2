// Memory modes: frozen text tower with cached features, frozen ViT trunk (see memory_modes.h).
#include "core/train/memory_modes.h"

#include "core/util/errors.h"

namespace sam3::train {
namespace {

const std::string kText = "backbone.language_backbone.";
const std::string kTrunk = "backbone.vision_backbone.trunk.";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Block index of a trunk parameter name, or -1 outside trunk.blocks.
int trunk_block(const std::string& name) {
  const std::string blocks = kTrunk + "blocks.";
  if (!starts_with(name, blocks)) return -1;
  return std::stoi(name.substr(blocks.size()));
}

}  // namespace

std::vector<std::string> freeze_parameters(torch::nn::Module& model, const FreezeOptions& o,
                                           int vision_depth) {
  if (o.train_last_vision_blocks < 0 || o.train_last_vision_blocks > vision_depth)
    throw InvalidInput("memory modes: train_last_vision_blocks must be within [0, " +
                       std::to_string(vision_depth) + "] (the trunk's depth), got " +
                       std::to_string(o.train_last_vision_blocks));
  if (o.train_last_vision_blocks > 0 && !o.freeze_vision_trunk)
    throw InvalidInput("memory modes: train_last_vision_blocks needs freeze_vision_trunk");
  const int first_trained = vision_depth - o.train_last_vision_blocks;
  std::vector<std::string> frozen;
  for (auto& p : model.named_parameters()) {
    const std::string& name = p.key();
    bool freeze = o.freeze_text && starts_with(name, kText);
    if (o.freeze_vision_trunk && starts_with(name, kTrunk)) {
      const int block = trunk_block(name);
      freeze = block < 0 || block < first_trained;
    }
    if (!freeze) continue;
    p.value().set_requires_grad(false);
    frozen.push_back(name);
  }
  return frozen;
}

model::TextEncoding TextFeatureCache::encode(model::Sam3ImageImpl& model,
                                             const torch::Tensor& ids) {
  if (!frozen_) {
    ++forwards_;
    return model.encode_text(ids);
  }
  if (ids_.defined() && ids_.device() == ids.device() && ids_.sizes() == ids.sizes() &&
      torch::equal(ids_, ids))
    return cached_;
  torch::NoGradGuard no_grad;
  if (offloaded_)  // the encoder's weights live on the CPU now: the class ids never change
    throw ModelError(
        "training: the frozen text encoder was moved off the GPU after encoding the class "
        "prompts, and other prompts were asked for");
  ++forwards_;
  cached_ = model.encode_text(ids);
  ids_ = ids.clone();
  if (ids.is_cuda()) {
    // The frozen tower is not needed on the GPU again: validation and checkpoints read the
    // pinned features and the CPU weights. Saves its weights' memory (1.4 GB for sam3).
    model.pin_text_features(ids_, cached_);
    model.backbone->language_backbone->to(torch::kCPU);
    offloaded_ = true;
  }
  return cached_;
}

}  // namespace sam3::train
