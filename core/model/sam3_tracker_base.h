#pragma once
// The parts of the SAM3 tracker (`Sam3TrackerBase`, facebookresearch/sam3 @ 99d02f2,
// sam3/model/sam3_tracker_base.py) that instance interactivity on a single image uses: the SAM
// prompt encoder, the SAM mask decoder and `no_mem_embed` (added to the image embedding because
// the decoder was trained on video frames without memory). Parameter names equal the official
// `tracker.*` keys of sam3.pt without the prefix: sam_prompt_encoder.*, sam_mask_decoder.*,
// no_mem_embed.
// Deliberate differences: the video parts (memory encoder `maskmem_backbone`, memory attention
// `transformer`, object pointers, `mask_downsample`, temporal encodings) are not ported; their
// checkpoint keys are ignored by the interactive key tables (core/weights/interactive_mapping.h).
#include <torch/torch.h>

#include <cstdint>

#include "core/model/model_config.h"
#include "core/model/sam_mask_decoder.h"
#include "core/model/sam_prompt_encoder.h"

namespace sam3::model {

struct Sam3TrackerBaseImpl : torch::nn::Module {
  explicit Sam3TrackerBaseImpl(const ModelConfig& config);

  SamPromptEncoder sam_prompt_encoder{nullptr};
  SamMaskDecoder sam_mask_decoder{nullptr};
  torch::Tensor no_mem_embed;  // [1, 1, D]
};
TORCH_MODULE(Sam3TrackerBase);

}  // namespace sam3::model
