// sam3studio-cli train --print-config
// sam3studio-cli train [--project P | --synthetic N] [--config C.yaml] [--model-config NAME]
//                      [--weights W] [--max-steps N] [--resume RUN] [--run DIR] [--vocab V]
//                      [--device D]
// Runs the fine-tuning engine (core/train) headless. Data: --project P (or data.project of the
// config) trains on the project store's labelled photos of the data.train_split / data.val_split
// splits (core/train/project_source.h; needs a build with the project store and OpenCV);
// --synthetic N generates N rendered panel photos (and N/4, at least 4, held-out ones). Runs of a
// project go to <P>/runs/<UTC time> unless --run says otherwise. Progress goes to stderr one line
// per step; the summary is JSON on stdout.
// sam3studio-cli train --merge-adapters CHECKPOINT.safetensors --out MERGED.safetensors
//                      [--weights BASE] [--model-config NAME]
// Merges the adapters of a LoRA run's checkpoint into its base weights (from the checkpoint's
// model card unless given) and writes full weights that load as a plain model.
// Ctrl-C finishes the current step, writes a resumable checkpoint and exits 0 ("cancelled").
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/train/lora.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/weights/checkpoint_format.h"
#ifdef SAM3_HAVE_TRAIN_PROJECT
#include "core/train/project_source.h"
#endif
#ifdef SAM3STUDIO_HAVE_IMAGEIO
#include "core/util/image_io.h"
#endif

namespace {

std::atomic<bool> g_cancel{false};
extern "C" void on_sigint(int) {
  g_cancel = true;
}

struct TrainArgs {
  bool print_config = false;
  std::string config, model_config, weights, resume, run, vocab, device, project;
  std::string merge_adapters, out;
  std::int64_t max_steps = -1;
  int synthetic = 0;
};

std::filesystem::path default_run_dir(const std::string& project) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char name[64];
  std::strftime(name, sizeof name, "%Y%m%d-%H%M%S", std::gmtime(&now));
  return (project.empty() ? std::filesystem::path("runs")
                          : std::filesystem::path(project) / "runs") /
         name;
}

// The training data: the project store (--project / data.project) or generated panels.
std::unique_ptr<sam3::train::SampleSource> make_source(const TrainArgs& a,
                                                       const sam3::train::TrainConfig& config) {
  using namespace sam3::train;
  if (!config.data.project.empty()) {
#if defined(SAM3_HAVE_TRAIN_PROJECT) && defined(SAM3STUDIO_HAVE_IMAGEIO)
    auto source = std::make_unique<ProjectSource>(
        config.data.project, config.data.train_split, config.data.val_split,
        [](const std::filesystem::path& file) { return sam3::load_image(file); });
    std::cerr << source->description() << '\n';
    if (source->unlabelled_photos(Split::Train) > 0)
      std::cerr << "note: " << source->unlabelled_photos(Split::Train)
                << " photos of the train split are not labelled yet and are left out\n";
    return source;
#else
    throw sam3::InvalidInput(
        "train --project: this build has no project store or no image decoder (OpenCV); "
        "train with --synthetic N or use a full build");
#endif
  }
  SyntheticOptions data;
  data.seed = config.seed + 1;
  data.num_photos = a.synthetic;
  return std::make_unique<SyntheticSource>(data, std::max(4, a.synthetic / 4));
}

sam3::train::TrainConfig load_config(const TrainArgs& a) {
  using namespace sam3::train;
  TrainConfig c;
  if (!a.resume.empty())
    c = load_train_config(std::filesystem::path(a.resume) / "config.yaml");
  else if (!a.config.empty())
    c = load_train_config(a.config);
  if (!a.model_config.empty()) c.model.config = a.model_config;
  if (!a.weights.empty()) c.model.weights = a.weights;
  if (a.max_steps >= 0) c.train.max_steps = a.max_steps;
  if (!a.device.empty()) c.device = a.device;
  if (!a.project.empty()) c.data.project = a.project;
  validate_train_config(c, a.config.empty() ? "command line" : a.config);
  return c;
}

void print_step(const sam3::train::TrainProgress& p) {
  std::fprintf(stderr, "step %lld/%lld epoch %lld loss %.4f grad_norm %.3g lr %.3g %.2f img/s\n",
               static_cast<long long>(p.step), static_cast<long long>(p.total_steps),
               static_cast<long long>(p.epoch), p.loss, p.grad_norm,
               p.lr.count("transformer") ? p.lr.at("transformer") : 0.0, p.images_per_second);
}

// --merge-adapters: full deployment weights from a LoRA checkpoint and its base weights.
int merge_lora(const TrainArgs& a) {
  namespace fs = std::filesystem;
  if (a.out.empty()) throw sam3::InvalidInput("train --merge-adapters needs --out FILE");
  const fs::path card_file = fs::path(a.merge_adapters).replace_extension(".json");
  const nlohmann::json card = nlohmann::json::parse(sam3::read_file(card_file));
  if (!card.contains("adapters"))
    throw sam3::FormatError(card_file, "adapters", "not the card of a LoRA checkpoint");
  const auto& base = card.at("base_weights");
  sam3::model::Sam3Image model(sam3::model::model_config_by_name(
      a.model_config.empty() ? card.at("model_config").get<std::string>() : a.model_config));
  const std::string weights = !a.weights.empty() ? a.weights
                              : base.value("file", nlohmann::json()).is_string()
                                  ? base.at("file").get<std::string>()
                                  : std::string();
  if (!weights.empty())
    sam3::weights::load_weights(*model, weights);
  else  // the run started from a seeded random initialisation
    sam3::model::init_random_weights(*model, base.at("seed").get<std::uint64_t>());
  const auto merged =
      sam3::train::merge_adapters(*model, sam3::weights::read_safetensors(a.merge_adapters).tensors,
                                  card.at("adapters").at("alpha").get<double>());
  sam3::weights::write_safetensors(a.out, merged, {{"format", "sam3studio"}});
  std::cout << nlohmann::json{{"merged", a.out},
                              {"base", weights.empty() ? "random" : weights},
                              {"tensors", merged.size()}}
                   .dump(2)
            << '\n';
  return 0;
}

int run_train(const TrainArgs& a) {
  using namespace sam3::train;
  if (a.print_config) {
    std::cout << default_config_yaml();
    return 0;
  }
  if (!a.merge_adapters.empty()) return merge_lora(a);
  const TrainConfig config = load_config(a);
  if ((a.synthetic > 0) == !config.data.project.empty()) {
    std::cerr << "train: give the data: --project P (or data.project in the config) or "
                 "--synthetic N, not both\n";
    return 2;
  }
  std::vector<std::string> notes;
  TrainerOptions options = trainer_options_from_config(config, a.config, &notes);
  for (const auto& n : notes) std::cerr << "note: " << n << '\n';
  options.vocab = !a.vocab.empty() ? std::filesystem::path(a.vocab)
                  : !config.model.weights.empty()
                      ? std::filesystem::path(config.model.weights).parent_path()
                      : std::filesystem::path();
  if (options.vocab.empty()) {
    std::cerr << "train: give --vocab (bpe_simple_vocab_16e6.txt.gz or a model folder)\n";
    return 2;
  }
  const std::unique_ptr<SampleSource> source = make_source(a, config);
  const std::filesystem::path run_dir =
      !a.resume.empty()
          ? std::filesystem::path(a.resume)
          : (!a.run.empty() ? std::filesystem::path(a.run) : default_run_dir(config.data.project));
  Trainer trainer(options, *source, run_dir, to_yaml(config));
  TrainCallbacks cb;
  cb.on_step = print_step;
  cb.on_validation = [](const ValidationReport& v) {
    std::cerr << "validation step " << v.step << " bbox " << nlohmann::json(v.bbox).dump()
              << " segm " << nlohmann::json(v.segm).dump() << '\n';
  };
  cb.on_message = [](const std::string& m) { std::cerr << m << '\n'; };
  cb.cancel_requested = [] { return g_cancel.load(); };
  std::signal(SIGINT, on_sigint);
  const TrainResult r = trainer.run(cb, !a.resume.empty());
  std::signal(SIGINT, SIG_DFL);
  nlohmann::json out = {{"status", r.status == TrainStatus::Finished ? "finished" : "cancelled"},
                        {"run", run_dir.string()},
                        {"steps", r.steps},
                        {"total_steps", r.total_steps},
                        {"last_checkpoint", r.last_checkpoint.string()}};
  if (r.last_validation)
    out["validation"] = {{"bbox", r.last_validation->bbox}, {"segm", r.last_validation->segm}};
  std::cout << out.dump(2) << '\n';
  return 0;
}

sam3::cli::Runner add_train(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<TrainArgs>();
  sub = app.add_subcommand("train", "Fine-tune SAM3 (or train sam3-tiny from scratch)");
  sub->add_flag("--print-config", a->print_config, "Print the complete default config and exit");
  sub->add_option("--config", a->config, "Training config YAML (strict)");
  sub->add_option("--model-config", a->model_config, "Model config name or YAML (sam3, sam3-tiny)");
  sub->add_option("--weights", a->weights, "Base weights; none = seeded random initialisation");
  sub->add_option("--max-steps", a->max_steps, "Stop after N optimizer steps in total");
  sub->add_option("--resume", a->resume, "Continue the run folder RUN from its last checkpoint");
  sub->add_option("--project", a->project, "Train on this project's labelled photos");
  sub->add_option("--synthetic", a->synthetic, "Train on N generated panel photos");
  sub->add_option("--run", a->run, "Run folder (default runs/<UTC time>)");
  sub->add_option("--vocab", a->vocab, "CLIP BPE vocabulary (default: the weights' folder)");
  sub->add_option("--device", a->device, "auto, cpu, cuda or cuda:N");
  sub->add_option("--merge-adapters", a->merge_adapters,
                  "Merge a LoRA checkpoint into its base weights (with --out) and exit");
  sub->add_option("--out", a->out, "Output of --merge-adapters (safetensors)");
  return [a] { return run_train(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(train, add_train);
