// Port of sam3/model/sam3_image.py (facebookresearch/sam3 @ 99d02f2); see sam3_image.h.
#include "core/model/sam3_image.h"

#include <optional>

#include "core/model/postprocess.h"
#include "core/util/torch_compat.h"

namespace sam3::model {

using torch::indexing::None;
using torch::indexing::Slice;

namespace {

// Python's `with torch.autocast("cuda", dtype=torch.bfloat16)` around CUDA work only.
using AutocastScope = std::optional<sam3::compat::CudaAutocastGuard>;
void enter_autocast(AutocastScope& scope, bool wanted, const torch::Tensor& t) {
  if (wanted && t.is_cuda()) scope.emplace(true, at::kBFloat16);
}

// [B_img, ...] -> [P, ...] (B_img == P, or 1 broadcast to P)
torch::Tensor per_prompt(const torch::Tensor& t, int64_t prompts, const char* what) {
  TORCH_CHECK(t.dim() == 4, "Sam3Image: ", what, " must be [B, D, H, W], got ", t.sizes());
  TORCH_CHECK(t.size(0) == prompts || t.size(0) == 1, "Sam3Image: ", what, " has batch ", t.size(0),
              " for ", prompts, " prompts (must be equal, or 1 image)");
  return t.size(0) == prompts ? t : t.expand({prompts, -1, -1, -1});
}

GeometryPrompt geometry_prompt(const BoxPrompt& b, int64_t prompts) {
  GeometryPrompt g;
  if (!b.boxes.defined()) return g;
  TORCH_CHECK(b.boxes.dim() == 3 && b.boxes.size(0) == prompts && b.boxes.size(2) == 4,
              "Sam3Image: boxes must be [", prompts, ", N, 4] (cx, cy, w, h), got ",
              b.boxes.sizes());
  g.boxes = b.boxes.to(torch::kFloat).transpose(0, 1);
  if (b.labels.defined()) {
    TORCH_CHECK(b.labels.sizes() == b.boxes.sizes().slice(0, 2), "Sam3Image: box labels ",
                b.labels.sizes(), " do not match boxes ", b.boxes.sizes());
    g.box_labels = b.labels.to(torch::kLong).transpose(0, 1);
  }
  if (b.mask.defined()) {
    TORCH_CHECK(b.mask.sizes() == b.boxes.sizes().slice(0, 2), "Sam3Image: box mask ",
                b.mask.sizes(), " does not match boxes ", b.boxes.sizes());
    g.box_mask = b.mask.to(torch::kBool);
  }
  return g;
}

// Queries [from, to) of layer l.
LayerPredictions layer_slice(const torch::Tensor& logits, const torch::Tensor& boxes,
                             const torch::Tensor& xyxy, const torch::Tensor& presence, int64_t l,
                             int64_t from, int64_t to) {
  const auto q = Slice(from, to);
  return {logits[l].index({Slice(), q}), boxes[l].index({Slice(), q}), xyxy[l].index({Slice(), q}),
          presence.defined() ? presence[l] : torch::Tensor()};
}

}  // namespace

Sam3TransformerImpl::Sam3TransformerImpl(const ModelConfig& c) {
  encoder = register_module("encoder", TransformerEncoderFusion(c.encoder, c.d_model()));
  decoder = register_module("decoder", TransformerDecoder(c.decoder, c.d_model()));
}

Sam3ImageImpl::Sam3ImageImpl(const ModelConfig& c) : config_(c) {
  backbone = register_module("backbone", Sam3VLBackbone(c));
  geometry_encoder =
      register_module("geometry_encoder", SequenceGeometryEncoder(c.geometry, c.d_model()));
  transformer = register_module("transformer", Sam3Transformer(c));
  segmentation_head =
      register_module("segmentation_head",
                      UniversalSegmentationHead(c.segmentation, c.d_model(), c.encoder.num_heads));
  dot_prod_scoring = register_module(
      "dot_prod_scoring", DotProductScoring(c.d_model(), c.scoring.hidden_dim, c.scoring.dropout,
                                            c.scoring.clamp_logits));
}

void Sam3ImageImpl::set_activation_checkpointing(bool on) {
  backbone->vision_backbone->trunk->activation_checkpointing = on;
  backbone->language_backbone->encoder->activation_checkpointing = on;
  transformer->encoder->activation_checkpointing = on;
  transformer->decoder->activation_checkpointing = on;
}

ImageState Sam3ImageImpl::encode_image(const torch::Tensor& images, Taps* taps) {
  AutocastScope autocast;
  enter_autocast(autocast, cuda_bf16_autocast, images);
  VisionFeatures v = backbone->forward_image(images, taps);
  return {std::move(v.backbone_fpn), std::move(v.vision_pos_enc)};
}

void Sam3ImageImpl::pin_text_features(const torch::Tensor& ids, TextEncoding features) {
  pinned_ids_ = ids.defined() ? ids.clone() : torch::Tensor();
  pinned_text_ = ids.defined() ? std::move(features) : TextEncoding{};
}

TextEncoding Sam3ImageImpl::encode_text(const torch::Tensor& input_ids, Taps* taps) {
  if (pinned_ids_.defined() && taps == nullptr && pinned_ids_.device() == input_ids.device() &&
      pinned_ids_.sizes() == input_ids.sizes() && torch::equal(pinned_ids_, input_ids))
    return pinned_text_;
  AutocastScope autocast;
  enter_autocast(autocast, cuda_bf16_autocast, input_ids);
  return backbone->forward_text(input_ids, taps);
}

Sam3Outputs Sam3ImageImpl::forward(const torch::Tensor& images, const torch::Tensor& input_ids,
                                   const BoxPrompt& boxes, Taps* taps) {
  const ImageState image = encode_image(images, taps);
  const TextEncoding text = encode_text(input_ids, taps);
  return ground(image, text, boxes, taps);
}

void Sam3ImageImpl::update_scores_and_boxes(const torch::Tensor& hs, const torch::Tensor& refs,
                                            const torch::Tensor& presence, bool dac,
                                            Sam3Outputs& out) {
  const int64_t total = hs.size(2), n_o2o = dac ? total / 2 : total;
  const torch::Tensor logits = dot_prod_scoring->forward(hs, out.prompt, out.prompt_mask);
  const torch::Tensor coords =
      (inverse_sigmoid(refs) + transformer->decoder->bbox_embed->forward(hs)).sigmoid();
  const torch::Tensor xyxy = box_cxcywh_to_xyxy(coords);
  const int64_t L = hs.size(0);
  for (int64_t l = 0; l < L; ++l) {
    LayerPredictions o2o = layer_slice(logits, coords, xyxy, presence, l, 0, n_o2o);
    LayerPredictions o2m;
    if (dac) o2m = layer_slice(logits, coords, xyxy, {}, l, n_o2o, total);
    if (l + 1 < L) {
      out.aux_outputs.push_back(std::move(o2o));
      if (dac) out.aux_outputs_o2m.push_back(std::move(o2m));
    } else {
      out.pred_logits = o2o.pred_logits;
      out.pred_boxes = o2o.pred_boxes;
      out.pred_boxes_xyxy = o2o.pred_boxes_xyxy;
      out.presence_logit_dec = o2o.presence_logit_dec;
      out.o2m = std::move(o2m);
    }
  }
}

Sam3Outputs Sam3ImageImpl::ground(const ImageState& image, const TextEncoding& text,
                                  const BoxPrompt& boxes, Taps* taps) {
  TORCH_CHECK(
      !image.backbone_fpn.empty() && image.backbone_fpn.size() == image.vision_pos_enc.size(),
      "Sam3Image::ground: image state has ", image.backbone_fpn.size(), " levels and ",
      image.vision_pos_enc.size(), " position encodings");
  TORCH_CHECK(text.language_features.dim() == 3 && text.language_mask.dim() == 2,
              "Sam3Image::ground: text state must be [L, P, D] / [P, L]");
  const int64_t P = text.language_features.size(1);
  AutocastScope autocast;
  enter_autocast(autocast, cuda_bf16_autocast, image.backbone_fpn.back());
  // _get_img_feats: the last kept level, sequence-first, one copy per prompt.
  const torch::Tensor level = per_prompt(image.backbone_fpn.back(), P, "image features");
  const int64_t H = level.size(2), W = level.size(3);
  const torch::Tensor img_feats = level.flatten(2).permute({2, 0, 1});  // [HW, P, D]
  const torch::Tensor img_pos =
      per_prompt(image.vision_pos_enc.back(), P, "image positions").flatten(2).permute({2, 0, 1});

  // _encode_prompt: text tokens then geometry tokens (always including the CLS token).
  const auto [geo, geo_mask] =
      geometry_encoder->forward(geometry_prompt(boxes, P), img_feats, img_pos, H, W);
  record_tap(taps, "geometry.features", geo);
  record_tap(taps, "geometry.mask", geo_mask);
  Sam3Outputs out;
  out.prompt = torch::cat({text.language_features, geo}, 0);
  out.prompt_mask = torch::cat({text.language_mask.to(torch::kBool), geo_mask}, 1);
  record_tap(taps, "prompt", out.prompt);
  record_tap(taps, "prompt.mask", out.prompt_mask);

  const torch::Tensor memory =
      transformer->encoder->forward(img_feats, img_pos, out.prompt, out.prompt_mask);
  record_tap(taps, "encoder.memory", memory);

  const bool dac = is_training();
  const DecoderOutput dec =
      transformer->decoder->forward(memory, img_pos, H, W, out.prompt, out.prompt_mask, dac);
  const torch::Tensor hs = dec.hs.transpose(1, 2);                     // [L, P, Q', D]
  const torch::Tensor refs = dec.reference_boxes.transpose(1, 2);      // [L, P, Q', 4]
  const torch::Tensor presence = dec.presence_logits.transpose(1, 2);  // [L, P, 1]
  record_tap(taps, "decoder.hs", hs);
  record_tap(taps, "decoder.reference_boxes", refs);
  record_tap(taps, "decoder.presence_logits", presence);

  // _update_scores_and_boxes
  update_scores_and_boxes(hs, refs, presence, dac, out);
  const int64_t L = hs.size(0), total = hs.size(2), n_o2o = dac ? total / 2 : total;
  out.queries = hs[L - 1].index({Slice(), Slice(0, n_o2o)});

  // _run_segmentation_heads (o2m_mask_predict: masks for every query, split afterwards)
  const SegmentationOutput seg = segmentation_head->forward(image.backbone_fpn, hs[L - 1], memory,
                                                            out.prompt, out.prompt_mask, taps);
  out.pred_masks = seg.pred_masks.index({Slice(), Slice(0, n_o2o)});
  if (dac) out.pred_masks_o2m = seg.pred_masks.index({Slice(), Slice(n_o2o, None)});
  out.semantic_seg = seg.semantic_seg;

  record_tap(taps, "pred_logits", out.pred_logits);
  record_tap(taps, "pred_boxes", out.pred_boxes);
  record_tap(taps, "pred_boxes_xyxy", out.pred_boxes_xyxy);
  record_tap(taps, "presence_logit_dec", out.presence_logit_dec);
  record_tap(taps, "pred_masks", out.pred_masks);
  record_tap(taps, "semantic_seg", out.semantic_seg);
  if (taps != nullptr)
    record_tap(taps, "scores", detection_scores(out.pred_logits, out.presence_logit_dec));
  return out;
}

}  // namespace sam3::model
