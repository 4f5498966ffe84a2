#include "core/inference/bench.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/inference/runtime_info.h"
#include "core/model/model_config.h"
#include "core/model/postprocess.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/util/torch_compat.h"
#include "core/weights/checkpoint_format.h"

#ifdef SAM3_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace sam3 {
namespace {

void sync(const torch::Device& d) {
  if (d.is_cuda()) {
#ifdef SAM3_WITH_CUDA
    torch::cuda::synchronize(d.index());
#endif
  }
}

BenchStage time_stage(const std::string& name, const torch::Device& d, int warmup, int n,
                      const std::function<void()>& fn) {
  for (int i = 0; i < warmup; ++i) fn();
  sync(d);
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    sync(d);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {name, ms[ms.size() / 2], ms.front(), ms.back()};
}

void reset_peak(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(d.index());
#else
  (void)d;
#endif
}

std::int64_t peak_bytes(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(d.index());
    return stats.allocated_bytes[0].peak;  // index 0: the aggregate over pool types
  }
#else
  (void)d;
#endif
  return -1;
}

}  // namespace

BenchReport run_inference_bench(const BenchOptions& o) {
  BenchReport r;
  torch::Device device = o.device == "auto"
                             ? (torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                                            : torch::Device(torch::kCPU))
                             : torch::Device(o.device);
  if (device.is_cuda() && !device.has_index()) device = torch::Device(torch::kCUDA, 0);
  const auto config = model::model_config_by_name(o.model_config);
  r.model = config.name;
  r.image_size = config.image_size;
  r.device =
      device.is_cuda() ? "cuda:" + std::to_string(device.index() < 0 ? 0 : device.index()) : "cpu";
  r.precision = device.is_cuda() && o.bf16 ? "bf16 autocast" : "fp32";
  r.torch_version = compat::torch_version();
  const auto rt = runtime_info();
  r.device_name = device.is_cuda() && !rt.gpus.empty() ? rt.gpus[0].name : "CPU";

  torch::NoGradGuard no_grad;
  model::Sam3Image net(config);
  const auto t0 = std::chrono::steady_clock::now();
  if (o.weights) {
    weights::load_weights(*net, *o.weights);
  } else {
    model::init_random_weights(*net, 0);
  }
  net->to(device);
  sync(device);
  r.weights_load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  net->eval();
  net->cuda_bf16_autocast = o.bf16;

  const int s = config.image_size;
  auto gen = at::detail::createCPUGenerator(1);
  auto image = (at::rand({1, 3, s, s}, gen) * 2 - 1).to(device);
  auto ids = torch::zeros({1, 32}, torch::kLong);
  const std::vector<int64_t> fuse_cutout{49406, 23386, 45016, 49407};  // "fuse cutout"
  for (std::size_t i = 0; i < fuse_cutout.size(); ++i)
    ids[0][static_cast<int64_t>(i)] = fuse_cutout[i];
  ids = ids.to(device);
  const model::OriginalSize size{s, s};

  reset_peak(device);
  auto image_state = net->encode_image(image);
  auto text_state = net->encode_text(ids);
  auto ground = [&] {
    auto out = net->ground(image_state, text_state);
    model::postprocess(out.pred_logits, out.presence_logit_dec, out.pred_boxes, out.pred_masks,
                       {size});
  };
  r.stages.push_back(time_stage("image_encode", device, o.warmup, o.iterations,
                                [&] { image_state = net->encode_image(image); }));
  r.stages.push_back(time_stage("text_encode", device, o.warmup, o.iterations,
                                [&] { text_state = net->encode_text(ids); }));
  r.stages.push_back(time_stage("ground_cached_text", device, o.warmup, o.iterations, ground));
  r.stages.push_back(
      time_stage("encode_image_and_ground_cached_text", device, o.warmup, o.iterations, [&] {
        image_state = net->encode_image(image);
        ground();
      }));
  r.stages.push_back(time_stage("full_predict", device, o.warmup, o.iterations, [&] {
    image_state = net->encode_image(image);
    text_state = net->encode_text(ids);
    ground();
  }));
  r.peak_memory_bytes = peak_bytes(device);
  return r;
}

std::string to_json(const BenchReport& r) {
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["image_size"] = r.image_size;
  j["device"] = r.device;
  j["device_name"] = r.device_name;
  j["precision"] = r.precision;
  j["libtorch"] = r.torch_version;
  j["weights_load_ms"] = r.weights_load_ms;
  auto stages = nlohmann::ordered_json::array();
  for (const auto& s : r.stages)
    stages.push_back({{"stage", s.name},
                      {"median_ms", s.median_ms},
                      {"min_ms", s.min_ms},
                      {"max_ms", s.max_ms}});
  j["stages"] = stages;
  j["peak_memory_gib"] = r.peak_memory_bytes < 0
                             ? nlohmann::ordered_json()
                             : nlohmann::ordered_json(r.peak_memory_bytes / 1073741824.0);
  return j.dump(2);
}

}  // namespace sam3
