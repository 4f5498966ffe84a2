# Runs at build time (cmake -P) so the SHA follows every commit, not just the last configure.
# Inputs: SRC_DIR, IN_FILE, OUT_FILE, VERSION.
execute_process(COMMAND git -C "${SRC_DIR}" rev-parse --short=12 HEAD
  OUTPUT_VARIABLE SAM3STUDIO_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR SAM3STUDIO_GIT_SHA STREQUAL "")
  # A source copy without .git (a tarball, the GPU machine's copy) may pass the SHA in.
  if(DEFINED ENV{SAM3STUDIO_GIT_SHA} AND NOT "$ENV{SAM3STUDIO_GIT_SHA}" STREQUAL "")
    set(SAM3STUDIO_GIT_SHA "$ENV{SAM3STUDIO_GIT_SHA}")
  else()
    set(SAM3STUDIO_GIT_SHA "unknown")
  endif()
else()
  execute_process(COMMAND git -C "${SRC_DIR}" status --porcelain --untracked-files=no
    OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    string(APPEND SAM3STUDIO_GIT_SHA "-dirty")
  endif()
endif()
set(SAM3STUDIO_VERSION "${VERSION}")
configure_file("${IN_FILE}" "${OUT_FILE}.tmp" @ONLY)
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT_FILE}.tmp" "${OUT_FILE}")
file(REMOVE "${OUT_FILE}.tmp")
