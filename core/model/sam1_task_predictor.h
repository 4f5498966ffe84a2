#pragma once
// SAM3 instance interactivity on one image (the "SAM 1 task"): facebookresearch/sam3 @ 99d02f2,
// sam3/model/sam1_task_predictor.py (SAM3InteractiveImagePredictor.set_image / predict /
// _prep_prompts / _predict) as Sam3Image.predict_inst drives it, with the SAM2 neck
// (`sam2_convs` of sam3/model/necks.py) on the detector's ViT trunk and the tracker's conv_s0 /
// conv_s1 applied once per image as Sam3Processor.set_image does.
// Parameter names: backbone.vision_backbone.trunk.* and backbone.vision_backbone.sam2_convs.N.*
// (the official image-model keys), tracker.* (the `tracker.` keys of sam3.pt).
// Deliberate differences: one image per call (no predict_batch); the detector's own neck `convs`,
// text tower and heads are not part of this module; SAM2 position encodings are not computed (the
// predictor never reads them). Precision: fp32; on CUDA the image encoder runs under bf16 autocast
// unless `cuda_bf16_autocast` is false (the decoder always runs in fp32).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/model/model_config.h"
#include "core/model/necks.h"
#include "core/model/sam1_utils.h"
#include "core/model/sam3_tracker_base.h"
#include "core/model/vitdet.h"

namespace sam3::model {

// ViT trunk + SAM2 neck. Registered as backbone.vision_backbone.
struct InteractiveVisionBackboneImpl : torch::nn::Module {
  explicit InteractiveVisionBackboneImpl(const ModelConfig& config);
  // images [B, 3, S, S] -> the kept SAM2 pyramid levels, finest first ([B, D, 4g, 4g], [B, D, 2g,
  // 2g], [B, D, g, g] for scale factors 4, 2, 1, 0.5 and scalp 1; g = S / patch_size).
  std::vector<torch::Tensor> forward(const torch::Tensor& images);
  ViT trunk{nullptr};
  torch::nn::ModuleList sam2_convs;

 private:
  int kept_levels_;
};
TORCH_MODULE(InteractiveVisionBackbone);

// The per-image state: what set_image computes and the embedding cache stores.
struct InstFeatures {
  torch::Tensor image_embed;  // [1, D, g, g], no_mem_embed added
  torch::Tensor high_res_s0;  // [1, D/8, 4g, 4g] (conv_s0 of the finest level)
  torch::Tensor high_res_s1;  // [1, D/4, 2g, 2g] (conv_s1 of the next level)
  // Derived from image_embed by prepare_decoder() (not cached on disk): the mask decoder's
  // prompt-independent projections, used by predict() when no mask input is given. It also
  // stores high_res_s0/s1 channels-last (same values) for the pixel-major output upscaling.
  TwoWayImageProjections decoder_layer0;
  torch::Tensor dense_pe;  // [1, D, g, g]: the prompt encoder's get_dense_pe()
};

// Prompts in pixels of the original image (orig_h x orig_w); undefined tensors are absent.
struct InstPrompt {
  torch::Tensor point_coords;  // [N, 2] (x, y)
  torch::Tensor point_labels;  // [N] (1 positive, 0 negative)
  torch::Tensor box;           // [4] x0, y0, x1, y1
  torch::Tensor mask_input;    // [1, 4g, 4g] low-res logits of a previous prediction
};

// The decoder's answer before post-processing.
struct InstDecoded {
  torch::Tensor low_res_logits;       // [1, M, 4g, 4g] unclamped
  torch::Tensor iou_predictions;      // [M]
  torch::Tensor object_score_logits;  // [1]
};

struct InstPrediction {
  torch::Tensor masks;                // [M, orig_h, orig_w] logits (holes filled as configured)
  torch::Tensor iou_predictions;      // [M]
  torch::Tensor low_res_masks;        // [M, 4g, 4g] logits clamped to +-32 (next mask_input)
  torch::Tensor object_score_logits;  // [1]
};

class Sam3InteractiveImagePredictorImpl : public torch::nn::Module {
 public:
  explicit Sam3InteractiveImagePredictorImpl(const ModelConfig& config);

  // images [1, 3, S, S] normalised (core/model/preprocess.h) -> InstFeatures.
  InstFeatures set_image(const torch::Tensor& images);
  // Fills features.decoder_layer0 (once per image; predict() gives the same results with or
  // without it, faster with it).
  void prepare_decoder(InstFeatures& features);
  // Official predict(): multimask -> 3 candidates; otherwise 1 (dynamic stability fallback).
  // Throws c10::Error (TORCH_CHECK) on malformed prompt shapes.
  InstPrediction predict(const InstFeatures& features, const InstPrompt& prompt,
                         bool multimask_output, int64_t orig_h, int64_t orig_w);
  // predict() without the post-processing to the photo (postprocess() does it for the masks a
  // caller shows, e.g. only the best candidate).
  InstDecoded decode(const InstFeatures& features, const InstPrompt& prompt, bool multimask_output,
                     int64_t orig_h, int64_t orig_w);
  // low_res_logits [1, M, 4g, 4g] -> [M, orig_h, orig_w] logits, holes filled as configured.
  torch::Tensor postprocess(const torch::Tensor& low_res_logits, int64_t orig_h,
                            int64_t orig_w) const;

  const ModelConfig& config() const { return config_; }
  bool cuda_bf16_autocast = true;

  torch::nn::Module& backbone_holder() { return *backbone_holder_; }
  InteractiveVisionBackbone vision_backbone{nullptr};
  Sam3TrackerBase tracker{nullptr};

 private:
  std::shared_ptr<torch::nn::Module> backbone_holder_;
  ModelConfig config_;
};
TORCH_MODULE(Sam3InteractiveImagePredictor);

// Seeded random parameters for sam3-tiny / tests (init_random_weights, then SAM rules: LayerNorm2d
// weights 1 + N(0, .05), embeddings and the random PE matrix N(0, 1), no_mem_embed N(0, .02)).
void init_interactive_random_weights(Sam3InteractiveImagePredictorImpl& model, std::uint64_t seed);

}  // namespace sam3::model
