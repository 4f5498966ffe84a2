#pragma once
// Internal to restricted_pickle*.cpp: the pickle machine. restricted_pickle.cpp runs the generic
// opcodes; restricted_pickle_torch.cpp holds everything that names a global (the allow-list,
// REDUCE, BUILD, persistent storages and tensor views).
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/util/errors.h"
#include "core/weights/restricted_pickle.h"

namespace sam3::weights::pickle_detail {

using Kind = PickleValue::Kind;

inline PickleRef make(Kind k) {
  return std::make_shared<PickleValue>(k);
}

class Machine {
 public:
  Machine(const std::filesystem::path& file, const std::string& record, const std::uint8_t* data,
          std::size_t size, const StorageLoader& loader)
      : file_(file), record_(record), data_(data), size_(size), loader_(loader) {}
  // Empties every list and dict the run made that is not part of the returned value, so that
  // reference cycles built through the memo (a list appended to itself) cannot leak.
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  PickleRef run() {
    while (true) {
      op_at_ = pos_;
      const std::uint8_t op = byte();
      if (op == '.') break;
      step(op);
    }
    if (stack_.size() != 1) fail("STOP with " + std::to_string(stack_.size()) + " stack values");
    keep_acyclic(stack_.back());
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
  // A new, empty list or dict (the only values a pickle can mutate, hence close a cycle through).
  PickleRef container(Kind k) {
    PickleRef r = make(k);
    containers_.push_back(r);
    return r;
  }
  // Fails when `root` reaches itself; records everything it reaches as kept.
  void keep_acyclic(const PickleRef& root);
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
  // Per dict: position of each string key. The entry holds the dict, so its address cannot be
  // reused by a later dict while the index exists.
  struct KeyIndex {
    PickleRef owner;
    std::unordered_map<std::string, std::size_t> positions;
  };
  std::unordered_map<const PickleValue*, KeyIndex> string_keys_;
  std::vector<std::weak_ptr<PickleValue>> containers_;
  std::unordered_set<const PickleValue*> kept_;
};

}  // namespace sam3::weights::pickle_detail
