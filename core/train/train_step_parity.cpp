#include "core/train/train_step_parity.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/model/model_config.h"
#include "core/model/sam3_image.h"
#include "core/train/losses.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/safetensors.h"

namespace sam3::train {
namespace {

// Gradients smaller than this fraction of the largest one compare in absolute terms.
constexpr double kScaleFloor = 1e-3;

nlohmann::json read_meta(const std::filesystem::path& dir) {
  const auto file = dir / "meta.json";
  const auto meta = nlohmann::json::parse(read_file(file), nullptr, false);
  if (meta.is_discarded() || !meta.is_object())
    throw FormatError(file, "top level", "not a JSON object");
  return meta;
}

torch::Tensor need(const weights::NamedTensors& t, const std::string& key,
                   const std::filesystem::path& file) {
  auto it = t.find(key);
  if (it == t.end()) throw FormatError(file, key, "tensor missing");
  return it->second;
}

// The fixture's packed targets: boxes [N, 4] cxcywh, num_boxes [B], masks [N, S, S].
TargetBatch fixture_targets(const weights::NamedTensors& in, const std::filesystem::path& file,
                            const torch::Device& device) {
  TargetBatch t;
  t.boxes = need(in, "boxes", file).to(device, torch::kFloat);
  const auto counts = need(in, "num_boxes", file).to(torch::kCPU, torch::kLong).contiguous();
  for (int64_t i = 0; i < counts.numel(); ++i) t.num_boxes.push_back(counts[i].item<int64_t>());
  t.masks = need(in, "masks", file).to(device, torch::kFloat);
  t.validate();
  return t;
}

GradComparison compare_grad(const std::string& name, const torch::Tensor& ours,
                            const torch::Tensor& official) {
  GradComparison g;
  g.name = name;
  const auto a = ours.detach().to(torch::kCPU, torch::kDouble).reshape({-1});
  const auto b = official.to(torch::kCPU, torch::kDouble).reshape({-1});
  if (a.numel() != b.numel())
    throw ModelError("gradient of " + name + ": " + std::to_string(a.numel()) +
                     " elements but the official one has " + std::to_string(b.numel()));
  if (a.numel() == 0) return g;
  g.max_abs_diff = (a - b).abs().max().item<double>();
  g.official_max = b.abs().max().item<double>();
  const double na = a.norm().item<double>(), nb = b.norm().item<double>();
  g.cosine = (na > 0 && nb > 0) ? a.dot(b).item<double>() / (na * nb) : (na == nb ? 1.0 : 0.0);
  return g;
}

}  // namespace

TrainStepParityReport run_train_step_parity(const TrainStepParityOptions& o) {
  const auto& dir = o.fixture_dir;
  const auto meta = read_meta(dir);
  TrainStepParityReport r;
  r.model_config = o.model_config;
  if (r.model_config.empty()) {
    if (!meta.contains("model") || !meta["model"].is_string())
      throw FormatError(dir / "meta.json", "model", "missing model config name");
    r.model_config = meta["model"].get<std::string>();
  }
  r.device = o.device;
  model::ModelConfig config = model::model_config_by_name(r.model_config);
  // Deterministic training forward: the fixture ran with every dropout and drop-path at 0.
  config.vision.drop_path_rate = 0;
  config.geometry.dropout = config.encoder.dropout = config.decoder.dropout = 0;
  config.scoring.dropout = 0;

  const torch::Device device(o.device);
  at::globalContext().setAllowTF32CuBLAS(false);
  at::globalContext().setAllowTF32CuDNN(false);
  model::Sam3Image net(config);
  weights::load_weights(*net, dir / "weights.safetensors");
  net->to(device);
  net->cuda_bf16_autocast = false;  // the fixture is an fp32 run (TF32 off)
  net->train();
  net->set_activation_checkpointing(o.activation_checkpointing);

  const auto in_file = dir / "inputs.safetensors";
  const auto in = weights::read_safetensors(in_file).tensors;
  const auto images = need(in, "images", in_file).to(device, torch::kFloat);
  const auto ids = need(in, "input_ids", in_file).to(device, torch::kLong);
  const TargetBatch targets = fixture_targets(in, in_file, device);
  const int64_t B = images.size(0);
  if (targets.batch_size() != B || ids.size(0) != 1)
    throw FormatError(in_file, "num_boxes / input_ids",
                      "expected one prompt for all " + std::to_string(B) + " photos");

  // As Trainer::Impl::forward_loss: one image encoding, the prompt repeated per photo.
  const auto one = torch::zeros({B}, torch::TensorOptions().dtype(torch::kLong).device(device));
  model::ImageState image = net->encode_image(images);
  model::TextEncoding text = net->encode_text(ids);
  text.language_features = text.language_features.index_select(1, one);
  text.language_mask = text.language_mask.index_select(0, one);
  if (text.language_embeds.defined())
    text.language_embeds = text.language_embeds.index_select(1, one);
  const model::Sam3Outputs out = net->ground(image, text);

  LossOptions loss_options;
  const auto& lm = meta.value("loss", nlohmann::json::object());
  loss_options.mask_loss = lm.contains("mask");
  const LossResult loss = sam3_loss(out, targets, loss_options);
  loss.total.backward();

  const auto exp_file = dir / "expected.safetensors";
  const auto expected = weights::read_safetensors(exp_file).tensors;
  auto record_loss = [&](const std::string& term, double ours) {
    const auto it = expected.find("loss." + term);
    if (it == expected.end()) {
      r.terms_only_ours.push_back(term);
      return;
    }
    const double off = it->second.to(torch::kDouble).item<double>();
    r.loss_ours[term] = ours;
    r.loss_official[term] = off;
    const double rel = std::abs(ours - off) / std::max(1.0, std::abs(off));
    if (rel >= r.worst_loss_rel) r.worst_loss_rel = rel, r.worst_loss = term;
  };
  for (const auto& [term, value] : loss.terms) record_loss(term, value.item<double>());
  record_loss("core_loss", loss.total.item<double>());
  for (const auto& [key, value] : expected) {
    if (key.rfind("loss.", 0) != 0) continue;
    const std::string term = key.substr(5);
    // Metrics of the official dict, not losses.
    if (term.rfind("ce_f1", 0) == 0 || term.rfind("presence_dec_acc", 0) == 0) continue;
    if (!r.loss_official.count(term)) r.terms_only_official.push_back(term);
  }

  double off_global_max = 0, n_ours = 0, n_off = 0;
  for (const auto& [key, g] : expected)
    if (key.rfind("grad.", 0) == 0) {
      off_global_max = std::max(off_global_max, g.abs().max().item<double>());
      n_off += g.to(torch::kDouble).pow(2).sum().item<double>();
    }
  for (const auto& p : net->named_parameters()) {
    const auto& grad = p.value().grad();
    const auto it = expected.find("grad." + p.key());
    if (!grad.defined()) {
      // An official gradient of exact zeros (e.g. the box-prompt projections on empty box sets)
      // is the same as none.
      if (it != expected.end()) {
        if (it->second.abs().max().item<double>() == 0)
          r.grad_zero_official.push_back(p.key());
        else
          r.grad_only_official.push_back(p.key());
      }
      continue;
    }
    n_ours += grad.to(torch::kDouble).pow(2).sum().item<double>();
    if (it == expected.end()) {
      r.grad_only_ours.push_back(p.key());
      continue;
    }
    GradComparison g = compare_grad(p.key(), grad, it->second);
    const double rel = g.max_abs_diff / std::max(g.official_max, kScaleFloor * off_global_max);
    if (rel >= r.worst_grad_rel) r.worst_grad_rel = rel, r.worst_grad = g.name;
    r.grads.push_back(std::move(g));
  }
  for (const auto& [key, g] : expected)
    if (key.rfind("grad.", 0) == 0 && !net->named_parameters().contains(key.substr(5)))
      r.grad_only_official.push_back(key.substr(5));
  r.grad_norm_ours = std::sqrt(n_ours);
  r.grad_norm_official = std::sqrt(n_off);
  std::sort(r.grads.begin(), r.grads.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return r;
}

std::string to_json(const TrainStepParityReport& r) {
  nlohmann::ordered_json j;
  j["model_config"] = r.model_config;
  j["device"] = r.device;
  j["worst_loss_rel"] = r.worst_loss_rel;
  j["worst_loss"] = r.worst_loss;
  j["worst_grad_rel"] = r.worst_grad_rel;
  j["worst_grad"] = r.worst_grad;
  j["grad_norm_ours"] = r.grad_norm_ours;
  j["grad_norm_official"] = r.grad_norm_official;
  j["terms_only_official"] = r.terms_only_official;
  j["terms_only_ours"] = r.terms_only_ours;
  j["grad_only_official"] = r.grad_only_official;
  j["grad_only_ours"] = r.grad_only_ours;
  j["grad_zero_official"] = r.grad_zero_official;
  for (const auto& [k, v] : r.loss_ours)
    j["losses"][k] = {{"ours", v}, {"official", r.loss_official.at(k)}};
  for (const auto& g : r.grads)
    j["grads"][g.name] = {
        {"max_abs_diff", g.max_abs_diff}, {"official_max", g.official_max}, {"cosine", g.cosine}};
  return j.dump(1);
}

}  // namespace sam3::train
