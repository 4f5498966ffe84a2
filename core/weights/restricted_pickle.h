#pragma once
// A restricted pickle virtual machine for PyTorch checkpoints (protocol 2, as torch.save writes;
// the protocol 3-4 framing opcodes are accepted too). It builds plain values only: None, bools,
// ints, floats, strings, bytes, tuples, lists, dicts, OrderedDicts and tensors. The only globals
// it resolves are collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter and the torch.*Storage types of persistent ids; any other
// global (os.system, builtins.eval, ...) or object-building opcode is a FormatError before
// anything is called. Nothing in a pickle can run code here.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace sam3::weights {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct PickleValue {
  enum class Kind {
    None,
    Bool,
    Int,
    Float,
    String,
    Bytes,
    Tuple,
    List,
    Dict,
    Global,
    Storage,
    Tensor
  };
  Kind kind = Kind::None;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0.0;
  std::string text;                                   // String, Bytes, Global ("module.name")
  std::vector<PickleRef> items;                       // Tuple, List
  std::vector<std::pair<PickleRef, PickleRef>> dict;  // Dict, insertion order
  torch::Tensor tensor;                               // Storage (flat), Tensor

  PickleValue() = default;
  explicit PickleValue(Kind k) : kind(k) {}
  ~PickleValue();  // iterative, so deeply nested input cannot exhaust the stack
  PickleValue(const PickleValue&) = delete;
  PickleValue& operator=(const PickleValue&) = delete;
};

// What a persistent id ('storage', torch.<T>Storage, key, location, numel) asks for.
struct StorageRequest {
  std::string key;
  torch::ScalarType dtype = torch::kFloat32;
  std::int64_t numel = 0;
  std::string location;
};
// Must return a contiguous 1-D tensor of request.numel elements of request.dtype.
using StorageLoader = std::function<torch::Tensor(const StorageRequest&)>;

// Runs the pickle in `data` and returns the value left by STOP. `file`/`record` name the source
// in errors ("sam3.pt (archive/data.pkl byte 1234): ...").
PickleRef load_restricted_pickle(const std::filesystem::path& file, const std::string& record,
                                 const std::uint8_t* data, std::size_t size,
                                 const StorageLoader& load_storage);

}  // namespace sam3::weights
