#pragma once
// The one place where LibTorch 1.13 (Debian, CPU, Gloo) and LibTorch 2.x (pip, CUDA, NCCL) differ
// for c10d. Include only from distributed.cpp: it pulls in c10d's headers.
//
// 1.13: ProcessGroupGloo / ProcessGroupNCCL derive from c10d::ProcessGroup, whose Options carry
//       the timeout. 2.x: they derive from c10d::Backend (ProcessGroup became a dispatcher over
//       backends) and their Options derive from Backend::Options. In both, the concrete classes
//       take (store, rank, size, options) and offer allreduce / broadcast / barrier with the same
//       signatures, so we hold the concrete process group through `Backend` below.
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>

#if defined(TORCH_VERSION_MAJOR) && TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/distributed/c10d/Backend.hpp>
#define SAM3_C10D_BACKEND_SPLIT 1
#else
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#define SAM3_C10D_BACKEND_SPLIT 0
#endif

#if SAM3_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>

namespace sam3::train::dist_compat {

#if SAM3_C10D_BACKEND_SPLIT
using Backend = c10d::Backend;
#else
using Backend = c10d::ProcessGroup;
#endif

#if SAM3_HAVE_GLOO
// A Gloo process group whose collectives give up after `timeout`.
inline c10::intrusive_ptr<Backend> make_gloo(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                             int size,
                                             std::shared_ptr<::gloo::transport::Device> device,
                                             std::chrono::milliseconds timeout) {
  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  options->devices.push_back(std::move(device));
  options->threads = 2;
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
}
#endif

#ifdef USE_C10D_NCCL
// An NCCL process group (current CUDA device) whose collectives give up after `timeout`.
// 1.13's Options::create takes (is_high_priority_stream) like 2.x; the timeout is a field of the
// base Options in both.
inline c10::intrusive_ptr<Backend> make_nccl(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                             int size, std::chrono::milliseconds timeout) {
  auto options = c10d::ProcessGroupNCCL::Options::create();
  options->timeout = timeout;
  return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, options);
}
#endif

}  // namespace sam3::train::dist_compat
