# The canvas: QGraphicsView-based photo and shape editing (part of sam3_annotate).
target_sources(sam3_annotate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/shape_item.cpp ${CMAKE_CURRENT_LIST_DIR}/shape_item.h
  ${CMAKE_CURRENT_LIST_DIR}/annotation_canvas.cpp ${CMAKE_CURRENT_LIST_DIR}/annotation_canvas.h)
