#pragma once
// One entry point for every weights file the app accepts: detects the layout, reads it (safetensors
// memory-mapped, sam3.pt through the restricted pickle VM), maps the keys to ours and loads them
// strictly.
#include <filesystem>
#include <string>

#include "core/weights/key_mapping.h"
#include "core/weights/safetensors.h"
#include "core/weights/state_loader.h"

namespace sam3::weights {

enum class WeightsFormat {
  HfSafetensors,   // HF model.safetensors (`detector_model.*` or bare Sam3Model keys)
  OurSafetensors,  // safetensors with our (official image model) keys, e.g. our checkpoints,
                   // parity fixtures, or a sam3.pt converted with its `detector.` prefix
  OfficialPt,      // the official sam3.pt (torch.save zip pickle)
};

std::string format_name(WeightsFormat format);

// Looks at the first bytes and, for safetensors, the header (keys and `__metadata__.format`).
// Throws IoError (unreadable) or FormatError (neither layout).
WeightsFormat detect_format(const std::filesystem::path& file);

struct LoadedWeights {
  WeightsFormat format = WeightsFormat::OurSafetensors;
  NamedTensors tensors;  // under our keys
  MappingPlan plan;      // what was ignored, filled in, not present in this layout
  Metadata metadata;     // safetensors `__metadata__` (empty for sam3.pt)
};

// Reads any accepted file and maps it to our keys.
LoadedWeights read_weights(const std::filesystem::path& file);

// read_weights + load_state: strict, allowing only the keys the layout cannot carry.
LoadReport load_weights(torch::nn::Module& module, const std::filesystem::path& file);

}  // namespace sam3::weights
