#include "core/inference/parity.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/model/inference_dtype.h"
#include "core/model/model_config.h"
#include "core/model/sam3_image.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/named_tensors.h"
#include "core/weights/safetensors.h"
#include "core/weights/state_loader.h"

namespace sam3 {
namespace {

TapDiff compare(const std::string& name, const torch::Tensor& ours, const torch::Tensor& ref) {
  TapDiff d;
  d.name = name;
  d.shape = weights::shape_string(ref);
  auto a = ours.detach().to(torch::kCPU, torch::kDouble).reshape({-1});
  auto b = ref.to(torch::kCPU, torch::kDouble).reshape({-1});
  if (a.numel() != b.numel()) {
    throw ModelError("tap " + name + ": shape " + weights::shape_string(ours) + " but official " +
                     d.shape);
  }
  d.numel = a.numel();
  auto diff = (a - b).abs();
  d.max_abs = d.numel ? diff.max().item<double>() : 0.0;
  d.mean_abs = d.numel ? diff.mean().item<double>() : 0.0;
  d.ref_max_abs = d.numel ? b.abs().max().item<double>() : 0.0;
  const double na = a.norm().item<double>(), nb = b.norm().item<double>();
  d.cosine = (na > 0 && nb > 0) ? (a.dot(b).item<double>() / (na * nb)) : (na == nb ? 1.0 : 0.0);
  return d;
}

std::string config_from_meta(const std::filesystem::path& dir) {
  const auto meta = nlohmann::json::parse(read_file(dir / "meta.json"), nullptr, false);
  if (meta.is_discarded() || !meta.contains("config") || !meta["config"].is_string())
    throw FormatError(dir / "meta.json", "config", "missing model config name");
  return std::filesystem::path(meta["config"].get<std::string>()).stem().string();
}

void compare_detections(const torch::Tensor& ours_scores, const torch::Tensor& ref_scores,
                        const torch::Tensor& ours_masks, const torch::Tensor& ref_masks,
                        ParityReport& r) {
  auto so = ours_scores.to(torch::kCPU, torch::kFloat).reshape({-1});
  auto sr = ref_scores.to(torch::kCPU, torch::kFloat).reshape({-1});
  auto po = so > 0.5, pr = sr > 0.5;
  r.detections_ours = static_cast<int>(po.sum().item<int64_t>());
  r.detections_official = static_cast<int>(pr.sum().item<int64_t>());
  r.detections_common = static_cast<int>((po & pr).sum().item<int64_t>());
  auto mo = ours_masks.to(torch::kCPU).select(0, 0) > 0;  // [Q, h, w]
  auto mr = ref_masks.to(torch::kCPU).select(0, 0) > 0;
  r.mask_pixel_agreement = (mo == mr).to(torch::kDouble).mean().item<double>();
  const auto k = std::min<int64_t>(10, sr.size(0));
  auto top = std::get<1>(sr.topk(k));
  double sum = 0;
  for (int64_t i = 0; i < k; ++i) {
    const auto q = top[i].item<int64_t>();
    const double inter = (mo[q] & mr[q]).sum().item<double>();
    const double uni = (mo[q] | mr[q]).sum().item<double>();
    const double iou = uni > 0 ? inter / uni : 1.0;
    r.min_mask_iou_top = std::min(r.min_mask_iou_top, iou);
    sum += iou;
  }
  if (k > 0) r.mean_mask_iou_top = sum / static_cast<double>(k);
}

}  // namespace

double ParityReport::max_abs(const std::string& tap) const {
  for (const auto& t : taps)
    if (t.name == tap) return t.max_abs;
  return -1;
}

ParityReport run_parity(const ParityOptions& o) {
  const auto& dir = o.fixture_dir;
  const auto config =
      model::model_config_by_name(o.model_config.empty() ? config_from_meta(dir) : o.model_config);
  torch::Device device(o.device);
  if (!o.bf16) {
    // The fixtures ran fp32 with TF32 off (cuBLAS and cuDNN); TF32 convolutions alone move the
    // ViT features by ~1e-3.
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
  }
  model::Sam3Image net(config);
  const auto report = weights::load_weights(*net, o.weights.value_or(dir / "weights.safetensors"));
  {
    torch::NoGradGuard no_grad;
    auto params = net->named_parameters();
    for (const auto& key : report.left_as_initialised)
      if (auto* p = params.find(key)) p->zero_();
  }
  const bool bf16_weights = o.bf16 && o.bf16_weights && device.is_cuda();
  if (bf16_weights) model::cast_matmul_weights_to_bf16(*net);
  net->to(device);
  net->eval();
  net->cuda_bf16_autocast = o.bf16;

  const auto in = weights::read_safetensors(dir / "inputs.safetensors").tensors;
  const auto ref =
      weights::read_safetensors(o.reference.value_or(dir / "outputs.safetensors")).tensors;
  auto get = [&](const weights::NamedTensors& t, const char* k, const std::filesystem::path& f) {
    auto it = t.find(k);
    if (it == t.end()) throw FormatError(f, k, "tensor missing");
    return it->second;
  };
  const auto image = get(in, "image", dir / "inputs.safetensors").to(device, torch::kFloat);
  const auto ids = get(in, "input_ids", dir / "inputs.safetensors").to(device, torch::kLong);
  model::BoxPrompt boxes;
  if (in.count("boxes")) {
    boxes.boxes = in.at("boxes").to(device, torch::kFloat);
    if (in.count("box_labels")) boxes.labels = in.at("box_labels").to(device, torch::kLong);
  }

  model::Taps taps;
  torch::NoGradGuard no_grad;
  net->forward(image, ids, boxes, &taps);

  ParityReport r;
  r.device = o.device;
  r.precision = !(o.bf16 && device.is_cuda()) ? "fp32"
                : bf16_weights                ? "bf16 autocast, bf16 weights"
                                              : "bf16 autocast";
  for (const auto& [name, t] : ref) {
    auto it = taps.find(name);
    if (it == taps.end()) {
      r.missing.push_back(name);
      continue;
    }
    r.taps.push_back(compare(name, it->second, t));
  }
  if (taps.count("scores") && ref.count("scores") && taps.count("pred_masks") &&
      ref.count("pred_masks")) {
    compare_detections(taps.at("scores"), ref.at("scores"), taps.at("pred_masks"),
                       ref.at("pred_masks"), r);
  }
  return r;
}

std::string to_json(const ParityReport& r) {
  nlohmann::ordered_json j;
  j["device"] = r.device;
  j["precision"] = r.precision;
  auto taps = nlohmann::ordered_json::array();
  for (const auto& t : r.taps) {
    taps.push_back({{"tap", t.name},
                    {"shape", t.shape},
                    {"max_abs", t.max_abs},
                    {"mean_abs", t.mean_abs},
                    {"cosine", t.cosine},
                    {"ref_max_abs", t.ref_max_abs}});
  }
  j["taps"] = taps;
  j["missing"] = r.missing;
  j["mask_pixel_agreement"] = r.mask_pixel_agreement;
  j["detections"] = {{"official", r.detections_official},
                     {"ours", r.detections_ours},
                     {"common", r.detections_common}};
  j["min_mask_iou_top10"] = r.min_mask_iou_top;
  j["mean_mask_iou_top10"] = r.mean_mask_iou_top;
  return j.dump(2);
}

}  // namespace sam3
