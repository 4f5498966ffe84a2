#pragma once
// Gradient all-reduce overlapped with backward, as DDP's Reducer does it: the trainable
// parameters are cut into buckets (reverse registration order, which is roughly the order their
// gradients become ready; one dtype and device per bucket, at most `bucket_bytes`), a post-hook on
// each parameter's gradient accumulator marks it ready, and a bucket whose parameters are all
// ready starts its asynchronous all-reduce while backward goes on. Buckets start strictly in
// index order, so every rank issues the same collectives in the same order whatever order its
// gradients arrive in. finish() starts the buckets that are left, waits for all of them and
// writes the mean over the ranks into each .grad.
//
// A parameter without a gradient on some rank counts as zeros there; a parameter that has none on
// any rank keeps no gradient (the optimizer skips it, as in one process). Parameters that got no
// gradient in the previous step are taken as unused again when the next backward is armed, so a
// bucket holding them does not wait for finish(). The hooks work on LibTorch 1.13 and 2.x
// (Node::add_post_hook on the AccumulateGrad node). When a gradient arrives after its bucket left
// (a parameter shared by two reentrant activation-checkpointed blocks, whose gradient is
// accumulated once per block, or an "unused" one used after all), the ranks learn it in finish()'s
// one small all-reduce and reduce every bucket again; a parameter seen accumulated more than once
// per backward is "late" from then on: its bucket starts in finish(), the others still overlap.
// Every bucket is started exactly once per step, in index order, with final gradients, whatever
// each rank knows, so the ranks need not agree on which parameters are late or unused.
//
// Thread affinity: construct, arm() and finish() on the training thread; the hooks run on the
// autograd engine's threads. Not copyable; the destructor removes the hooks.
#include <torch/torch.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "core/train/distributed.h"

namespace sam3::train {

class GradReducer {
 public:
  struct Options {
    std::size_t bucket_bytes = std::size_t{25} << 20;
    // false: finish() alone reduces (bucketed, after backward).
    bool overlap = true;
    // Send fp32 gradients as bf16 (half the traffic; each rank's gradient is rounded to bf16
    // before the sum, as DDP's bf16_compress_hook does); the mean is written back in fp32. On
    // CPU ranks (Gloo has no bf16 sum) the rounded gradients travel as fp32.
    bool bf16 = false;
  };
  // `params`: the trainable parameters, in the same order on every rank (the optimizer's).
  // Options: the same on every rank.
  GradReducer(DistContext& ctx, std::vector<at::Tensor> params, Options options);
  GradReducer(DistContext& ctx, std::vector<at::Tensor> params)
      : GradReducer(ctx, std::move(params), Options{}) {}
  ~GradReducer();
  GradReducer(const GradReducer&) = delete;
  GradReducer& operator=(const GradReducer&) = delete;

  // Before the backward that completes the step's gradients (the last micro-batch's): buckets
  // start as they fill. Backwards before it (earlier micro-batches) only accumulate locally.
  void arm();
  // After that backward: every .grad holds the mean over the ranks. DistributedError when a
  // collective fails (a peer died or timed out).
  void finish();

  bool overlapping() const;
  std::size_t bucket_count() const;
  // Buckets whose all-reduce started during the last armed backward (before finish()).
  std::size_t started_in_backward() const;
  // Parameters accumulated more than once per backward so far (their buckets wait for finish()).
  std::size_t late_parameters() const;

  struct State;  // shared with the hooks (grad_reducer.cpp)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace sam3::train
