#pragma once
// The evaluation facade the ui drives: a model (a checkpoint of ours, the base weights a run
// started from, or any weights file) over the labelled photos of one split of a project, giving
// COCO ground truth and detections (plain types of core/eval) for the COCO stats, per-class AP,
// PR curves and image-level metrics. The model runs through model_eval.h, the code the trainer's
// validation runs. Torch-free header; part of sam3_train_session. Never throws: failures come back
// as a SessionError value. Thread affinity: any thread; evaluate_split() blocks for the whole pass
// and calls `progress` on the calling thread.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/eval/coco_data.h"
#include "core/train/training_session.h"

namespace sam3::train {

struct EvaluationModel {
  std::filesystem::path weights;  // empty: seeded random initialisation (a run's random base)
  std::uint64_t seed = 0;         // for the random initialisation
  std::string model_config = "sam3";
  int image_size = 0;  // model input side; 0 = the model config's
  std::string label;   // for tables ("step 40", "base weights")
};

// A checkpoint of ours (<name>.safetensors with its model card <name>.json beside it): model
// config and input size from the card. Input error when the card is missing or unreadable.
SessionError checkpoint_model(const std::filesystem::path& weights, EvaluationModel* model);
// The base model the checkpoint's run started from (the card's base_weights: a file, or the
// random initialisation with its seed), same model config and input size.
SessionError base_model_of(const std::filesystem::path& checkpoint_weights, EvaluationModel* model);

struct EvaluationRequest {
  std::filesystem::path project;
  std::string split = "valid";  // valid | test | train
  EvaluationModel model;
  std::filesystem::path vocabulary;  // CLIP BPE file or folder; empty: the weights' folder
  std::string device = "auto";       // auto | cpu | cuda | cuda:N
  bool masks = true;                 // RLE masks for segm evaluation
};

struct EvaluationOutcome {
  eval::GroundTruth gt;  // the split's labelled photos (image id = index + 1), every class
  std::vector<eval::Detection> detections;
  std::size_t photos = 0;      // photos evaluated
  std::size_t unlabelled = 0;  // photos of the split left out (not labelled yet)
  bool cancelled = false;      // progress returned false; gt and detections are then empty
  SessionError error;
  bool ok() const { return error.ok() && !cancelled; }
};

// Called after each photo with (photos done, total); returning false cancels.
using EvaluationProgress = std::function<bool(std::size_t done, std::size_t total)>;

EvaluationOutcome evaluate_split(const EvaluationRequest& request,
                                 const EvaluationProgress& progress = {});

}  // namespace sam3::train
