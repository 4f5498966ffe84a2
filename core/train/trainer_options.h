#pragma once
// TrainConfig (the YAML the user edits, train_config.h) -> TrainerOptions (what the loop runs).
// Settings the engine does not implement yet are refused with a ConfigError naming the key
// rather than ignored: hue jitter, checkpoints without optimizer state.
#include <filesystem>
#include <string>
#include <vector>

#include "core/train/train_config.h"
#include "core/train/trainer.h"

namespace sam3::train {

// `source` names the config file in errors. notes: settings accepted but without effect here,
// for the caller to show (none at present).
TrainerOptions trainer_options_from_config(const TrainConfig& config,
                                           const std::filesystem::path& source,
                                           std::vector<std::string>* notes = nullptr);

}  // namespace sam3::train
