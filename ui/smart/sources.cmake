# SAM3 in the annotation workspace. The proposal commands need no model (part of sam3_annotate,
# used by the canvas menu and the shapes panel). sam3_smart: the smart polygon tool, text
# pre-labelling and their workers, which run the model (LibTorch stays behind the core facades);
# sam3_ui links it, and its tests need nothing else of the ui.
target_sources(sam3_annotate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/proposal_commands.cpp ${CMAKE_CURRENT_LIST_DIR}/proposal_commands.h
  ${CMAKE_CURRENT_LIST_DIR}/../canvas/canvas_tool_handler.h)
add_library(sam3_smart STATIC
  ${CMAKE_CURRENT_LIST_DIR}/smart_worker.cpp ${CMAKE_CURRENT_LIST_DIR}/smart_worker.h
  ${CMAKE_CURRENT_LIST_DIR}/smart_polygon_tool.cpp ${CMAKE_CURRENT_LIST_DIR}/smart_polygon_tool.h
  ${CMAKE_CURRENT_LIST_DIR}/smart_polygon_view.cpp ${CMAKE_CURRENT_LIST_DIR}/smart_polygon_outline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prelabeler.cpp ${CMAKE_CURRENT_LIST_DIR}/prelabeler.h
  ${CMAKE_CURRENT_LIST_DIR}/smart_tools.cpp ${CMAKE_CURRENT_LIST_DIR}/smart_tools.h)
target_include_directories(sam3_smart PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
target_link_libraries(sam3_smart
  PUBLIC sam3_annotate sam3_inference Qt6::Widgets
  PRIVATE sam3_weights sam3::qt_strict sam3::warnings sam3::sanitizers)
target_compile_definitions(sam3_smart PUBLIC QT_NO_KEYWORDS)
set_target_properties(sam3_smart PROPERTIES AUTOMOC ON)
target_link_libraries(sam3_ui PUBLIC sam3_smart)
