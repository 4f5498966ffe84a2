#include "core/train/trainer_options.h"

#include "core/util/errors.h"

namespace sam3::train {
namespace {

void refuse(const std::filesystem::path& source, const std::string& key, const std::string& why) {
  throw ConfigError(source, key, why);
}

AugmentOptions augment_options(const Augmentation& a, const std::filesystem::path& source) {
  if (a.color_jitter.hue != 0)
    refuse(source, "data.augmentation.color_jitter.hue", "hue jitter is not implemented; use 0");
  AugmentOptions o;
  o.random_resize = a.random_resize;
  o.random_pad = a.random_pad;
  o.min_size = a.resize_min;
  o.max_size = a.resize_max;
  o.size_step = a.resize_step;
  o.hflip_probability = a.hflip;
  o.brightness = a.color_jitter.brightness;
  o.contrast = a.color_jitter.contrast;
  o.saturation = a.color_jitter.saturation;
  return o;
}

LossOptions loss_options(const LossSection& l) {
  LossOptions o;
  o.weights = {l.bbox, l.giou, l.ce, l.presence, l.mask, l.dice, l.o2m};
  o.mask_loss = l.mask_loss;
  o.iabce_pos_weight = l.iabce_pos_weight;
  o.scale_by_sqrt_prompts = l.scale_by_sqrt_prompts;
  o.matcher.cost_class = l.matcher.cost_class;
  o.matcher.cost_bbox = l.matcher.cost_bbox;
  o.matcher.cost_giou = l.matcher.cost_giou;
  o.matcher.alpha = l.matcher.focal_alpha;
  o.matcher.gamma = l.matcher.focal_gamma;
  o.o2m_matcher.alpha = l.matcher.o2m_alpha;
  o.o2m_matcher.threshold = l.matcher.o2m_threshold;
  o.o2m_matcher.topk = l.matcher.o2m_topk;
  return o;
}

}  // namespace

TrainerOptions trainer_options_from_config(const TrainConfig& c,
                                           const std::filesystem::path& source,
                                           std::vector<std::string>* /*notes*/) {
  TrainerOptions o;
  o.model_config = c.model.config;
  o.base_weights = c.model.weights;
  o.device = c.device;
  o.seed = c.seed;
  o.amp = c.precision.amp;
  o.activation_checkpointing = c.precision.activation_checkpointing;
  o.grad_allreduce_bf16 = c.precision.grad_allreduce == "bf16";
  o.image_size = c.data.resolution;
  o.prefetch = c.data.prefetch_batches;
  o.data.max_boxes_per_prompt = c.data.max_boxes_per_prompt;
  o.data.augment = augment_options(c.data.augmentation, source);
  o.lora = c.memory.lora.enabled;
  o.lora_options.rank = c.memory.lora.rank;
  o.lora_options.alpha = c.memory.lora.alpha;
  o.lora_options.dropout = c.memory.lora.dropout;
  o.lora_options.targets = c.memory.lora.targets;
  o.freeze_text = c.memory.freeze_text;
  o.freeze_vision_trunk = c.memory.freeze_vision_trunk;
  o.train_last_vision_blocks = c.memory.train_last_vision_blocks;
  o.batch_size = c.train.batch_size;
  o.grad_accumulation = c.train.grad_accumulation;
  o.epochs = c.train.epochs;
  o.max_steps = c.train.max_steps;
  o.optimizer.lr = c.optimizer.lr;
  o.optimizer.lr_vision = c.optimizer.vision_lr;
  o.optimizer.lr_text = c.optimizer.text_lr;
  o.optimizer.layer_decay = c.optimizer.vision_layer_decay;
  o.optimizer.weight_decay = c.optimizer.weight_decay;
  if (c.optimizer.betas.size() != 2) refuse(source, "optimizer.betas", "expected two values");
  o.optimizer.beta1 = c.optimizer.betas[0];
  o.optimizer.beta2 = c.optimizer.betas[1];
  o.optimizer.eps = c.optimizer.eps;
  o.grad_clip = c.optimizer.grad_clip;
  o.schedule.kind = schedule_kind_from_string(c.schedule.type);
  o.schedule.warmup_steps = c.schedule.warmup_steps;
  o.schedule.timescale = c.schedule.timescale;
  o.schedule.cooldown_steps = c.schedule.cooldown_steps;
  o.schedule.min_ratio = c.schedule.min_lr_ratio;
  o.loss = loss_options(c.loss);
  o.validate_every_epochs = c.validation.every_epochs;
  o.best_metric = c.validation.best_metric;
  o.checkpoint_every_epochs = c.checkpoint.every_epochs;
  o.keep_last = c.checkpoint.keep_last;
  o.keep_best = c.checkpoint.keep_best;
  o.weights_fp32 = c.checkpoint.weights_dtype == "fp32";
  if (!c.checkpoint.save_optimizer)
    refuse(source, "checkpoint.save_optimizer", "checkpoints always hold the resume state here");
  o.log_every_steps = c.logging.every_steps;
  o.tensorboard = c.logging.tensorboard;
  return o;
}

}  // namespace sam3::train
