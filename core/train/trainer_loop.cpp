// Trainer::run: the optimizer-step loop, checkpoints and resume (see trainer.h).
#include <chrono>
#include <cmath>
#include <limits>

#include "core/train/phase_hook.h"
#include "core/train/prefetch.h"
#include "core/train/trainer.h"
#include "core/train/trainer_impl.h"
#include "core/util/atomic_file.h"
#include "core/util/torch_compat.h"
#include "core/util/version.h"
#include "core/weights/state_loader.h"

#ifdef SAM3_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

namespace sam3::train {
namespace {

// The process-wide CPU generator (a handle sharing its state).
at::Generator cpu_generator() {
  return at::detail::getDefaultCPUGenerator();
}

using Clock = std::chrono::steady_clock;

std::pair<std::int64_t, std::int64_t> gpu_memory(const torch::Device& d) {
#ifdef SAM3_WITH_CUDA
  if (d.is_cuda()) {
    // "cuda" has no index (-1), which the allocator rejects ("Invalid device argument").
    const c10::DeviceIndex index = d.has_index() ? d.index() : c10::cuda::current_device();
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(index);
    return {stats.allocated_bytes[0].current, stats.allocated_bytes[0].peak};
  }
#else
  (void)d;
#endif
  return {-1, -1};
}

bool is_cuda_oom(const c10::Error& e) {
  return dynamic_cast<const c10::OutOfMemoryError*>(&e) != nullptr ||
         std::string(e.what()).find("CUDA out of memory") != std::string::npos;
}

nlohmann::json progress_json(const TrainProgress& p) {
  return {{"type", "step"},
          {"step", p.step},
          {"epoch", p.epoch},
          {"loss", p.loss},
          {"terms", p.terms},
          {"lr", p.lr},
          {"grad_norm", p.grad_norm},
          {"images_per_second", p.images_per_second},
          {"samples_seen", p.samples_seen},
          {"gpu_memory_bytes", p.gpu_memory_bytes},
          {"gpu_peak_bytes", p.gpu_peak_bytes}};
}

// Mixes the seed with the rank so that dropout and drop-path differ between the ranks (and from
// the step a resume starts at).
std::uint64_t rank_seed(std::uint64_t seed, int rank, std::int64_t step) {
  std::uint64_t h = seed ^ 0x9E3779B97F4A7C15ull;
  for (const std::uint64_t v : {static_cast<std::uint64_t>(rank), static_cast<std::uint64_t>(step)})
    h = (h ^ v) * 0x100000001B3ull + 0x7F4A7C15ull;
  return h;
}

}  // namespace

nlohmann::json Trainer::Impl::model_card(std::int64_t step,
                                         const std::optional<ValidationReport>& v) const {
  nlohmann::json classes = nlohmann::json::array();
  for (std::size_t c = 0; c < train_data->num_classes(); ++c)
    classes.push_back(
        {{"name", train_data->class_names()[c]}, {"prompt", train_data->class_prompts()[c]}});
  nlohmann::json card = {
      {"model_config", config.name},
      {"step", step},
      {"dataset",
       {{"hash", train_data->hash()},
        {"hash_kind", "fnv1a64"},
        {"description", source_description},
        {"train_photos", train_data->size()},
        {"valid_photos", valid_data->size()}}},
      {"classes", classes},
      {"base_weights",
       options.base_weights.empty()
           ? nlohmann::json{{"file", nullptr}, {"init", "random"}, {"seed", options.seed}}
           : nlohmann::json{{"file", options.base_weights.string()},
                            {"hash", base_weights_hash},
                            {"hash_kind", "fnv1a64"}}},
      {"config", config_yaml},
      {"software",
       {{"version", version_string()},
        {"git_sha", git_sha()},
        {"libtorch", compat::torch_version()}}}};
  if (v) card["metrics"] = {{"step", v->step}, {"bbox", v->bbox}, {"segm", v->segm}};
  card["precision"] = to_string(amp);
  if (lora)  // the weights file holds only these adapters; load them on the base weights
    card["adapters"] = {{"kind", "lora"},
                        {"rank", options.lora_options.rank},
                        {"alpha", options.lora_options.alpha},
                        {"targets", options.lora_options.targets},
                        {"tensors", lora->keys().size()}};
  return card;
}

std::filesystem::path Trainer::Impl::save_checkpoint(std::int64_t step,
                                                     const std::optional<ValidationReport>& v,
                                                     const TrainCallbacks& cb) {
  TrainingState state;
  state.step = step;
  state.samples_seen = samples_seen;
  state.global_batch =
      static_cast<std::int64_t>(options.batch_size) * options.grad_accumulation * world();
  state.world_size = world();
  state.best_value = best_value;
  state.best_step = best_step;
  state.model = checkpoint_weights();
  state.optimizer = optimizer->state_dict();
  if (scaler->enabled())
    for (auto& [k, t] : scaler->state_dict()) state.optimizer[k] = t;
  state.cpu_rng = cpu_generator().get_state();
  const CheckpointFault mid_write = [step](const std::string& stage) {
    if (stage == "state") enter_phase(TrainPhase::Checkpoint, step);
  };
  const CheckpointFiles f =
      write_checkpoint(*run, state, state.model, model_card(step, v), mid_write,
                       options.weights_fp32 ? torch::kFloat : torch::kBFloat16);
  prune_checkpoints(*run, options.keep_last);
  if (cb.on_message) cb.on_message("checkpoint written: " + f.weights.string());
  return f.weights;
}

void Trainer::Impl::restore(const TrainingState& state) {
  if (lora)
    lora->load_state(state.model, "training state");
  else
    weights::load_state(*model, state.model, {"training state", {}});
  std::map<std::string, torch::Tensor> moments;
  for (const auto& [k, t] : state.optimizer)
    if (!is_grad_scaler_key(k)) moments[k] = t;
  optimizer->load_state_dict(moments);
  scaler->load_state_dict(state.optimizer);
  cpu_generator().set_state(state.cpu_rng);
  best_value = state.best_value;
  best_step = state.best_step;
}

void Trainer::Impl::log_step(const TrainProgress& p) {
  run->append_metrics(progress_json(p));
  if (!tensorboard) return;
  tensorboard->add_scalar("train/loss", static_cast<float>(p.loss), p.step);
  for (const auto& [k, v] : p.terms)
    tensorboard->add_scalar("train/" + k, static_cast<float>(v), p.step);
  for (const auto& [k, v] : p.lr) tensorboard->add_scalar("lr/" + k, static_cast<float>(v), p.step);
  tensorboard->add_scalar("train/grad_norm", static_cast<float>(p.grad_norm), p.step);
  tensorboard->add_scalar("train/images_per_second", static_cast<float>(p.images_per_second),
                          p.step);
}

TrainProgress Trainer::Impl::train_step(std::int64_t step, std::int64_t total_steps,
                                        std::int64_t steps_per_epoch, Prefetcher& prefetch) {
  const auto t_step = Clock::now();
  const std::int64_t A = options.grad_accumulation;
  optimizer->set_lr_factor(schedule_factor(options.schedule, step, total_steps));
  optimizer->zero_grad();
  TrainProgress p;
  p.step = step + 1;
  p.total_steps = total_steps;
  p.epoch = step / steps_per_epoch;
  enter_phase(TrainPhase::Step, step);
  std::int64_t images = 0;
  for (std::int64_t micro = 0; micro < A; ++micro) {
    std::optional<TrainBatch> batch = prefetch.next();
    if (!batch) throw Error("trainer: the batch producer stopped early");
    images += batch->images.size(0);
    LossResult loss = forward_loss(*batch, step + 1);
    enter_phase(TrainPhase::Loss, step + 1, &loss);
    for (const auto& [term, value] : loss.terms) {
      const double v = value.item<double>();
      if (!std::isfinite(v)) throw NonFiniteLoss(term, step + 1, v);
      p.terms[term] += v / static_cast<double>(A);
    }
    const double total = loss.total.item<double>();
    if (!std::isfinite(total)) throw NonFiniteLoss("core_loss", step + 1, total);
    p.loss += total / static_cast<double>(A);
    // The last backward of the step starts the gradient buckets' all-reduces as they fill.
    if (reducer && micro + 1 == A) reducer->arm();
    scaler->scale(loss.total / static_cast<double>(A)).backward();
  }
  if (reducer) {
    reducer->finish();
    // Reported loss and terms: the mean over the ranks (the global batch's loss); images: all.
    std::vector<double> values{p.loss, static_cast<double>(images)};
    for (const auto& [term, v] : p.terms) values.push_back(v);
    at::Tensor t = torch::tensor(values, torch::kDouble).to(device);
    dist->all_reduce_sum(t);
    t = t.cpu();
    const double W = world();
    p.loss = t[0].item<double>() / W;
    images = static_cast<std::int64_t>(std::llround(t[1].item<double>()));
    std::int64_t k = 2;
    for (auto& [term, v] : p.terms) v = t[k++].item<double>() / W;
  }
  samples_seen += images;
  p.samples_seen = samples_seen;
  // fp16: gradients unscaled before clipping; a step with inf/NaN gradients is skipped and the
  // loss scale backs off (grad_scaler.h). Without fp16 the scaler is the identity.
  const bool overflow = scaler->unscale(optimizer->groups());
  p.grad_norm = overflow ? std::numeric_limits<double>::infinity()
                         : clip_grad_norm(optimizer->groups(), options.grad_clip);
  if (!overflow && !std::isfinite(p.grad_norm))
    throw NonFiniteLoss("grad_norm", step + 1, p.grad_norm);
  scaler->step(*optimizer);
  scaler->update();
  p.lr = optimizer->family_lr();
  const double seconds = std::chrono::duration<double>(Clock::now() - t_step).count();
  p.images_per_second = seconds > 0 ? static_cast<double>(images) / seconds : 0;  // all ranks
  std::tie(p.gpu_memory_bytes, p.gpu_peak_bytes) = gpu_memory(device);
  return p;
}

std::int64_t Trainer::Impl::resume_step(const TrainingState& state, std::int64_t global,
                                        std::int64_t spe) const {
  if (state.global_batch <= 0 || state.global_batch == global) return state.step;
  // Another global batch: the same epoch, the first step of `global` photos at or after the
  // checkpoint's place in it.
  const std::int64_t n = static_cast<std::int64_t>(train_data->size());
  const std::int64_t old_spe = std::max<std::int64_t>(1, n / state.global_batch);
  const std::int64_t epoch = state.step / old_spe;
  const std::int64_t offset = (state.step % old_spe) * state.global_batch;
  return epoch * spe + std::min(spe, (offset + global - 1) / global);
}

TrainResult Trainer::run(const TrainCallbacks& cb, bool resume) {
  Impl& m = *impl_;
  TrainResult result;
  result.total_steps = total_steps();
  std::int64_t start = 0;
  m.samples_seen = 0;
  if (resume) {
    // Other ranks read rank 0's checkpoint too (from a folder that exists: they create nothing).
    const bool readable = m.run || std::filesystem::is_directory(m.run_dir / "checkpoints");
    const auto latest = readable ? (m.run ? *m.run : RunFolder(m.run_dir)).latest() : std::nullopt;
    if (!latest) throw InvalidInput(m.run_dir.string() + ": no complete checkpoint to resume");
    const TrainingState state = read_training_state(latest->state);
    m.restore(state);
    start = m.resume_step(state, global_batch(), steps_per_epoch());
    m.samples_seen = state.global_batch > 0 ? state.samples_seen : state.step * global_batch();
    if (m.run) m.run->truncate_metrics_after(state.step);
    if (cb.on_message) {
      std::string text = "resumed at step " + std::to_string(start);
      if (start != state.step)
        text += " (checkpoint step " + std::to_string(state.step) + " of global batch " +
                std::to_string(state.global_batch) + " on " + std::to_string(state.world_size) +
                " ranks; now global batch " + std::to_string(global_batch()) + ")";
      cb.on_message(text);
    }
    enter_phase(TrainPhase::Loading, start);
  } else if (m.run) {
    m.run->write_config(m.config_yaml);
  }
  if (m.dist) {
    // Every rank starts from rank 0's weights (and buffers); dropout streams differ per rank.
    std::vector<at::Tensor> tensors;
    for (const auto& p : m.model->parameters()) tensors.push_back(p);
    for (const auto& b : m.model->buffers()) tensors.push_back(b);
    m.dist->broadcast(tensors, 0);
    if (!m.is_main()) torch::manual_seed(rank_seed(m.options.seed, m.rank(), start));
  }
  if (m.run && m.options.tensorboard)
    m.tensorboard = std::make_unique<TensorBoardWriter>(m.run->dir());
  const std::int64_t A = m.options.grad_accumulation, spe = steps_per_epoch();
  Prefetcher prefetch([&m](std::int64_t micro) { return m.make_batch(micro); }, start * A,
                      result.total_steps * A, static_cast<std::size_t>(m.options.prefetch));
  std::optional<ValidationReport> last_validation;
  const auto t0 = Clock::now();
  // A cancel requested while loading stops before the first step: nothing new to save (a resumed
  // run keeps its checkpoint as it was).
  if (m.any_rank(cb.cancel_requested && cb.cancel_requested())) {
    prefetch.stop();
    result.status = TrainStatus::Cancelled;
    result.steps = start;
    if (cb.on_message) cb.on_message("cancelled before step " + std::to_string(start + 1));
    return result;
  }
  try {
    for (std::int64_t step = start; step < result.total_steps; ++step) {
      TrainProgress p = m.train_step(step, result.total_steps, spe, prefetch);
      p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      result.step_losses.push_back(p.loss);
      result.steps = step + 1;
      result.samples_seen = m.samples_seen;
      if (m.reducer && cb.on_message && (step == start + 1 || step + 1 == result.total_steps)) {
        std::string text = "gradient all-reduce over " + std::to_string(m.world()) + " ranks (" +
                           m.dist->backend_name() +
                           "): " + std::to_string(m.reducer->bucket_count()) + " buckets, " +
                           std::to_string(m.reducer->started_in_backward()) +
                           " started during backward";
        if (m.reducer->late_parameters() > 0)
          text += "; " + std::to_string(m.reducer->late_parameters()) +
                  " parameters accumulated more than once per backward wait for its end";
        cb.on_message(text);
      }
      const bool last = step + 1 == result.total_steps;
      if (m.run && (last || p.step % m.options.log_every_steps == 0)) m.log_step(p);
      if (cb.on_step) cb.on_step(p);

      const bool epoch_end = (step + 1) % spe == 0;
      const std::int64_t epochs_done = (step + 1) / spe;
      // Rank 0 validates; the others wait for it in the cancel agreement below.
      if (m.is_main() && (last || (epoch_end && m.options.validate_every_epochs > 0 &&
                                   epochs_done % m.options.validate_every_epochs == 0))) {
        enter_phase(TrainPhase::Validation, step + 1);
        last_validation = m.validate(step + 1, p.epoch);
        if (cb.on_validation) cb.on_validation(*last_validation);
      }
      bool cancel = m.any_rank(cb.cancel_requested && cb.cancel_requested());
      if (last || cancel ||
          (epoch_end && m.options.checkpoint_every_epochs > 0 &&
           epochs_done % m.options.checkpoint_every_epochs == 0)) {
        if (m.is_main()) result.last_checkpoint = m.save_checkpoint(step + 1, last_validation, cb);
        // A cancel requested during the write stops here: that checkpoint is the resume point.
        // The agreement is also the barrier that holds the other ranks until the write is done.
        cancel = m.any_rank(cancel || (cb.cancel_requested && cb.cancel_requested()));
      }
      if (cancel && !last) {
        result.status = TrainStatus::Cancelled;
        break;
      }
    }
  } catch (const c10::Error& e) {
    prefetch.stop();
    if (is_cuda_oom(e))
      throw OutOfMemory("CUDA out of memory while training",
                        "lower batch_size or the image "
                        "resolution, raise grad_accumulation, or use a memory mode (freeze the "
                        "text tower or vision trunk); the last checkpoint is kept");
    throw;
  }
  prefetch.stop();
  result.last_validation = last_validation;
  if (m.run && result.status == TrainStatus::Finished && result.steps == result.total_steps)
    write_file_atomic(m.run->model_card_file(),
                      m.model_card(result.steps, last_validation).dump(2));
  return result;
}

}  // namespace sam3::train
