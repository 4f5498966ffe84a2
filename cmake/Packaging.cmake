# CPack: the Debian package. Included from packaging/CMakeLists.txt after every target exists.
#
#   cmake --build BUILD --target sam3studio sam3studio-cli && (cd BUILD && cpack -G DEB)
#
# File name: sam3studio_<version>+g<sha>-<flavour>_<arch>.deb, e.g.
# sam3studio_0.1.0+g1a2b3c4d5e6f-cpu_amd64.deb. The SHA is the one the built sam3studio-cli
# reports (`--version`), read when cpack runs, so the name always matches the binaries inside.
# Flavour: "cuda" when LibTorch was built with CUDA, else "cpu" (SAM3STUDIO_PACKAGE_FLAVOUR
# overrides). Depends: dpkg-shlibdeps derives the shared-library packages (LibTorch, Qt, OpenCV,
# yaml-cpp, SQLite ...) from the executables; SAM3STUDIO_PACKAGE_EXTRA_DEPENDS adds what is loaded
# at run time and so invisible to it.
if(SAM3STUDIO_TORCH_CUDA)
  set(_flavour cuda)
else()
  set(_flavour cpu)
endif()
set(SAM3STUDIO_PACKAGE_FLAVOUR "${_flavour}" CACHE STRING "LibTorch flavour in the package name")
set_property(CACHE SAM3STUDIO_PACKAGE_FLAVOUR PROPERTY STRINGS cpu cuda)

# A LibTorch outside /usr (the official zip, a pip wheel) belongs to no Debian package: its shared
# libraries travel inside the package under lib/sam3studio and the executables find them there.
set(_torch_lib_dir "")
if(TORCH_LIBRARY AND NOT TORCH_LIBRARY MATCHES "^/usr/")
  get_filename_component(_torch_lib_dir "${TORCH_LIBRARY}" DIRECTORY)
endif()
if(_torch_lib_dir)
  install(DIRECTORY "${_torch_lib_dir}/" DESTINATION lib/sam3studio
          FILES_MATCHING PATTERN "*.so*")
  foreach(_exe sam3studio sam3studio-cli)
    if(TARGET ${_exe})
      set_property(TARGET ${_exe} PROPERTY INSTALL_RPATH "$ORIGIN/../lib/sam3studio")
    endif()
  endforeach()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${_torch_lib_dir}")
endif()

set(SAM3STUDIO_PACKAGE_EXTRA_DEPENDS "qt6-qpa-plugins, ca-certificates"
    CACHE STRING "Depends beyond the shared libraries (Qt's platform plugins; TLS roots for the Hub)")
if(NOT SAM3STUDIO_BUILD_GUI)
  set(SAM3STUDIO_PACKAGE_EXTRA_DEPENDS "ca-certificates")
endif()

set(CPACK_PACKAGE_NAME sam3studio)
set(CPACK_PACKAGE_VENDOR "SAM3 Studio")
set(CPACK_PACKAGE_CONTACT "SAM3 Studio developers <sam3studio@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Label photos, fine-tune Meta's SAM3 segmentation model and review its detections.\n\
Desktop application (sam3studio) and command-line engine (sam3studio-cli). LibTorch flavour: \
${SAM3STUDIO_PACKAGE_FLAVOUR}.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE "${SAM3STUDIO_PACKAGE_FLAVOUR}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${SAM3STUDIO_PACKAGE_EXTRA_DEPENDS}")
if(SAM3STUDIO_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6svg6")
endif()

set(SAM3STUDIO_CPACK_CLI "${PROJECT_BINARY_DIR}/bin/sam3studio-cli")
configure_file("${CMAKE_CURRENT_LIST_DIR}/PackagingVersion.cmake.in"
               "${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake" @ONLY)
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake")
include(CPack)
