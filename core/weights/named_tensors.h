#pragma once
// Shared vocabulary of the weights layer: tensors by state-dict key, and keys with shapes.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sam3::weights {

// Tensors by key, sorted by key. Values may be views of a memory-mapped file (see safetensors.h).
using NamedTensors = std::map<std::string, torch::Tensor>;

using Shape = std::vector<std::int64_t>;

struct KeyShape {
  std::string key;
  Shape shape;
};

// "[1, 577, 1024]"; "[]" for a scalar.
std::string shape_string(const Shape& shape);
std::string shape_string(const torch::Tensor& tensor);

}  // namespace sam3::weights
