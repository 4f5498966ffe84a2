#pragma once
// Our own checkpoint: `<name>.safetensors` (weights under our keys, floating tensors stored in
// bf16 for deployment unless told otherwise) and `<name>.json` (the model card) beside it. Both
// are written atomically, weights first, so a card always describes complete weights.
#include <filesystem>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/weights/named_tensors.h"
#include "core/weights/safetensors.h"

namespace sam3::weights {

// `<stem>.json` beside `<stem>.safetensors`.
std::filesystem::path model_card_path(const std::filesystem::path& weights_file);

// Writes weights (floating tensors converted to `dtype`; integer and bool tensors unchanged) with
// `__metadata__` {format: sam3studio, dtype, writer} and the card with a "weights" section added
// (file, dtype, tensors, parameters, writer). Throws IoError / InvalidInput.
void save_model_checkpoint(const std::filesystem::path& weights_file, const NamedTensors& tensors,
                           nlohmann::json card, torch::ScalarType dtype = torch::kBFloat16);

struct ModelCheckpoint {
  NamedTensors tensors;  // as stored (bf16 views of the mapping); load_state converts
  Metadata metadata;
  nlohmann::json card;
};

// Reads both files; FormatError when the safetensors is not ours or the card is not JSON.
ModelCheckpoint read_model_checkpoint(const std::filesystem::path& weights_file);

}  // namespace sam3::weights
