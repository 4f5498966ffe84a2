# Every find_package in one place. Qt and OpenCV are looked for only when their option is ON.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(ZLIB REQUIRED)  # gzip vocabulary of the tokenizer (core/model)
if(SAM3STUDIO_WITH_PROJECT)
  find_package(SQLite3 REQUIRED)
endif()

# LibTorch: Debian's libtorch-dev (1.13.1, CPU) or an official / pip LibTorch 2.x with CUDA.
find_package(Torch REQUIRED)
# TorchConfig puts its flags into TORCH_CXX_FLAGS (a global string); we apply them per target
# through sam3_torch instead of touching CMAKE_CXX_FLAGS.
add_library(sam3_torch INTERFACE)
add_library(sam3::torch ALIAS sam3_torch)
target_link_libraries(sam3_torch INTERFACE ${TORCH_LIBRARIES})
if(TORCH_CXX_FLAGS)
  separate_arguments(_sam3_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
  target_compile_options(sam3_torch INTERFACE ${_sam3_torch_flags})
endif()
# CUDA-specific code (memory statistics) compiles only against a LibTorch built with CUDA; Debian's
# CPU package ships the c10/cuda headers but not the library.
if(C10_CUDA_LIBRARY OR TORCH_CUDA_LIBRARIES)
  target_compile_definitions(sam3_torch INTERFACE SAM3_WITH_CUDA=1)
  set(SAM3STUDIO_TORCH_CUDA ON)
endif()
message(STATUS "LibTorch ${Torch_VERSION} at ${Torch_DIR} (CUDA: ${SAM3STUDIO_TORCH_CUDA})")

if(SAM3STUDIO_WITH_OPENCV)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
endif()

if(SAM3STUDIO_BUILD_GUI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Network Test LinguistTools)
  find_package(QCustomPlotQt6 REQUIRED)
  # The system keychain for the Hugging Face token (ui/weights); optional: without it the token
  # comes from HF_TOKEN or the token file only.
  find_package(Qt6Keychain QUIET)
  message(STATUS "QtKeychain: ${Qt6Keychain_FOUND}")
endif()

if(SAM3STUDIO_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(SAM3STUDIO_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
