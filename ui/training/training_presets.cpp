#include "ui/training/training_presets.h"

#include <QCoreApplication>

namespace sam3::ui {

namespace {

constexpr std::int64_t kGiB = std::int64_t{1} << 30;

QString tr(const char* text) {
  return QCoreApplication::translate("TrainingPresets", text);
}

void cpuTiny(train::TrainConfig& c) {
  c.model.config = "sam3-tiny";
  c.model.weights.clear();
  c.device = "cpu";
  c.precision.amp = "off";
  c.precision.activation_checkpointing = false;
  c.train.batch_size = 2;
  c.train.epochs = 5;
  c.data.prefetch_batches = 2;
  c.validation.every_epochs = 1;
  c.validation.best_metric = "bbox_AP50";
  c.loss.mask_loss = false;
  c.schedule.warmup_steps = 5;
  c.schedule.cooldown_steps = 5;
  c.logging.tensorboard = false;
}

void full(train::TrainConfig& c) {
  c.model.config = "sam3";
  c.device = "auto";
  c.precision.activation_checkpointing = true;
}

void frozenText(train::TrainConfig& c) {
  full(c);
  c.memory.freeze_text = true;
}

void lora(train::TrainConfig& c) {
  full(c);
  c.memory.freeze_text = true;
  c.memory.lora.enabled = true;
}

}  // namespace

std::vector<TrainingPreset> trainingPresets() {
  return {
      {QStringLiteral("full"), tr("40 GB and more: full fine-tune"),
       tr("Every weight trains (the official recipe) with activation checkpointing."), 40 * kGiB,
       full},
      {QStringLiteral("frozen-text"), tr("16 GB: frozen text tower + checkpointing"),
       tr("The text encoder is frozen (its features are computed once per class); activations "
          "are recomputed in the backward pass."),
       16 * kGiB, frozenText},
      {QStringLiteral("lora"), tr("8 GB: LoRA"),
       tr("Low-rank adapters on the image encoder, everything else frozen; checkpoints hold only "
          "the adapters."),
       8 * kGiB, lora},
      {QStringLiteral("cpu-tiny"), tr("CPU: sam3-tiny (try the pipeline)"),
       tr("The tiny model from random initialisation on the CPU: learns the workflow, not your "
          "objects."),
       0, cpuTiny},
  };
}

QString suggestedPreset(std::int64_t gpu_bytes) {
  if (gpu_bytes <= 0) return QStringLiteral("cpu-tiny");
  // Cards report a little less than their nominal size (a "16 GB" card: ~15.6 GiB).
  const std::int64_t nominal = gpu_bytes + gpu_bytes / 16;
  for (const auto& p : trainingPresets())
    if (p.min_gpu_bytes > 0 && nominal >= p.min_gpu_bytes) return p.id;
  return QStringLiteral("lora");
}

train::TrainConfig presetConfig(const QString& id) {
  train::TrainConfig c;
  for (const auto& p : trainingPresets())
    if (p.id == id) p.apply(c);
  return c;
}

}  // namespace sam3::ui
