#pragma once
// Model-over-dataset evaluation shared by the trainer's validation (trainer_eval.cpp) and the
// evaluation facade (evaluation_session.h): every photo of a TrainingDataset through the model in
// eval mode, every class prompt, the top 100 queries per photo and class as COCO detections
// (score = sigmoid(logit) * sigmoid(presence), boxes and RLE masks in pixels of the original
// photo), and the dataset's annotations as COCO ground truth (image id = index + 1, category id =
// class index + 1). The caller sets eval mode, no-grad and autocast scopes.
#include <torch/torch.h>

#include <cstddef>
#include <functional>
#include <vector>

#include "core/eval/coco_data.h"
#include "core/model/sam3_image.h"
#include "core/train/dataset.h"

namespace sam3::train {

// The dataset's annotations as COCO ground truth; a box-only annotation becomes its rectangle
// polygon (so segm evaluation sees it as the box).
eval::GroundTruth dataset_ground_truth(const TrainingDataset& data);

// Called after each photo with (photos done, total); returning false stops the loop.
using DetectProgress = std::function<bool(std::size_t done, std::size_t total)>;

struct DatasetDetections {
  std::vector<eval::Detection> detections;
  std::size_t photos_done = 0;
  bool stopped = false;  // progress returned false before the last photo
};

// Runs `model` (already on `device`, in eval mode, under NoGradGuard) on each photo of `data`
// with the token ids `class_ids` [C, 32] of the dataset's classes. masks: also RLE masks (needed
// for segm). Throws what the model throws (OutOfMemory, c10::Error).
DatasetDetections detect_dataset(model::Sam3ImageImpl& model, const TrainingDataset& data,
                                 const torch::Tensor& class_ids, const torch::Device& device,
                                 bool masks, const DetectProgress& progress = {});

}  // namespace sam3::train
