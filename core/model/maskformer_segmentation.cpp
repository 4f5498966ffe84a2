// Port of sam3/model/maskformer_segmentation.py (facebookresearch/sam3 @ 99d02f2); see
// maskformer_segmentation.h.
#include "core/model/maskformer_segmentation.h"

namespace sam3::model {

PixelDecoderImpl::PixelDecoderImpl(int64_t d, int64_t num_stages, int64_t groups) {
  TORCH_CHECK(num_stages >= 1, "PixelDecoder: needs at least one stage, got ", num_stages);
  TORCH_CHECK(groups > 0 && d % groups == 0, "PixelDecoder: ", d,
              " channels are not divisible into ", groups, " groups");
  conv_layers = register_module("conv_layers", torch::nn::ModuleList());
  norms = register_module("norms", torch::nn::ModuleList());
  for (int64_t i = 0; i < num_stages; ++i) {
    convs_.emplace_back(torch::nn::Conv2dOptions(d, d, 3).stride(1).padding(1));
    gns_.emplace_back(torch::nn::GroupNormOptions(groups, d));
    conv_layers->push_back(convs_.back());
    norms->push_back(gns_.back());
  }
}

torch::Tensor PixelDecoderImpl::forward(const std::vector<torch::Tensor>& feats) {
  TORCH_CHECK(!feats.empty(), "PixelDecoder: no feature levels");
  TORCH_CHECK(feats.size() - 1 <= convs_.size(), "PixelDecoder: ", feats.size() - 1,
              " upsampling stages requested, ", convs_.size(), " built");
  torch::Tensor prev = feats.back();
  for (size_t stage = 0; stage + 1 < feats.size(); ++stage) {
    const torch::Tensor& cur = feats[feats.size() - 2 - stage];
    // F.interpolate(mode="nearest", size=...) without the options struct (GCC 13 warns on it)
    const std::vector<int64_t> size{cur.size(-2), cur.size(-1)};
    prev = cur + torch::upsample_nearest2d(prev, at::IntArrayRef(size));
    prev = torch::relu(gns_[stage]->forward(convs_[stage]->forward(prev)));
  }
  return prev;
}

MaskPredictorImpl::MaskPredictorImpl(int64_t d) {
  mask_embed = register_module("mask_embed", MLP(d, d, d, 3));
}

torch::Tensor MaskPredictorImpl::forward(const torch::Tensor& queries,
                                         const torch::Tensor& pixel_embed) {
  TORCH_CHECK(queries.dim() == 3 && pixel_embed.dim() == 4 &&
                  queries.size(0) == pixel_embed.size(0) && queries.size(2) == pixel_embed.size(1),
              "MaskPredictor: queries [B,Q,D] ", queries.sizes(), " vs pixel_embed [B,D,H,W] ",
              pixel_embed.sizes());
  return torch::einsum("bqc,bchw->bqhw", {mask_embed->forward(queries), pixel_embed});
}

UniversalSegmentationHeadImpl::UniversalSegmentationHeadImpl(const SegmentationConfig& c, int64_t d,
                                                             int64_t num_heads) {
  pixel_decoder = register_module("pixel_decoder",
                                  PixelDecoder(d, c.pixel_decoder_stages, c.group_norm_groups));
  mask_predictor = register_module("mask_predictor", MaskPredictor(d));
  cross_attend_prompt =
      register_module("cross_attend_prompt", MultiheadAttention(d, num_heads, /*dropout=*/0.0));
  cross_attn_norm =
      register_module("cross_attn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
  semantic_seg_head =
      register_module("semantic_seg_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(d, 1, 1)));
  instance_seg_head =
      register_module("instance_seg_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(d, d, 1)));
}

SegmentationOutput UniversalSegmentationHeadImpl::forward(
    const std::vector<torch::Tensor>& backbone_fpn, const torch::Tensor& queries,
    const torch::Tensor& memory, const torch::Tensor& prompt, const torch::Tensor& prompt_mask,
    Taps* taps) {
  TORCH_CHECK(!backbone_fpn.empty(), "segmentation head: no backbone levels");
  TORCH_CHECK(memory.dim() == 3, "segmentation head: memory must be [HW, B, D], got ",
              memory.sizes());
  const int64_t B = memory.size(1), D = memory.size(2);
  const torch::Tensor& last = backbone_fpn.back();
  const int64_t H = last.size(-2), W = last.size(-1);
  TORCH_CHECK(memory.size(0) == H * W, "segmentation head: memory has ", memory.size(0),
              " tokens, the last level ", H, "x", W);
  const torch::Tensor attended =
      cross_attend_prompt->forward(cross_attn_norm->forward(memory), prompt, prompt, prompt_mask);
  const torch::Tensor enc = attended + memory;  // [HW, B, D]
  std::vector<torch::Tensor> feats;
  for (size_t i = 0; i + 1 < backbone_fpn.size(); ++i) {
    const torch::Tensor& f = backbone_fpn[i];
    TORCH_CHECK(f.size(0) == B || f.size(0) == 1, "segmentation head: level ", i, " batch ",
                f.size(0), " vs ", B);
    feats.push_back(f.size(0) == B ? f : f.expand({B, -1, -1, -1}));
  }
  feats.push_back(enc.permute({1, 2, 0}).reshape({B, D, H, W}));
  const torch::Tensor pixel_embed = pixel_decoder->forward(feats);
  record_tap(taps, "seg.pixel_embed", pixel_embed);
  const torch::Tensor instance = instance_seg_head->forward(pixel_embed);
  return {mask_predictor->forward(queries, instance), semantic_seg_head->forward(pixel_embed)};
}

}  // namespace sam3::model
