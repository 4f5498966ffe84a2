// preflight() and query_gpu_memory() of training_session.h.
#include <dlfcn.h>

#include <algorithm>
#include <cstdio>

#include "core/model/skip_init.h"
#include "core/model/model_config.h"
#include "core/model/sam3_image.h"
#include "core/model/tokenizer.h"
#include "core/project/project.h"
#include "core/project/validate.h"
#include "core/train/lora.h"
#include "core/train/memory_modes.h"
#include "core/train/project_source.h"
#include "core/train/trainer_options.h"
#include "core/train/training_session.h"
#include "core/train/training_session_errors.h"
#include "core/util/image_io.h"

namespace sam3::train {

bool PreflightReport::can_start() const {
  return std::none_of(items.begin(), items.end(), [](const PreflightItem& i) {
    return i.severity == PreflightItem::Severity::Error;
  });
}

namespace {

using Severity = PreflightItem::Severity;

std::string gib(std::int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1 << 30));
  return text;
}

struct ParamCount {
  std::int64_t total = 0, trainable = 0;
};

// Builds the model (no weights needed) with the run's memory modes and counts its parameters.
ParamCount count_params(const TrainConfig& config) {
  const auto& name = config.model.config;
  const model::ModelConfig mc = (name.find('/') != std::string::npos || name.ends_with(".yaml"))
                                    ? model::load_model_config(name)
                                    : model::model_config_by_name(name);
  torch::NoGradGuard no_grad;
  model::Sam3Image net = [&] {
    const model::SkipInit skip;  // only the shapes are counted
    return model::Sam3Image(mc);
  }();
  std::unique_ptr<LoraAdapters> lora;
  const TrainerOptions o = trainer_options_from_config(config, "training config");
  if (o.lora) {
    lora = std::make_unique<LoraAdapters>(*net, o.lora_options);
  }
  freeze_parameters(*net, {o.freeze_text, o.freeze_vision_trunk, o.train_last_vision_blocks},
                    mc.vision.depth);
  ParamCount c;
  for (const auto& p : net->parameters()) {
    c.total += p.numel();
    if (p.requires_grad()) c.trainable += p.numel();
  }
  return c;
}

void check_data(const SessionRequest& r, const TrainConfig& config, PreflightReport& out) {
  project::Project store = project::Project::open(r.project);
  const auto classes = store.classes();
  out.classes = static_cast<int>(classes.size());
  if (classes.empty()) {
    out.items.push_back({Severity::Error, "classes", "the project has no class",
                         "add a class (Classes panel) and label photos with it"});
    return;
  }
  std::string prompts;
  for (const auto& c : classes)
    prompts += (prompts.empty() ? "" : ", ") + c.name + " -> \"" +
               (c.prompt.empty() ? c.name : c.prompt) + "\"";
  out.items.push_back({Severity::Ok, "classes", "classes and prompts: " + prompts, {}});

  const project::ValidationReport v = project::validate_project(store, true);
  int errors = 0, warnings = 0;
  std::string first;
  for (const auto& p : v.problems) {
    if (p.severity == project::Issue::Severity::Error) ++errors;
    if (p.severity == project::Issue::Severity::Warning) ++warnings;
    if (first.empty() && p.severity != project::Issue::Severity::Info)
      first = p.file + (p.where.empty() ? "" : " (" + p.where + ")") + ": " + p.message;
  }
  if (errors > 0)
    out.items.push_back({Severity::Error, "dataset",
                         std::to_string(errors) + " dataset errors; first: " + first,
                         "fix them in the Annotate view (Project > Validate lists all)"});
  else if (warnings > 0)
    out.items.push_back({Severity::Warning, "dataset",
                         std::to_string(warnings) + " dataset warnings; first: " + first,
                         "check them with Project > Validate"});
  for (const auto& c : v.classes)
    if (c.annotations == 0)
      out.items.push_back({Severity::Warning, "classes", "class '" + c.name + "' has no annotation",
                           "label some photos with it, or delete the class"});

  const ProjectSource source(r.project, config.data.train_split, config.data.val_split,
                             [](const std::filesystem::path& f) { return sam3::load_image(f); });
  out.train_photos = static_cast<int>(source.photos(Split::Train).size());
  out.valid_photos = static_cast<int>(source.photos(Split::Valid).size());
  const auto left_out = source.unlabelled_photos(Split::Train);
  const std::string counts = std::to_string(out.train_photos) + " labelled train photos, " +
                             std::to_string(out.valid_photos) + " labelled " +
                             config.data.val_split + " photos";
  if (out.train_photos == 0)
    out.items.push_back({Severity::Error, "dataset", counts,
                         "label photos and put them in the '" + config.data.train_split +
                             "' split (Photo panel: split)"});
  else if (out.valid_photos == 0)
    out.items.push_back({Severity::Warning, "dataset",
                         counts + ": validation has nothing to measure",
                         "put a few labelled photos in the '" + config.data.val_split + "' split"});
  else
    out.items.push_back({Severity::Ok, "dataset", counts, {}});
  if (left_out > 0)
    out.items.push_back(
        {Severity::Warning, "dataset",
         std::to_string(left_out) + " train photos are not labelled and are left out",
         "label them or mark them as confirmed negatives"});
}

void check_resources(const SessionRequest& r, const TrainConfig& config, const GpuMemory& gpu,
                     PreflightReport& out) {
  const ParamCount params = count_params(config);
  out.parameters = params.total;
  const bool lora = config.memory.lora.enabled;
  const std::int64_t weight_bytes = config.checkpoint.weights_dtype == "fp32" ? 4 : 2;
  const std::int64_t saved = lora ? params.trainable : params.total;
  // A step checkpoint: deployment weights + fp32 state (weights and two AdamW moments).
  const std::int64_t per_step = saved * weight_bytes + saved * 4 + params.trainable * 8;
  // keep_last kept, one more while the next is written, and best.* beside them.
  out.checkpoint_bytes = per_step * (config.checkpoint.keep_last + 1) +
                         (config.checkpoint.keep_best ? saved * weight_bytes : 0);
  std::filesystem::path probe = r.run_dir.empty() ? r.project : r.run_dir;
  while (!probe.empty() && !std::filesystem::exists(probe)) probe = probe.parent_path();
  std::error_code ec;
  const auto space = std::filesystem::space(probe.empty() ? "." : probe, ec);
  out.free_disk_bytes = ec ? -1 : static_cast<std::int64_t>(space.available);
  const std::string disk =
      "checkpoints need up to " + gib(out.checkpoint_bytes) + ", " +
      (out.free_disk_bytes < 0 ? "free space unknown" : gib(out.free_disk_bytes) + " free");
  if (out.free_disk_bytes >= 0 && out.free_disk_bytes < out.checkpoint_bytes * 11 / 10)
    out.items.push_back({Severity::Error, "disk", disk,
                         "free disk space, delete old checkpoints (Checkpoints tab) or lower "
                         "checkpoint.keep_last"});
  else
    out.items.push_back({Severity::Ok, "disk", disk, {}});

  const bool wants_cuda = config.device.rfind("cuda", 0) == 0;
  if (!gpu.available) {
    if (wants_cuda)
      out.items.push_back({Severity::Error, "gpu", "device '" + config.device + "' but no CUDA GPU",
                           "set device to auto or cpu"});
    else
      out.items.push_back({Severity::Warning, "gpu", "no CUDA GPU: training runs on the CPU",
                           "on the CPU only sam3-tiny trains in reasonable time"});
    return;
  }
  if (config.device == "cpu") return;
  out.gpu_estimate_bytes = params.total * 4 + params.trainable * 12;
  const std::int64_t room = gpu.free_bytes >= 0 ? gpu.free_bytes : gpu.total_bytes;
  const std::string what = "weights, gradients and AdamW state need " +
                           gib(out.gpu_estimate_bytes) + " (activations come on top); " +
                           gib(room) + (gpu.free_bytes >= 0 ? " free" : " total");
  if (out.gpu_estimate_bytes > room)
    out.items.push_back(
        {Severity::Error, "gpu", what, "freeze the text tower, use LoRA or a smaller preset"});
  else if (out.gpu_estimate_bytes > room * 7 / 10)
    out.items.push_back({Severity::Warning, "gpu", what,
                         "little room for activations: turn on activation checkpointing or "
                         "freeze more"});
  else
    out.items.push_back({Severity::Ok, "gpu", what, {}});
}

void run_checks(const SessionRequest& r, const GpuMemory& gpu, PreflightReport& out) {
  TrainConfig config = r.config;
  if (r.resume) config = load_train_config(r.run_dir / "config.yaml");
  if (const auto e = check_config(to_yaml(config), nullptr); !e.ok()) {
    out.items.push_back({Severity::Error, "config", e.message, "correct the key in the form"});
    return;
  }
  out.items.push_back({Severity::Ok, "config", "the config is valid", {}});
  SessionRequest effective = r;
  effective.config = config;
  const auto vocab = effective_vocabulary(effective);
  try {
    if (vocab.empty()) throw InvalidInput("no CLIP vocabulary chosen");
    ClipTokenizer::from_path(vocab);
    out.items.push_back({Severity::Ok, "vocabulary", vocab.string(), {}});
  } catch (const std::exception& e) {
    out.items.push_back({Severity::Error, "vocabulary", e.what(),
                         "choose bpe_simple_vocab_16e6.txt.gz or a model folder holding it"});
  }
  if (!config.model.weights.empty() && !std::filesystem::exists(config.model.weights))
    out.items.push_back({Severity::Error, "weights", "not found: " + config.model.weights,
                         "choose existing weights, or random initialisation for sam3-tiny"});
  check_data(r, config, out);
  check_resources(r, config, gpu, out);
}

}  // namespace

PreflightReport preflight(const SessionRequest& request, const GpuMemory& gpu) {
  PreflightReport out;
  try {
    run_checks(request, gpu, out);
  } catch (...) {
    const SessionError e = detail::current_error();
    out.items.push_back({Severity::Error, to_string(e.kind), e.message,
                         e.advice.empty() ? "see the message" : e.advice});
  }
  return out;
}

// The CUDA driver API through dlopen (as core/inference/runtime_info.cpp): the free memory needs
// a context, so the device's primary context is retained for the query and released again.
GpuMemory query_gpu_memory(int index) {
  GpuMemory out;
  void* lib = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return out;
  using InitFn = int (*)(unsigned);
  using GetFn = int (*)(int*, int);
  using RetainFn = int (*)(void**, int);
  using ReleaseFn = int (*)(int);
  using PushFn = int (*)(void*);
  using PopFn = int (*)(void**);
  using MemFn = int (*)(std::size_t*, std::size_t*);
  auto init = reinterpret_cast<InitFn>(::dlsym(lib, "cuInit"));
  auto get = reinterpret_cast<GetFn>(::dlsym(lib, "cuDeviceGet"));
  auto retain = reinterpret_cast<RetainFn>(::dlsym(lib, "cuDevicePrimaryCtxRetain"));
  auto release = reinterpret_cast<ReleaseFn>(::dlsym(lib, "cuDevicePrimaryCtxRelease_v2"));
  auto push = reinterpret_cast<PushFn>(::dlsym(lib, "cuCtxPushCurrent_v2"));
  auto pop = reinterpret_cast<PopFn>(::dlsym(lib, "cuCtxPopCurrent_v2"));
  auto mem = reinterpret_cast<MemFn>(::dlsym(lib, "cuMemGetInfo_v2"));
  int device = 0;
  void* ctx = nullptr;
  if (init && get && retain && release && push && pop && mem && init(0) == 0 &&
      get(&device, index) == 0 && retain(&ctx, device) == 0) {
    std::size_t free_bytes = 0, total_bytes = 0;
    if (push(ctx) == 0) {
      if (mem(&free_bytes, &total_bytes) == 0) {
        out.available = true;
        out.free_bytes = static_cast<std::int64_t>(free_bytes);
        out.total_bytes = static_cast<std::int64_t>(total_bytes);
      }
      void* popped = nullptr;
      pop(&popped);
    }
    release(device);
  }
  ::dlclose(lib);
  return out;
}

}  // namespace sam3::train
