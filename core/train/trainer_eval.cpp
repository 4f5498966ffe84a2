// Trainer validation: the valid split through the model in eval mode, every query of every class
// as a COCO detection (score = sigmoid(logit) * sigmoid(presence), top 100 per image and class),
// evaluated with the COCO engine for bbox and, when masks are trained, segm.
#include <algorithm>

#include "core/eval/coco_eval.h"
#include "core/model/postprocess.h"
#include "core/train/raster.h"
#include "core/train/trainer_impl.h"
#include "core/util/torch_compat.h"
#include "core/weights/state_loader.h"

namespace sam3::train {
namespace {

constexpr std::int64_t kMaxDetections = 100;

eval::GroundTruth ground_truth(const TrainingDataset& data) {
  eval::GroundTruth gt;
  for (std::size_t c = 0; c < data.num_classes(); ++c)
    gt.categories.push_back({static_cast<std::int64_t>(c + 1), data.class_names()[c]});
  std::int64_t ann_id = 1;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const SourcePhoto& p = data.photo(i);
    gt.images.push_back({static_cast<std::int64_t>(i + 1), static_cast<std::uint32_t>(p.width),
                         static_cast<std::uint32_t>(p.height), p.key});
    for (const auto& a : p.annotations) {
      eval::GtAnnotation g;
      g.id = ann_id++;
      g.image_id = static_cast<std::int64_t>(i + 1);
      g.category_id = a.class_index + 1;
      g.bbox = eval::BBox{a.box.x, a.box.y, a.box.w, a.box.h};
      if (a.polygons.empty()) {
        g.area = a.box.w * a.box.h;
        g.segmentation =
            eval::Polygons{{a.box.x, a.box.y, a.box.x + a.box.w, a.box.y, a.box.x + a.box.w,
                            a.box.y + a.box.h, a.box.x, a.box.y + a.box.h}};
      } else {
        for (const auto& poly : a.polygons) g.area += polygon_area(poly);
        g.segmentation = eval::Polygons(a.polygons);
      }
      g.index = gt.annotations.size();
      gt.annotations.push_back(std::move(g));
    }
  }
  gt.build_index();
  return gt;
}

// Detections of one photo: outputs of C prompts (class order) on the photo resized to S.
void add_detections(const model::Sam3Outputs& out, const SourcePhoto& photo, std::int64_t image_id,
                    bool masks, std::vector<eval::Detection>& dets) {
  const torch::Tensor scores =
      model::detection_scores(out.pred_logits, out.presence_logit_dec).to(torch::kFloat).cpu();
  const torch::Tensor boxes = out.pred_boxes.to(torch::kFloat).cpu();  // [C, Q, 4] cxcywh
  const auto C = scores.size(0), Q = scores.size(1);
  const auto keep = std::min(Q, kMaxDetections);
  for (std::int64_t c = 0; c < C; ++c) {
    const torch::Tensor top = std::get<1>(scores[c].topk(keep));
    torch::Tensor mask_probs;
    if (masks) {
      const torch::Tensor logits =
          out.pred_masks[c].index_select(0, top.to(out.pred_masks.device()));
      mask_probs = torch::nn::functional::interpolate(
                       logits.unsqueeze(0).to(torch::kFloat),
                       torch::nn::functional::InterpolateFuncOptions()
                           .size(std::vector<std::int64_t>{photo.height, photo.width})
                           .mode(torch::kBilinear)
                           .align_corners(false))[0]
                       .gt(0)
                       .cpu();
    }
    for (std::int64_t k = 0; k < keep; ++k) {
      const std::int64_t q = top[k].item<std::int64_t>();
      const auto b = boxes[c][q];
      const double cx = b[0].item<double>() * photo.width, cy = b[1].item<double>() * photo.height;
      const double w = b[2].item<double>() * photo.width, h = b[3].item<double>() * photo.height;
      eval::Detection d;
      d.image_id = image_id;
      d.category_id = c + 1;
      d.score = scores[c][q].item<double>();
      d.bbox = {cx - w / 2, cy - h / 2, w, h};
      d.area = w * h;
      if (masks) {
        const torch::Tensor column_major = mask_probs[k].t().contiguous().to(torch::kUInt8);
        d.segmentation = eval::rle_encode(
            std::span<const std::uint8_t>(column_major.data_ptr<std::uint8_t>(),
                                          static_cast<std::size_t>(column_major.numel())),
            static_cast<std::uint32_t>(photo.height), static_cast<std::uint32_t>(photo.width));
      }
      d.id = static_cast<std::int64_t>(dets.size()) + 1;
      d.index = dets.size();
      dets.push_back(std::move(d));
    }
  }
}

}  // namespace

ValidationReport Trainer::Impl::validate(std::int64_t step, std::int64_t epoch) {
  ValidationReport report;
  report.step = step;
  report.epoch = epoch;
  report.segm.fill(-1);
  const bool masks = options.loss.mask_loss;
  std::vector<eval::Detection> dets;
  model->eval();
  {
    torch::NoGradGuard no_grad;
    compat::CudaAutocastGuard autocast_guard(autocast(), autocast_dtype());
    if (lora) lora->refresh();
    const model::TextEncoding text = model->encode_text(class_ids);
    for (std::size_t i = 0; i < valid_data->size(); ++i) {
      const TrainSample s = valid_data->eval_sample(i);
      const model::ImageState image = model->encode_image(s.image.unsqueeze(0).to(device));
      add_detections(model->ground(image, text), valid_data->photo(i),
                     static_cast<std::int64_t>(i + 1), masks, dets);
    }
  }
  model->train();
  if (valid_data->size() == 0) return report;
  const eval::GroundTruth gt = ground_truth(*valid_data);
  report.bbox = eval::evaluate_coco(gt, dets, eval::IouType::BBox).stats;
  if (masks) report.segm = eval::evaluate_coco(gt, dets, eval::IouType::Segm).stats;
  const auto [segm, index] = parse_metric_name(options.best_metric);
  report.best_metric = (segm ? report.segm : report.bbox)[static_cast<std::size_t>(index)];
  report.is_best = report.best_metric > best_value;
  run->append_metrics({{"type", "validation"},
                       {"step", step},
                       {"epoch", epoch},
                       {"bbox", report.bbox},
                       {"segm", report.segm},
                       {options.best_metric, report.best_metric}});
  static const char* kNames[12] = {"AP",  "AP50", "AP75",  "APs", "APm", "APl",
                                   "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
  for (std::size_t k = 0; tensorboard && k < 12; ++k) {
    tensorboard->add_scalar(std::string("val/bbox_") + kNames[k],
                            static_cast<float>(report.bbox[k]), step);
    if (masks)
      tensorboard->add_scalar(std::string("val/segm_") + kNames[k],
                              static_cast<float>(report.segm[k]), step);
  }
  if (report.is_best) {
    best_value = report.best_metric;
    best_step = step;
    if (options.keep_best)
      write_best(*run, checkpoint_weights(), model_card(step, report),
                 options.weights_fp32 ? torch::kFloat : torch::kBFloat16);
  }
  return report;
}

}  // namespace sam3::train
