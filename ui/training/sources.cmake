# The Train view: training panel (model chooser, presets, config form beside the YAML, pre-flight,
# TrainingWorker, ProcessTraining for several GPUs), live curves (QCustomPlot) and the checkpoint browser (part of sam3_ui).
target_sources(sam3_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/qcp.h
  ${CMAKE_CURRENT_LIST_DIR}/curve_plots.cpp ${CMAKE_CURRENT_LIST_DIR}/curve_plots.h
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint_browser.cpp ${CMAKE_CURRENT_LIST_DIR}/checkpoint_browser.h
  ${CMAKE_CURRENT_LIST_DIR}/model_chooser.cpp ${CMAKE_CURRENT_LIST_DIR}/model_chooser.h
  ${CMAKE_CURRENT_LIST_DIR}/process_training.cpp ${CMAKE_CURRENT_LIST_DIR}/process_training.h
  ${CMAKE_CURRENT_LIST_DIR}/training_form.cpp ${CMAKE_CURRENT_LIST_DIR}/training_form.h
  ${CMAKE_CURRENT_LIST_DIR}/training_page.cpp ${CMAKE_CURRENT_LIST_DIR}/training_page.h
  ${CMAKE_CURRENT_LIST_DIR}/training_page_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/training_presets.cpp ${CMAKE_CURRENT_LIST_DIR}/training_presets.h
  ${CMAKE_CURRENT_LIST_DIR}/training_metatypes.h
  ${CMAKE_CURRENT_LIST_DIR}/training_worker.cpp ${CMAKE_CURRENT_LIST_DIR}/training_worker.h)
# The training facade (torch-free headers; LibTorch stays inside it).
target_link_libraries(sam3_ui PUBLIC sam3_train_session)
