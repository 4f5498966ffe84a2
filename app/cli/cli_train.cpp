// sam3studio-cli train --print-config
// sam3studio-cli train [--project P | --synthetic N] [--config C.yaml] [--model-config NAME]
//                      [--weights W] [--max-steps N] [--resume RUN] [--run DIR] [--vocab V]
//                      [--device D] [--batch-size B] [--gpus N [--dist-timeout S]]
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
// --gpus N (N > 1): data-parallel training on N GPUs of this host (train_launch.h starts one
// process per GPU with torchrun's environment; NCCL). With --device cpu it means N processes on
// the CPU over Gloo (for testing, it is how the CPU tests run). Under torchrun (RANK and
// WORLD_SIZE set) the process trains as its rank and --gpus is not needed. --batch-size is per
// rank: the global batch is batch size x grad_accumulation x N. Rank 0 alone prints progress and
// the summary and writes the run folder; a rank that fails because a peer died exits with 3.
// --events: progress, validations, messages and errors as JSON lines on stderr instead of text
// (core/train/train_events.h; what the app follows when it trains through the CLI); the summary
// stays on stdout. Errors are then error events (every failing rank writes one) and exit 1.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/train_launch.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/train/distributed.h"
#include "core/train/lora.h"
#include "core/train/train_config.h"
#include "core/train/train_events.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"
#include "core/train/training_session_errors.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/torch_compat.h"
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
  bool print_config = false, events = false;
  std::string config, model_config, weights, resume, run, vocab, device, project;
  std::string merge_adapters, out;
  std::int64_t max_steps = -1;
  int synthetic = 0;
  int gpus = 0, batch_size = 0;
  double dist_timeout = 600;
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
// `report`: say what was found on stderr (rank 0 alone in a data-parallel job).
std::unique_ptr<sam3::train::SampleSource> make_source(const TrainArgs& a,
                                                       const sam3::train::TrainConfig& config,
                                                       bool report) {
  using namespace sam3::train;
  if (!config.data.project.empty()) {
#if defined(SAM3_HAVE_TRAIN_PROJECT) && defined(SAM3STUDIO_HAVE_IMAGEIO)
    auto source = std::make_unique<ProjectSource>(
        config.data.project, config.data.train_split, config.data.val_split,
        [](const std::filesystem::path& file) { return sam3::load_image(file); });
    if (report) std::cerr << source->description() << '\n';
    if (report && source->unlabelled_photos(Split::Train) > 0)
      std::cerr << "note: " << source->unlabelled_photos(Split::Train)
                << " photos of the train split are not labelled yet and are left out\n";
    return source;
#else
    (void)report;
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
  if (a.batch_size > 0) c.train.batch_size = a.batch_size;
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

// --gpus N with N > 1 outside a launched job: can this build and machine run N ranks?
void check_ranks_possible(int gpus, const std::string& device) {
  using sam3::train::DistContext;
  const auto backends = DistContext::available_backends();
  const auto has = [&](const char* name) {
    return std::find(backends.begin(), backends.end(), name) != backends.end();
  };
  const std::string what = "train --gpus " + std::to_string(gpus);
  if (device == "cpu") {
    if (!has("gloo"))
      throw sam3::InvalidInput(what +
                               " --device cpu: this build has no Gloo process group "
                               "(install libgloo-dev and reconfigure)");
    return;
  }
  if (!torch::cuda::is_available())
    throw sam3::InvalidInput(what + ": no CUDA GPU (this LibTorch " +
                             sam3::compat::torch_version() +
                             " build or this machine has none); to run " + std::to_string(gpus) +
                             " processes on the CPU for testing, add --device cpu");
  const auto count = static_cast<int>(torch::cuda::device_count());
  if (count < gpus)
    throw sam3::InvalidInput(
        what + ": only " + std::to_string(count) +
        " CUDA device(s) visible (CUDA_VISIBLE_DEVICES='" +
        (std::getenv("CUDA_VISIBLE_DEVICES") ? std::getenv("CUDA_VISIBLE_DEVICES") : "") + "')");
  if (!has("nccl"))
    throw sam3::InvalidInput(what + ": this LibTorch build has no NCCL process group");
}

int train_as_rank(const TrainArgs& a, const sam3::train::DistEnv& env);
int train_once(const TrainArgs& a, const sam3::train::TrainConfig& config,
               sam3::train::DistContext* dist);

// One line of --events output (whole lines: ranks share the stream).
void emit(const std::string& line) {
  const std::string whole = line + '\n';
  std::fwrite(whole.data(), 1, whole.size(), stderr);
  std::fflush(stderr);
}

// The failure being handled as an error event (--events) or as text. `rank` -1: no rank.
void report_failure(const TrainArgs& a, int rank, const std::string& who, bool peer_failed) {
  const sam3::train::SessionError e = sam3::train::detail::current_error();
  if (a.events)
    emit(sam3::train::error_event(e, rank, peer_failed));
  else
    std::cerr << "error: " << (who.empty() ? "" : who + ": ") << e.message << '\n';
}

int run_train_checked(const TrainArgs& a);

int run_train(const TrainArgs& a) {
  if (!a.events) return run_train_checked(a);
  try {
    return run_train_checked(a);
  } catch (...) {
    report_failure(a, -1, "", false);
    return 1;
  }
}

int run_train_checked(const TrainArgs& a) {
  using namespace sam3::train;
  if (a.print_config) {
    std::cout << default_config_yaml();
    return 0;
  }
  if (!a.merge_adapters.empty()) return merge_lora(a);
  if (a.gpus < 0) throw sam3::InvalidInput("train --gpus: expected a number of GPUs >= 1");
  const DistEnv env = read_dist_env();
  if (env.launched && env.world_size > 1) return train_as_rank(a, env);
  if (a.gpus > 1) sam3::cli::forward_signals_to_ranks();
  const TrainConfig config = load_config(a);
  if (a.gpus > 1) {
    check_ranks_possible(a.gpus, config.device);
    // Every rank must name the same run folder (rank 0 writes it; a resume reads it).
    std::vector<std::string> extra;
    if (a.run.empty() && a.resume.empty())
      extra = {"--run", default_run_dir(config.data.project).string()};
    return sam3::cli::launch_ranks(a.gpus, extra);
  }
  return train_once(a, config, nullptr);
}

// One rank of a data-parallel job: its process group, then the ordinary run with rank 0 alone
// reporting. Errors carry the rank; a peer's failure exits with kPeerFailedExit.
int train_as_rank(const TrainArgs& a, const sam3::train::DistEnv& env) {
  using namespace sam3::train;
  const std::string who =
      "rank " + std::to_string(env.rank) + " of " + std::to_string(env.world_size);
  std::signal(SIGINT, on_sigint);
  try {
    TrainConfig config = load_config(a);
    DistOptions options;
    options.use_cuda = config.device != "cpu";
    options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(a.dist_timeout * 1000));
    if (options.use_cuda) {
      if (!torch::cuda::is_available() ||
          static_cast<int>(torch::cuda::device_count()) <= env.local_rank)
        throw sam3::InvalidInput("train: LOCAL_RANK " + std::to_string(env.local_rank) +
                                 " has no CUDA device (add --device cpu for CPU ranks)");
      config.device = "cuda:" + std::to_string(env.local_rank);
    }
    const std::unique_ptr<DistContext> dist = DistContext::create(env, options);
    // Our launcher starts ranks with SIGINT blocked (a cancel during start-up stays pending); from
    // here it is a cancel: the trainer stops before the first step or after the current one.
    sam3::cli::set_sigint_blocked(false);
    return train_once(a, config, dist.get());
  } catch (const DistributedError&) {
    report_failure(a, env.rank, who, true);
    return sam3::cli::kPeerFailedExit;
  } catch (const sam3::Error&) {
    report_failure(a, env.rank, who, false);
    return 1;
  } catch (const std::exception&) {
    if (!a.events) throw;
    report_failure(a, env.rank, who, false);
    return 1;
  }
}

int train_once(const TrainArgs& a, const sam3::train::TrainConfig& config,
               sam3::train::DistContext* dist) {
  using namespace sam3::train;
  // From here on Ctrl-C (or the launcher passing it on) is a cancel: one that comes while the
  // data and the model load stops before the first step, as the trainer documents.
  std::signal(SIGINT, on_sigint);
  const bool main_rank = dist == nullptr || dist->is_main();
  if ((a.synthetic > 0) == !config.data.project.empty()) {
    std::cerr << "train: give the data: --project P (or data.project in the config) or "
                 "--synthetic N, not both\n";
    return 2;
  }
  std::vector<std::string> notes;
  TrainerOptions options = trainer_options_from_config(config, a.config, &notes);
  if (main_rank)
    for (const auto& n : notes) std::cerr << "note: " << n << '\n';
  options.vocab = !a.vocab.empty() ? std::filesystem::path(a.vocab)
                  : !config.model.weights.empty()
                      ? std::filesystem::path(config.model.weights).parent_path()
                      : std::filesystem::path();
  if (options.vocab.empty()) {
    std::cerr << "train: give --vocab (bpe_simple_vocab_16e6.txt.gz or a model folder)\n";
    return 2;
  }
  const std::unique_ptr<SampleSource> source = make_source(a, config, main_rank);
  const std::filesystem::path run_dir =
      !a.resume.empty()
          ? std::filesystem::path(a.resume)
          : (!a.run.empty() ? std::filesystem::path(a.run) : default_run_dir(config.data.project));
  Trainer trainer(options, *source, run_dir, to_yaml(config), dist);
  TrainCallbacks cb;
  if (main_rank && a.events) {
    cb.on_step = [](const TrainProgress& p) { emit(step_event(p)); };
    cb.on_validation = [](const ValidationReport& v) { emit(validation_event(v)); };
    cb.on_message = [](const std::string& m) { emit(message_event(m)); };
  } else if (main_rank) {
    cb.on_step = print_step;
    cb.on_validation = [](const ValidationReport& v) {
      std::cerr << "validation step " << v.step << " bbox " << nlohmann::json(v.bbox).dump()
                << " segm " << nlohmann::json(v.segm).dump() << '\n';
    };
    cb.on_message = [](const std::string& m) { std::cerr << m << '\n'; };
  }
  if (main_rank && dist && cb.on_message)
    cb.on_message("data-parallel: " + std::to_string(dist->world_size()) + " ranks over " +
                  dist->backend_name() + ", global batch " +
                  std::to_string(trainer.global_batch()));
  cb.cancel_requested = [] { return g_cancel.load(); };
  const TrainResult r = trainer.run(cb, !a.resume.empty());
  std::signal(SIGINT, SIG_DFL);
  if (!main_rank) return 0;
  nlohmann::json out = {{"status", r.status == TrainStatus::Finished ? "finished" : "cancelled"},
                        {"run", run_dir.string()},
                        {"steps", r.steps},
                        {"total_steps", r.total_steps},
                        {"samples_seen", r.samples_seen},
                        {"world_size", dist ? dist->world_size() : 1},
                        {"global_batch", trainer.global_batch()},
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
  sub->add_option("--batch-size", a->batch_size,
                  "Photos per forward on each GPU (train.batch_size)");
  sub->add_option("--gpus", a->gpus,
                  "Data-parallel on N GPUs of this host (one process each; with --device cpu: N "
                  "CPU processes over Gloo)");
  sub->add_option("--dist-timeout", a->dist_timeout,
                  "Seconds a rank waits for the others (rendezvous, collectives, rank 0's "
                  "validation and checkpoint writes) before it fails");
  sub->add_flag("--events", a->events,
                "Progress, validations, messages and errors as JSON lines on stderr (for the app)");
  sub->add_option("--merge-adapters", a->merge_adapters,
                  "Merge a LoRA checkpoint into its base weights (with --out) and exit");
  sub->add_option("--out", a->out, "Output of --merge-adapters (safetensors)");
  return [a] { return run_train(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(train, add_train);
