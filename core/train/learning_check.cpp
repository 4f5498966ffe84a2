// The held-out learning check (learning_check.h): train, evaluate held-out and on training photos,
// optionally describe the queries of a few held-out photos.
#include "core/train/learning_check.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

#include <unistd.h>

#include "core/model/model_config.h"
#include "core/model/sam3_image.h"
#include "core/model/tokenizer.h"
#include "core/train/dataset.h"
#include "core/util/fs_util.h"
#include "core/weights/checkpoint_format.h"

namespace sam3::train {
namespace {

namespace fs = std::filesystem;

// The first `count` training photos as the valid split: AP on photos the run trained on.
class TrainPhotosAsValid : public SampleSource {
 public:
  TrainPhotosAsValid(const SyntheticOptions& o, std::size_t count) : inner_(o, 0), count_(count) {}
  std::vector<std::string> class_names() const override { return inner_.class_names(); }
  std::vector<std::string> class_prompts() const override { return inner_.class_prompts(); }
  std::vector<SourcePhoto> photos(Split split) const override {
    std::vector<SourcePhoto> p = inner_.photos(Split::Train);
    if (split == Split::Valid && p.size() > count_) p.resize(count_);
    return p;
  }
  Image decode(Split, std::size_t i) const override { return inner_.decode(Split::Train, i); }
  std::string description() const override {
    return "training photos as valid split: " + inner_.description();
  }

 private:
  SyntheticSource inner_;
  std::size_t count_;
};

std::vector<double> row(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kDouble).contiguous().cpu();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

std::vector<PhotoDiagnosis> diagnose(const TrainerOptions& o, const SampleSource& source,
                                     const fs::path& weights_file, int photos) {
  // The trainer's model: a config file when one exists at that path, else a name.
  model::ModelConfig config = fs::is_regular_file(o.model_config)
                                  ? model::load_model_config(o.model_config)
                                  : model::model_config_by_name(o.model_config);
  if (o.image_size > 0) config.image_size = o.image_size;  // as the trainer does
  model::Sam3Image net(config);
  weights::load_weights(*net, weights_file);
  net->eval();
  torch::NoGradGuard no_grad;
  DatasetOptions d = o.data;
  d.image_size = config.image_size;
  d.mean = config.image_mean;
  d.std = config.image_std;
  d.masks = false;
  const TrainingDataset valid(source, Split::Valid, d);
  const ClipTokenizer tokenizer = ClipTokenizer::from_path(o.vocab);
  const torch::Tensor ids =
      torch::tensor(tokenizer.encode(valid.class_prompts().at(0)), torch::kInt64).unsqueeze(0);
  const model::TextEncoding text = net->encode_text(ids);
  std::vector<PhotoDiagnosis> out;
  for (std::size_t i = 0; i < std::min<std::size_t>(photos, valid.size()); ++i) {
    const TrainSample s = valid.eval_sample(i);
    const model::Sam3Outputs r = net->ground(net->encode_image(s.image.unsqueeze(0)), text);
    const torch::Tensor logits = r.pred_logits[0].squeeze(-1),
                        boxes = r.pred_boxes[0];  // [Q], [Q, 4]
    PhotoDiagnosis p;
    p.presence_logit = r.presence_logit_dec.flatten()[0].item<double>();
    p.logit_std = logits.std().item<double>();
    p.box_std = boxes.std(0).mean().item<double>();
    const torch::Tensor truth = s.queries.at(0).boxes;
    for (std::int64_t k = 0; k < truth.size(0); ++k) p.truth.push_back(row(truth[k]));
    for (std::int64_t q = 0; q < logits.size(0); ++q)
      p.queries.push_back({logits[q].item<double>(), row(boxes[q])});
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

LearningCheckResult run_learning_check(const LearningCheckOptions& options) {
  if (options.threads > 0) torch::set_num_threads(options.threads);
  TrainerOptions o = options.trainer;
  o.checkpoint_every_epochs = 0;  // only the final weights, for the later evaluations
  o.keep_last = 1;
  o.keep_best = false;
  o.weights_fp32 = true;  // evaluate exactly the trained weights
  o.tensorboard = false;
  const SyntheticSource source(options.data, options.valid_photos);
  const fs::path dir =
      options.work_dir.empty()
          ? fs::temp_directory_path() / ("sam3_learning_" + std::to_string(::getpid()))
          : options.work_dir;
  sam3::remove_tree(dir);
  LearningCheckResult result;
  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  auto say = [&](const std::string& line) {
    if (options.on_line) options.on_line(line);
  };
  TrainResult r;
  {
    Trainer trainer(o, source, dir / "train", "# learning check\n");
    TrainCallbacks cb;
    cb.on_step = [&](const TrainProgress& p) {
      if (options.log_every_steps <= 0 || p.step % options.log_every_steps != 0) return;
      std::ostringstream line;
      line << std::fixed << std::setprecision(3) << "step " << p.step << " loss " << p.loss;
      for (const char* t : {"loss_bbox", "loss_giou", "loss_ce", "presence_loss"})
        if (p.terms.count(t)) line << ' ' << t << ' ' << p.terms.at(t);
      say(line.str());
    };
    cb.on_validation = [&](const ValidationReport& v) {
      std::ostringstream line;
      line << std::fixed << std::setprecision(3) << "held-out at step " << v.step << ": bbox AP "
           << v.bbox[0] << " AP50 " << v.bbox[1] << " AR100 " << v.bbox[8];
      say(line.str());
    };
    r = trainer.run(cb);
  }
  if (!r.last_validation || r.step_losses.empty() || r.last_checkpoint.empty()) {
    sam3::remove_tree(dir);
    throw InvalidInput("learning check: the run ended without a final validation and checkpoint");
  }
  result.steps = r.steps;
  result.first_loss = r.step_losses.front();
  result.last_loss = r.step_losses.back();
  result.held_out = *r.last_validation;
  if (options.train_eval_photos > 0) {
    TrainerOptions again = o;
    again.base_weights = r.last_checkpoint;
    const TrainPhotosAsValid own(options.data, static_cast<std::size_t>(options.train_eval_photos));
    Trainer evaluator(again, own, dir / "own", "# learning check: training photos\n");
    result.on_train = evaluator.validate(r.steps, 0);
  }
  if (options.diagnose_photos > 0)
    result.diagnosis = diagnose(o, source, r.last_checkpoint, options.diagnose_photos);
  result.cpu_seconds = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  sam3::remove_tree(dir);
  return result;
}

}  // namespace sam3::train
