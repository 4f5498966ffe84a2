#pragma once
// Result-or-error for facades the ui calls: core throws, facades catch and return this.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sam3 {

struct ErrorInfo {
  enum class Kind { Io, Format, Config, Model, InvalidInput, Cancelled, OutOfMemory, Other };
  Kind kind = Kind::Other;
  std::string message;  // English, with context; the ui may translate `kind` and show this.
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(ErrorInfo error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const ErrorInfo& error() const { return std::get<ErrorInfo>(v_); }

 private:
  std::variant<T, ErrorInfo> v_;
};

// Runs `fn`, mapping the engine's exceptions to ErrorInfo.
ErrorInfo error_from_current_exception();

template <typename Fn>
auto capture(Fn&& fn) -> Result<decltype(fn())> {
  try {
    return fn();
  } catch (...) {
    return error_from_current_exception();
  }
}

}  // namespace sam3
