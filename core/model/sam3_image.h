#pragma once
// The SAM3 image model (Sam3Image): backbone, geometry encoder, fusion encoder + decoder
// ("transformer"), segmentation head and dot-product scorer, with the official inference path of
// Sam3Processor: encode the image once, encode each text once, ground any (image, text, boxes).
// Port of sam3/model/sam3_image.py at facebookresearch/sam3 @ 99d02f2 (forward_grounding,
// _encode_prompt, _run_encoder, _run_decoder, _update_scores_and_boxes,
// _run_segmentation_heads). named_parameters() equal the official image-model state-dict keys.
// Deliberate differences: no matcher / interactive steps / instance prompts / point prompts at
// this level (points are ignored by the official PCS path too); aux outputs of every layer are
// filled in eval mode as well; one prompt per image, or one image broadcast to P prompts.
// Precision: on CUDA the grounding and encoders run under bf16 autocast (with the decoder FFN and
// roi_align as fp32 islands) unless `cuda_bf16_autocast` is false; on CPU everything is fp32.
#include <torch/torch.h>

#include <vector>

#include "core/model/decoder.h"
#include "core/model/encoder.h"
#include "core/model/geometry_encoders.h"
#include "core/model/maskformer_segmentation.h"
#include "core/model/model_config.h"
#include "core/model/model_misc.h"
#include "core/model/taps.h"
#include "core/model/vl_combiner.h"

namespace sam3::model {

// Parameter names: encoder.*, decoder.*.
struct Sam3TransformerImpl : torch::nn::Module {
  explicit Sam3TransformerImpl(const ModelConfig& config);
  TransformerEncoderFusion encoder{nullptr};
  TransformerDecoder decoder{nullptr};
};
TORCH_MODULE(Sam3Transformer);

// Exemplar boxes, batch-first. boxes [P, N, 4] normalised cx, cy, w, h of the model input;
// labels [P, N] (1 positive, 0 negative; undefined = all positive); mask [P, N] bool, true =
// padding, right-padded (undefined = none). Undefined boxes = text-only prompt.
struct BoxPrompt {
  torch::Tensor boxes;
  torch::Tensor labels;
  torch::Tensor mask;
};

// Per-layer predictions (one-to-one queries).
struct LayerPredictions {
  torch::Tensor pred_logits;         // [B, Q, 1]
  torch::Tensor pred_boxes;          // [B, Q, 4] cxcywh in [0, 1]
  torch::Tensor pred_boxes_xyxy;     // [B, Q, 4]
  torch::Tensor presence_logit_dec;  // [B, 1]
};

struct Sam3Outputs {
  torch::Tensor pred_logits, pred_boxes, pred_boxes_xyxy, presence_logit_dec;  // last layer
  torch::Tensor pred_masks;    // [B, Q, h, w] logits, h = w = 4 * S / 14
  torch::Tensor semantic_seg;  // [B, 1, h, w] logits
  torch::Tensor queries;       // [B, Q, D] last-layer normed decoder states (one-to-one)
  std::vector<LayerPredictions> aux_outputs;  // layers 0 .. L-2
  // Training with DAC only (else undefined / empty): the one-to-many half.
  LayerPredictions o2m;
  std::vector<LayerPredictions> aux_outputs_o2m;
  torch::Tensor pred_masks_o2m;
  // The prompt the heads saw: [S, B, D] and [B, S] (true = padding); S = 32 + boxes + 1 (CLS).
  torch::Tensor prompt, prompt_mask;
};

struct ImageState {
  std::vector<torch::Tensor> backbone_fpn;    // kept levels, finest first, [B, D, H_i, W_i]
  std::vector<torch::Tensor> vision_pos_enc;  // same shapes
};

class Sam3ImageImpl : public torch::nn::Module {
 public:
  explicit Sam3ImageImpl(const ModelConfig& config);

  // images [B, 3, S, S] normalised (see preprocess.h). Taps: vision.*, neck.*.
  ImageState encode_image(const torch::Tensor& images, Taps* taps = nullptr);
  // input_ids [P, 32] int64 (tokenizer output). Taps: text.*.
  TextEncoding encode_text(const torch::Tensor& input_ids, Taps* taps = nullptr);
  // image state of 1 or P images, text state of P prompts, optional boxes of P prompts.
  // Taps: geometry.*, prompt, prompt.mask, encoder.memory, decoder.*, seg.pixel_embed, pred_*,
  // presence_logit_dec, semantic_seg, scores.
  Sam3Outputs ground(const ImageState& image, const TextEncoding& text, const BoxPrompt& boxes = {},
                     Taps* taps = nullptr);
  // encode_image + encode_text + ground.
  Sam3Outputs forward(const torch::Tensor& images, const torch::Tensor& input_ids,
                      const BoxPrompt& boxes = {}, Taps* taps = nullptr);

  const ModelConfig& config() const { return config_; }
  bool cuda_bf16_autocast = true;
  // Frozen text towers (training memory mode): encode_text returns `features` for exactly these
  // ids without running the text encoder, whose weights may then leave the device (the trainer
  // moves them to the CPU); other ids run the encoder as usual. An undefined `ids` unpins.
  void pin_text_features(const torch::Tensor& ids, TextEncoding features);
  // Activation checkpointing (training memory mode) per ViT block, text block, fusion-encoder
  // layer and decoder layer: activations are recomputed in backward instead of kept. Same
  // outputs and gradients; off by default.
  void set_activation_checkpointing(bool on);

  Sam3VLBackbone backbone{nullptr};
  SequenceGeometryEncoder geometry_encoder{nullptr};
  Sam3Transformer transformer{nullptr};
  UniversalSegmentationHead segmentation_head{nullptr};
  DotProductScoring dot_prod_scoring{nullptr};

 private:
  // hs / refs: [L, B, Q', D] / [L, B, Q', 4], presence [L, B, 1] -> scores, boxes, aux outputs
  void update_scores_and_boxes(const torch::Tensor& hs, const torch::Tensor& refs,
                               const torch::Tensor& presence, bool dac, Sam3Outputs& out);
  ModelConfig config_;
  torch::Tensor pinned_ids_;
  TextEncoding pinned_text_;
};
TORCH_MODULE(Sam3Image);

}  // namespace sam3::model
