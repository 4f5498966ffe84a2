// sam3/sam/mask_decoder.py @ 99d02f2; see sam_mask_decoder.h.
#include "core/model/sam_mask_decoder.h"

namespace sam3::model {

SamMaskDecoderImpl::SamMaskDecoderImpl(int64_t d, const TrackerConfig& c)
    : num_mask_tokens_(c.num_multimask_outputs + 1),
      stability_delta_(c.dynamic_multimask_stability_delta),
      stability_thresh_(c.dynamic_multimask_stability_thresh) {
  transformer =
      register_module("transformer", TwoWayTransformer(c.transformer_depth, d, c.num_heads,
                                                       c.mlp_dim, c.attention_downsample_rate));
  iou_token = register_module("iou_token", torch::nn::Embedding(1, d));
  mask_tokens = register_module("mask_tokens", torch::nn::Embedding(num_mask_tokens_, d));
  obj_score_token = register_module("obj_score_token", torch::nn::Embedding(1, d));
  // output_upscaling = Sequential(ConvT(d, d/4), LayerNorm2d(d/4), GELU, ConvT(d/4, d/8), GELU)
  auto up = register_module("output_upscaling", std::make_shared<torch::nn::Module>());
  using torch::nn::ConvTranspose2dOptions;
  upscale_conv0 = up->register_module(
      "0", torch::nn::ConvTranspose2d(ConvTranspose2dOptions(d, d / 4, 2).stride(2)));
  upscale_norm1 = up->register_module("1", LayerNorm2d(d / 4));
  upscale_conv3 = up->register_module(
      "3", torch::nn::ConvTranspose2d(ConvTranspose2dOptions(d / 4, d / 8, 2).stride(2)));
  conv_s0 = register_module("conv_s0", torch::nn::Conv2d(torch::nn::Conv2dOptions(d, d / 8, 1)));
  conv_s1 = register_module("conv_s1", torch::nn::Conv2d(torch::nn::Conv2dOptions(d, d / 4, 1)));
  for (int64_t i = 0; i < num_mask_tokens_; ++i)
    output_hypernetworks_mlps->push_back(MLP(d, d, d / 8, 3));
  register_module("output_hypernetworks_mlps", output_hypernetworks_mlps);
  iou_prediction_head = register_module(
      "iou_prediction_head", MLP(d, c.iou_head_hidden_dim, num_mask_tokens_, c.iou_head_depth));
  pred_obj_score_head = register_module("pred_obj_score_head", MLP(d, d, 1, 3));
}

MaskDecoderOutput SamMaskDecoderImpl::forward(const torch::Tensor& image_embeddings,
                                              const torch::Tensor& image_pe,
                                              const torch::Tensor& sparse,
                                              const torch::Tensor& dense, bool multimask_output,
                                              bool repeat_image,
                                              const std::vector<torch::Tensor>& high_res,
                                              const TwoWayImageProjections* layer0) {
  TORCH_CHECK(high_res.size() == 2, "mask decoder needs 2 high-resolution feature maps");
  TORCH_CHECK(image_pe.dim() == 4 && image_pe.size(0) == 1, "image_pe must be [1, D, h, w]");
  TORCH_CHECK(sparse.dim() == 3, "sparse prompt embeddings must be [B, N, D], got ",
              sparse.sizes());
  const int64_t b = sparse.size(0);
  // Output tokens: [obj_score, iou, mask tokens...] then the prompt tokens.
  auto output_tokens =
      torch::cat({obj_score_token->weight, iou_token->weight, mask_tokens->weight}, 0);
  output_tokens = output_tokens.unsqueeze(0).expand({b, -1, -1});
  const auto tokens = torch::cat({output_tokens, sparse.to(output_tokens.dtype())}, 1);

  auto repeat = [&](const torch::Tensor& t) {
    return repeat_image ? t.repeat_interleave(b, 0) : t;
  };
  const bool prepared = layer0 && layer0->defined();
  TORCH_CHECK(!prepared || layer0->t2i_k.size(0) == b,
              "precomputed image projections are for batch ", prepared ? layer0->t2i_k.size(0) : 0,
              ", prompts have ", b);
  // Prepared: the transformer takes image_embeddings + dense from layer0 (computed once).
  auto src = repeat(image_embeddings);
  TORCH_CHECK(src.size(0) == b, "image batch ", src.size(0), " != prompt batch ", b);
  if (!prepared) src = src + dense;
  const auto pos_src = b == 1 ? image_pe : image_pe.repeat_interleave(b, 0);
  const int64_t c = src.size(1), h = src.size(2), w = src.size(3);

  auto [hs, keys] = transformer->forward(src, pos_src, tokens, layer0);
  const auto iou_token_out = hs.select(1, 1);
  const auto mask_tokens_out = hs.narrow(1, 2, num_mask_tokens_);

  std::vector<torch::Tensor> hyper;
  for (int64_t i = 0; i < num_mask_tokens_; ++i)
    hyper.push_back(output_hypernetworks_mlps->at<MLPImpl>(static_cast<size_t>(i))
                        .forward(mask_tokens_out.select(1, i)));
  const auto hyper_in = torch::stack(hyper, 1);  // [B, T, D/8]

  MaskDecoderOutput out;
  if (pixel_major_upscaling && !is_training()) {
    // Image batch 1 broadcasts over the prompts: no repeat needed.
    const auto up = upscale_pixel_major(keys, h, w, high_res[0], high_res[1]);  // [B, 16hw, D/8]
    out.all_masks =
        torch::matmul(hyper_in, up.transpose(1, 2)).reshape({b, num_mask_tokens_, 4 * h, 4 * w});
  } else {
    src = keys.transpose(1, 2).reshape({b, c, h, w});
    const auto up = upscale(src, repeat(high_res[0]), repeat(high_res[1]));
    const int64_t uc = up.size(1), uh = up.size(2), uw = up.size(3);
    out.all_masks = torch::matmul(hyper_in, up.reshape({b, uc, uh * uw})).reshape({b, -1, uh, uw});
  }
  out.all_iou_pred = torch::sigmoid(iou_prediction_head->forward(iou_token_out));
  out.object_score_logits = pred_obj_score_head->forward(hs.select(1, 0));
  if (multimask_output) {
    out.masks = out.all_masks.narrow(1, 1, num_mask_tokens_ - 1);
    out.iou_pred = out.all_iou_pred.narrow(1, 1, num_mask_tokens_ - 1);
  } else if (!is_training()) {
    dynamic_multimask_via_stability(out);
  } else {
    out.masks = out.all_masks.narrow(1, 0, 1);
    out.iou_pred = out.all_iou_pred.narrow(1, 0, 1);
  }
  return out;
}

torch::Tensor SamMaskDecoderImpl::upscale(const torch::Tensor& src, const torch::Tensor& feat_s0,
                                          const torch::Tensor& feat_s1) {
  auto up = torch::gelu(upscale_norm1->forward(upscale_conv0->forward(src) + feat_s1));
  return torch::gelu(upscale_conv3->forward(up) + feat_s0);
}

namespace {

// A 2x2 stride-2 ConvTranspose2d (no overlap) on pixel-major x [B, h*w, Ci] plus `skip`
// ([1 or B, Co, 2h, 2w], any memory format) -> pixel-major [B, 2h*2w, Co]. Each input pixel
// writes its own 2x2 block: one GEMM with the weight [Ci, Co, 2, 2] as [Ci, (ki, kj, Co)], then
// the blocks interleaved while adding the skip and the bias.
torch::Tensor conv_transpose_2x2_pixel_major(const torch::Tensor& x, int64_t h, int64_t w,
                                             const torch::nn::ConvTranspose2d& conv,
                                             const torch::Tensor& skip) {
  const auto& weight = conv->weight;  // [Ci, Co, 2, 2]
  TORCH_CHECK(weight.size(2) == 2 && weight.size(3) == 2 && conv->options.stride()->at(0) == 2 &&
                  conv->options.stride()->at(1) == 2,
              "pixel-major upscaling needs 2x2 stride-2 transposed convolutions");
  const int64_t b = x.size(0), ci = weight.size(0), co = weight.size(1);
  TORCH_CHECK(x.dim() == 3 && x.size(1) == h * w && x.size(2) == ci, "expected [B, ", h * w, ", ",
              ci, "], got ", x.sizes());
  TORCH_CHECK(
      skip.dim() == 4 && skip.size(1) == co && skip.size(2) == 2 * h && skip.size(3) == 2 * w,
      "skip features must be [B, ", co, ", ", 2 * h, ", ", 2 * w, "], got ", skip.sizes());
  const auto y = torch::matmul(x, weight.permute({0, 2, 3, 1}).reshape({ci, 4 * co}));
  // y [B, h, w, ki, kj, Co] -> [B, h, ki, w, kj, Co] = pixel (2i + ki, 2j + kj).
  const auto blocks = y.view({b, h, w, 2, 2, co}).permute({0, 1, 3, 2, 4, 5});
  const auto skip_pm = skip.permute({0, 2, 3, 1}).reshape({skip.size(0), h, 2, w, 2, co});
  auto out = torch::empty({b, h, 2, w, 2, co}, y.options());
  torch::add_out(out, skip_pm, blocks);
  out.add_(conv->bias);
  return out.view({b, 4 * h * w, co});
}

}  // namespace

torch::Tensor SamMaskDecoderImpl::upscale_pixel_major(const torch::Tensor& keys, int64_t h,
                                                      int64_t w, const torch::Tensor& feat_s0,
                                                      const torch::Tensor& feat_s1) {
  auto up = conv_transpose_2x2_pixel_major(keys, h, w, upscale_conv0, feat_s1);
  up = torch::layer_norm(up, {up.size(2)}, upscale_norm1->weight, upscale_norm1->bias,
                         upscale_norm1->eps());
  up = torch::gelu(up);
  up = conv_transpose_2x2_pixel_major(up, 2 * h, 2 * w, upscale_conv3, feat_s0);
  return torch::gelu(up);
}

TwoWayImageProjections SamMaskDecoderImpl::project_image(const torch::Tensor& image_embeddings,
                                                         const torch::Tensor& image_pe,
                                                         const torch::Tensor& dense) {
  TORCH_CHECK(image_embeddings.dim() == 4 && image_embeddings.size(0) == 1,
              "project_image expects one image [1, D, h, w], got ", image_embeddings.sizes());
  return transformer->project_image(image_embeddings + dense, image_pe);
}

torch::Tensor SamMaskDecoderImpl::stability_scores(const torch::Tensor& mask_logits) const {
  const auto flat = mask_logits.flatten(-2);
  const auto area_i = (flat > stability_delta_).sum(-1).to(torch::kFloat);
  const auto area_u = (flat > -stability_delta_).sum(-1).to(torch::kFloat);
  return torch::where(area_u > 0, area_i / area_u, torch::ones_like(area_u));
}

void SamMaskDecoderImpl::dynamic_multimask_via_stability(MaskDecoderOutput& out) const {
  const auto multi_logits = out.all_masks.narrow(1, 1, num_mask_tokens_ - 1);
  const auto multi_iou = out.all_iou_pred.narrow(1, 1, num_mask_tokens_ - 1);
  const auto best = multi_iou.argmax(-1);  // [B]
  const auto rows = torch::arange(multi_iou.size(0), best.options());
  const auto best_logits = multi_logits.index({rows, best}).unsqueeze(1);
  const auto best_iou = multi_iou.index({rows, best}).unsqueeze(1);
  const auto single_logits = out.all_masks.narrow(1, 0, 1);
  const auto single_iou = out.all_iou_pred.narrow(1, 0, 1);
  const auto stable = stability_scores(single_logits) >= stability_thresh_;  // [B, 1]
  out.masks = torch::where(stable.unsqueeze(-1).unsqueeze(-1).expand_as(single_logits),
                           single_logits, best_logits);
  out.iou_pred = torch::where(stable.expand_as(single_iou), single_iou, best_iou);
}

}  // namespace sam3::model
