#include "core/weights/restricted_pickle.h"

#include <cstring>
#include <unordered_map>

#include "core/util/errors.h"

namespace sam3::weights {

PickleValue::~PickleValue() {
  std::vector<PickleRef> pending;
  auto take_children = [&pending](PickleValue& v) {
    for (auto& c : v.items) pending.push_back(std::move(c));
    for (auto& [k, val] : v.dict) {
      pending.push_back(std::move(k));
      pending.push_back(std::move(val));
    }
    v.items.clear();
    v.dict.clear();
  };
  take_children(*this);
  while (!pending.empty()) {
    PickleRef p = std::move(pending.back());
    pending.pop_back();
    if (p && p.use_count() == 1) take_children(*p);
  }
}

namespace {

using Kind = PickleValue::Kind;

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

PickleRef make(Kind k) {
  return std::make_shared<PickleValue>(k);
}

class Machine {
 public:
  Machine(const std::filesystem::path& file, const std::string& record, const std::uint8_t* data,
          std::size_t size, const StorageLoader& loader)
      : file_(file), record_(record), data_(data), size_(size), loader_(loader) {}

  PickleRef run() {
    while (true) {
      op_at_ = pos_;
      const std::uint8_t op = byte();
      if (op == '.') break;
      step(op);
    }
    if (stack_.size() != 1) fail("STOP with " + std::to_string(stack_.size()) + " stack values");
    return stack_.back();
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(file_, record_ + " byte " + std::to_string(op_at_), what);
  }
  const std::uint8_t* take(std::uint64_t n) {
    if (n > size_ - pos_) fail("pickle truncated (needs " + std::to_string(n) + " more bytes)");
    const std::uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }
  std::uint8_t byte() { return *take(1); }
  template <typename T>
  T little() {
    T v{};
    std::memcpy(&v, take(sizeof(T)), sizeof(T));
    return v;
  }
  std::string line() {
    const std::uint8_t* start = data_ + pos_;
    const void* nl = std::memchr(start, '\n', size_ - pos_);
    if (nl == nullptr) fail("unterminated GLOBAL");
    const auto n = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nl) - start);
    pos_ += n + 1;
    return std::string(reinterpret_cast<const char*>(start), n);
  }
  PickleRef pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
      fail("stack underflow");
    PickleRef v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  PickleRef& top() {
    if (stack_.empty()) fail("stack underflow");
    return stack_.back();
  }
  std::vector<PickleRef> pop_to_mark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<PickleRef> items(std::make_move_iterator(stack_.begin() + m),
                                 std::make_move_iterator(stack_.end()));
    stack_.resize(m);
    return items;
  }
  void push(PickleRef v) { stack_.push_back(std::move(v)); }
  void push_int(std::int64_t v) {
    auto r = make(Kind::Int);
    r->integer = v;
    push(std::move(r));
  }
  void push_text(Kind k, std::uint64_t n) {
    auto r = make(k);
    const std::uint8_t* p = take(n);
    r->text.assign(reinterpret_cast<const char*>(p), n);
    push(std::move(r));
  }
  void push_tuple(std::vector<PickleRef> items) {
    auto r = make(Kind::Tuple);
    r->items = std::move(items);
    push(std::move(r));
  }
  void memo_put(std::uint64_t index) { memo_[index] = top(); }
  void memo_get(std::uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo key " + std::to_string(index) + " was never stored");
    push(it->second);
  }

  void step(std::uint8_t op);
  bool step_scalar(std::uint8_t op);
  bool step_container(std::uint8_t op);
  void global(const std::string& module, const std::string& name);
  void reduce();
  void build();
  void set_items(PickleRef& dict, std::vector<PickleRef> items);
  void persistent_load();
  PickleRef rebuild_tensor(const std::vector<PickleRef>& args);
  std::vector<std::int64_t> int_tuple(const PickleRef& v, const char* what) const;

  const std::filesystem::path& file_;
  const std::string& record_;
  const std::uint8_t* data_;
  std::size_t size_;
  const StorageLoader& loader_;
  std::size_t pos_ = 0;
  std::size_t op_at_ = 0;
  std::vector<PickleRef> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, PickleRef> memo_;
  std::unordered_map<std::string, torch::Tensor> storages_;
  std::unordered_map<const PickleValue*, std::unordered_map<std::string, std::size_t>> string_keys_;
};

bool Machine::step_scalar(std::uint8_t op) {
  switch (op) {
    case 'N':
      push(make(Kind::None));
      return true;
    case 0x88:
    case 0x89: {
      auto r = make(Kind::Bool);
      r->boolean = op == 0x88;
      push(std::move(r));
      return true;
    }
    case 'J':
      push_int(little<std::int32_t>());
      return true;
    case 'K':
      push_int(little<std::uint8_t>());
      return true;
    case 'M':
      push_int(little<std::uint16_t>());
      return true;
    case 0x8a: {  // LONG1: little-endian two's complement of n bytes
      const std::uint8_t n = byte();
      if (n > 8) fail("integer of " + std::to_string(n) + " bytes is too large");
      const std::uint8_t* p = take(n);
      std::uint64_t v = 0;
      for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
      if (n > 0 && n < 8 && (p[n - 1] & 0x80)) v |= ~std::uint64_t{0} << (8 * n);
      push_int(static_cast<std::int64_t>(v));
      return true;
    }
    case 'G': {  // BINFLOAT: big-endian double
      std::uint64_t bits = 0;
      const std::uint8_t* p = take(8);
      for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
      auto r = make(Kind::Float);
      std::memcpy(&r->real, &bits, 8);
      push(std::move(r));
      return true;
    }
    case 'X':
      push_text(Kind::String, little<std::uint32_t>());
      return true;
    case 0x8c:
      push_text(Kind::String, byte());
      return true;
    case 0x8d:
      push_text(Kind::String, little<std::uint64_t>());
      return true;
    case 'U':
      push_text(Kind::String, byte());
      return true;  // Python 2 str
    case 'T':
      push_text(Kind::String, little<std::uint32_t>());
      return true;
    case 'B':
      push_text(Kind::Bytes, little<std::uint32_t>());
      return true;
    case 'C':
      push_text(Kind::Bytes, byte());
      return true;
    default:
      return false;
  }
}

bool Machine::step_container(std::uint8_t op) {
  switch (op) {
    case '(':
      marks_.push_back(stack_.size());
      return true;
    case ')':
      push_tuple({});
      return true;
    case 't':
      push_tuple(pop_to_mark());
      return true;
    case 0x85:
    case 0x86:
    case 0x87: {
      std::vector<PickleRef> items(op - 0x84);
      for (auto it = items.rbegin(); it != items.rend(); ++it) *it = pop();
      push_tuple(std::move(items));
      return true;
    }
    case ']':
      push(make(Kind::List));
      return true;
    case '}':
      push(make(Kind::Dict));
      return true;
    case 'a': {
      PickleRef v = pop();
      if (top()->kind != Kind::List) fail("APPEND to a non-list");
      top()->items.push_back(std::move(v));
      return true;
    }
    case 'e': {
      auto items = pop_to_mark();
      if (top()->kind != Kind::List) fail("APPENDS to a non-list");
      for (auto& v : items) top()->items.push_back(std::move(v));
      return true;
    }
    case 's': {
      PickleRef v = pop();
      PickleRef k = pop();
      set_items(top(), {std::move(k), std::move(v)});
      return true;
    }
    case 'u': {
      auto items = pop_to_mark();
      set_items(top(), std::move(items));
      return true;
    }
    default:
      return false;
  }
}

void Machine::step(std::uint8_t op) {
  if (step_scalar(op) || step_container(op)) return;
  switch (op) {
    case 0x80: {
      const std::uint8_t proto = byte();
      if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
      return;
    }
    case 0x95:
      take(8);
      return;  // FRAME: a length hint only
    case 'q':
      memo_put(byte());
      return;
    case 'r':
      memo_put(little<std::uint32_t>());
      return;
    case 0x94:
      memo_put(memo_.size());
      return;
    case 'h':
      memo_get(byte());
      return;
    case 'j':
      memo_get(little<std::uint32_t>());
      return;
    case '0':
      pop();
      return;
    case '1':
      pop_to_mark();
      return;
    case 'c': {
      std::string module = line();
      std::string name = line();
      global(module, name);
      return;
    }
    case 0x93: {
      PickleRef name = pop();
      PickleRef module = pop();
      if (module->kind != Kind::String || name->kind != Kind::String)
        fail("STACK_GLOBAL needs two strings");
      global(module->text, name->text);
      return;
    }
    case 'R':
      reduce();
      return;
    case 'b':
      build();
      return;
    case 'Q':
      persistent_load();
      return;
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", op);
      fail(std::string("pickle opcode ") + hex + " is not allowed in a weights checkpoint");
    }
  }
}

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

void Machine::set_items(PickleRef& dict, std::vector<PickleRef> items) {
  if (dict->kind != Kind::Dict) fail("SETITEM(S) on a non-dict");
  if (items.size() % 2 != 0) fail("SETITEMS with an odd number of values");
  auto& index = string_keys_[dict.get()];  // keeps a repeated string key linear to resolve
  for (std::size_t i = 0; i < items.size(); i += 2) {
    const PickleRef& key = items[i];
    if (key->kind == Kind::String) {
      auto [it, inserted] = index.emplace(key->text, dict->dict.size());
      if (!inserted) {
        dict->dict[it->second].second = items[i + 1];
        continue;
      }
    }
    dict->dict.emplace_back(key, items[i + 1]);
  }
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
    push(make(Kind::Dict));
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

}  // namespace

PickleRef load_restricted_pickle(const std::filesystem::path& file, const std::string& record,
                                 const std::uint8_t* data, std::size_t size,
                                 const StorageLoader& load_storage) {
  return Machine(file, record, data, size, load_storage).run();
}

}  // namespace sam3::weights
