# CTest checks of the committed translations (label unit), included by tests/ui/CMakeLists.txt:
#  Translations.UpToDate: lupdate run on a copy of each .ts file (same sources and options as the
#    update_translations target) changes nothing; otherwise run that target and translate.
#  Translations.Complete: no message is left unfinished or empty.
file(GLOB _sam3_ts_files ${PROJECT_SOURCE_DIR}/translations/*.ts)
add_test(NAME Translations.UpToDate
  COMMAND ${CMAKE_COMMAND}
    -DLUPDATE=$<TARGET_FILE:Qt6::lupdate>
    -DPROJECT_CMAKE=${PROJECT_BINARY_DIR}/ui/.lupdate/sam3_ui_project.cmake
    -DGENERATOR=${Qt6LinguistTools_DIR}/GenerateLUpdateProject.cmake
    "-DTS_FILES=${_sam3_ts_files}"
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations_check
    -DMODE=up-to-date
    -P ${PROJECT_SOURCE_DIR}/translations/check_translations.cmake)
add_test(NAME Translations.Complete
  COMMAND ${CMAKE_COMMAND} "-DTS_FILES=${_sam3_ts_files}" -DMODE=complete
    -P ${PROJECT_SOURCE_DIR}/translations/check_translations.cmake)
set_tests_properties(Translations.UpToDate Translations.Complete PROPERTIES LABELS unit)
