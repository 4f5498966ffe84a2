# sam3_core_library(NAME SOURCES ... [TORCH | TORCH_PRIVATE] [DEPS ...] [PRIVATE_DEPS ...])
# A Qt-free static library of core/. TORCH links LibTorch publicly (its headers expose tensors);
# TORCH_PRIVATE keeps LibTorch out of the include path of dependants (facades the ui sees).
# Both precompile the LibTorch headers.
function(sam3_core_library name)
  cmake_parse_arguments(ARG "TORCH;TORCH_PRIVATE" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  add_library(sam3::${name} ALIAS ${name})
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} sam3::warnings
    sam3::sanitizers)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_TORCH OR ARG_TORCH_PRIVATE)
    if(ARG_TORCH)
      target_link_libraries(${name} PUBLIC sam3::torch)
    else()
      target_link_libraries(${name} PRIVATE sam3::torch)
    endif()
    if(SAM3STUDIO_USE_PCH)
      target_precompile_headers(${name} PRIVATE "${PROJECT_SOURCE_DIR}/core/util/torch_pch.h")
    endif()
  endif()
endfunction()

# sam3_gtest(NAME SOURCES ... DEPS ... [LABELS ...])
function(sam3_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main sam3::warnings
    sam3::sanitizers)
  target_compile_definitions(${name} PRIVATE
    SAM3_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SAM3_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  include(GoogleTest)
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 120)
endfunction()
