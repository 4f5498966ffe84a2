// sam3studio-cli learning --recipe R.yaml --vocab V [--seed S] [--steps N] [--threads N]
//     [--device D] [--photos N] [--train-eval N] [--diagnose K] [--work-dir D]
// The held-out learning check of issue 6 (core/train/learning_check.h) with one recipe: trains
// from scratch on the synthetic learning panels and prints one JSON object: held-out and
// train-photo bbox stats, steps, CPU and wall seconds, first and last loss, and with --diagnose
// every query's logit and box on K held-out photos (constant scores or boxes show a collapse).
// Progress lines go to stderr. Recipe sweeps: tests/reference/learning_sweep_gpu.sh.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/train/learning_check.h"
#include "core/train/train_config.h"
#include "core/train/trainer_options.h"

namespace {

struct LearningArgs {
  std::string recipe, vocab, device, work_dir;
  std::int64_t steps = 0, seed = -1;
  int threads = 1, photos = 0, train_eval = 32, diagnose = 0;
};

int run_learning(const LearningArgs& a) {
  using namespace sam3::train;
  LearningCheckOptions o;
  o.threads = a.threads;
  o.trainer = trainer_options_from_config(load_train_config(a.recipe), a.recipe);
  o.trainer.vocab = a.vocab;
  if (a.steps > 0) o.trainer.max_steps = a.steps;
  if (a.seed >= 0) o.trainer.seed = static_cast<std::uint64_t>(a.seed);
  if (!a.device.empty()) o.trainer.device = a.device;
  if (a.photos > 0) o.data.num_photos = a.photos;
  o.train_eval_photos = a.train_eval;
  o.diagnose_photos = a.diagnose;
  o.work_dir = a.work_dir;
  o.on_line = [](const std::string& line) { std::cerr << line << std::endl; };
  const LearningCheckResult r = run_learning_check(o);
  nlohmann::ordered_json out = {{"recipe", a.recipe},
                                {"seed", o.trainer.seed},
                                {"steps", r.steps},
                                {"batch_size", o.trainer.batch_size},
                                {"threads", a.threads},
                                {"cpu_seconds", r.cpu_seconds},
                                {"wall_seconds", r.wall_seconds},
                                {"first_loss", r.first_loss},
                                {"last_loss", r.last_loss},
                                {"heldout_bbox", r.held_out.bbox},
                                {"heldout_AP50", r.held_out.bbox[1]}};
  if (r.on_train) {
    out["train_bbox"] = r.on_train->bbox;
    out["train_AP50"] = r.on_train->bbox[1];
  }
  nlohmann::ordered_json photos = nlohmann::ordered_json::array();
  for (const PhotoDiagnosis& p : r.diagnosis) {
    nlohmann::ordered_json queries = nlohmann::ordered_json::array();
    for (const QueryDiagnosis& q : p.queries)
      queries.push_back({{"logit", q.logit}, {"box", q.box}});
    photos.push_back({{"presence_logit", p.presence_logit},
                      {"logit_std", p.logit_std},
                      {"box_std", p.box_std},
                      {"truth", p.truth},
                      {"queries", queries}});
  }
  if (!photos.empty()) out["diagnosis"] = photos;
  std::cout << out.dump() << std::endl;
  return 0;
}

sam3::cli::Runner add_learning(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<LearningArgs>();
  sub = app.add_subcommand(
      "learning", "Train a recipe from scratch on synthetic panels; held-out bbox AP (JSON)");
  sub->add_option("--recipe", a->recipe, "Training config YAML (strict)")->required();
  sub->add_option("--vocab", a->vocab, "CLIP BPE vocabulary (file or folder)")->required();
  sub->add_option("--steps", a->steps, "Override train.max_steps");
  sub->add_option("--seed", a->seed, "Override the seed");
  sub->add_option("--device", a->device, "Override the device (cpu, cuda, cuda:N)");
  sub->add_option("--threads", a->threads, "CPU threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->add_option("--photos", a->photos, "Training photos (default 256)")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--train-eval", a->train_eval, "Also evaluate on this many training photos")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  sub->add_option("--diagnose", a->diagnose, "Describe every query on K held-out photos")
      ->check(CLI::Range(0, 1000));
  sub->add_option("--work-dir", a->work_dir, "Temporary run folder (removed at the end)");
  return [a] { return run_learning(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(learning, add_learning);
