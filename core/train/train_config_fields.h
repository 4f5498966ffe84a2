#pragma once
// Internal to core/train: the one table of TrainConfig keys (train_config.h). Every reader,
// writer and key list walks it, so a key cannot be loadable but not written, or vice versa.
// V provides: field(path, value&, Limits) for numbers, field(path, bool&), field(path, string&,
// Choices), field(path, vector&, Limits) for lists.
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "core/train/train_config.h"

namespace sam3::train::detail {

struct Limits {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
};
inline Limits at_least(double v) {
  return {v, std::numeric_limits<double>::infinity(), false};
}
inline Limits above(double v) {
  return {v, std::numeric_limits<double>::infinity(), true};
}
inline Limits between(double lo, double hi) {
  return {lo, hi, false};
}

struct Choices {
  std::vector<std::string> values;  // empty = any string
  bool pattern_device = false;      // "auto", "cpu", "cuda", "cuda:<n>"
};

inline const std::vector<std::string>& best_metric_choices() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> out;
    for (const char* type : {"bbox", "segm"}) {
      for (const char* s : {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100",
                            "ARs", "ARm", "ARl"}) {
        out.push_back(std::string(type) + "_" + s);
      }
    }
    return out;
  }();
  return v;
}

template <typename Config, typename V>
void visit_fields(Config& c, V& v) {
  const Choices any{};
  v.field("model.config", c.model.config, any);
  v.field("model.weights", c.model.weights, any);

  v.field("data.project", c.data.project, any);
  v.field("data.train_split", c.data.train_split, any);
  v.field("data.val_split", c.data.val_split, any);
  v.field("data.resolution", c.data.resolution, between(0, 4096));
  v.field("data.max_boxes_per_prompt", c.data.max_boxes_per_prompt, at_least(1));
  v.field("data.prefetch_batches", c.data.prefetch_batches, between(0, 64));
  auto& aug = c.data.augmentation;
  v.field("data.augmentation.random_resize", aug.random_resize);
  v.field("data.augmentation.resize_min", aug.resize_min, between(1, 4096));
  v.field("data.augmentation.resize_max", aug.resize_max, between(1, 4096));
  v.field("data.augmentation.resize_step", aug.resize_step, between(1, 4096));
  v.field("data.augmentation.random_pad", aug.random_pad);
  v.field("data.augmentation.hflip", aug.hflip, between(0, 1));
  v.field("data.augmentation.color_jitter.brightness", aug.color_jitter.brightness, between(0, 1));
  v.field("data.augmentation.color_jitter.contrast", aug.color_jitter.contrast, between(0, 1));
  v.field("data.augmentation.color_jitter.saturation", aug.color_jitter.saturation, between(0, 1));
  v.field("data.augmentation.color_jitter.hue", aug.color_jitter.hue, between(0, 0.5));

  v.field("train.batch_size", c.train.batch_size, between(1, 1024));
  v.field("train.grad_accumulation", c.train.grad_accumulation, between(1, 1024));
  v.field("train.epochs", c.train.epochs, between(1, 100000));
  v.field("train.max_steps", c.train.max_steps, at_least(0));

  v.field("optimizer.lr", c.optimizer.lr, above(0));
  v.field("optimizer.vision_lr", c.optimizer.vision_lr, at_least(0));
  v.field("optimizer.vision_layer_decay", c.optimizer.vision_layer_decay, Limits{0, 1, true});
  v.field("optimizer.text_lr", c.optimizer.text_lr, at_least(0));
  v.field("optimizer.weight_decay", c.optimizer.weight_decay, at_least(0));
  v.field("optimizer.betas", c.optimizer.betas, between(0, 1));
  v.field("optimizer.eps", c.optimizer.eps, above(0));
  v.field("optimizer.grad_clip", c.optimizer.grad_clip, at_least(0));

  v.field("schedule.type", c.schedule.type, Choices{{"inverse_sqrt", "cosine"}});
  v.field("schedule.warmup_steps", c.schedule.warmup_steps, at_least(0));
  v.field("schedule.timescale", c.schedule.timescale, at_least(1));
  v.field("schedule.cooldown_steps", c.schedule.cooldown_steps, at_least(0));
  v.field("schedule.min_lr_ratio", c.schedule.min_lr_ratio, between(0, 1));

  v.field("precision.amp", c.precision.amp, Choices{{"auto", "bf16", "fp16", "off"}});
  v.field("precision.activation_checkpointing", c.precision.activation_checkpointing);
  v.field("precision.grad_allreduce", c.precision.grad_allreduce, Choices{{"fp32", "bf16"}});

  v.field("memory.freeze_text", c.memory.freeze_text);
  v.field("memory.freeze_vision_trunk", c.memory.freeze_vision_trunk);
  v.field("memory.train_last_vision_blocks", c.memory.train_last_vision_blocks, at_least(0));
  v.field("memory.lora.enabled", c.memory.lora.enabled);
  v.field("memory.lora.rank", c.memory.lora.rank, between(1, 1024));
  v.field("memory.lora.alpha", c.memory.lora.alpha, above(0));
  v.field("memory.lora.dropout", c.memory.lora.dropout, between(0, 1));
  v.field("memory.lora.targets", c.memory.lora.targets,
          Choices{{"attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2"}});

  auto& l = c.loss;
  v.field("loss.bbox", l.bbox, at_least(0));
  v.field("loss.giou", l.giou, at_least(0));
  v.field("loss.ce", l.ce, at_least(0));
  v.field("loss.presence", l.presence, at_least(0));
  v.field("loss.o2m", l.o2m, at_least(0));
  v.field("loss.mask_loss", l.mask_loss);
  v.field("loss.mask", l.mask, at_least(0));
  v.field("loss.dice", l.dice, at_least(0));
  v.field("loss.iabce_pos_weight", l.iabce_pos_weight, above(0));
  v.field("loss.scale_by_sqrt_prompts", l.scale_by_sqrt_prompts);
  v.field("loss.matcher.cost_class", l.matcher.cost_class, at_least(0));
  v.field("loss.matcher.cost_bbox", l.matcher.cost_bbox, at_least(0));
  v.field("loss.matcher.cost_giou", l.matcher.cost_giou, at_least(0));
  v.field("loss.matcher.focal_alpha", l.matcher.focal_alpha, between(0, 1));
  v.field("loss.matcher.focal_gamma", l.matcher.focal_gamma, at_least(0));
  v.field("loss.matcher.o2m_alpha", l.matcher.o2m_alpha, between(0, 1));
  v.field("loss.matcher.o2m_threshold", l.matcher.o2m_threshold, between(0, 1));
  v.field("loss.matcher.o2m_topk", l.matcher.o2m_topk, at_least(1));

  v.field("validation.every_epochs", c.validation.every_epochs, at_least(0));
  v.field("validation.best_metric", c.validation.best_metric, Choices{best_metric_choices()});

  v.field("checkpoint.every_epochs", c.checkpoint.every_epochs, at_least(1));
  v.field("checkpoint.keep_last", c.checkpoint.keep_last, at_least(1));
  v.field("checkpoint.keep_best", c.checkpoint.keep_best);
  v.field("checkpoint.weights_dtype", c.checkpoint.weights_dtype, Choices{{"bf16", "fp32"}});
  v.field("checkpoint.save_optimizer", c.checkpoint.save_optimizer);

  v.field("logging.every_steps", c.logging.every_steps, at_least(1));
  v.field("logging.tensorboard", c.logging.tensorboard);

  v.field("seed", c.seed, at_least(0));
  v.field("device", c.device, Choices{{}, true});
}

}  // namespace sam3::train::detail
