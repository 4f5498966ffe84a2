#include "core/inference/runtime_info.h"

#include <dlfcn.h>

#include <nlohmann/json.hpp>

#include "core/util/torch_compat.h"
#include "core/util/version.h"

namespace sam3 {
namespace {

// The CUDA driver API through dlopen: names and memory of the GPUs without CUDA headers, so
// `info` works the same against CPU-only Debian LibTorch and a CUDA LibTorch.
std::vector<GpuInfo> query_driver(std::string& error) {
  std::vector<GpuInfo> gpus;
  void* lib = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    error = "no CUDA driver (libcuda.so.1 not found)";
    return gpus;
  }
  using InitFn = int (*)(unsigned);
  using CountFn = int (*)(int*);
  using GetFn = int (*)(int*, int);
  using NameFn = int (*)(char*, int, int);
  using MemFn = int (*)(std::size_t*, int);
  using AttrFn = int (*)(int*, int, int);
  auto init = reinterpret_cast<InitFn>(::dlsym(lib, "cuInit"));
  auto count = reinterpret_cast<CountFn>(::dlsym(lib, "cuDeviceGetCount"));
  auto get = reinterpret_cast<GetFn>(::dlsym(lib, "cuDeviceGet"));
  auto name = reinterpret_cast<NameFn>(::dlsym(lib, "cuDeviceGetName"));
  auto mem = reinterpret_cast<MemFn>(::dlsym(lib, "cuDeviceTotalMem_v2"));
  auto attr = reinterpret_cast<AttrFn>(::dlsym(lib, "cuDeviceGetAttribute"));
  if (!init || !count || !get || !name || !mem || !attr) {
    error = "CUDA driver lacks the expected entry points";
    return gpus;
  }
  if (int rc = init(0); rc != 0) {
    error = "cuInit failed with code " + std::to_string(rc);
    return gpus;
  }
  int n = 0;
  if (count(&n) != 0) n = 0;
  for (int i = 0; i < n; ++i) {
    int dev = 0;
    if (get(&dev, i) != 0) continue;
    GpuInfo g;
    g.index = i;
    char buf[256] = {};
    if (name(buf, sizeof(buf), dev) == 0) g.name = buf;
    std::size_t bytes = 0;
    if (mem(&bytes, dev) == 0) g.total_memory_bytes = bytes;
    constexpr int kMajor = 75, kMinor = 76;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_*
    attr(&g.compute_major, kMajor, dev);
    attr(&g.compute_minor, kMinor, dev);
    gpus.push_back(std::move(g));
  }
  // The library stays loaded: LibTorch's CUDA runtime uses the same driver.
  return gpus;
}

}  // namespace

RuntimeInfo runtime_info() {
  RuntimeInfo info;
  info.version = version_string();
  info.git_sha = git_sha();
  info.torch_version = compat::torch_version();
  try {
    info.torch_has_cuda = torch::cuda::is_available();
  } catch (...) {
    info.torch_has_cuda = false;
  }
  info.gpus = query_driver(info.cuda_driver_error);
  return info;
}

std::string to_json(const RuntimeInfo& info) {
  nlohmann::ordered_json j;
  j["version"] = info.version;
  j["git_sha"] = info.git_sha;
  j["libtorch"] = info.torch_version;
  j["cuda_available"] = info.torch_has_cuda;
  auto gpus = nlohmann::ordered_json::array();
  for (const auto& g : info.gpus) {
    gpus.push_back(
        {{"index", g.index},
         {"name", g.name},
         {"memory_gib", static_cast<double>(g.total_memory_bytes) / (1024.0 * 1024 * 1024)},
         {"compute_capability",
          std::to_string(g.compute_major) + "." + std::to_string(g.compute_minor)},
         {"bf16", g.supports_bf16()}});
  }
  j["gpus"] = gpus;
  if (info.gpus.empty()) j["cuda_driver"] = info.cuda_driver_error;
  return j.dump(2);
}

}  // namespace sam3
