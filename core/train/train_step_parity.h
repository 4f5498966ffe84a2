#pragma once
// Training-step parity with the official code: one forward in training mode (DAC one-to-many
// queries, auxiliary outputs; dropout and drop-path 0), the matchers, the full loss and one
// backward on a fixture written by tests/reference/make_train_step_fixture.py from the official
// model, then every loss term and every parameter's gradient compared with the official ones.
// Loss values alone (loss_parity) cannot show a missing gradient path or a misplaced
// stop-gradient; this does.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sam3::train {

struct TrainStepParityOptions {
  std::filesystem::path fixture_dir;  // weights / inputs / expected .safetensors + meta.json
  std::string model_config;           // default: the fixture's meta.json "model"
  std::string device = "cpu";
  bool activation_checkpointing = false;  // recompute per block in backward (same gradients)
};

struct GradComparison {
  std::string name;
  double max_abs_diff = 0;  // max |ours - official|
  double official_max = 0;  // max |official|
  double cosine = 1;        // of the flattened gradients (1 when both are zero)
};

struct TrainStepParityReport {
  std::string model_config, device;
  std::map<std::string, double> loss_ours, loss_official;  // by official term name
  std::vector<std::string> terms_only_official, terms_only_ours;
  std::vector<GradComparison> grads;            // every parameter of ours, sorted by name
  std::vector<std::string> grad_only_official;  // official grads we do not produce
  std::vector<std::string> grad_zero_official;  // official grads of exact zeros we do not produce
  std::vector<std::string> grad_only_ours;      // ours that the official has none for
  double grad_norm_ours = 0, grad_norm_official = 0;  // global L2 norms
  // max over parameters of max_abs_diff / max(official_max, scale_floor * global max |official|):
  // relative to the parameter's own gradient, floored at a fraction of the largest gradient so
  // that near-zero gradients compare in absolute terms.
  double worst_grad_rel = 0;
  std::string worst_grad;
  double worst_loss_rel = 0;  // max |ours - official| / max(1, |official|) over the loss terms
  std::string worst_loss;
};

// Throws IoError / FormatError (fixture files), InvalidInput (shapes, unknown model config).
TrainStepParityReport run_train_step_parity(const TrainStepParityOptions& options);

std::string to_json(const TrainStepParityReport& report);

}  // namespace sam3::train
