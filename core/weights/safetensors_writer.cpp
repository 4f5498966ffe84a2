#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/weights/safetensors.h"

namespace sam3::weights {
namespace {

const char* dtype_name(const std::string& key, torch::ScalarType type) {
  switch (type) {
    case torch::kFloat64:
      return "F64";
    case torch::kFloat32:
      return "F32";
    case torch::kFloat16:
      return "F16";
    case torch::kBFloat16:
      return "BF16";
    case torch::kInt64:
      return "I64";
    case torch::kInt32:
      return "I32";
    case torch::kInt16:
      return "I16";
    case torch::kInt8:
      return "I8";
    case torch::kUInt8:
      return "U8";
    case torch::kBool:
      return "BOOL";
    default:
      throw InvalidInput("tensor '" + key + "': dtype " + std::string(c10::toString(type)) +
                         " cannot be stored in safetensors");
  }
}

}  // namespace

std::string shape_string(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string shape_string(const torch::Tensor& tensor) {
  return shape_string(Shape(tensor.sizes().begin(), tensor.sizes().end()));
}

void write_safetensors(const std::filesystem::path& file, const NamedTensors& tensors,
                       const Metadata& metadata) {
  // Field order as the reference writer emits it: __metadata__ first, then dtype, shape, offsets.
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = nlohmann::json(metadata);
  std::vector<torch::Tensor> contiguous;
  contiguous.reserve(tensors.size());
  std::uint64_t offset = 0;
  for (const auto& [key, tensor] : tensors) {  // std::map: key order
    if (key == "__metadata__") throw InvalidInput("'__metadata__' is reserved, not a tensor key");
    if (!tensor.defined()) throw InvalidInput("tensor '" + key + "' is undefined");
    const char* dtype = dtype_name(key, tensor.scalar_type());
    contiguous.push_back(tensor.detach().to(torch::kCPU).contiguous());
    const auto nbytes = static_cast<std::uint64_t>(contiguous.back().nbytes());
    header[key] = {{"dtype", dtype},
                   {"shape", tensor.sizes().vec()},
                   {"data_offsets", {offset, offset + nbytes}}};
    offset += nbytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const std::uint64_t n = text.size();
  write_file_atomic(file, [&](const ByteSink& sink) {
    sink(&n, 8);  // little-endian host (static_assert in safetensors.cpp)
    sink(text.data(), text.size());
    for (const auto& t : contiguous)
      if (t.nbytes() > 0) sink(t.data_ptr(), t.nbytes());
  });
}

}  // namespace sam3::weights
