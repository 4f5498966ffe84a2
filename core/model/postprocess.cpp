// Port of Sam3Processor._forward_grounding's post-processing (facebookresearch/sam3 @ 99d02f2);
// see postprocess.h.
#include "core/model/postprocess.h"

#include "core/model/model_misc.h"

namespace sam3::model {

torch::Tensor detection_scores(const torch::Tensor& pred_logits,
                               const torch::Tensor& presence_logit_dec) {
  TORCH_CHECK(pred_logits.dim() == 3 && pred_logits.size(2) == 1,
              "postprocess: pred_logits must be [B, Q, 1], got ", pred_logits.sizes());
  TORCH_CHECK(presence_logit_dec.dim() == 2 && presence_logit_dec.size(1) == 1 &&
                  presence_logit_dec.size(0) == pred_logits.size(0),
              "postprocess: presence_logit_dec must be [B, 1], got ", presence_logit_dec.sizes());
  const torch::Tensor probs = pred_logits.to(torch::kFloat).sigmoid();
  const torch::Tensor presence = presence_logit_dec.to(torch::kFloat).sigmoid().unsqueeze(1);
  return (probs * presence).squeeze(-1);
}

std::vector<Detections> postprocess(const torch::Tensor& pred_logits,
                                    const torch::Tensor& presence_logit_dec,
                                    const torch::Tensor& pred_boxes,
                                    const torch::Tensor& pred_masks,
                                    const std::vector<OriginalSize>& sizes,
                                    const PostprocessOptions& options) {
  torch::NoGradGuard no_grad;
  const torch::Tensor scores = detection_scores(pred_logits, presence_logit_dec);  // [B, Q]
  const int64_t B = scores.size(0), Q = scores.size(1);
  TORCH_CHECK(pred_boxes.dim() == 3 && pred_boxes.size(0) == B && pred_boxes.size(1) == Q &&
                  pred_boxes.size(2) == 4,
              "postprocess: pred_boxes must be [", B, ", ", Q, ", 4], got ", pred_boxes.sizes());
  TORCH_CHECK(static_cast<int64_t>(sizes.size()) == B, "postprocess: ", sizes.size(),
              " original sizes for a batch of ", B);
  if (options.masks) {
    TORCH_CHECK(pred_masks.defined() && pred_masks.dim() == 4 && pred_masks.size(0) == B &&
                    pred_masks.size(1) == Q,
                "postprocess: pred_masks must be [", B, ", ", Q, ", h, w]");
  }
  std::vector<Detections> out;
  out.reserve(static_cast<size_t>(B));
  for (int64_t b = 0; b < B; ++b) {
    const OriginalSize& s = sizes[static_cast<size_t>(b)];
    TORCH_CHECK(s.height > 0 && s.width > 0, "postprocess: original size ", s.width, "x", s.height,
                " of image ", b, " is empty");
    Detections d;
    d.query_index = (scores[b] > options.score_threshold).nonzero().squeeze(1);
    d.scores = scores[b].index_select(0, d.query_index);
    const torch::Tensor scale = torch::tensor(
        {float(s.width), float(s.height), float(s.width), float(s.height)}, scores.options());
    d.boxes_xyxy =
        box_cxcywh_to_xyxy(pred_boxes[b].to(torch::kFloat).index_select(0, d.query_index)) * scale;
    if (options.masks) {
      const torch::Tensor logits =
          pred_masks[b].to(torch::kFloat).index_select(0, d.query_index).unsqueeze(1);
      torch::Tensor probs;
      if (logits.size(0) == 0) {
        probs = torch::zeros({0, 1, s.height, s.width}, logits.options());
      } else {
        const std::vector<int64_t> size{s.height, s.width};
        probs = torch::upsample_bilinear2d(logits, at::IntArrayRef(size), /*align_corners=*/false)
                    .sigmoid();
      }
      d.masks = (probs > options.mask_threshold).squeeze(1);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sam3::model
