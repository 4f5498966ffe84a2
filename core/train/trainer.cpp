#include "core/train/trainer.h"

#include "core/model/skip_init.h"
#include "core/model/model_config.h"
#include "core/model/random_init.h"
#include "core/model/tokenizer.h"
#include "core/train/phase_hook.h"
#include "core/train/trainer_impl.h"
#include "core/util/torch_compat.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/state_loader.h"

namespace sam3::train {
namespace {

torch::Device pick_device(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? torch::Device("cuda:0") : torch::kCPU;
  try {
    const torch::Device d(name);
    if (d.is_cuda() && !torch::cuda::is_available())
      throw InvalidInput("device '" + name + "': this LibTorch build or machine has no CUDA");
    // Plain "cuda" means the first GPU; an index is needed by the allocator's statistics.
    if (d.is_cuda() && !d.has_index()) return torch::Device(torch::kCUDA, 0);
    return d;
  } catch (const c10::Error&) {
    throw InvalidInput("device '" + name + "': expected auto, cpu, cuda or cuda:N");
  }
}

model::ModelConfig load_config(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml"))
    return model::load_model_config(name_or_path);
  return model::model_config_by_name(name_or_path);
}

void validate_options(const TrainerOptions& o) {
  if (o.batch_size < 1 || o.grad_accumulation < 1 || o.epochs < 1 || o.max_steps < 0 ||
      o.prefetch < 1 || o.keep_last < 1 || o.validate_every_epochs < 0 ||
      o.checkpoint_every_epochs < 0)
    throw InvalidInput(
        "trainer: batch_size, grad_accumulation, epochs, prefetch and keep_last "
        "must be >= 1; max_steps and the intervals >= 0");
  parse_metric_name(o.best_metric);
}

}  // namespace

void Trainer::Impl::setup_memory_modes() {
  model->set_activation_checkpointing(options.activation_checkpointing);
  amp = choose_amp(options.amp, device.is_cuda(), device.is_cuda() && compat::cuda_supports_bf16());
  // bf16: the model's own autocast scopes; fp16: the trainer's scope (forward_loss) reaches in.
  model->cuda_bf16_autocast = amp == AmpMode::BF16;
  GradScalerOptions scaling;
  scaling.enabled = amp == AmpMode::FP16;
  scaler = std::make_unique<GradScaler>(scaling);
  if (options.lora) {
    LoraOptions lo = options.lora_options;
    lo.seed = options.seed;
    lo.bf16_base_weights = amp == AmpMode::BF16;  // frozen weights in bf16, adapters fp32
    lora = std::make_unique<LoraAdapters>(*model, lo);
  }
  freeze_parameters(
      *model, {options.freeze_text, options.freeze_vision_trunk, options.train_last_vision_blocks},
      config.vision.depth);
  bool text_trained = false;
  for (const auto& p : model->backbone->language_backbone->parameters())
    text_trained = text_trained || p.requires_grad();
  text_cache = std::make_unique<TextFeatureCache>(!text_trained);
}

std::map<std::string, torch::Tensor> Trainer::Impl::checkpoint_weights() const {
  if (lora) return lora->state();
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, t] : weights::module_state(*model))
    out[k] = t.detach().to(torch::kCPU).clone();
  return out;
}

NonFiniteLoss::NonFiniteLoss(const std::string& term, std::int64_t step, double value)
    : Error("training diverged: " + term + " is " + std::to_string(value) + " at step " +
            std::to_string(step) + " (lower the learning rate or check the data)"),
      term_(term),
      step_(step) {}

std::pair<bool, int> parse_metric_name(const std::string& name) {
  static const char* kNames[12] = {"AP",  "AP50", "AP75",  "APs", "APm", "APl",
                                   "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
  const auto sep = name.find('_');
  const std::string type = name.substr(0, sep),
                    stat = sep == std::string::npos ? "" : name.substr(sep + 1);
  for (int i = 0; i < 12; ++i)
    if ((type == "bbox" || type == "segm") && stat == kNames[i]) return {type == "segm", i};
  throw InvalidInput("unknown metric '" + name +
                     "', expected bbox_ or segm_ followed by AP, AP50, "
                     "AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm or ARl");
}

Trainer::Trainer(const TrainerOptions& options, const SampleSource& source,
                 const std::filesystem::path& run_dir, std::string effective_config_yaml,
                 DistContext* dist)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  validate_options(options);
  m.options = options;
  m.dist = dist;
  m.config = load_config(options.model_config);
  if (options.image_size > 0) {
    if (options.image_size % m.config.vision.patch_size != 0)
      throw InvalidInput("trainer: image_size " + std::to_string(options.image_size) +
                         " is not a multiple of the patch size " +
                         std::to_string(m.config.vision.patch_size));
    m.config.image_size = options.image_size;
  }
  m.device = pick_device(options.device);
  m.config_yaml = std::move(effective_config_yaml);
  m.source_description = source.description();

  DatasetOptions data = options.data;
  data.mean = m.config.image_mean;
  data.std = m.config.image_std;
  data.image_size = m.config.image_size;
  data.masks = options.loss.mask_loss;
  m.train_data = std::make_unique<TrainingDataset>(source, Split::Train, data);
  m.valid_data = std::make_unique<TrainingDataset>(source, Split::Valid, data);
  if (m.train_data->size() == 0) throw InvalidInput("trainer: the train split has no photo");

  const ClipTokenizer tokenizer = ClipTokenizer::from_path(options.vocab);
  std::vector<torch::Tensor> ids;
  for (const auto& prompt : m.train_data->class_prompts())
    ids.push_back(torch::tensor(tokenizer.encode(prompt), torch::kInt64));
  m.class_ids = torch::stack(ids).to(m.device);

  {
    const model::SkipInit skip;  // every parameter is loaded or drawn below
    m.model = model::Sam3Image(m.config);
  }
  torch::manual_seed(options.seed);  // dropout and drop-path draw from here on
  if (options.base_weights.empty()) {
    model::init_random_weights(*m.model, options.seed);
  } else {
    weights::load_weights(*m.model, options.base_weights);
    m.base_weights_hash = file_fingerprint(options.base_weights);
  }
  m.model->to(m.device);
  m.model->train();
  m.setup_memory_modes();
  m.optimizer = std::make_unique<AdamW>(
      make_param_groups(*m.model, m.config.vision.depth, options.optimizer), options.optimizer);
  if (dist) {
    // Data-parallel: gradients are averaged over the ranks as their buckets fill in backward.
    std::vector<at::Tensor> trainable;
    for (const auto& g : m.optimizer->groups())
      for (const auto& p : g.params) trainable.push_back(p.tensor);
    GradReducer::Options reducer_options;
    reducer_options.bf16 = options.grad_allreduce_bf16;
    m.reducer = std::make_unique<GradReducer>(*dist, std::move(trainable), reducer_options);
  }
  m.run_dir = run_dir;
  if (m.is_main()) m.run.emplace(run_dir);
  enter_phase(TrainPhase::Loading, 0);
}

Trainer::~Trainer() = default;

std::int64_t Trainer::global_batch() const {
  return static_cast<std::int64_t>(impl_->options.batch_size) * impl_->options.grad_accumulation *
         impl_->world();
}

std::int64_t Trainer::steps_per_epoch() const {
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(impl_->train_data->size()) / global_batch());
}

std::int64_t Trainer::total_steps() const {
  const std::int64_t all = impl_->options.epochs * steps_per_epoch();
  return impl_->options.max_steps > 0 ? std::min(all, impl_->options.max_steps) : all;
}

ValidationReport Trainer::validate(std::int64_t step, std::int64_t epoch) {
  return impl_->validate(step, epoch);
}

// Micro-batch `micro_index` (global, counted from the run's first step) of this rank: the global
// micro-batch takes B x W consecutive photos of the epoch's order, rank r the r-th B of them.
TrainBatch Trainer::Impl::make_batch(std::int64_t micro_index) const {
  const auto B = static_cast<std::int64_t>(options.batch_size);
  const std::int64_t W = world();
  const auto per_epoch = std::max<std::int64_t>(1, static_cast<std::int64_t>(train_data->size()) /
                                                       (B * W * options.grad_accumulation)) *
                         options.grad_accumulation;
  const std::int64_t epoch = micro_index / per_epoch, within = micro_index % per_epoch;
  const std::vector<std::size_t> order = train_data->epoch_order(options.seed, epoch);
  std::vector<TrainSample> samples;
  for (std::int64_t b = 0; b < B; ++b) {
    const std::int64_t position = within * B * W + rank() * B + b;
    const std::size_t index = order[static_cast<std::size_t>(position) % order.size()];
    samples.push_back(train_data->sample(index, options.seed, epoch));
  }
  return collate(std::move(samples), micro_index);
}

TargetBatch make_targets(const TrainBatch& batch, bool masks, const torch::Device& device) {
  TargetBatch t;
  std::vector<torch::Tensor> boxes, mask_list;
  for (const auto& s : batch.samples)
    for (const auto& q : s.queries) {
      t.num_boxes.push_back(q.boxes.size(0));
      boxes.push_back(q.boxes);
      if (masks) mask_list.push_back(q.masks);
    }
  t.boxes = torch::cat(boxes).to(device);
  if (masks) t.masks = torch::cat(mask_list).to(device);
  return t;
}

LossResult Trainer::Impl::forward_loss(const TrainBatch& batch, std::int64_t step) {
  compat::CudaAutocastGuard autocast_guard(autocast(), autocast_dtype());
  if (lora) lora->refresh();
  const auto B = batch.images.size(0);
  const auto C = class_ids.size(0);
  const auto image_index =
      torch::arange(B, torch::TensorOptions().dtype(torch::kLong).device(device))
          .repeat_interleave(C);
  const auto class_index =
      torch::arange(C, torch::TensorOptions().dtype(torch::kLong).device(device)).repeat({B});
  model::ImageState image = model->encode_image(batch.images.to(device));
  for (auto& level : image.backbone_fpn) level = level.index_select(0, image_index);
  for (auto& level : image.vision_pos_enc) level = level.index_select(0, image_index);
  model::TextEncoding prompts = text_cache->encode(*model, class_ids);
  prompts.language_features = prompts.language_features.index_select(1, class_index);
  prompts.language_mask = prompts.language_mask.index_select(0, class_index);
  if (prompts.language_embeds.defined())
    prompts.language_embeds = prompts.language_embeds.index_select(1, class_index);
  const model::Sam3Outputs out = model->ground(image, prompts);
  // Diverged weights show first in the predictions (the matcher refuses non-finite costs).
  for (const auto& [name, t] :
       {std::pair{"pred_logits", out.pred_logits}, std::pair{"pred_boxes", out.pred_boxes},
        std::pair{"presence_logit_dec", out.presence_logit_dec}})
    if (!torch::isfinite(t).all().item<bool>())
      throw NonFiniteLoss(name, step, t.abs().max().item<double>());
  const TargetBatch targets = make_targets(batch, options.loss.mask_loss, device);
  LossNormalisation norm;
  if (dist) {
    // The official loss all-reduces num_boxes: the mean over the ranks is then the loss of the
    // global batch (losses.h).
    const double global_boxes = dist->all_reduce_sum(static_cast<double>(targets.total_boxes()));
    norm.num_boxes = std::max(1.0, global_boxes) / world();
    norm.prompts = static_cast<double>(targets.batch_size()) * world();
  }
  return sam3_loss(out, targets, options.loss, norm);
}

bool Trainer::Impl::any_rank(bool flag) const {
  if (!dist) return flag;
  return dist->all_reduce_sum(flag ? 1.0 : 0.0) > 0;
}

}  // namespace sam3::train
