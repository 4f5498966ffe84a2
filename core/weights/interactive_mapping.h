#pragma once
// Key tables of the instance-interactivity model (core/model/sam1_task_predictor.h). Our keys:
// backbone.vision_backbone.trunk.* and backbone.vision_backbone.sam2_convs.N.* (official image-
// model names), tracker.sam_prompt_encoder.*, tracker.sam_mask_decoder.*, tracker.no_mem_embed
// (official sam3.pt `tracker.` names). The detector's heads and text tower and the tracker's video
// memory parts of the same checkpoints are listed as ignored, never as unexpected.
#include <filesystem>
#include <string>
#include <vector>

#include "core/weights/checkpoint_format.h"
#include "core/weights/key_mapping.h"

namespace sam3::weights {

// True for the keys the interactive model has.
bool is_interactive_key(const std::string& our_key);

// sam3.pt (`detector.*` + `tracker.*`), or keys already ours (our checkpoints, a converted
// sam3.pt without the `detector.` prefix). Complex `*.freqs_cis` tables are ignored (recomputed).
MappingPlan plan_official_interactive_mapping(const std::vector<KeyShape>& source);

// HF Sam3VideoModel safetensors: `detector_model.vision_encoder.backbone.*` (ViT, the image
// table), `tracker_neck.fpn_layers.*` (-> sam2_convs, the image table's neck rules) and
// `tracker_model.{prompt_encoder, mask_decoder, no_memory_embedding}` (SAM2-style HF names:
// q/k/v/o_proj, layer_normN, proj_in/layers/proj_out MLPs, point_embed stacked (4, D)).
// `tracker_model.shared_image_embedding` duplicates the prompt encoder's PE matrix: ignored.
MappingPlan plan_hf_interactive_mapping(const std::vector<KeyShape>& source);

// Reads any accepted weights file (checkpoint_format.h) and maps it with the tables above.
LoadedWeights read_interactive_weights(const std::filesystem::path& file);

// read_interactive_weights + strict load_state (every missing, unexpected or mis-shaped key of
// the interactive model in one StateDictError).
LoadReport load_interactive_weights(torch::nn::Module& module, const std::filesystem::path& file);

}  // namespace sam3::weights
