#pragma once
// Data-parallel training across processes through PyTorch's own distributed engine (c10d): a
// TCPStore rendezvous and a process group (Gloo on the CPU, NCCL on CUDA where LibTorch has it).
//
// Launch contract: the same environment variables `torchrun` sets — RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT — so a multi-node launch works the same way. Rank 0 hosts the store.
//
// Collectives are blocking and symmetric: every rank must call the same ones, in the same order,
// with tensors of the same shapes. A rank that dies makes the others' next collective fail with
// DistributedError (Gloo reports the closed connection at once; at worst the configured timeout
// bounds the wait), never hang.
//
// all_reduce_gradients() reduces after backward; GradReducer (grad_reducer.h) overlaps the
// buckets' all-reduces with backward the way DDP's Reducer does.
#include <torch/torch.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/util/errors.h"

namespace sam3::train {

// A collective or the rendezvous failed (peer gone, timeout, bad address).
class DistributedError : public Error {
 public:
  using Error::Error;
};

// Where this process sits in the job.
struct DistEnv {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  // True when RANK / WORLD_SIZE were given (a launched job), false for a lone process.
  bool launched = false;
};

// Parses torchrun's variables from `vars` (name -> value; absent names are missing).
// Neither RANK nor WORLD_SIZE: a lone process (world 1, rank 0). One of them alone, a non-integer,
// rank outside [0, world), world < 1, LOCAL_RANK < 0, MASTER_PORT outside [1, 65535] or an empty
// MASTER_ADDR throw ConfigError naming the variable, its value and what was expected.
// Defaults: LOCAL_RANK = RANK, MASTER_ADDR = 127.0.0.1, MASTER_PORT = 29500.
DistEnv parse_dist_env(const std::map<std::string, std::string>& vars);

// parse_dist_env over this process's environment.
DistEnv read_dist_env();

// A TCP port of 127.0.0.1 that was free a moment ago (MASTER_PORT of a one-host launch).
// IoError when no port can be bound.
int free_loopback_port();

struct DistOptions {
  // Bounds the rendezvous and every collective; a dead peer is reported within it at the latest.
  std::chrono::milliseconds timeout = std::chrono::minutes(10);
  // NCCL on the current CUDA device (LOCAL_RANK); false: Gloo on the CPU.
  bool use_cuda = false;
};

// How gradients of the ranks combine.
enum class GradReduction { kSum, kAverage };

// The process group of this job. Not copyable; one per process.
class DistContext {
 public:
  // Rendezvous through a TCPStore at MASTER_ADDR:MASTER_PORT (rank 0 listens) and create the
  // process group. Throws DistributedError when the store cannot be reached or a peer does not
  // arrive within `options.timeout`, InvalidInput when the requested backend is not compiled in.
  static std::unique_ptr<DistContext> create(const DistEnv& env, const DistOptions& options);
  ~DistContext();
  DistContext(const DistContext&) = delete;
  DistContext& operator=(const DistContext&) = delete;

  int rank() const { return rank_; }
  int world_size() const { return world_size_; }
  // Rank 0 alone writes logs, metrics and checkpoints.
  bool is_main() const { return rank_ == 0; }
  std::string backend_name() const;

  // Sum of `value` over the ranks (the global number of boxes for loss normalisation).
  double all_reduce_sum(double value);
  // In-place sum over the ranks of a tensor of the group's device.
  void all_reduce_sum(at::Tensor& tensor);
  // Starts the in-place sum of `tensor` (contiguous, the group's device) and returns at once; the
  // returned function waits for it (DistributedError on failure). Keep `tensor` alive and
  // untouched until then. Every rank must start the same collectives in the same order.
  std::function<void()> all_reduce_sum_async(const at::Tensor& tensor);
  // Overwrites `tensors` (parameters, buffers) with rank `root`'s values, in place, no grad.
  void broadcast(const std::vector<at::Tensor>& tensors, int root = 0);
  // Combines the .grad of `params` over the ranks, in buckets of at most `bucket_bytes` per dtype.
  // A parameter without a grad on this rank counts as zeros (its grad is created), so every rank
  // sends the same buckets.
  void all_reduce_gradients(const std::vector<at::Tensor>& params, GradReduction reduction,
                            std::size_t bucket_bytes = std::size_t{25} << 20);
  // Waits until every rank arrives.
  void barrier();

  // Compiled-in backends: "gloo", "nccl" (possibly both, possibly none).
  static std::vector<std::string> available_backends();

 private:
  struct Impl;
  explicit DistContext(std::unique_ptr<Impl> impl, int rank, int world_size);
  std::unique_ptr<Impl> impl_;
  int rank_;
  int world_size_;
};

}  // namespace sam3::train
