#include "core/train/distributed.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <utility>

#include "core/train/dist_compat.h"

#ifdef SAM3_WITH_CUDA
#include <c10/cuda/CUDAFunctions.h>
#endif

namespace sam3::train {
namespace {

const std::filesystem::path kEnvSource{"environment"};

long parse_int(const std::map<std::string, std::string>& vars, const std::string& name, long lo,
               long hi, const std::string& expected) {
  const std::string& text = vars.at(name);
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < lo || value > hi) {
    throw ConfigError(kEnvSource, name, "got '" + text + "', expected " + expected);
  }
  return value;
}

// Runs a collective to completion, turning c10d's failures into a DistributedError with context.
void wait_for(const c10::intrusive_ptr<c10d::Work>& work, const std::string& what, int rank,
              int world) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    throw DistributedError(
        "distributed " + what + " failed on rank " + std::to_string(rank) + " of " +
        std::to_string(world) +
        " (a peer process has probably exited or stopped answering): " + e.what());
  }
}

}  // namespace

DistEnv parse_dist_env(const std::map<std::string, std::string>& vars) {
  DistEnv env;
  const bool has_rank = vars.count("RANK") > 0;
  const bool has_world = vars.count("WORLD_SIZE") > 0;
  if (!has_rank && !has_world) return env;
  if (has_rank != has_world) {
    throw ConfigError(kEnvSource, has_rank ? "WORLD_SIZE" : "RANK",
                      "missing, expected RANK and WORLD_SIZE to be set together");
  }
  env.launched = true;
  env.world_size = static_cast<int>(
      parse_int(vars, "WORLD_SIZE", 1, 1 << 20, "an integer number of processes >= 1"));
  env.rank =
      static_cast<int>(parse_int(vars, "RANK", 0, env.world_size - 1,
                                 "an integer in [0, " + std::to_string(env.world_size - 1) + "]"));
  env.local_rank =
      vars.count("LOCAL_RANK") > 0
          ? static_cast<int>(parse_int(vars, "LOCAL_RANK", 0, 1 << 20, "an integer >= 0"))
          : env.rank;
  if (vars.count("MASTER_ADDR") > 0) {
    env.master_addr = vars.at("MASTER_ADDR");
    if (env.master_addr.empty()) {
      throw ConfigError(kEnvSource, "MASTER_ADDR", "empty, expected a host name or address");
    }
  }
  if (vars.count("MASTER_PORT") > 0) {
    env.master_port =
        static_cast<int>(parse_int(vars, "MASTER_PORT", 1, 65535, "a TCP port in [1, 65535]"));
  }
  return env;
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw IoError("127.0.0.1", std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw IoError("127.0.0.1", "no free TCP port for the rendezvous");
  return ntohs(addr.sin_port);
}

DistEnv read_dist_env() {
  std::map<std::string, std::string> vars;
  for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"}) {
    if (const char* value = std::getenv(name)) vars[name] = value;
  }
  return parse_dist_env(vars);
}

struct DistContext::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<dist_compat::Backend> group;
  std::string backend;
  torch::Device device{torch::kCPU};
};

std::vector<std::string> DistContext::available_backends() {
  std::vector<std::string> names;
#if SAM3_HAVE_GLOO
  names.emplace_back("gloo");
#endif
#ifdef USE_C10D_NCCL
  names.emplace_back("nccl");
#endif
  return names;
}

namespace {

c10::intrusive_ptr<c10d::Store> connect_store(const DistEnv& env, const DistOptions& options) {
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<std::uint16_t>(env.master_port);
  store_options.isServer = env.rank == 0;
  store_options.numWorkers = static_cast<std::size_t>(env.world_size);
  store_options.waitWorkers = true;
  store_options.timeout = options.timeout;
  try {
    return c10::make_intrusive<c10d::TCPStore>(env.master_addr, store_options);
  } catch (const std::exception& e) {
    throw DistributedError("distributed rendezvous at " + env.master_addr + ":" +
                           std::to_string(env.master_port) + " failed on rank " +
                           std::to_string(env.rank) + " of " + std::to_string(env.world_size) +
                           " (is rank 0 running and the port free?): " + e.what());
  }
}

#if SAM3_HAVE_GLOO
// GLOO_SOCKET_IFNAME picks the interface like in PyTorch; a loopback master stays on loopback;
// otherwise the address the host name resolves to.
std::shared_ptr<::gloo::transport::Device> gloo_device(const DistEnv& env) {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  }
  if (env.master_addr == "127.0.0.1" || env.master_addr == "localhost") {
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  }
  return c10d::ProcessGroupGloo::createDefaultDevice();
}
#endif

}  // namespace

std::unique_ptr<DistContext> DistContext::create(const DistEnv& env, const DistOptions& options) {
  auto impl = std::make_unique<Impl>();
#ifndef USE_C10D_NCCL
  if (options.use_cuda) {
    throw InvalidInput("multi-GPU training needs NCCL, which this LibTorch build lacks");
  }
#endif
#if !SAM3_HAVE_GLOO
  if (!options.use_cuda) {
    throw InvalidInput(
        "distributed training on the CPU needs Gloo, which this build lacks "
        "(install libgloo-dev and reconfigure)");
  }
#endif
#ifdef SAM3_WITH_CUDA
  // NCCL's communicator and the trainer's tensors live on this rank's GPU.
  if (options.use_cuda) c10::cuda::set_device(static_cast<c10::DeviceIndex>(env.local_rank));
#endif
  impl->store = connect_store(env, options);
  try {
#ifdef USE_C10D_NCCL
    if (options.use_cuda) {
      impl->group = dist_compat::make_nccl(impl->store, env.rank, env.world_size, options.timeout);
      impl->backend = "nccl";
      impl->device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(env.local_rank));
    }
#endif
#if SAM3_HAVE_GLOO
    if (!options.use_cuda) {
      impl->group = dist_compat::make_gloo(impl->store, env.rank, env.world_size, gloo_device(env),
                                           options.timeout);
      impl->backend = "gloo";
    }
#endif
  } catch (const std::exception& e) {
    throw DistributedError("creating the process group failed on rank " + std::to_string(env.rank) +
                           " of " + std::to_string(env.world_size) + ": " + e.what());
  }
  return std::unique_ptr<DistContext>(new DistContext(std::move(impl), env.rank, env.world_size));
}

DistContext::DistContext(std::unique_ptr<Impl> impl, int rank, int world_size)
    : impl_(std::move(impl)), rank_(rank), world_size_(world_size) {}

DistContext::~DistContext() = default;

std::string DistContext::backend_name() const {
  return impl_->backend;
}

void DistContext::all_reduce_sum(at::Tensor& tensor) {
  std::vector<at::Tensor> tensors{tensor};
  wait_for(impl_->group->allreduce(tensors), "all-reduce", rank_, world_size_);
}

std::function<void()> DistContext::all_reduce_sum_async(const at::Tensor& tensor) {
  std::vector<at::Tensor> tensors{tensor};
  c10::intrusive_ptr<c10d::Work> work;
  try {
    work = impl_->group->allreduce(tensors);
  } catch (const std::exception& e) {
    throw DistributedError("starting an all-reduce failed on rank " + std::to_string(rank_) +
                           " of " + std::to_string(world_size_) + ": " + e.what());
  }
  return [work, rank = rank_, world = world_size_] {
    wait_for(work, "gradient all-reduce", rank, world);
  };
}

double DistContext::all_reduce_sum(double value) {
  at::Tensor t =
      torch::full({1}, value, torch::TensorOptions(torch::kDouble).device(impl_->device));
  all_reduce_sum(t);
  return t.cpu().item<double>();
}

void DistContext::broadcast(const std::vector<at::Tensor>& tensors, int root) {
  torch::NoGradGuard no_grad;
  c10d::BroadcastOptions opts;
  opts.rootRank = root;
  for (const at::Tensor& t : tensors) {
    // Gloo and NCCL need dense contiguous buffers; copy back where the tensor is a strided view.
    at::Tensor buffer = t.is_contiguous() ? t.detach() : t.detach().contiguous();
    std::vector<at::Tensor> one{buffer};
    wait_for(impl_->group->broadcast(one, opts), "broadcast", rank_, world_size_);
    if (!t.is_contiguous()) t.detach().copy_(buffer);
  }
}

namespace {

// Reduces one bucket: flatten into one buffer, all-reduce, scale, copy back into each grad.
void reduce_bucket(DistContext& ctx, const std::vector<at::Tensor>& grads, double scale) {
  std::vector<at::Tensor> flat;
  flat.reserve(grads.size());
  for (const at::Tensor& g : grads) flat.push_back(g.reshape({-1}));
  at::Tensor buffer = torch::cat(flat);
  ctx.all_reduce_sum(buffer);
  if (scale != 1.0) buffer.mul_(scale);
  int64_t offset = 0;
  for (const at::Tensor& g : grads) {
    const int64_t n = g.numel();
    g.copy_(buffer.narrow(0, offset, n).view_as(g));
    offset += n;
  }
}

}  // namespace

void DistContext::all_reduce_gradients(const std::vector<at::Tensor>& params,
                                       GradReduction reduction, std::size_t bucket_bytes) {
  torch::NoGradGuard no_grad;
  const double scale = reduction == GradReduction::kAverage ? 1.0 / world_size_ : 1.0;
  // Buckets hold grads of one dtype and device, in parameter order (identical on every rank).
  std::map<std::pair<int, std::string>, std::vector<at::Tensor>> open;
  std::map<std::pair<int, std::string>, std::size_t> open_bytes;
  for (const at::Tensor& p : params) {
    if (!p.requires_grad()) continue;
    at::Tensor& grad = p.mutable_grad();
    if (!grad.defined()) grad = torch::zeros_like(p);
    const auto key = std::make_pair(static_cast<int>(grad.scalar_type()), grad.device().str());
    open[key].push_back(grad);
    open_bytes[key] += static_cast<std::size_t>(grad.numel()) * grad.element_size();
    if (open_bytes[key] >= bucket_bytes) {
      reduce_bucket(*this, open[key], scale);
      open[key].clear();
      open_bytes[key] = 0;
    }
  }
  for (auto& [key, grads] : open) {
    if (!grads.empty()) reduce_bucket(*this, grads, scale);
  }
}

void DistContext::barrier() {
  wait_for(impl_->group->barrier(), "barrier", rank_, world_size_);
}

}  // namespace sam3::train
