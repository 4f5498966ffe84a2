// sam3studio-cli bench: inference regions of the full image model (weights load, image encode,
// each prompt with text cached or not, full predict, images/s, peak GPU memory per region) and,
// with --train, the training step per memory mode at batch 1 and the largest batch that fits.
// Output: one JSON object {"inference": {...} | null, "train": {...} | null} on stdout (and to
// --json). Field meanings: core/inference/bench.h and core/train/train_bench.h; the official
// counterpart is tests/reference/official_bench.py.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/inference/bench.h"
#include "core/inference/runtime_info.h"
#include "core/train/train_bench.h"
#include "core/util/atomic_file.h"

namespace {

struct BenchArgs {
  sam3::BenchOptions options;
  sam3::train::TrainBenchOptions train;
  std::string weights, json_out, load_fp32, load_bf16, vocab, train_config, work_dir;
  std::vector<std::string> modes;
  bool no_load = false, with_train = false, train_only = false;
};

void add_train_options(CLI::App* sub, const std::shared_ptr<BenchArgs>& a) {
  sub->add_flag("--train", a->with_train, "Also time training steps per memory mode");
  sub->add_flag("--train-only", a->train_only, "Time training steps only (implies --train)");
  sub->add_option("--vocab", a->vocab, "CLIP BPE vocabulary (file or folder); needed by --train");
  sub->add_option("--train-config", a->train_config, "Training YAML the modes apply on top of");
  sub->add_option("--train-mode", a->modes,
                  "Memory mode NAME or NAME:key=value,... (training config keys); repeatable; "
                  "replaces the built-in list (full, full_no_checkpointing, frozen_text, "
                  "frozen_text_trunk, lora, fp16)");
  sub->add_option("--train-warmup", a->train.warmup, "Untimed steps per batch size")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  sub->add_option("--train-iterations", a->train.iterations, "Timed steps per batch size")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  sub->add_option("--train-max-batch", a->train.max_batch,
                  "Largest batch tried when doubling (0: 64 on CUDA, 1 on CPU)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  sub->add_option("--train-photos", a->train.photos, "Bench photos in the train split")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  sub->add_option("--work-dir", a->work_dir, "Where the temporary run folders go");
}

int run_bench(BenchArgs& a) {
  nlohmann::ordered_json out;
  out["inference"] = nullptr;
  out["train"] = nullptr;
  if (!a.weights.empty()) a.options.weights = a.weights;
  if (!a.load_fp32.empty()) a.options.load_fp32 = a.load_fp32;
  if (!a.load_bf16.empty()) a.options.load_bf16 = a.load_bf16;
  a.options.time_loads = !a.no_load;
  if (!a.train_only)
    out["inference"] =
        nlohmann::ordered_json::parse(sam3::to_json(sam3::run_inference_bench(a.options)));
  if (a.with_train || a.train_only) {
    auto& t = a.train;
    t.model_config = a.options.model_config;
    t.weights = a.weights;
    t.vocab = a.vocab;
    t.base_config = a.train_config;
    t.device = a.options.device;
    t.work_dir = a.work_dir;
    t.on_progress = [](const std::string& line) { std::cerr << line << std::endl; };
    for (const auto& spec : a.modes) t.modes.push_back(sam3::train::parse_train_bench_mode(spec));
    auto train = sam3::train::to_json(sam3::train::run_train_bench(t));
    const auto rt = sam3::runtime_info();
    train["device_name"] = train["device"] != "cpu" && !rt.gpus.empty() ? rt.gpus[0].name : "CPU";
    out["train"] = train;
  }
  const auto json = out.dump(2);
  std::cout << json << '\n';
  if (!a.json_out.empty()) sam3::write_file_atomic(a.json_out, json + "\n");
  return 0;
}

sam3::cli::Runner add_bench(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<BenchArgs>();
  sub = app.add_subcommand("bench", "Time inference regions and training steps (JSON)");
  sub->add_option("--model-config", a->options.model_config, "sam3 or sam3-tiny")
      ->capture_default_str();
  sub->add_option("--weights", a->weights, "Weights file (default: seeded random weights)");
  sub->add_option("--device", a->options.device, "auto, cpu, cuda, cuda:N")->capture_default_str();
  sub->add_flag(
      "--fp32", [a](std::int64_t) { a->options.bf16 = false; }, "Inference in fp32, not bf16");
  sub->add_flag(
      "--fp32-weights", [a](std::int64_t) { a->options.bf16_weights = false; },
      "With bf16: keep fp32 weights under autocast (the app stores them in bf16)");
  sub->add_option("--warmup", a->options.warmup)->capture_default_str()->check(CLI::Range(0, 1000));
  sub->add_option("--iterations,-n", a->options.iterations)
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  sub->add_option("--load-fp32", a->load_fp32, "Weights file timed as load_fp32");
  sub->add_option("--load-bf16", a->load_bf16, "Weights file timed as load_bf16");
  sub->add_flag("--no-load", a->no_load, "Skip the weights-load regions");
  sub->add_option("--load-iterations", a->options.load_iterations)
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  add_train_options(sub, a);
  sub->add_option("--json", a->json_out, "Also write the report to this file");
  return [a] { return run_bench(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(bench, add_bench);
