// sam3studio-cli parity: compare the port with the official code on a fixture folder
// (tests/reference/make_parity_fixtures.py) and print max-abs, mean-abs and cosine per tap.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/inference/parity.h"
#include "core/util/atomic_file.h"

namespace {

struct ParityArgs {
  sam3::ParityOptions options;
  std::string weights;
  std::string reference;
  std::string json_out;
  double tolerance = 1e-4;
  double mask_agreement = 0.999;
};

int run_parity(ParityArgs& a) {
  if (!a.weights.empty()) a.options.weights = a.weights;
  if (!a.reference.empty()) a.options.reference = a.reference;
  const auto r = sam3::run_parity(a.options);
  std::printf("%-26s %-22s %12s %12s %10s\n", "tap", "shape", "max_abs", "mean_abs", "cosine");
  bool ok = true;
  for (const auto& t : r.taps) {
    const bool tap_ok = r.precision != "fp32" || t.max_abs <= a.tolerance;
    ok &= tap_ok;
    std::printf("%-26s %-22s %12.3e %12.3e %10.7f%s\n", t.name.c_str(), t.shape.c_str(), t.max_abs,
                t.mean_abs, t.cosine, tap_ok ? "" : "  FAIL");
  }
  for (const auto& m : r.missing) std::printf("%-26s (not produced by the port)\n", m.c_str());
  std::printf(
      "device %s, %s; mask sign agreement %.6f; detections > 0.5: official %d, ours %d, "
      "common %d; mask IoU over the official top-10 queries: min %.4f, mean %.4f\n",
      r.device.c_str(), r.precision.c_str(), r.mask_pixel_agreement, r.detections_official,
      r.detections_ours, r.detections_common, r.min_mask_iou_top, r.mean_mask_iou_top);
  ok &= r.mask_pixel_agreement >= a.mask_agreement;
  if (!a.json_out.empty()) sam3::write_file_atomic(a.json_out, sam3::to_json(r) + "\n");
  return ok ? 0 : 1;
}

sam3::cli::Runner add_parity(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<ParityArgs>();
  sub = app.add_subcommand("parity", "Compare the port with official-code fixtures, tap by tap");
  sub->add_option("fixture", a->options.fixture_dir, "Fixture folder (weights, inputs, outputs)")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--model-config", a->options.model_config, "Default: the fixture's meta.json");
  sub->add_option("--weights", a->weights, "The same weights in another layout (HF, sam3.pt)");
  sub->add_option("--reference", a->reference,
                  "Official outputs to compare with (default: the fixture's outputs.safetensors; "
                  "outputs_bf16.safetensors holds the official bf16-autocast run)")
      ->check(CLI::ExistingFile);
  sub->add_option("--device", a->options.device, "cpu, cuda, cuda:N")->capture_default_str();
  sub->add_flag("--bf16", a->options.bf16, "bf16 autocast on CUDA");
  sub->add_flag("--bf16-weights", a->options.bf16_weights,
                "With --bf16: Linear/conv weights stored in bf16 (as predict runs)");
  sub->add_option("--tolerance", a->tolerance, "fp32 max-abs tolerance per tap")
      ->capture_default_str();
  sub->add_option("--mask-agreement", a->mask_agreement, "Minimum mask sign agreement")
      ->capture_default_str();
  sub->add_option("--json", a->json_out, "Also write the report as JSON");
  return [a] { return run_parity(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(parity, add_parity);
