# Warnings and strict defines as INTERFACE targets: targets opt in, nothing is set globally.
add_library(sam3_warnings INTERFACE)
add_library(sam3::warnings ALIAS sam3_warnings)
target_compile_options(sam3_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
    -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough>)
if(SAM3STUDIO_WARNINGS_AS_ERRORS)
  target_compile_options(sam3_warnings INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()

# Strict Qt: no keywords (Qt's `slots` breaks LibTorch headers), no implicit string casts.
add_library(sam3_qt_strict INTERFACE)
add_library(sam3::qt_strict ALIAS sam3_qt_strict)
target_compile_definitions(sam3_qt_strict INTERFACE
  QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING QT_USE_QSTRINGBUILDER QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_BEFORE=0x060400 QT_STRICT_ITERATORS)

# Sanitizers for the asan preset.
add_library(sam3_sanitizers INTERFACE)
add_library(sam3::sanitizers ALIAS sam3_sanitizers)
if(SAM3STUDIO_SANITIZERS)
  target_compile_options(sam3_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(sam3_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
