#include "core/inference/bench.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "core/inference/runtime_info.h"
#include "core/model/skip_init.h"
#include "core/model/inference_dtype.h"
#include "core/model/model_config.h"
#include "core/model/postprocess.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/util/torch_compat.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/safetensors.h"
#include "core/weights/state_loader.h"

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

void reset_peak(const torch::Device& d);
std::int64_t peak_bytes(const torch::Device& d);

// warmup + n runs of fn; peak statistics reset before the warm-up.
BenchStage time_stage(const std::string& name, const torch::Device& d, int warmup, int n,
                      const std::function<void()>& fn) {
  sync(d);
  reset_peak(d);
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
  return {name, ms[ms.size() / 2], ms.front(), ms.back(), peak_bytes(d), {}};
}

void reset_peak(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(d.index());
#else
  (void)d;
#endif
}

// Index 0 of the stat arrays: the aggregate over pool types.
std::int64_t peak_bytes(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda())
    return c10::cuda::CUDACachingAllocator::getDeviceStats(d.index()).allocated_bytes[0].peak;
#else
  (void)d;
#endif
  return -1;
}

std::int64_t current_bytes(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda())
    return c10::cuda::CUDACachingAllocator::getDeviceStats(d.index()).allocated_bytes[0].current;
#else
  (void)d;
#endif
  return -1;
}

// The module's weights as a safetensors file of `dtype` (floating tensors converted).
void write_weights(const torch::nn::Module& module, const std::filesystem::path& file,
                   torch::ScalarType dtype) {
  weights::NamedTensors out;
  for (const auto& [k, t] : weights::module_state(module))
    out[k] = t.is_floating_point() ? t.detach().to(torch::kCPU, dtype) : t.detach().cpu();
  weights::write_safetensors(file, out);
}

// load_fp32 / load_bf16: each file read and copied into the model on the device.
void time_loads(const BenchOptions& o, model::Sam3Image& net, const torch::Device& device,
                std::vector<BenchStage>& stages) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("sam3_bench_weights_" + std::to_string(::getpid()));
  std::vector<std::pair<std::string, std::filesystem::path>> files;
  if (o.load_fp32) files.emplace_back("load_fp32", *o.load_fp32);
  if (o.load_bf16) files.emplace_back("load_bf16", *o.load_bf16);
  if (files.empty()) {
    std::filesystem::create_directories(dir);
    files = {{"load_fp32", dir / "weights_fp32.safetensors"},
             {"load_bf16", dir / "weights_bf16.safetensors"}};
    write_weights(*net, files[0].second, torch::kFloat);
    write_weights(*net, files[1].second, torch::kBFloat16);
  }
  for (const auto& [name, file] : files) {
    auto stage = time_stage(name, device, 1, o.load_iterations,
                            [&, f = file] { weights::load_weights(*net, f); });
    stage.file = file.string();
    stages.push_back(stage);
  }
  sam3::remove_tree(dir);
}

}  // namespace

BenchReport run_inference_bench(const BenchOptions& o) {
  if (o.warmup < 0 || o.iterations < 1 || o.load_iterations < 1)
    throw InvalidInput("bench: warmup >= 0, iterations >= 1 and load iterations >= 1 expected");
  BenchReport r;
  torch::Device device = o.device == "auto"
                             ? (torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                                            : torch::Device(torch::kCPU))
                             : torch::Device(o.device);
  if (device.is_cuda() && !device.has_index()) device = torch::Device(torch::kCUDA, 0);
  const auto config = model::model_config_by_name(o.model_config);
  r.model = config.name;
  r.image_size = config.image_size;
  r.device = device.str();
  const bool bf16_weights = device.is_cuda() && o.bf16 && o.bf16_weights;
  r.precision = bf16_weights                 ? "bf16 autocast, bf16 weights"
                : device.is_cuda() && o.bf16 ? "bf16 autocast"
                                             : "fp32";
  r.torch_version = compat::torch_version();
  const auto rt = runtime_info();
  r.device_name = device.is_cuda() && !rt.gpus.empty() ? rt.gpus[0].name : "CPU";

  torch::NoGradGuard no_grad;
  model::Sam3Image net = [&] {
    const model::SkipInit skip;  // every parameter is loaded or drawn below
    return model::Sam3Image(config);
  }();
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
  if (o.time_loads) time_loads(o, net, device, r.stages);  // into the fp32 model, as a load is
  if (bf16_weights) model::cast_matmul_weights_to_bf16(*net);
  sync(device);
  r.weights_memory_bytes = current_bytes(device);

  const int s = config.image_size;
  auto gen = at::detail::createCPUGenerator(1);
  auto image = (at::rand({1, 3, s, s}, gen) * 2 - 1).to(device);
  auto ids = torch::zeros({1, 32}, torch::kLong);
  const std::vector<int64_t> fuse_cutout{49406, 23386, 45016, 49407};  // "fuse cutout"
  for (std::size_t i = 0; i < fuse_cutout.size(); ++i)
    ids[0][static_cast<int64_t>(i)] = fuse_cutout[i];
  ids = ids.to(device);
  const model::OriginalSize size{s, s};

  auto image_state = net->encode_image(image);
  auto text_state = net->encode_text(ids);
  auto ground = [&] {
    auto out = net->ground(image_state, text_state);
    model::postprocess(out.pred_logits, out.presence_logit_dec, out.pred_boxes, out.pred_masks,
                       {size});
  };
  const int w = o.warmup, n = o.iterations;
  auto& st = r.stages;
  st.push_back(
      time_stage("image_encode", device, w, n, [&] { image_state = net->encode_image(image); }));
  st.push_back(
      time_stage("text_encode", device, w, n, [&] { text_state = net->encode_text(ids); }));
  st.push_back(time_stage("ground_cached_text", device, w, n, ground));
  st.push_back(time_stage("prompt_uncached_text", device, w, n, [&] {
    text_state = net->encode_text(ids);
    ground();
  }));
  st.push_back(time_stage("encode_image_and_ground_cached_text", device, w, n, [&] {
    image_state = net->encode_image(image);
    ground();
  }));
  st.push_back(time_stage("full_predict", device, w, n, [&] {
    image_state = net->encode_image(image);
    text_state = net->encode_text(ids);
    ground();
  }));
  for (const auto& stage : st)
    r.peak_memory_bytes = std::max(r.peak_memory_bytes, stage.peak_bytes);
  r.images_per_second = st.back().median_ms > 0 ? 1000.0 / st.back().median_ms : 0;
  return r;
}

namespace {

nlohmann::ordered_json gib(std::int64_t bytes) {
  return bytes < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(bytes / 1073741824.0);
}

}  // namespace

std::string to_json(const BenchReport& r) {
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["image_size"] = r.image_size;
  j["device"] = r.device;
  j["device_name"] = r.device_name;
  j["precision"] = r.precision;
  j["libtorch"] = r.torch_version;
  j["weights_load_ms"] = r.weights_load_ms;
  j["weights_memory_gib"] = gib(r.weights_memory_bytes);
  auto stages = nlohmann::ordered_json::array();
  for (const auto& s : r.stages) {
    nlohmann::ordered_json e{{"stage", s.name},
                             {"median_ms", s.median_ms},
                             {"min_ms", s.min_ms},
                             {"max_ms", s.max_ms},
                             {"peak_memory_gib", gib(s.peak_bytes)}};
    if (!s.file.empty()) e["file"] = s.file;
    stages.push_back(e);
  }
  j["stages"] = stages;
  j["images_per_second"] = r.images_per_second;
  j["peak_memory_gib"] = gib(r.peak_memory_bytes);
  return j.dump(2);
}

}  // namespace sam3
