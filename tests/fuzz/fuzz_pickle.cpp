// libFuzzer target: the restricted pickle machine that reads sam3.pt (core/weights/
// restricted_pickle*.cpp). The input is the data.pkl record of a torch.save archive. Storages are
// served as zero tensors of the requested size (capped: a real archive's storage is a record of
// the ZIP, whose size the archive reader checks before this loader runs).
#include <cstdint>
#include <unordered_set>

#include "core/weights/restricted_pickle.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void visit(const sam3::weights::PickleRef& root) {
  // Iterative walk over what the machine built (each value once: the memo lets values be shared);
  // touches every tensor element.
  std::vector<const sam3::weights::PickleValue*> todo{root.get()};
  std::unordered_set<const sam3::weights::PickleValue*> seen;
  while (!todo.empty()) {
    const sam3::weights::PickleValue* v = todo.back();
    todo.pop_back();
    if (v == nullptr || !seen.insert(v).second) continue;
    if (v->tensor.defined() && v->tensor.numel() > 0)
      (void)v->tensor.to(torch::kFloat64).sum().item<double>();
    for (const auto& item : v->items) todo.push_back(item.get());
    for (const auto& [k, val] : v->dict) {
      todo.push_back(k.get());
      todo.push_back(val.get());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto loader = [](const sam3::weights::StorageRequest& r) -> torch::Tensor {
    if (r.numel < 0 || r.numel > (1 << 16))
      throw sam3::FormatError("fuzz.pt", "storage " + r.key, "storage too large for the fuzzer");
    return torch::zeros({r.numel}, torch::TensorOptions().dtype(r.dtype));
  };
  try {
    visit(sam3::weights::load_restricted_pickle("fuzz.pt", "archive/data.pkl", data, size, loader));
  } catch (const sam3::Error&) {
  }
  return 0;
}
