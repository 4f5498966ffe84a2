# The application shell. sam3_shell (no LibTorch, so its tests build without the model): first-run
# page, project dialogs and their worker jobs, recent projects, the action registry with its help
# and shortcut dialogs. The main window's project handling joins sam3_ui itself.
add_library(sam3_shell STATIC
  ${CMAKE_CURRENT_LIST_DIR}/action_registry.cpp ${CMAKE_CURRENT_LIST_DIR}/action_registry.h
  ${CMAKE_CURRENT_LIST_DIR}/help_dialog.cpp ${CMAKE_CURRENT_LIST_DIR}/help_dialog.h
  ${CMAKE_CURRENT_LIST_DIR}/shortcuts_dialog.cpp ${CMAKE_CURRENT_LIST_DIR}/shortcuts_dialog.h
  ${CMAKE_CURRENT_LIST_DIR}/task_runner.cpp ${CMAKE_CURRENT_LIST_DIR}/task_runner.h
  ${CMAKE_CURRENT_LIST_DIR}/project_tasks.cpp ${CMAKE_CURRENT_LIST_DIR}/project_tasks.h
  ${CMAKE_CURRENT_LIST_DIR}/project_dialogs.cpp ${CMAKE_CURRENT_LIST_DIR}/project_dialogs.h
  ${CMAKE_CURRENT_LIST_DIR}/recent_projects.cpp ${CMAKE_CURRENT_LIST_DIR}/recent_projects.h
  ${CMAKE_CURRENT_LIST_DIR}/welcome_page.cpp ${CMAKE_CURRENT_LIST_DIR}/welcome_page.h)
target_include_directories(sam3_shell PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
# Photo import decodes pixels; the demo project encodes them (both need OpenCV, as the GUI does).
target_link_libraries(sam3_shell
  PUBLIC Qt6::Widgets sam3_project sam3_util
  PRIVATE sam3_project_photos sam3_demo sam3::qt_strict sam3::warnings sam3::sanitizers)
target_compile_definitions(sam3_shell PUBLIC QT_NO_KEYWORDS)
set_target_properties(sam3_shell PROPERTIES AUTOMOC ON)

target_sources(sam3_ui PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../main_window_project.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../main_window_actions.h)
target_link_libraries(sam3_ui PUBLIC sam3_shell)
