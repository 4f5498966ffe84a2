#include "core/weights/restricted_pickle.h"

#include "core/weights/restricted_pickle_machine.h"

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

namespace pickle_detail {

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
      push(container(Kind::List));
      return true;
    case '}':
      push(container(Kind::Dict));
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

void Machine::set_items(PickleRef& dict, std::vector<PickleRef> items) {
  if (dict->kind != Kind::Dict) fail("SETITEM(S) on a non-dict");
  if (items.size() % 2 != 0) fail("SETITEMS with an odd number of values");
  KeyIndex& index = string_keys_[dict.get()];  // keeps a repeated string key linear to resolve
  if (!index.owner) index.owner = dict;
  for (std::size_t i = 0; i < items.size(); i += 2) {
    const PickleRef& key = items[i];
    if (key->kind == Kind::String) {
      auto [it, inserted] = index.positions.emplace(key->text, dict->dict.size());
      if (!inserted) {
        dict->dict[it->second].second = items[i + 1];
        continue;
      }
    }
    dict->dict.emplace_back(key, items[i + 1]);
  }
}

Machine::~Machine() {
  for (const auto& weak : containers_) {
    const PickleRef c = weak.lock();
    if (c && !kept_.count(c.get())) {
      c->items.clear();
      c->dict.clear();
    }
  }
}

void Machine::keep_acyclic(const PickleRef& root) {
  // Iterative depth-first search: a child that is still open on the path closes a cycle.
  enum class State { Open, Done };
  std::unordered_map<const PickleValue*, State> state;
  std::vector<std::pair<const PickleValue*, std::size_t>> path;  // value, next child index
  auto child = [](const PickleValue* v, std::size_t i) -> const PickleValue* {
    if (i < v->items.size()) return v->items[i].get();
    i -= v->items.size();
    const auto& kv = v->dict[i / 2];
    return (i % 2 == 0 ? kv.first : kv.second).get();
  };
  state[root.get()] = State::Open;
  path.emplace_back(root.get(), 0);
  while (!path.empty()) {
    auto& [v, next] = path.back();
    if (next == v->items.size() + 2 * v->dict.size()) {
      state[v] = State::Done;
      path.pop_back();
      continue;
    }
    const PickleValue* c = child(v, next++);
    if (c == nullptr) continue;
    const auto [it, added] = state.emplace(c, State::Open);
    if (added)
      path.emplace_back(c, 0);
    else if (it->second == State::Open)
      fail("the pickle's value contains itself (a reference cycle)");
  }
  for (const auto& entry : state) kept_.insert(entry.first);
}

}  // namespace pickle_detail

PickleRef load_restricted_pickle(const std::filesystem::path& file, const std::string& record,
                                 const std::uint8_t* data, std::size_t size,
                                 const StorageLoader& load_storage) {
  return pickle_detail::Machine(file, record, data, size, load_storage).run();
}

}  // namespace sam3::weights
