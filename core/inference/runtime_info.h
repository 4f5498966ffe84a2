#pragma once
// What this build runs on: LibTorch version and the CUDA devices. Plain types, safe for the ui.
#include <cstdint>
#include <string>
#include <vector>

namespace sam3 {

struct GpuInfo {
  int index = 0;
  std::string name;
  std::uint64_t total_memory_bytes = 0;
  int compute_major = 0;
  int compute_minor = 0;
  bool supports_bf16() const { return compute_major >= 8; }
};

struct RuntimeInfo {
  std::string version;  // SAM3 Studio version
  std::string git_sha;
  std::string torch_version;      // LibTorch the build links
  bool torch_has_cuda = false;    // LibTorch built with CUDA and a device usable
  std::vector<GpuInfo> gpus;      // from the CUDA driver; empty without a driver
  std::string cuda_driver_error;  // why `gpus` is empty, when it is
};

// Never throws; the first call may take a second (CUDA initialisation).
RuntimeInfo runtime_info();
std::string to_json(const RuntimeInfo& info);

}  // namespace sam3
