#pragma once
// The complete configuration of a fine-tuning run. Defaults are the official SAM3 recipe
// (sam3-spec.md §D: roboflow_v100_full_ft_100_images.yaml) plus the mask loss, which is ON here.
// resources/train/default.yaml documents every key; `sam3studio-cli train --print-config` prints
// it (default_config_yaml()). Loading is strict: an unknown or misplaced key, a wrong type or an
// out-of-range value is a ConfigError naming the key, the file and the line. Keys may be left out
// (their default applies); to_yaml() writes the complete effective config.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sam3::train {

struct ModelSection {
  std::string config = "sam3";  // resources/models/<config>.yaml
  std::string weights;          // base weights; empty = seeded random initialisation
  bool operator==(const ModelSection&) const = default;
};

struct ColorJitter {  // strengths as torchvision ColorJitter; 0 = off
  double brightness = 0.0;
  double contrast = 0.0;
  double saturation = 0.0;
  double hue = 0.0;
  bool operator==(const ColorJitter&) const = default;
};

struct Augmentation {
  // Random square resize to a side from {min, min+step, ..., max} (pixels for a 1008 input; for
  // another input size S every value scales by S / 1008), then zero pad to S at a random offset.
  bool random_resize = true;
  int resize_min = 480;
  int resize_max = 992;
  int resize_step = 32;
  bool random_pad = true;
  double hflip = 0.0;  // probability
  ColorJitter color_jitter;
  bool operator==(const Augmentation&) const = default;
};

struct DataSection {
  std::string project;  // project folder
  std::string train_split = "train";
  std::string val_split = "valid";
  int resolution = 0;  // model input side S; 0 = the model config's image_size
  int max_boxes_per_prompt = 200;
  int prefetch_batches = 2;  // batches prepared ahead by the background thread
  Augmentation augmentation;
  bool operator==(const DataSection&) const = default;
};

struct TrainSection {
  int batch_size = 1;  // images per step; each image gives one prompt per class
  int grad_accumulation = 1;
  int epochs = 20;
  std::int64_t max_steps = 0;  // optimizer steps; 0 = run all epochs
  bool operator==(const TrainSection&) const = default;
};

struct OptimizerSection {  // AdamW
  double lr = 8e-5;        // encoder, decoder, heads, geometry, scorer, segmentation head
  double vision_lr = 2.5e-5;
  double vision_layer_decay = 0.9;  // ViT block i scaled by decay^(depth + 1 - (i + 1))
  double text_lr = 5e-6;
  double weight_decay = 0.1;  // none for biases and norm layers
  std::vector<double> betas{0.9, 0.999};
  double eps = 1e-8;
  double grad_clip = 0.1;  // global L2 norm; 0 = off
  bool operator==(const OptimizerSection&) const = default;
};

struct ScheduleSection {
  std::string type = "inverse_sqrt";  // inverse_sqrt | cosine
  int warmup_steps = 20;
  int timescale = 20;  // inverse_sqrt
  int cooldown_steps = 20;
  double min_lr_ratio = 0.0;  // cosine: final lr / base lr
  bool operator==(const ScheduleSection&) const = default;
};

struct PrecisionSection {
  std::string amp = "auto";  // auto (bf16 if supported, else fp16 + loss scaling; CPU off) |
                             // bf16 | fp16 | off
  bool activation_checkpointing = true;
  std::string grad_allreduce = "fp32";  // dtype of the gradients sent between GPUs: fp32 | bf16
  bool operator==(const PrecisionSection&) const = default;
};

struct LoraSection {
  bool enabled = false;
  int rank = 8;
  double alpha = 16.0;
  double dropout = 0.0;
  std::vector<std::string> targets{"attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2"};
  bool operator==(const LoraSection&) const = default;
};

struct MemorySection {
  bool freeze_text = false;          // text features computed once per class
  bool freeze_vision_trunk = false;  // the ViT trunk, except its last `train_last_vision_blocks`
  int train_last_vision_blocks = 0;
  LoraSection lora;
  bool operator==(const MemorySection&) const = default;
};

struct MatcherSection {
  double cost_class = 2.0;
  double cost_bbox = 5.0;
  double cost_giou = 2.0;
  double focal_alpha = 0.25;
  double focal_gamma = 2.0;
  double o2m_alpha = 0.3;
  double o2m_threshold = 0.4;
  int o2m_topk = 4;
  bool operator==(const MatcherSection&) const = default;
};

struct LossSection {
  double bbox = 5.0;
  double giou = 2.0;
  double ce = 20.0;
  double presence = 20.0;
  double o2m = 2.0;
  bool mask_loss = true;
  double mask = 200.0;
  double dice = 10.0;
  double iabce_pos_weight = 10.0;
  bool scale_by_sqrt_prompts = true;
  MatcherSection matcher;
  bool operator==(const LossSection&) const = default;
};

struct ValidationSection {
  int every_epochs = 1;  // 0 = never
  std::string best_metric =
      "segm_AP";  // <bbox|segm>_<AP|AP50|AP75|APs|APm|APl|AR1|AR10|AR100|ARs|ARm|ARl>
  bool operator==(const ValidationSection&) const = default;
};

struct CheckpointSection {
  int every_epochs = 1;
  int keep_last = 2;
  bool keep_best = true;
  std::string weights_dtype = "bf16";  // bf16 | fp32
  bool save_optimizer = true;          // optimizer + scheduler state beside the weights (resume)
  bool operator==(const CheckpointSection&) const = default;
};

struct LoggingSection {
  int every_steps = 1;  // metrics.jsonl
  bool tensorboard = true;
  bool operator==(const LoggingSection&) const = default;
};

struct TrainConfig {
  ModelSection model;
  DataSection data;
  TrainSection train;
  OptimizerSection optimizer;
  ScheduleSection schedule;
  PrecisionSection precision;
  MemorySection memory;
  LossSection loss;
  ValidationSection validation;
  CheckpointSection checkpoint;
  LoggingSection logging;
  std::uint64_t seed = 0;
  std::string device = "auto";  // auto | cpu | cuda | cuda:<index>
  bool operator==(const TrainConfig&) const = default;
};

// Reads a YAML file (ConfigError on any unknown/misplaced key, wrong type, out-of-range value or
// inconsistent combination, naming key, file and line; IoError when unreadable).
TrainConfig load_train_config(const std::filesystem::path& file);
// The same from text; `source` names it in errors.
TrainConfig parse_train_config(const std::string& yaml, const std::filesystem::path& source);
// Cross-field checks (resize range, LoRA with frozen trunk, mask metric without masks...); throws
// ConfigError naming `source` and the keys.
void validate_train_config(const TrainConfig& config, const std::filesystem::path& source = {});
// The complete effective config, every key written, loadable by parse_train_config.
std::string to_yaml(const TrainConfig& config);
// Every key as a dotted path ("optimizer.lr"), in file order.
std::vector<std::string> train_config_keys();
// resources/train/default.yaml as compiled in: the documented defaults.
std::string default_config_yaml();
const std::string& default_config_yaml_text();

}  // namespace sam3::train
