// Training-step benchmark: runs the Trainer per (mode, batch size) and times its steps
// (train_bench.h).
#include "core/train/train_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unistd.h>

#include "core/model/model_config.h"
#include "core/train/train_bench_impl.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/util/torch_compat.h"

#ifdef SAM3_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace sam3::train {
namespace {

using Clock = std::chrono::steady_clock;

struct StopBench {};  // thrown by the step callback after the last timed step

void sync(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) torch::cuda::synchronize(d.index());
#else
  (void)d;
#endif
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
  if (d.is_cuda())
    return c10::cuda::CUDACachingAllocator::getDeviceStats(d.index()).allocated_bytes[0].peak;
#else
  (void)d;
#endif
  return -1;
}

void empty_cache(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) c10::cuda::CUDACachingAllocator::emptyCache();
#else
  (void)d;
#endif
}

bool is_cuda_oom(const c10::Error& e) {
  return dynamic_cast<const c10::OutOfMemoryError*>(&e) != nullptr ||
         std::string(e.what()).find("out of memory") != std::string::npos;
}

torch::Device resolve_device(const std::string& name) {
  if (name == "auto") return torch::cuda::is_available() ? torch::Device("cuda:0") : torch::kCPU;
  torch::Device d(torch::kCPU);
  try {
    d = torch::Device(name);
  } catch (const c10::Error&) {
    throw InvalidInput("training bench: device '" + name + "': expected auto, cpu, cuda or cuda:N");
  }
  if (d.is_cuda() && !d.has_index()) d = torch::Device(torch::kCUDA, 0);
  return d;
}

// Settings every mode gets: augmentation off (the photos are the model input), nothing written
// between steps (no validation, checkpoint, metrics line or TensorBoard event).
std::vector<std::pair<std::string, std::string>> fixed_settings(std::int64_t steps) {
  return {{"data.augmentation.random_resize", "false"},
          {"data.augmentation.random_pad", "false"},
          {"data.augmentation.hflip", "0"},
          {"data.augmentation.color_jitter.brightness", "0"},
          {"data.augmentation.color_jitter.contrast", "0"},
          {"data.augmentation.color_jitter.saturation", "0"},
          {"data.augmentation.color_jitter.hue", "0"},
          {"train.grad_accumulation", "1"},
          {"train.epochs", "100000"},
          {"train.max_steps", std::to_string(steps)},
          {"validation.every_epochs", "0"},
          {"checkpoint.every_epochs", "1000000000"},
          {"logging.every_steps", "1000000000"},
          {"logging.tensorboard", "false"}};
}

struct RunContext {
  const TrainBenchOptions& o;
  const torch::Device device;
  const BenchSource& source;
  std::filesystem::path work_dir;
};

// One batch size of one mode: a fresh Trainer, warmup + iterations steps.
TrainBenchRun run_batch(const RunContext& ctx, TrainerOptions options, const std::string& mode,
                        int batch) {
  TrainBenchRun r;
  r.batch = batch;
  options.batch_size = batch;
  const auto dir = ctx.work_dir / (mode + "_b" + std::to_string(batch));
  sam3::remove_tree(dir);
  const int steps = ctx.o.warmup + ctx.o.iterations;
  std::vector<double> ms;
  try {
    Trainer trainer(options, ctx.source, dir, "# sam3studio-cli bench --train\n");
    TrainCallbacks cb;
    auto last = Clock::now();
    cb.on_step = [&](const TrainProgress& p) {
      sync(ctx.device);
      const auto now = Clock::now();
      if (p.step > ctx.o.warmup)
        ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
      last = now;
      r.peak_bytes = std::max(r.peak_bytes, peak_bytes(ctx.device));
      reset_peak(ctx.device);
      r.last_loss = p.loss;
      if (p.step >= steps) throw StopBench{};
    };
    reset_peak(ctx.device);
    last = Clock::now();
    try {
      trainer.run(cb);
    } catch (const StopBench&) {
    }
  } catch (const OutOfMemory& e) {
    r.fits = false;
    r.error = e.what();
  } catch (const c10::Error& e) {
    if (!is_cuda_oom(e)) throw;
    r.fits = false;
    r.error = e.what_without_backtrace();
  }
  sam3::remove_tree(dir);
  empty_cache(ctx.device);
  if (!r.fits) return r;
  if (ms.size() != static_cast<std::size_t>(ctx.o.iterations))
    throw Error("training bench: mode " + mode + " batch " + std::to_string(batch) + " ran " +
                std::to_string(ms.size()) + " timed steps, expected " +
                std::to_string(ctx.o.iterations));
  std::sort(ms.begin(), ms.end());
  r.median_ms = ms[ms.size() / 2];
  r.min_ms = ms.front();
  r.max_ms = ms.back();
  r.images_per_second = r.median_ms > 0 ? 1000.0 * batch / r.median_ms : 0;
  return r;
}

TrainBenchModeReport run_mode(const RunContext& ctx, const TrainConfig& base,
                              const TrainBenchMode& mode, int max_batch) {
  TrainBenchModeReport m;
  m.mode = mode;
  const std::int64_t steps = ctx.o.warmup + ctx.o.iterations;
  ModeSetup s = set_up_mode(base, mode, fixed_settings(steps));
  if (!s.available) {
    m.status = "unavailable";
    m.reason = s.reason;
    return m;
  }
  m.notes = s.notes;
  s.options.vocab = ctx.o.vocab;
  s.options.seed = ctx.o.seed;
  for (int batch = 1;; batch *= 2) {
    m.runs.push_back(run_batch(ctx, s.options, mode.name, batch));
    if (ctx.o.on_progress) {
      const auto& r = m.runs.back();
      ctx.o.on_progress("bench: train " + mode.name + " batch " + std::to_string(batch) + ": " +
                        (!r.fits            ? std::string("out of memory")
                         : r.peak_bytes < 0 ? std::to_string(r.median_ms) + " ms"
                                            : std::to_string(r.median_ms) + " ms, peak " +
                                                  std::to_string(r.peak_bytes >> 20) + " MiB"));
    }
    if (!m.runs.back().fits) {
      m.largest_limited_by = "out_of_memory";
      break;
    }
    if (batch * 2 > max_batch) {
      m.largest_limited_by = "max_batch";
      break;
    }
  }
  m.status = m.runs.front().fits ? "measured" : "failed";
  if (!m.runs.front().fits) m.reason = "batch 1 does not fit: " + m.runs.front().error;
  return m;
}

void check(const TrainBenchOptions& o) {
  if (o.vocab.empty())
    throw InvalidInput("training bench: give the CLIP BPE vocabulary (--vocab FILE or folder)");
  if (o.warmup < 1 || o.iterations < 1 || o.photos < 1 || o.max_batch < 0)
    throw InvalidInput(
        "training bench: warmup, iterations and photos must be >= 1, max_batch >= 0 "
        "(got " +
        std::to_string(o.warmup) + ", " + std::to_string(o.iterations) + ", " +
        std::to_string(o.photos) + ", " + std::to_string(o.max_batch) + ")");
}

}  // namespace

TrainBenchReport run_train_bench(const TrainBenchOptions& o) {
  check(o);
  const torch::Device device = resolve_device(o.device);
  TrainConfig base = o.base_config.empty() ? TrainConfig{} : load_train_config(o.base_config);
  base.model.config = o.model_config;
  base.model.weights = o.weights.string();
  base.device = device.str();
  base.seed = o.seed;
  const model::ModelConfig model = model::model_config_by_name(o.model_config);
  const int size = base.data.resolution > 0 ? base.data.resolution : model.image_size;

  TrainBenchReport report;
  report.model = model.name;
  report.device = device.str();
  report.libtorch = compat::torch_version();
  report.image_size = size;
  report.warmup = o.warmup;
  report.iterations = o.iterations;
  report.max_batch = o.max_batch > 0 ? o.max_batch : (device.is_cuda() ? 64 : 1);
  const BenchSource source(size, o.photos);
  const std::filesystem::path work =
      (o.work_dir.empty() ? std::filesystem::temp_directory_path() : o.work_dir) /
      ("sam3_train_bench_" + std::to_string(::getpid()));
  RunContext ctx{o, device, source, work};
  // The bench's own settings must load on the base config: a failure there is not a mode's.
  const ModeSetup plain = set_up_mode(base, {"base", {}}, fixed_settings(o.warmup + o.iterations));
  if (!plain.available)
    throw InvalidInput("training bench: the base config with the bench settings does not load: " +
                       plain.reason);
  try {
    for (const auto& mode : o.modes.empty() ? default_train_bench_modes() : o.modes) {
      try {
        report.modes.push_back(run_mode(ctx, base, mode, report.max_batch));
      } catch (const Error& e) {  // diverged, bad weights...: this mode failed, the others run
        TrainBenchModeReport failed;
        failed.mode = mode;
        failed.status = "failed";
        failed.reason = e.what();
        report.modes.push_back(std::move(failed));
      }
    }
  } catch (...) {
    sam3::remove_tree(work);
    throw;
  }
  sam3::remove_tree(work);
  return report;
}

namespace {

nlohmann::ordered_json run_json(const TrainBenchRun& r) {
  nlohmann::ordered_json j;
  j["batch"] = r.batch;
  j["fits"] = r.fits;
  if (!r.fits) {
    j["error"] = r.error;
    return j;
  }
  j["median_ms"] = r.median_ms;
  j["min_ms"] = r.min_ms;
  j["max_ms"] = r.max_ms;
  j["images_per_second"] = r.images_per_second;
  j["peak_memory_gib"] = r.peak_bytes < 0 ? nlohmann::ordered_json()
                                          : nlohmann::ordered_json(r.peak_bytes / 1073741824.0);
  j["last_loss"] = r.last_loss;
  return j;
}

nlohmann::ordered_json mode_json(const TrainBenchModeReport& m) {
  nlohmann::ordered_json j;
  j["mode"] = m.mode.name;
  auto settings = nlohmann::ordered_json::object();
  for (const auto& [k, v] : m.mode.settings) settings[k] = v;
  j["settings"] = settings;
  j["status"] = m.status;
  if (!m.reason.empty()) j["reason"] = m.reason;
  j["notes"] = m.notes;
  const TrainBenchRun* largest = nullptr;
  for (const auto& r : m.runs)
    if (r.fits) largest = &r;
  j["batch_1"] =
      !m.runs.empty() && m.runs.front().fits ? run_json(m.runs.front()) : nlohmann::ordered_json();
  j["largest_batch"] = largest ? run_json(*largest) : nlohmann::ordered_json();
  if (largest) j["largest_batch"]["limited_by"] = m.largest_limited_by;
  auto runs = nlohmann::ordered_json::array();
  for (const auto& r : m.runs) runs.push_back(run_json(r));
  j["runs"] = runs;
  return j;
}

}  // namespace

nlohmann::ordered_json to_json(const TrainBenchReport& r) {
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["image_size"] = r.image_size;
  j["device"] = r.device;
  j["libtorch"] = r.libtorch;
  j["warmup"] = r.warmup;
  j["iterations"] = r.iterations;
  j["max_batch"] = r.max_batch;
  j["data"] = "bench photos (train_bench.h), one prompt 'fuse cutout' per photo, 2 boxes each";
  j["step"] = "time between two optimizer-step callbacks, device synchronised";
  auto modes = nlohmann::ordered_json::array();
  for (const auto& m : r.modes) modes.push_back(mode_json(m));
  j["modes"] = modes;
  return j;
}

}  // namespace sam3::train
