#include "core/train/checkpointing.h"

#include <optional>

#include "core/util/torch_compat.h"

namespace sam3::train {
namespace {

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
    variable_list outputs;
    {
      RngFork fork(r);
      torch::AutoGradMode grad(true);
      compat::CudaAutocastGuard autocast(r.autocast);
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

}  // namespace sam3::train
