# Panels of the annotation workspace (photo fields, shapes) and the photo commands; part of
# sam3_annotate.
target_sources(sam3_annotate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../commands/photo_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../commands/photo_commands.h
  ${CMAKE_CURRENT_LIST_DIR}/photo_panel.cpp ${CMAKE_CURRENT_LIST_DIR}/photo_panel.h
  ${CMAKE_CURRENT_LIST_DIR}/shapes_panel.cpp ${CMAKE_CURRENT_LIST_DIR}/shapes_panel.h)
