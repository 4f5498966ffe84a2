// Trainer validation: the valid split through the model in eval mode (model_eval.h: top 100
// queries per image and class as COCO detections), evaluated with the COCO engine for bbox and,
// when masks are trained, segm.
#include "core/eval/coco_eval.h"
#include "core/train/model_eval.h"
#include "core/train/trainer_impl.h"
#include "core/util/torch_compat.h"
#include "core/weights/state_loader.h"

namespace sam3::train {

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
    dets = detect_dataset(*model, *valid_data, class_ids, device, masks).detections;
  }
  model->train();
  if (valid_data->size() == 0) return report;
  const eval::GroundTruth gt = dataset_ground_truth(*valid_data);
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
