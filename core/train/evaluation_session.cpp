#include "core/train/evaluation_session.h"

#include <torch/torch.h>

#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/model/model_config.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/model/tokenizer.h"
#include "core/train/model_eval.h"
#include "core/train/project_source.h"
#include "core/train/train_config.h"
#include "core/train/trainer_options.h"
#include "core/train/training_session_errors.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "core/weights/checkpoint_format.h"

namespace sam3::train {
namespace {

nlohmann::json read_card(const std::filesystem::path& weights) {
  std::filesystem::path card = weights;
  card.replace_extension(".json");
  std::ifstream in(card);
  if (!in) throw IoError(card, "no model card beside the checkpoint (expected this file)");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(card, "", std::string("model card is not JSON: ") + e.what());
  }
}

// Model config and input size of the run that wrote `card`.
void fill_config(const nlohmann::json& card, const std::filesystem::path& weights,
                 EvaluationModel* model) {
  if (!card.contains("model_config") || !card["model_config"].is_string())
    throw FormatError(weights, "model_config", "the model card names no model config");
  model->model_config = card["model_config"].get<std::string>();
  model->image_size = 0;
  if (card.contains("config") && card["config"].is_string()) {
    const auto source = weights.string() + " (model card config)";
    const TrainConfig config = parse_train_config(card["config"].get<std::string>(), source);
    model->image_size = trainer_options_from_config(config, source).image_size;
  }
}

torch::Device pick_device(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? torch::Device("cuda:0") : torch::kCPU;
  const torch::Device d(name);
  if (d.is_cuda() && !torch::cuda::is_available())
    throw InvalidInput("device '" + name + "': this LibTorch build or machine has no CUDA");
  return d;
}

model::ModelConfig load_config(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml"))
    return model::load_model_config(name_or_path);
  return model::model_config_by_name(name_or_path);
}

// The other named split, so that ProjectSource's "train" side never takes the evaluated photos.
std::string other_split(const std::string& split) {
  return split == "train" ? "valid" : "train";
}

EvaluationOutcome run_checked(const EvaluationRequest& request,
                              const EvaluationProgress& progress) {
  EvaluationOutcome out;
  if (request.split != "valid" && request.split != "test" && request.split != "train")
    throw InvalidInput("evaluation: split '" + request.split + "', expected valid, test or train");
  const EvaluationModel& m = request.model;
  model::ModelConfig config = load_config(m.model_config);
  if (m.image_size > 0) config.image_size = m.image_size;
  std::filesystem::path vocab = request.vocabulary;
  if (vocab.empty() && !m.weights.empty()) vocab = m.weights.parent_path();
  if (vocab.empty())
    throw InvalidInput(
        "no CLIP vocabulary: choose bpe_simple_vocab_16e6.txt.gz or a model folder holding it");
  const ClipTokenizer tokenizer = ClipTokenizer::from_path(vocab);

  const ProjectSource source(request.project, other_split(request.split), request.split,
                             [](const std::filesystem::path& f) { return sam3::load_image(f); });
  out.unlabelled = source.unlabelled_photos(Split::Valid);
  DatasetOptions options;
  options.mean = config.image_mean;
  options.std = config.image_std;
  options.image_size = config.image_size;
  options.masks = false;  // targets are not needed; ground truth comes from the polygons
  const TrainingDataset data(source, Split::Valid, options);

  const torch::Device device = pick_device(request.device);
  std::vector<torch::Tensor> ids;
  for (const auto& prompt : data.class_prompts())
    ids.push_back(torch::tensor(tokenizer.encode(prompt), torch::kInt64));
  torch::manual_seed(m.seed);  // as the trainer does before building the model
  model::Sam3Image net(config);
  if (m.weights.empty())
    model::init_random_weights(*net, m.seed);
  else
    weights::load_weights(*net, m.weights);
  net->to(device);
  net->eval();
  net->cuda_bf16_autocast = device.is_cuda();
  DatasetDetections dets;
  {
    torch::NoGradGuard no_grad;
    dets =
        detect_dataset(*net, data, torch::stack(ids).to(device), device, request.masks, progress);
  }
  if (dets.stopped) {
    out.cancelled = true;
    return out;
  }
  out.gt = dataset_ground_truth(data);
  out.detections = std::move(dets.detections);
  out.photos = data.size();
  return out;
}

}  // namespace

SessionError checkpoint_model(const std::filesystem::path& weights, EvaluationModel* model) {
  try {
    const nlohmann::json card = read_card(weights);
    fill_config(card, weights, model);
    model->weights = weights;
    model->seed = 0;
    return {};
  } catch (...) {
    return detail::current_error();
  }
}

SessionError base_model_of(const std::filesystem::path& checkpoint_weights,
                           EvaluationModel* model) {
  try {
    const nlohmann::json card = read_card(checkpoint_weights);
    fill_config(card, checkpoint_weights, model);
    const nlohmann::json base = card.value("base_weights", nlohmann::json::object());
    if (base.contains("file") && base["file"].is_string()) {
      model->weights = base["file"].get<std::string>();
      model->seed = 0;
    } else if (base.value("init", std::string()) == "random") {
      model->weights.clear();
      model->seed = base.value("seed", std::uint64_t{0});
    } else {
      throw FormatError(checkpoint_weights, "base_weights",
                        "the model card names neither a base weights file nor a random init");
    }
    return {};
  } catch (...) {
    return detail::current_error();
  }
}

EvaluationOutcome evaluate_split(const EvaluationRequest& request,
                                 const EvaluationProgress& progress) {
  try {
    return run_checked(request, progress);
  } catch (...) {
    EvaluationOutcome out;
    out.error = detail::current_error();
    return out;
  }
}

}  // namespace sam3::train
