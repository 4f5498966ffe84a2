#pragma once
// The SAM3 training loss (sam3/train/loss/sam3_loss.py Sam3LossWrapper and loss_fns.py Boxes,
// IABCEMdetr, Masks @ 99d02f2) with the weights of the official fine-tuning config
// (roboflow_v100_full_ft_100_images.yaml, segmentation variant):
//   per output layer (main, aux_0..aux_{L-2}), on the one-to-one queries and, x o2m_weight, on the
//   one-to-many (DAC) queries:
//     loss_bbox  = sum L1(cxcywh) / num_boxes                                   (weight 5)
//     loss_giou  = sum (1 - GIoU) / num_boxes                                   (weight 2)
//     loss_ce    = IoU-aware BCE, sum over B x Q / (B x max(Q, pad_n_queries))  (weight 20)
//     presence_loss = mean_b 0.5 BCE(presence_logit, prompt has a target)      (weight 20)
//     loss_mask  = sigmoid focal (0.25, 2) on full masks, mean over pixels, / num_boxes (200)
//     loss_dice  = sum (1 - (2 sum p t + 1) / (sum p + sum t + 1)) / num_boxes (weight 10)
//   masks: main layer only (official compute_aux=False), predictions bilinearly resized to the
//   target masks' size (give targets at the prediction resolution to skip it).
//   total = sum of weighted terms x sqrt(B) (scale_by_find_batch_size), B = prompts in the batch.
// num_boxes = total target boxes of the batch, at least 1. Data-parallel (LossNormalisation): the
// global count over the ranks divided by the world size, as the official loss all-reduces it, so
// that the ranks' averaged gradients equal one process's on the whole global batch.
// Matching: the Hungarian matcher on every layer's o2o queries and on the aux layers' o2m queries,
// the one-to-many matcher on the main layer's o2m queries (use_o2m_matcher_on_o2m_aux: false).
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/sam3_image.h"
#include "core/train/matcher.h"

namespace sam3::train {

struct LossWeights {
  double bbox = 5.0;
  double giou = 2.0;
  double ce = 20.0;
  double presence = 20.0;
  double mask = 200.0;
  double dice = 10.0;
  double o2m = 2.0;  // multiplies every term of the one-to-many queries
};

struct LossOptions {
  LossWeights weights;
  bool mask_loss = true;  // loss_mask / loss_dice (official configs: off; ours: on)
  double iabce_pos_weight = 10.0;
  double iabce_alpha = 0.25;  // soft target p^alpha IoU^(1-alpha)
  double iabce_gamma = 2.0;   // negatives weighted by p^gamma
  // The IABCE sum is divided by B x max(Q, pad_n_queries). Official configs set pad_n_queries to
  // the model's query count (RF: 200 = num_queries; ODinW: ${scratch.num_queries}), i.e. a mean
  // over the queries; 0 (default) is that mean for any model. A fixed 200 with sam3-tiny's 8
  // queries would scale the classification loss by 8/200 against the box terms.
  std::int64_t pad_n_queries = 0;
  double presence_alpha = 0.5;
  double presence_gamma = 0.0;
  double mask_focal_alpha = 0.25;
  double mask_focal_gamma = 2.0;
  bool scale_by_sqrt_prompts = true;
  bool o2m_matcher_on_aux = false;
  HungarianMatcherOptions matcher;
  OneToManyMatcherOptions o2m_matcher;
};

// One layer's predictions as the loss sees them. pred_boxes_xyxy, presence_logit_dec and
// pred_masks may be undefined (xyxy is then derived from pred_boxes; no presence / mask terms).
struct LayerOutputs {
  torch::Tensor pred_logits;         // [B, Q, 1]
  torch::Tensor pred_boxes;          // [B, Q, 4] cxcywh
  torch::Tensor pred_boxes_xyxy;     // [B, Q, 4]
  torch::Tensor presence_logit_dec;  // [B, 1]
  torch::Tensor pred_masks;          // [B, Q, h, w] logits
};

struct LossResult {
  // Terms by official name: "<term><suffix>" for the o2o queries and "<term><suffix>_o2m" for the
  // one-to-many queries, suffix "" (main) or "_aux_<i>". Unweighted, except that o2m terms are
  // already multiplied by weights.o2m (as the official loss dict). Scalars on the predictions'
  // device, differentiable.
  std::map<std::string, torch::Tensor> terms;
  torch::Tensor total;  // the weighted sum x sqrt(B): what backward() runs on ("core_loss")
  // Matches by suffix, for metrics and tests.
  std::map<std::string, MatchIndices> indices, indices_o2m;
  double num_boxes = 1.0;
};

// Overrides of the batch-derived normalisers for data-parallel training (0 = from the batch).
// With W ranks of equal batches: num_boxes = max(1, global boxes) / W and prompts = the global
// prompt count, so the mean over the ranks of their losses is the loss of one process on the
// global batch. (The official code scales by sqrt of the per-GPU prompt count and clamps the
// divided count at 1; we keep a run's numbers independent of its GPU count instead.)
struct LossNormalisation {
  double num_boxes = 0;
  double prompts = 0;  // the sqrt(B) scale uses this B
};

// The full loss over a training forward's outputs (main layer, aux_outputs, and the o2m halves
// when present). Throws InvalidInput for inconsistent shapes, and when mask_loss is on, the
// targets carry masks and the outputs have no pred_masks.
LossResult sam3_loss(const model::Sam3Outputs& outputs, const TargetBatch& targets,
                     const LossOptions& options = {}, const LossNormalisation& norm = {});

// Building blocks (exposed for tests). `num_boxes` as above.
std::map<std::string, torch::Tensor> box_losses(const LayerOutputs& out, const TargetBatch& targets,
                                                const MatchIndices& indices, double num_boxes);
std::map<std::string, torch::Tensor> iabce_losses(const LayerOutputs& out,
                                                  const TargetBatch& targets,
                                                  const MatchIndices& indices,
                                                  const LossOptions& options);
std::map<std::string, torch::Tensor> mask_losses(const LayerOutputs& out,
                                                 const TargetBatch& targets,
                                                 const MatchIndices& indices, double num_boxes,
                                                 const LossOptions& options);

// Sigmoid focal loss per element (RetinaNet): alpha_t (1 - p_t)^gamma BCE(x, y).
torch::Tensor sigmoid_focal_loss(const torch::Tensor& logits, const torch::Tensor& targets,
                                 double alpha, double gamma);

}  // namespace sam3::train
