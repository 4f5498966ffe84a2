// The torch-specific half of the restricted pickle machine: the only globals it resolves, and
// what calling them means (see restricted_pickle.h).
#include "core/weights/restricted_pickle_machine.h"

namespace sam3::weights::pickle_detail {
namespace {

// The storage types a persistent id may name, with their element types.
const std::unordered_map<std::string, torch::ScalarType>& storage_types() {
  static const std::unordered_map<std::string, torch::ScalarType> types = {
      {"torch.DoubleStorage", torch::kFloat64},
      {"torch.FloatStorage", torch::kFloat32},
      {"torch.HalfStorage", torch::kFloat16},
      {"torch.BFloat16Storage", torch::kBFloat16},
      {"torch.LongStorage", torch::kInt64},
      {"torch.IntStorage", torch::kInt32},
      {"torch.ShortStorage", torch::kInt16},
      {"torch.CharStorage", torch::kInt8},
      {"torch.ByteStorage", torch::kUInt8},
      {"torch.BoolStorage", torch::kBool},
      {"torch.ComplexFloatStorage", torch::kComplexFloat},
      {"torch.ComplexDoubleStorage", torch::kComplexDouble},
  };
  return types;
}

bool is_allowed_callable(const std::string& name) {
  return name == "collections.OrderedDict" || name == "torch._utils._rebuild_tensor_v2" ||
         name == "torch._utils._rebuild_parameter";
}

}  // namespace

void Machine::global(const std::string& module, const std::string& name) {
  const std::string full = module + "." + name;
  if (!is_allowed_callable(full) && storage_types().count(full) == 0)
    fail("pickle global '" + full +
         "' is not allowed: a weights checkpoint may only hold tensors, storages and "
         "OrderedDicts (refusing to load; the file may be malicious)");
  auto r = make(Kind::Global);
  r->text = full;
  push(std::move(r));
}

void Machine::reduce() {
  PickleRef args = pop();
  PickleRef callable = pop();
  if (callable->kind != Kind::Global || !is_allowed_callable(callable->text))
    fail("REDUCE of something other than an allowed callable");
  if (args->kind != Kind::Tuple) fail("REDUCE arguments are not a tuple");
  const std::string& name = callable->text;
  if (name == "collections.OrderedDict") {
    if (!args->items.empty()) fail("OrderedDict called with arguments");
    push(container(Kind::Dict));
  } else if (name == "torch._utils._rebuild_tensor_v2") {
    push(rebuild_tensor(args->items));
  } else {  // _rebuild_parameter(data, requires_grad, backward_hooks)
    if (args->items.size() != 3 || args->items[0]->kind != Kind::Tensor)
      fail("_rebuild_parameter expects (tensor, requires_grad, hooks)");
    push(args->items[0]);
  }
}

void Machine::build() {
  PickleRef state = pop();
  // state_dict()'s `_metadata` (module versions) arrives as BUILD on the OrderedDict.
  if (top()->kind != Kind::Dict || state->kind != Kind::Dict)
    fail("BUILD is only allowed to attach a dict of attributes to an OrderedDict");
}

void Machine::persistent_load() {
  PickleRef pid = pop();
  const auto& f = pid->items;
  if (pid->kind != Kind::Tuple || f.size() != 5 || f[0]->kind != Kind::String ||
      f[0]->text != "storage" || f[1]->kind != Kind::Global || f[2]->kind != Kind::String ||
      f[3]->kind != Kind::String || f[4]->kind != Kind::Int)
    fail("persistent id is not ('storage', torch.<T>Storage, key, location, numel)");
  auto type = storage_types().find(f[1]->text);
  if (type == storage_types().end()) fail("'" + f[1]->text + "' is not a storage type");
  if (f[4]->integer < 0) fail("negative storage size");
  auto cached = storages_.find(f[2]->text);
  if (cached == storages_.end()) {
    StorageRequest req{f[2]->text, type->second, f[4]->integer, f[3]->text};
    torch::Tensor flat = loader_(req);
    if (!flat.defined() || flat.dim() != 1 || flat.numel() != req.numel ||
        flat.scalar_type() != req.dtype)
      fail("storage '" + req.key + "' could not be provided as requested");
    cached = storages_.emplace(req.key, std::move(flat)).first;
  } else if (cached->second.scalar_type() != type->second) {
    fail("storage '" + f[2]->text + "' is referenced with two different types");
  }
  auto r = make(Kind::Storage);
  r->text = f[2]->text;
  r->tensor = cached->second;
  push(std::move(r));
}

std::vector<std::int64_t> Machine::int_tuple(const PickleRef& v, const char* what) const {
  if (v->kind != Kind::Tuple) fail(std::string(what) + " is not a tuple");
  std::vector<std::int64_t> out;
  for (const auto& item : v->items) {
    if (item->kind != Kind::Int || item->integer < 0)
      fail(std::string(what) + " holds something other than a non-negative integer");
    out.push_back(item->integer);
  }
  return out;
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, meta])
PickleRef Machine::rebuild_tensor(const std::vector<PickleRef>& args) {
  if (args.size() < 6 || args.size() > 7 || args[0]->kind != Kind::Storage ||
      args[1]->kind != Kind::Int)
    fail("_rebuild_tensor_v2 expects (storage, offset, size, stride, requires_grad, hooks)");
  const auto size = int_tuple(args[2], "tensor size");
  const auto stride = int_tuple(args[3], "tensor stride");
  if (size.size() != stride.size()) fail("tensor size and stride differ in length");
  const std::int64_t offset = args[1]->integer;
  const torch::Tensor& storage = args[0]->tensor;
  if (offset < 0) fail("negative storage offset");
  // The largest element index the view touches must lie inside the storage.
  std::int64_t last = offset;
  bool empty = false;
  for (std::size_t i = 0; i < size.size(); ++i) {
    if (size[i] == 0) empty = true;
    std::int64_t span = 0;
    if (size[i] > 0 && (__builtin_mul_overflow(size[i] - 1, stride[i], &span) ||
                        __builtin_add_overflow(last, span, &last)))
      fail("tensor size/stride overflow");
  }
  if (!empty && last >= storage.numel())
    fail("tensor view (offset " + std::to_string(offset) + ", last element " +
         std::to_string(last) + ") exceeds storage '" + args[0]->text + "' of " +
         std::to_string(storage.numel()) + " elements");
  if (empty && offset > storage.numel()) fail("storage offset beyond the storage");
  auto r = make(Kind::Tensor);
  r->tensor = storage.as_strided(size, stride, offset);
  return r;
}

}  // namespace sam3::weights::pickle_detail
