#pragma once
// Training presets by device: each sets the memory-related keys of a TrainConfig on top of the
// documented defaults. The suggested one follows the first CUDA GPU's memory; without a GPU it is
// the CPU preset (sam3-tiny from random initialisation, for trying the pipeline).
// The memory classes are the ones issue #9 names; they are not measured limits: the pre-flight
// check compares the run's own estimate with the free memory.
#include <QString>

#include <cstdint>
#include <vector>

#include "core/train/train_config.h"

namespace sam3::ui {

struct TrainingPreset {
  QString id;                      // stable: "cpu-tiny", "full", "frozen-text", "lora"
  QString title;                   // translated
  QString description;             // translated: what it changes
  std::int64_t min_gpu_bytes = 0;  // 0 = CPU preset
  void (*apply)(sam3::train::TrainConfig& config) = nullptr;
};

std::vector<TrainingPreset> trainingPresets();
// The preset id for a GPU of `gpu_bytes` total memory (0 = no CUDA GPU).
QString suggestedPreset(std::int64_t gpu_bytes);
// The preset applied to the documented defaults; `id` unknown: the defaults.
sam3::train::TrainConfig presetConfig(const QString& id);

}  // namespace sam3::ui
