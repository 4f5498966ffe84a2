// sam3studio-cli bench: inference latency of the full image model, stage by stage (medians after
// warm-up, device synchronised), and peak CUDA memory. Seeded random weights unless --weights.
#include <iostream>

#include "app/cli/commands.h"
#include "core/inference/bench.h"
#include "core/util/atomic_file.h"

namespace {

struct BenchArgs {
  sam3::BenchOptions options;
  std::string weights;
  std::string json_out;
};

sam3::cli::Runner add_bench(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<BenchArgs>();
  sub = app.add_subcommand("bench", "Time image encoding, text encoding and grounding");
  sub->add_option("--model-config", a->options.model_config, "sam3 or sam3-tiny")
      ->capture_default_str();
  sub->add_option("--weights", a->weights, "Weights file (default: seeded random weights)");
  sub->add_option("--device", a->options.device, "auto, cpu, cuda, cuda:N")->capture_default_str();
  sub->add_flag(
      "--fp32", [a](std::int64_t) { a->options.bf16 = false; }, "fp32 instead of bf16");
  sub->add_option("--warmup", a->options.warmup)->capture_default_str()->check(CLI::Range(0, 1000));
  sub->add_option("--iterations,-n", a->options.iterations)
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  sub->add_option("--json", a->json_out, "Also write the report as JSON");
  return [a] {
    if (!a->weights.empty()) a->options.weights = a->weights;
    const auto report = sam3::run_inference_bench(a->options);
    const auto json = sam3::to_json(report);
    std::cout << json << '\n';
    if (!a->json_out.empty()) sam3::write_file_atomic(a->json_out, json + "\n");
    return 0;
  };
}

}  // namespace

SAM3_CLI_COMMAND(bench, add_bench);
