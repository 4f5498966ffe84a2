#include "core/train/grad_reducer.h"

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <torch/version.h>
#ifndef TORCH_VERSION_MAJOR
#error "torch/version.h did not define TORCH_VERSION_MAJOR"
#endif

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <utility>

namespace sam3::train {

struct GradReducer::State {
  struct Bucket {
    std::vector<std::size_t> params;
    std::size_t pending = 0;  // parameters of this bucket not ready yet in the armed backward
    at::Tensor buffer;        // flat gradients while the all-reduce runs
    std::function<void()> wait;
  };
  DistContext* ctx = nullptr;
  std::vector<at::Tensor> params;
  std::vector<std::size_t> bucket_of;
  std::vector<Bucket> buckets;
  std::vector<std::shared_ptr<torch::autograd::Node>> accumulators;  // kept alive: they hold hooks
  std::vector<std::uintptr_t> hook_keys;
  std::mutex mutex;
  bool overlap = true, bf16 = false, armed = false, twice = false;
  std::vector<bool> ready;        // marked ready in this backward (or expected unused)
  std::vector<int> fired;         // how often its hook ran in this backward
  std::vector<bool> unused_last;  // no hook in the previous armed backward
  std::vector<bool> late;  // accumulated more than once per backward: its bucket waits for finish()
  std::size_t next_launch = 0;
  std::size_t started_in_backward = 0;
  std::exception_ptr error;

  void reset() {
    armed = twice = false;
    std::fill(ready.begin(), ready.end(), false);
    std::fill(fired.begin(), fired.end(), 0);
    for (Bucket& b : buckets) {
      b.pending = b.params.size();
      b.buffer = at::Tensor();
      b.wait = nullptr;
    }
    next_launch = 0;
    error = nullptr;
  }

  // The bucket's gradients as one flat buffer; a missing gradient counts as zeros.
  void launch(std::size_t index) {
    Bucket& b = buckets[index];
    std::vector<at::Tensor> flat;
    flat.reserve(b.params.size());
    for (std::size_t i : b.params) {
      const at::Tensor& g = params[i].grad();
      flat.push_back(g.defined() ? g.reshape({-1})
                                 : torch::zeros({params[i].numel()}, params[i].options()));
    }
    b.buffer = torch::cat(flat);
    if (bf16 && b.buffer.scalar_type() == torch::kFloat) {
      b.buffer = b.buffer.to(torch::kBFloat16);
      // Gloo (CPU ranks) cannot sum bf16: the same rounding, sent as fp32.
      if (!b.buffer.is_cuda()) b.buffer = b.buffer.to(torch::kFloat);
    }
    b.wait = ctx->all_reduce_sum_async(b.buffer);
  }

  // Starts the complete buckets, strictly in index order.
  void launch_ready() {
    try {
      while (next_launch < buckets.size() && buckets[next_launch].pending == 0)
        launch(next_launch++);
    } catch (...) {
      error = std::current_exception();
    }
  }

  void mark(std::size_t i) {
    ready[i] = true;
    --buckets[bucket_of[i]].pending;
  }

  // Called under `mutex` by the hook of parameter i.
  void on_hook(std::size_t i) {
    if (!armed || error) return;
    ++fired[i];
    if (late[i]) return;
    if (ready[i]) {
      // Accumulated again after it was marked (shared by two reentrant checkpointed blocks, or
      // expected unused but used this time): its bucket may have left with a partial gradient.
      twice = true;
      return;
    }
    mark(i);
    if (buckets[bucket_of[i]].pending == 0 && !twice) launch_ready();
  }

  void wait_all() {
    for (Bucket& b : buckets)
      if (b.wait) {
        b.wait();
        b.wait = nullptr;
      }
  }
};

namespace {

void copy_all(const std::vector<at::Tensor>& to, const std::vector<at::Tensor>& from) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
  if (!to.empty()) at::_foreach_copy_(to, from);
#else
  for (std::size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
#endif
}

class ReadyHook : public torch::autograd::FunctionPostHook {
 public:
  ReadyHook(std::weak_ptr<GradReducer::State> state, std::size_t index)
      : state_(std::move(state)), index_(index) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list&) override {
    if (auto state = state_.lock()) {
      torch::NoGradGuard no_grad;
      std::lock_guard<std::mutex> lock(state->mutex);
      state->on_hook(index_);
    }
    return outputs;
  }

 private:
  std::weak_ptr<GradReducer::State> state_;
  std::size_t index_;
};

}  // namespace

GradReducer::GradReducer(DistContext& ctx, std::vector<at::Tensor> params, Options options)
    : state_(std::make_shared<State>()) {
  State& s = *state_;
  s.ctx = &ctx;
  s.overlap = options.overlap;
  s.bf16 = options.bf16;
  const std::size_t bucket_bytes = options.bucket_bytes;
  for (at::Tensor& p : params)
    if (p.requires_grad()) s.params.push_back(std::move(p));
  const std::size_t n = s.params.size();
  s.bucket_of.resize(n);
  s.ready.assign(n, false);
  s.fired.assign(n, 0);
  s.unused_last.assign(n, false);
  s.late.assign(n, false);
  std::size_t bytes = 0;
  for (std::size_t k = n; k-- > 0;) {
    const at::Tensor& p = s.params[k];
    const std::size_t size = static_cast<std::size_t>(p.numel()) * p.element_size();
    bool same_kind = false;
    if (!s.buckets.empty()) {
      const at::Tensor& first = s.params[s.buckets.back().params.front()];
      same_kind = first.scalar_type() == p.scalar_type() && first.device() == p.device();
    }
    if (!same_kind || bytes + size > bucket_bytes) {
      s.buckets.emplace_back();
      bytes = 0;
    }
    s.buckets.back().params.push_back(k);
    bytes += size;
    s.bucket_of[k] = s.buckets.size() - 1;
  }
  if (s.overlap) {
    for (std::size_t i = 0; i < n; ++i) {
      auto accumulator = torch::autograd::impl::grad_accumulator(s.params[i]);
      s.hook_keys.push_back(accumulator->add_post_hook(std::make_unique<ReadyHook>(state_, i)));
      s.accumulators.push_back(std::move(accumulator));
    }
  }
  s.reset();
}

GradReducer::~GradReducer() {
  for (std::size_t i = 0; i < state_->accumulators.size(); ++i)
    state_->accumulators[i]->del_post_hook(state_->hook_keys[i]);
}

void GradReducer::arm() {
  torch::NoGradGuard no_grad;
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  s.reset();
  if (!s.overlap) return;
  s.armed = true;
  // Parameters without a gradient in the previous step are taken as unused again (their
  // gradients are final now), so that their buckets need not wait for finish().
  for (std::size_t i = 0; i < s.params.size(); ++i)
    if (s.unused_last[i]) s.mark(i);
  s.launch_ready();
}

bool GradReducer::overlapping() const {
  return state_->overlap;
}

std::size_t GradReducer::bucket_count() const {
  return state_->buckets.size();
}

std::size_t GradReducer::started_in_backward() const {
  return state_->started_in_backward;
}

std::size_t GradReducer::late_parameters() const {
  return static_cast<std::size_t>(std::count(state_->late.begin(), state_->late.end(), true));
}

void GradReducer::finish() {
  torch::NoGradGuard no_grad;
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  const bool was_armed = s.armed;
  s.armed = false;
  if (s.error) std::rethrow_exception(s.error);
  s.started_in_backward = s.next_launch;
  const std::size_t n = s.params.size();
  if (was_armed)
    for (std::size_t i = 0; i < n; ++i) {
      s.unused_last[i] = s.fired[i] == 0;
      if (s.fired[i] > 1) s.late[i] = true;
    }
  // Every rank issues the same collectives in the same order: the buckets left, then one
  // all-reduce of [has a gradient per parameter..., accumulated twice], then, only when some rank
  // saw a gradient accumulated after its bucket left, every bucket once more.
  while (s.next_launch < s.buckets.size()) s.launch(s.next_launch++);
  s.wait_all();
  at::Tensor info = torch::zeros({static_cast<std::int64_t>(n) + 1}, torch::kFloat);
  {
    auto flags = info.accessor<float, 1>();
    for (std::size_t i = 0; i < n; ++i)
      if (s.params[i].grad().defined()) flags[static_cast<std::int64_t>(i)] = 1.0f;
    if (s.twice) flags[static_cast<std::int64_t>(n)] = 1.0f;
  }
  at::Tensor reduced = info.to(n == 0 ? torch::Device(torch::kCPU) : s.params[0].device());
  s.ctx->all_reduce_sum(reduced);
  reduced = reduced.cpu();
  const auto counts = reduced.accessor<float, 1>();
  if (counts[static_cast<std::int64_t>(n)] > 0) {
    for (std::size_t b = 0; b < s.buckets.size(); ++b) s.launch(b);
    s.wait_all();
  }
  // The sums go back into the gradients (in their dtype) and are divided there: a few
  // multi-tensor kernels instead of two small ones per parameter.
  std::vector<at::Tensor> grads, sums;
  grads.reserve(n);
  sums.reserve(n);
  for (State::Bucket& b : s.buckets) {
    std::int64_t offset = 0;
    for (std::size_t i : b.params) {
      at::Tensor& grad = s.params[i].mutable_grad();
      const std::int64_t numel = s.params[i].numel();
      if (!grad.defined()) grad = torch::empty_like(s.params[i]);
      grads.push_back(grad);
      sums.push_back(b.buffer.narrow(0, offset, numel).view(grad.sizes()));
      offset += numel;
    }
  }
  copy_all(grads, sums);
  if (!grads.empty()) at::_foreach_mul_(grads, 1.0 / s.ctx->world_size());
  for (std::size_t i = 0; i < n; ++i)
    if (counts[static_cast<std::int64_t>(i)] == 0.0f) s.params[i].mutable_grad() = at::Tensor();
  s.reset();
}

}  // namespace sam3::train
