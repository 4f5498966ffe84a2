// Activation checkpointing (see activation_checkpoint.h).
#include "core/model/activation_checkpoint.h"

#include <atomic>
#include <optional>

#include "core/util/torch_compat.h"

namespace sam3::model {
namespace {

std::atomic<std::int64_t> g_recomputations{0};

// The process-wide CPU generator (a handle sharing its state).
at::Generator cpu_generator() {
  return at::detail::getDefaultCPUGenerator();
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct Recompute : torch::CustomClassHolder {
  CheckpointedFunction fn;
  at::Tensor cpu_rng;
  std::optional<at::Tensor> cuda_rng;
  at::Device cuda_device{at::kCPU};
  bool autocast = false;
  at::ScalarType autocast_dtype = at::kBFloat16;
};

// Sets the RNG states of `r` for the scope, restoring the current ones on exit.
class RngFork {
 public:
  explicit RngFork(const Recompute& r) : r_(r) {
    at::Generator cpu = at::detail::getDefaultCPUGenerator();
    cpu_ = cpu.get_state();
    cpu.set_state(r.cpu_rng);
    if (r.cuda_rng) {
      at::Generator gen = at::globalContext().defaultGenerator(r.cuda_device);
      cuda_ = gen.get_state();
      gen.set_state(*r.cuda_rng);
    }
  }
  ~RngFork() {
    cpu_generator().set_state(cpu_);
    if (r_.cuda_rng) {
      at::Generator gen = at::globalContext().defaultGenerator(r_.cuda_device);
      gen.set_state(cuda_);
    }
  }
  RngFork(const RngFork&) = delete;
  RngFork& operator=(const RngFork&) = delete;

 private:
  const Recompute& r_;
  at::Tensor cpu_, cuda_;
};

class CheckpointFunction : public torch::autograd::Function<CheckpointFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, c10::intrusive_ptr<Recompute> recompute,
                               at::TensorList inputs) {
    recompute->cpu_rng = cpu_generator().get_state();
    for (const auto& t : inputs)
      if (t.defined() && t.is_cuda()) {
        recompute->cuda_device = t.device();
        at::Generator gen = at::globalContext().defaultGenerator(t.device());
        recompute->cuda_rng = gen.get_state();
        break;
      }
    recompute->autocast = compat::CudaAutocastGuard::is_enabled();
    recompute->autocast_dtype = compat::CudaAutocastGuard::current_dtype();
    ctx->save_for_backward(inputs.vec());
    ctx->saved_data["recompute"] = at::IValue::make_capsule(recompute);
    variable_list outputs;
    {
      torch::NoGradGuard no_grad;
      outputs = recompute->fn(inputs.vec());
    }
    return outputs;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    auto holder = ctx->saved_data["recompute"].toCapsule();
    const auto& r = *static_cast<Recompute*>(holder.get());
    const variable_list saved = ctx->get_saved_variables();
    variable_list inputs;
    for (const auto& t : saved) {
      if (!t.defined()) {
        inputs.push_back(t);
        continue;
      }
      inputs.push_back(t.detach().requires_grad_(t.requires_grad()));
    }
    g_recomputations.fetch_add(1, std::memory_order_relaxed);
    variable_list outputs;
    {
      RngFork fork(r);
      torch::AutoGradMode grad(true);
      compat::CudaAutocastGuard autocast(r.autocast, r.autocast_dtype);
      outputs = r.fn(inputs);
    }
    variable_list with_grad, grads;
    for (std::size_t i = 0; i < outputs.size() && i < grad_outputs.size(); ++i)
      if (outputs[i].requires_grad() && grad_outputs[i].defined()) {
        with_grad.push_back(outputs[i]);
        grads.push_back(grad_outputs[i]);
      }
    if (!with_grad.empty()) torch::autograd::backward(with_grad, grads);
    variable_list result{at::Tensor()};  // for the Recompute argument
    for (const auto& t : inputs) result.push_back(t.defined() ? t.grad() : at::Tensor());
    return result;
  }
};

}  // namespace

variable_list checkpoint(const CheckpointedFunction& fn, const variable_list& inputs) {
  TORCH_CHECK(static_cast<bool>(fn), "checkpoint: no function");
  auto r = c10::make_intrusive<Recompute>();
  r->fn = fn;
  return CheckpointFunction::apply(r, at::TensorList(inputs));
}

torch::Tensor checkpoint(const std::function<torch::Tensor(const torch::Tensor&)>& fn,
                         const torch::Tensor& input) {
  TORCH_CHECK(static_cast<bool>(fn), "checkpoint: no function");
  return checkpoint([fn](const variable_list& in) { return variable_list{fn(in[0])}; },
                    variable_list{input})[0];
}

std::int64_t checkpoint_recompute_count() {
  return g_recomputations.load(std::memory_order_relaxed);
}

variable_list checkpoint_block(bool enabled, const torch::nn::Module& block,
                               const CheckpointedFunction& fn, const variable_list& inputs) {
  if (!enabled || !torch::GradMode::is_enabled()) return fn(inputs);
  bool input_grad = false;
  for (const auto& t : inputs) input_grad = input_grad || (t.defined() && t.requires_grad());
  bool param_grad = false;
  if (!input_grad)
    for (const auto& p : block.parameters()) param_grad = param_grad || p.requires_grad();
  if (!input_grad && !param_grad) return fn(inputs);  // nothing to differentiate: no graph
  if (input_grad) return checkpoint(fn, inputs);
  // Only the parameters need gradients: a dummy input makes the output require grad.
  variable_list with_dummy = inputs;
  with_dummy.push_back(torch::zeros({}, torch::TensorOptions().requires_grad(true)));
  const std::size_t n = inputs.size();
  return checkpoint(
      [fn, n](const variable_list& in) {
        return fn(variable_list(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n)));
      },
      with_dummy);
}

}  // namespace sam3::model
