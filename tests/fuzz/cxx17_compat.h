#pragma once
// Forced into the LibTorch-using fuzz sources only (tests/fuzz/CMakeLists.txt). LibTorch 1.13's
// headers do not compile with clang in C++20 mode (std::vector<c10::IValue> of an incomplete type,
// pytorch/pytorch#93978), so those sources are built as C++17 here; this supplies the one C++20
// library name they use (std::endian, core/weights/safetensors.cpp) from the compiler's macros.
#include <bit>
#if __cplusplus <= 201703L && !defined(__cpp_lib_endian)
namespace std {
enum class endian {
  little = __ORDER_LITTLE_ENDIAN__,
  big = __ORDER_BIG_ENDIAN__,
  native = __BYTE_ORDER__
};
}  // namespace std
#endif
