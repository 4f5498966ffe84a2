# libFuzzer targets (tests/fuzz), built by the `fuzz` preset with clang. With the option ON every
# target of the build gets libFuzzer's coverage instrumentation (-fsanitize=fuzzer-no-link), so
# the core libraries the fuzzers link are instrumented; ASan and UBSan come from
# SAM3STUDIO_SANITIZERS (sam3::sanitizers). Only the `fuzzers` target is meant to be built in such
# a folder (the build preset does that): other executables would lack libFuzzer's runtime.
option(SAM3STUDIO_BUILD_FUZZERS "Build the libFuzzer targets of tests/fuzz (clang only)" OFF)
if(SAM3STUDIO_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SAM3STUDIO_BUILD_FUZZERS needs clang (libFuzzer); use the fuzz preset")
  endif()
  if(NOT SAM3STUDIO_SANITIZERS)
    message(FATAL_ERROR "SAM3STUDIO_BUILD_FUZZERS needs SAM3STUDIO_SANITIZERS=ON (ASan + UBSan)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link -fno-omit-frame-pointer -g)
endif()
