# The inspection report dialog: overlay thumbnails, preview, CSV / HTML / PDF export (part of
# sam3_results, made in ../evaluation/sources.cmake; the report's data and writers are core/report).
target_sources(sam3_results PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/report_thumbnails.cpp ${CMAKE_CURRENT_LIST_DIR}/report_thumbnails.h
  ${CMAKE_CURRENT_LIST_DIR}/report_dialog.cpp ${CMAKE_CURRENT_LIST_DIR}/report_dialog.h)
target_link_libraries(sam3_results PUBLIC sam3_report)
