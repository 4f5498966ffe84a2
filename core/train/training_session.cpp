#include "core/train/training_session.h"

#include <chrono>
#include <ctime>
#include <memory>

#include "core/train/project_source.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"
#include "core/train/training_session_errors.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::train {

SessionError check_config(const std::string& yaml, TrainConfig* config, const std::string& source) {
  try {
    TrainConfig c = parse_train_config(yaml, source);
    validate_train_config(c, source);
    trainer_options_from_config(c, source);
    if (config) *config = std::move(c);
    return {};
  } catch (...) {
    return detail::current_error();
  }
}

std::filesystem::path effective_vocabulary(const SessionRequest& request) {
  if (!request.vocabulary.empty()) return request.vocabulary;
  if (!request.config.model.weights.empty())
    return std::filesystem::path(request.config.model.weights).parent_path();
  return {};
}

std::filesystem::path new_run_dir(const std::filesystem::path& project) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char name[32];
  std::strftime(name, sizeof name, "%Y%m%d-%H%M%S", &tm);
  const std::filesystem::path base = project / "runs" / name;
  std::filesystem::path dir = base;
  for (int i = 2; std::filesystem::exists(dir); ++i) dir = base.string() + "-" + std::to_string(i);
  return dir;
}

namespace {

std::unique_ptr<ProjectSource> open_source(const TrainConfig& config) {
  return std::make_unique<ProjectSource>(
      config.data.project, config.data.train_split, config.data.val_split,
      [](const std::filesystem::path& file) { return sam3::load_image(file); });
}

SessionResult run_checked(const SessionRequest& request, const TrainCallbacks& callbacks) {
  SessionResult result;
  result.run_dir = request.run_dir;
  TrainConfig config = request.config;
  std::string source = "training config";
  if (request.resume) {
    const auto file = request.run_dir / "config.yaml";
    config = load_train_config(file);
    source = file.string();
  }
  config.data.project = request.project.string();
  validate_train_config(config, source);
  std::vector<std::string> notes;
  TrainerOptions options = trainer_options_from_config(config, source, &notes);
  SessionRequest effective = request;
  effective.config = config;
  options.vocab = effective_vocabulary(effective);
  if (options.vocab.empty())
    throw InvalidInput(
        "no CLIP vocabulary: choose bpe_simple_vocab_16e6.txt.gz or a model folder holding it");
  const auto data = open_source(config);
  if (callbacks.on_message) {
    callbacks.on_message(data->description());
    for (const auto& n : notes) callbacks.on_message("note: " + n);
  }
  Trainer trainer(options, *data, request.run_dir, to_yaml(config));
  const TrainResult r = trainer.run(callbacks, request.resume);
  result.finished = r.status == TrainStatus::Finished;
  result.cancelled = r.status == TrainStatus::Cancelled;
  result.steps = r.steps;
  result.total_steps = r.total_steps;
  result.last_checkpoint = r.last_checkpoint;
  return result;
}

}  // namespace

SessionResult run_training(const SessionRequest& request, const TrainCallbacks& callbacks) {
  try {
    return run_checked(request, callbacks);
  } catch (...) {
    SessionResult result;
    result.run_dir = request.run_dir;
    result.error = detail::current_error();
    return result;
  }
}

}  // namespace sam3::train
