// Model-over-dataset evaluation (model_eval.h): moved out of the trainer's validation so that the
// evaluation view and the trainer run the same code.
#include "core/train/model_eval.h"

#include <algorithm>

#include "core/eval/rle.h"
#include "core/model/postprocess.h"
#include "core/train/raster.h"
#include "core/util/torch_compat.h"

namespace sam3::train {
namespace {

constexpr std::int64_t kMaxDetections = 100;

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

eval::GroundTruth dataset_ground_truth(const TrainingDataset& data) {
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

DatasetDetections detect_dataset(model::Sam3ImageImpl& model, const TrainingDataset& data,
                                 const torch::Tensor& class_ids, const torch::Device& device,
                                 bool masks, const DetectProgress& progress) {
  DatasetDetections out;
  const model::TextEncoding text = model.encode_text(class_ids);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const TrainSample s = data.eval_sample(i);
    const model::ImageState image = model.encode_image(s.image.unsqueeze(0).to(device));
    add_detections(model.ground(image, text), data.photo(i), static_cast<std::int64_t>(i + 1),
                   masks, out.detections);
    out.photos_done = i + 1;
    if (progress && !progress(i + 1, data.size()) && i + 1 < data.size()) {
      out.stopped = true;
      break;
    }
  }
  return out;
}

}  // namespace sam3::train
