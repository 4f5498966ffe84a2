# ccache as the compiler launcher when it is installed (packaging/install-deps.sh installs it).
# The settings make hits independent of where the tree is cloned and which preset builds it:
# - base_dir: absolute paths under the source tree are hashed relative to the build folder, so a
#   fresh clone of CI (or another preset's folder, with the same flags) reuses the cached objects;
# - hash_dir off: Debug builds (-g) do not hash the working directory (debug info then names the
#   folder of the first build; irrelevant for CI and tests);
# - sloppiness pch_defines,time_macros: objects that use a precompiled header can be cached;
# - ignore_options: Qt Test's QT_TESTCASE_BUILDDIR/SOURCEDIR (absolute folders Qt6::Test puts on
#   every test) only feed QFINDTESTDATA, which no test uses. Folders the tests do use come from
#   tests/support/test_paths.cpp, the one object that names them.
# A launcher given on the command line (CMAKE_CXX_COMPILER_LAUNCHER) wins; SAM3STUDIO_USE_CCACHE=OFF
# turns it off.
option(SAM3STUDIO_USE_CCACHE "Compile through ccache when it is installed" ON)
if(SAM3STUDIO_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(SAM3STUDIO_CCACHE_PROGRAM ccache)
  if(SAM3STUDIO_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      "CCACHE_IGNOREOPTIONS=-DQT_TESTCASE_BUILDDIR=* -DQT_TESTCASE_SOURCEDIR=*"
      ${SAM3STUDIO_CCACHE_PROGRAM})
    message(STATUS "ccache: ${SAM3STUDIO_CCACHE_PROGRAM} (base_dir ${PROJECT_SOURCE_DIR})")
  endif()
endif()
