# The Review view: prediction worker, overlay viewer, review page with queue and A/B comparison.
# Its own library (the project document, image loading, the inference facade and core/review) so
# that its test needs neither the training nor the evaluation views; sam3_ui adds the model list
# from the project's runs (review_models.cpp) and places the page.
add_library(sam3_review_ui STATIC
  ${CMAKE_CURRENT_LIST_DIR}/prediction_worker.cpp ${CMAKE_CURRENT_LIST_DIR}/prediction_worker.h
  ${CMAKE_CURRENT_LIST_DIR}/review_view.cpp ${CMAKE_CURRENT_LIST_DIR}/review_view.h
  ${CMAKE_CURRENT_LIST_DIR}/review_page.cpp ${CMAKE_CURRENT_LIST_DIR}/review_page.h
  ${CMAKE_CURRENT_LIST_DIR}/review_page_actions.cpp ${CMAKE_CURRENT_LIST_DIR}/review_page_view.cpp
  ${CMAKE_CURRENT_LIST_DIR}/review_page_compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model_compare.cpp ${CMAKE_CURRENT_LIST_DIR}/model_compare.h)
target_include_directories(sam3_review_ui PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
target_link_libraries(sam3_review_ui
  PUBLIC sam3_annotate sam3_inference sam3_review Qt6::Widgets
  PRIVATE sam3::qt_strict sam3::warnings sam3::sanitizers)
target_compile_definitions(sam3_review_ui PUBLIC QT_NO_KEYWORDS)
target_sources(sam3_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/review_models.cpp ${CMAKE_CURRENT_LIST_DIR}/review_models.h)
target_link_libraries(sam3_ui PUBLIC sam3_review_ui)
