// sam3studio-cli parity-train: one training step (forward in training mode, matchers, loss,
// backward) of the port against the official code's, on a fixture folder written by
// tests/reference/make_train_step_fixture.py: every loss term and every parameter's gradient.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/cli/commands.h"
#include "core/train/train_step_parity.h"
#include "core/util/atomic_file.h"

namespace {

struct ParityTrainArgs {
  sam3::train::TrainStepParityOptions options;
  std::string json_out;
  double loss_tolerance = 1e-5;
  double grad_tolerance = 1e-4;
  bool all = false;
};

int run_parity_train(const ParityTrainArgs& a) {
  const auto r = sam3::train::run_train_step_parity(a.options);
  std::printf("%-34s %14s %14s %10s\n", "loss term", "ours", "official", "rel diff");
  for (const auto& [term, ours] : r.loss_ours) {
    const double off = r.loss_official.at(term);
    const double rel = std::abs(ours - off) / std::max(1.0, std::abs(off));
    std::printf("%-34s %14.7g %14.7g %10.2e%s\n", term.c_str(), ours, off, rel,
                rel > a.loss_tolerance ? "  FAIL" : "");
  }
  std::printf("\n%-64s %11s %11s %10s\n", "parameter gradient", "max|diff|", "max|off|", "cosine");
  std::size_t shown = 0;
  for (const auto& g : r.grads) {
    const bool bad = g.cosine < 0.9999;
    if (!a.all && !bad) continue;
    ++shown;
    std::printf("%-64s %11.3e %11.3e %10.7f\n", g.name.c_str(), g.max_abs_diff, g.official_max,
                g.cosine);
  }
  if (!a.all)
    std::printf("(%zu of %zu gradients with cosine < 0.9999 shown; --all shows every one)\n", shown,
                r.grads.size());
  for (const auto& t : r.terms_only_official)
    std::printf("term only in the official dict: %s\n", t.c_str());
  for (const auto& t : r.terms_only_ours) std::printf("term only in ours: %s\n", t.c_str());
  for (const auto& n : r.grad_only_official)
    std::printf("gradient only in the official run: %s\n", n.c_str());
  if (!r.grad_zero_official.empty())
    std::printf("%zu official gradients are exact zeros where ours has none (same update)\n",
                r.grad_zero_official.size());
  for (const auto& n : r.grad_only_ours) std::printf("gradient only in ours: %s\n", n.c_str());
  std::printf(
      "\n%s on %s: %zu gradients; global norm ours %.6g, official %.6g; worst gradient %s "
      "(rel %.3e); worst loss term %s (rel %.3e)\n",
      r.model_config.c_str(), r.device.c_str(), r.grads.size(), r.grad_norm_ours,
      r.grad_norm_official, r.worst_grad.c_str(), r.worst_grad_rel, r.worst_loss.c_str(),
      r.worst_loss_rel);
  if (!a.json_out.empty()) sam3::write_file_atomic(a.json_out, sam3::train::to_json(r) + "\n");
  const bool ok = r.worst_loss_rel <= a.loss_tolerance && r.worst_grad_rel <= a.grad_tolerance &&
                  r.terms_only_official.empty() && r.terms_only_ours.empty() &&
                  r.grad_only_official.empty() && r.grad_only_ours.empty();
  return ok ? 0 : 1;
}

sam3::cli::Runner add_parity_train(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<ParityTrainArgs>();
  sub = app.add_subcommand(
      "parity-train", "Compare one training step (losses, every gradient) with the official code");
  sub->add_option("fixture", a->options.fixture_dir,
                  "Fixture folder (weights, inputs, expected .safetensors, meta.json)")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--model-config", a->options.model_config, "Default: the fixture's meta.json");
  sub->add_option("--device", a->options.device, "cpu, cuda, cuda:N")->capture_default_str();
  sub->add_flag("--activation-checkpointing", a->options.activation_checkpointing,
                "Recompute each block in backward (must give the same gradients)");
  sub->add_option("--loss-tolerance", a->loss_tolerance, "max |diff| / max(1, |official|)")
      ->capture_default_str();
  sub->add_option("--grad-tolerance", a->grad_tolerance,
                  "max |diff| / max(max |official|, 1e-3 x largest official gradient)")
      ->capture_default_str();
  sub->add_flag("--all", a->all, "Print every gradient, not only the ones that disagree");
  sub->add_option("--json", a->json_out, "Also write the report as JSON");
  return [a] { return run_parity_train(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(parity_train, add_parity_train);
