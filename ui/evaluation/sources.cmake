# sam3_results: the evaluation view (COCO stats, AP per class, PR curves, image-level confusion,
# model vs model), the batch prediction dialog and (ui/report) the inspection report dialog. Its
# own library so that its tests build without the rest of the GUI; the main window's Results menu
# joins sam3_ui.
add_library(sam3_results STATIC
  ${CMAKE_CURRENT_LIST_DIR}/model_choices.cpp ${CMAKE_CURRENT_LIST_DIR}/model_choices.h
  ${CMAKE_CURRENT_LIST_DIR}/evaluation_result.cpp ${CMAKE_CURRENT_LIST_DIR}/evaluation_result.h
  ${CMAKE_CURRENT_LIST_DIR}/evaluation_view.cpp ${CMAKE_CURRENT_LIST_DIR}/evaluation_view.h
  ${CMAKE_CURRENT_LIST_DIR}/evaluation_tables.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch_predict_dialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch_predict_dialog.h)
target_include_directories(sam3_results PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
target_link_libraries(sam3_results
  PUBLIC Qt6::Widgets Qt6::PrintSupport QCustomPlotQt6::QCustomPlotQt6 sam3_shell
         sam3_train_session sam3_batch sam3_eval
  PRIVATE sam3::qt_strict sam3::warnings sam3::sanitizers)
target_compile_definitions(sam3_results PUBLIC QT_NO_KEYWORDS)
set_target_properties(sam3_results PROPERTIES AUTOMOC ON)

target_sources(sam3_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/results_menu.cpp ${CMAKE_CURRENT_LIST_DIR}/results_menu.h)
target_link_libraries(sam3_ui PUBLIC sam3_results)
