// sam3/model/sam3_tracker_base.py @ 99d02f2 (`_build_sam_heads`); see sam3_tracker_base.h.
#include "core/model/sam3_tracker_base.h"

namespace sam3::model {

Sam3TrackerBaseImpl::Sam3TrackerBaseImpl(const ModelConfig& config) {
  const int64_t d = config.d_model();
  sam_prompt_encoder = register_module(
      "sam_prompt_encoder",
      SamPromptEncoder(d, config.feature_size(), config.image_size, config.tracker.mask_in_chans));
  sam_mask_decoder = register_module("sam_mask_decoder", SamMaskDecoder(d, config.tracker));
  no_mem_embed = register_parameter("no_mem_embed", torch::zeros({1, 1, d}));
}

}  // namespace sam3::model
