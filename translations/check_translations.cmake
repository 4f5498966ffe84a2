# cmake -P script behind the Translations.* tests (see translations_test.cmake).
# MODE=up-to-date: LUPDATE, PROJECT_CMAKE (the lupdate project of target sam3_ui), GENERATOR
#   (Qt's GenerateLUpdateProject.cmake), TS_FILES, WORK_DIR. Fails when lupdate would change a file.
# MODE=complete: TS_FILES. Fails when a message is unfinished or has an empty translation.
if(MODE STREQUAL "up-to-date")
  file(REMOVE_RECURSE ${WORK_DIR})
  file(MAKE_DIRECTORY ${WORK_DIR})
  execute_process(COMMAND ${CMAKE_COMMAND} -DIN_FILE=${PROJECT_CMAKE}
    -DOUT_FILE=${WORK_DIR}/project.json -P ${GENERATOR} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not write the lupdate project from ${PROJECT_CMAKE}")
  endif()
  set(_stale "")
  foreach(ts ${TS_FILES})
    get_filename_component(_name ${ts} NAME)
    file(COPY_FILE ${ts} ${WORK_DIR}/${_name})
    # The options of qt_add_translations(LUPDATE_OPTIONS ...) in ui/CMakeLists.txt.
    execute_process(COMMAND ${LUPDATE} -silent -no-obsolete -locations none
      -project ${WORK_DIR}/project.json -ts ${WORK_DIR}/${_name}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "lupdate failed on ${_name}: ${out}${err}")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${ts} ${WORK_DIR}/${_name}
      RESULT_VARIABLE differs)
    if(differs)
      list(APPEND _stale ${_name})
      execute_process(COMMAND diff -u ${ts} ${WORK_DIR}/${_name})
    endif()
  endforeach()
  if(_stale)
    message(FATAL_ERROR "out of date with the sources: ${_stale} (the diff above is what lupdate "
      "changes). Run `cmake --build --preset release --target update_translations`, translate "
      "the new messages and commit the .ts files.")
  endif()
  message(STATUS "translations up to date: ${TS_FILES}")
elseif(MODE STREQUAL "complete")
  set(_bad "")
  foreach(ts ${TS_FILES})
    file(READ ${ts} _content)
    string(REGEX MATCHALL "<translation type=\"unfinished\"|<translation></translation>|<translation/>"
      _open "${_content}")
    list(LENGTH _open _n)
    if(_n GREATER 0)
      list(APPEND _bad "${ts}: ${_n} message(s) unfinished or empty")
    endif()
  endforeach()
  if(_bad)
    message(FATAL_ERROR "untranslated messages:\n${_bad}\nOpen the file in Qt Linguist (or an "
      "editor), translate them and drop type=\"unfinished\".")
  endif()
  message(STATUS "translations complete: ${TS_FILES}")
else()
  message(FATAL_ERROR "MODE must be up-to-date or complete")
endif()
