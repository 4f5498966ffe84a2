# The canvas: QGraphicsView-based photo and shape editing (part of sam3_annotate).
target_sources(sam3_annotate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/photo_item.cpp ${CMAKE_CURRENT_LIST_DIR}/photo_item.h
  ${CMAKE_CURRENT_LIST_DIR}/shape_item.cpp ${CMAKE_CURRENT_LIST_DIR}/shape_item.h
  ${CMAKE_CURRENT_LIST_DIR}/shape_geometry.cpp ${CMAKE_CURRENT_LIST_DIR}/shape_geometry.h
  ${CMAKE_CURRENT_LIST_DIR}/annotation_canvas.cpp ${CMAKE_CURRENT_LIST_DIR}/annotation_canvas.h
  ${CMAKE_CURRENT_LIST_DIR}/canvas_input.cpp ${CMAKE_CURRENT_LIST_DIR}/canvas_edits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canvas_menu.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../commands/shape_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../commands/shape_commands.h)
