// sam3/model/sam1_task_predictor.py, Sam3Image.predict_inst and the SAM2 neck of necks.py
// (facebookresearch/sam3 @ 99d02f2); see sam1_task_predictor.h.
#include "core/model/sam1_task_predictor.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>

#include "core/model/random_init.h"
#include "core/util/torch_compat.h"

namespace sam3::model {

InteractiveVisionBackboneImpl::InteractiveVisionBackboneImpl(const ModelConfig& config) {
  trunk = register_module("trunk", ViT(config.vision));
  for (double scale : config.neck.scale_factors)
    sam2_convs->push_back(FpnLevel(config.vision.embed_dim, config.d_model(), scale));
  register_module("sam2_convs", sam2_convs);
  kept_levels_ = static_cast<int>(config.neck.scale_factors.size()) - config.neck.scalp;
  TORCH_CHECK(kept_levels_ >= 3 && config.neck.scale_factors[0] == 4.0 &&
                  config.neck.scale_factors[1] == 2.0 && config.neck.scale_factors[2] == 1.0,
              "instance interactivity needs kept neck levels 4x, 2x, 1x (the tracker's "
              "high-resolution features and image embedding)");
}

std::vector<torch::Tensor> InteractiveVisionBackboneImpl::forward(const torch::Tensor& images) {
  const auto x = trunk->forward(images);  // [B, C, g, g]
  std::vector<torch::Tensor> levels;
  // The finest three kept levels are all the predictor reads (num_feature_levels = 3).
  for (int i = 0; i < 3; ++i)
    levels.push_back(sam2_convs->ptr<FpnLevelImpl>(static_cast<size_t>(i))->forward(x));
  return levels;
}

Sam3InteractiveImagePredictorImpl::Sam3InteractiveImagePredictorImpl(const ModelConfig& config)
    : config_(config) {
  backbone_holder_ = register_module("backbone", std::make_shared<torch::nn::Module>());
  vision_backbone =
      backbone_holder_->register_module("vision_backbone", InteractiveVisionBackbone(config));
  tracker = register_module("tracker", Sam3TrackerBase(config));
}

InstFeatures Sam3InteractiveImagePredictorImpl::set_image(const torch::Tensor& images) {
  const int64_t s = config_.image_size;
  TORCH_CHECK(images.dim() == 4 && images.size(0) == 1 && images.size(1) == 3 &&
                  images.size(2) == s && images.size(3) == s,
              "set_image expects one normalised image [1, 3, ", s, ", ", s, "], got ",
              images.sizes());
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> levels;
  {
    compat::CudaAutocastGuard autocast(images.is_cuda() && cuda_bf16_autocast);
    levels = vision_backbone->forward(images);
  }
  auto& decoder = *tracker->sam_mask_decoder;
  InstFeatures f;
  f.high_res_s0 = decoder.conv_s0->forward(levels[0].to(torch::kFloat));
  f.high_res_s1 = decoder.conv_s1->forward(levels[1].to(torch::kFloat));
  f.image_embed = levels[2].to(torch::kFloat) + tracker->no_mem_embed.reshape({1, -1, 1, 1});
  return f;
}

void Sam3InteractiveImagePredictorImpl::prepare_decoder(InstFeatures& features) {
  torch::NoGradGuard no_grad;
  auto& pe = *tracker->sam_prompt_encoder;
  // The dense embedding of a prompt without a mask (points only; their values do not matter).
  const auto device = features.image_embed.device();
  const auto coords = torch::zeros({1, 1, 2}, torch::TensorOptions().device(device));
  const auto labels = torch::ones({1, 1}, torch::TensorOptions().dtype(torch::kInt).device(device));
  const auto dense = pe.forward(coords, labels, torch::Tensor()).second;
  features.dense_pe = pe.get_dense_pe();
  features.decoder_layer0 =
      tracker->sam_mask_decoder->project_image(features.image_embed, features.dense_pe, dense);
  features.high_res_s0 = features.high_res_s0.contiguous(at::MemoryFormat::ChannelsLast);
  features.high_res_s1 = features.high_res_s1.contiguous(at::MemoryFormat::ChannelsLast);
}

InstPrediction Sam3InteractiveImagePredictorImpl::predict(const InstFeatures& features,
                                                          const InstPrompt& prompt,
                                                          bool multimask_output, int64_t orig_h,
                                                          int64_t orig_w) {
  torch::NoGradGuard no_grad;
  const auto decoded = decode(features, prompt, multimask_output, orig_h, orig_w);
  InstPrediction p;
  p.masks = postprocess(decoded.low_res_logits, orig_h, orig_w);
  p.iou_predictions = decoded.iou_predictions;
  p.low_res_masks = decoded.low_res_logits.clamp(-32.0, 32.0).squeeze(0);
  p.object_score_logits = decoded.object_score_logits;
  return p;
}

torch::Tensor Sam3InteractiveImagePredictorImpl::postprocess(const torch::Tensor& low_res_logits,
                                                             int64_t orig_h, int64_t orig_w) const {
  torch::NoGradGuard no_grad;
  MaskPostprocess post;
  post.mask_threshold = config_.tracker.mask_threshold;
  post.max_hole_area = config_.tracker.max_hole_area;
  post.max_sprinkle_area = config_.tracker.max_sprinkle_area;
  return postprocess_masks(low_res_logits, orig_h, orig_w, post).squeeze(0);
}

InstDecoded Sam3InteractiveImagePredictorImpl::decode(const InstFeatures& features,
                                                      const InstPrompt& prompt,
                                                      bool multimask_output, int64_t orig_h,
                                                      int64_t orig_w) {
  torch::NoGradGuard no_grad;
  const auto device = features.image_embed.device();
  const int64_t s = config_.image_size;
  TORCH_CHECK(prompt.point_coords.defined() == prompt.point_labels.defined(),
              "point coordinates and labels go together");
  torch::Tensor coords, labels;  // [1, N, 2], [1, N]
  if (prompt.box.defined()) {
    TORCH_CHECK(prompt.box.numel() == 4, "box must have 4 values, got ", prompt.box.sizes());
    coords = transform_coords(prompt.box.reshape({1, 2, 2}).to(device), orig_h, orig_w, s);
    labels = torch::tensor({2, 3}, torch::TensorOptions().dtype(torch::kInt).device(device))
                 .unsqueeze(0);
  }
  if (prompt.point_coords.defined()) {
    const auto& pc = prompt.point_coords;
    TORCH_CHECK(pc.dim() == 2 && pc.size(1) == 2 && prompt.point_labels.dim() == 1 &&
                    prompt.point_labels.size(0) == pc.size(0),
                "points must be coords [N, 2] and labels [N], got ", pc.sizes(), " and ",
                prompt.point_labels.sizes());
    auto pcoords = transform_coords(pc.to(device), orig_h, orig_w, s).unsqueeze(0);
    auto plabels = prompt.point_labels.to(device).to(torch::kInt).unsqueeze(0);
    coords = coords.defined() ? torch::cat({coords, pcoords}, 1) : pcoords;
    labels = labels.defined() ? torch::cat({labels, plabels}, 1) : plabels;
  }
  torch::Tensor mask_input;
  if (prompt.mask_input.defined()) {
    mask_input = prompt.mask_input.to(device).to(torch::kFloat);
    if (mask_input.dim() == 3) mask_input = mask_input.unsqueeze(0);
  }
  auto& pe = *tracker->sam_prompt_encoder;
  auto [sparse, dense] = pe.forward(coords, labels, mask_input);
  // Without a mask input the dense embedding is the constant no-mask embedding that
  // prepare_decoder() projected with the image.
  const auto* layer0 = !mask_input.defined() && features.decoder_layer0.defined()
                           ? &features.decoder_layer0
                           : nullptr;
  const auto out = tracker->sam_mask_decoder->forward(
      features.image_embed, features.dense_pe.defined() ? features.dense_pe : pe.get_dense_pe(),
      sparse, dense, multimask_output,
      /*repeat_image=*/false, {features.high_res_s0, features.high_res_s1}, layer0);

  InstDecoded d;
  d.low_res_logits = out.masks;
  d.iou_predictions = out.iou_pred.squeeze(0);
  d.object_score_logits = out.object_score_logits.squeeze(0);
  return d;
}

void init_interactive_random_weights(Sam3InteractiveImagePredictorImpl& model, std::uint64_t seed) {
  init_random_weights(model, seed);
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed ^ 0x5a3e1u);
  auto draw = [&gen](const at::Tensor& p, double std, double mean = 0.0) {
    p.copy_((at::randn(p.sizes(), gen, at::TensorOptions().dtype(at::kFloat)) * std + mean)
                .to(p.dtype()));
  };
  auto ends = [](const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  for (auto& item : model.tracker->named_parameters()) {
    const std::string& k = item.key();
    const auto& p = item.value();
    if (ends(k, "mask_downscaling.1.weight") || ends(k, "mask_downscaling.4.weight") ||
        ends(k, "output_upscaling.1.weight")) {
      draw(p, 0.05, 1.0);
    } else if (ends(k, "output_upscaling.0.weight") || ends(k, "output_upscaling.3.weight")) {
      draw(p, 1.0 / std::sqrt(static_cast<double>(p.size(0))));  // ConvTranspose fan-in
    } else if (k == "no_mem_embed") {
      draw(p, 0.02);
    } else if (ends(k, "embed.weight") || ends(k, "embeddings.0.weight") ||
               ends(k, "embeddings.1.weight") || ends(k, "embeddings.2.weight") ||
               ends(k, "embeddings.3.weight") || ends(k, "token.weight") ||
               ends(k, "tokens.weight")) {
      draw(p, 1.0);
    }
  }
  draw(model.tracker->sam_prompt_encoder->pe_layer->positional_encoding_gaussian_matrix, 1.0);
}

}  // namespace sam3::model
