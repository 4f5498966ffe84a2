// sam3_loss (losses.h): Sam3LossWrapper.compute_loss + forward of sam3/train/loss/sam3_loss.py
// for one image stage: matching per layer, the loss functions on o2o and (x o2m_weight) o2m
// queries, the weighted total and the sqrt(B) scaling.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/train/losses.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

struct LayerPair {
  std::string suffix;
  bool is_aux = false;
  LayerOutputs o2o, o2m;
  bool has_o2m = false;
};

LayerOutputs from_layer(const model::LayerPredictions& p) {
  return {p.pred_logits, p.pred_boxes, p.pred_boxes_xyxy, p.presence_logit_dec, {}};
}

std::vector<LayerPair> collect_layers(const model::Sam3Outputs& out) {
  std::vector<LayerPair> layers;
  LayerPair main;
  main.o2o = {out.pred_logits, out.pred_boxes, out.pred_boxes_xyxy, out.presence_logit_dec,
              out.pred_masks};
  main.has_o2m = out.o2m.pred_logits.defined();
  if (main.has_o2m) {
    main.o2m = from_layer(out.o2m);
    main.o2m.presence_logit_dec = torch::Tensor();  // the official o2m dict holds only *_o2m keys
    main.o2m.pred_masks = out.pred_masks_o2m;
  }
  layers.push_back(main);
  for (size_t i = 0; i < out.aux_outputs.size(); ++i) {
    LayerPair aux;
    aux.suffix = "_aux_" + std::to_string(i);
    aux.is_aux = true;
    aux.o2o = from_layer(out.aux_outputs[i]);
    aux.has_o2m = i < out.aux_outputs_o2m.size() && out.aux_outputs_o2m[i].pred_logits.defined();
    if (aux.has_o2m) {
      aux.o2m = from_layer(out.aux_outputs_o2m[i]);
      aux.o2m.presence_logit_dec = torch::Tensor();
    }
    layers.push_back(aux);
  }
  return layers;
}

// Every loss function of one query set; `scale` = 1 (o2o) or o2m_weight. Adds to result.terms
// under name + tail and returns the weighted sum.
torch::Tensor add_terms(const LayerOutputs& out, const TargetBatch& targets,
                        const MatchIndices& idx, bool is_aux, double scale, const std::string& tail,
                        const LossOptions& o, LossResult& result) {
  const LossWeights& w = o.weights;
  std::vector<std::pair<std::map<std::string, torch::Tensor>, std::map<std::string, double>>> parts;
  parts.push_back({box_losses(out, targets, idx, result.num_boxes),
                   {{"loss_bbox", w.bbox}, {"loss_giou", w.giou}}});
  parts.push_back(
      {iabce_losses(out, targets, idx, o), {{"loss_ce", w.ce}, {"presence_loss", w.presence}}});
  // Masks: compute_aux=False; on o2m only when the o2m half predicts masks.
  if (o.mask_loss && !is_aux) {
    if (!out.pred_masks.defined()) {
      if (targets.masks.defined() && scale == 1.0 && tail.find("_o2m") == std::string::npos) {
        throw InvalidInput(
            "sam3_loss: the mask loss is on and the targets have masks, but the "
            "outputs" +
            tail + " have no pred_masks");
      }
    } else {
      parts.push_back({mask_losses(out, targets, idx, result.num_boxes, o),
                       {{"loss_mask", w.mask}, {"loss_dice", w.dice}}});
    }
  }
  torch::Tensor total = torch::zeros({}, out.pred_logits.options().dtype(torch::kFloat32));
  for (auto& [terms, weights] : parts) {
    for (auto& [name, value] : terms) {
      const torch::Tensor scaled = value * scale;
      if (weights.at(name) != 0) total = total + scaled * weights.at(name);
      result.terms[name + tail] = scaled;
    }
  }
  return total;
}

}  // namespace

LossResult sam3_loss(const model::Sam3Outputs& outputs, const TargetBatch& targets,
                     const LossOptions& o, const LossNormalisation& norm) {
  targets.validate();
  if (!outputs.pred_logits.defined() || outputs.pred_logits.dim() != 3) {
    throw InvalidInput("sam3_loss: outputs.pred_logits must be [B, Q, 1]");
  }
  if (outputs.pred_logits.size(0) != targets.batch_size()) {
    throw InvalidInput("sam3_loss: " + std::to_string(outputs.pred_logits.size(0)) +
                       " predictions for " + std::to_string(targets.batch_size()) + " prompts");
  }
  LossResult result;
  result.num_boxes = norm.num_boxes > 0 ? norm.num_boxes
                                        : std::max(1.0, static_cast<double>(targets.total_boxes()));
  torch::Tensor total = torch::zeros({}, outputs.pred_logits.options().dtype(torch::kFloat32));
  for (const LayerPair& layer : collect_layers(outputs)) {
    const MatchIndices idx =
        hungarian_match(layer.o2o.pred_logits, layer.o2o.pred_boxes, targets, o.matcher);
    result.indices[layer.suffix] = idx;
    total = total + add_terms(layer.o2o, targets, idx, layer.is_aux, 1.0, layer.suffix, o, result);
    if (!layer.has_o2m) continue;
    const MatchIndices idx_o2m =
        (!layer.is_aux || o.o2m_matcher_on_aux)
            ? one_to_many_match(layer.o2m.pred_logits, layer.o2m.pred_boxes, targets, o.o2m_matcher)
            : hungarian_match(layer.o2m.pred_logits, layer.o2m.pred_boxes, targets, o.matcher);
    result.indices_o2m[layer.suffix] = idx_o2m;
    total = total + add_terms(layer.o2m, targets, idx_o2m, layer.is_aux, o.weights.o2m,
                              layer.suffix + "_o2m", o, result);
  }
  const double prompts =
      norm.prompts > 0 ? norm.prompts : static_cast<double>(targets.batch_size());
  if (o.scale_by_sqrt_prompts) total = total * std::sqrt(prompts);
  result.total = total;
  return result;
}

}  // namespace sam3::train
