# Configure with GUI and OpenCV off, then check that neither Qt nor OpenCV was searched for.
file(REMOVE_RECURSE "${BINARY_DIR}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G Ninja
          -DSAM3STUDIO_BUILD_GUI=OFF -DSAM3STUDIO_WITH_OPENCV=OFF -DSAM3STUDIO_BUILD_TESTS=ON
          -DCMAKE_BUILD_TYPE=Release -DSAM3STUDIO_WITH_PROJECT=${WITH_PROJECT}
          "-DCMAKE_PREFIX_PATH=${PREFIX_PATH}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "engine-only configure failed:\n${out}\n${err}")
endif()
file(STRINGS "${BINARY_DIR}/CMakeCache.txt" cache)
foreach(line IN LISTS cache)
  if(line MATCHES "^(Qt6_DIR|Qt6Core_DIR|OpenCV_DIR|QCustomPlotQt6_DIR):")
    message(FATAL_ERROR "engine-only configure looked for a GUI/OpenCV dependency: ${line}")
  endif()
endforeach()
message(STATUS "engine-only configure is free of Qt and OpenCV")
