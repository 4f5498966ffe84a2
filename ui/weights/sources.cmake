# Getting SAM3's weights: the Hugging Face download (Qt Network, no widgets), the token lookup and
# the dialog. A library of its own without LibTorch, so that its tests build in seconds; sam3_ui
# links it. QtKeychain is used when found (Debian: qtkeychain-qt6-dev, which
# packaging/install-deps.sh installs); without it the token comes from HF_TOKEN or the token file.
add_library(sam3_weights_ui STATIC
  ${CMAKE_CURRENT_LIST_DIR}/hf_repo_info.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_repo_info.h
  ${CMAKE_CURRENT_LIST_DIR}/hf_downloader.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_downloader.h
  ${CMAKE_CURRENT_LIST_DIR}/hf_token.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_token.h
  ${CMAKE_CURRENT_LIST_DIR}/weights_dialog.cpp ${CMAKE_CURRENT_LIST_DIR}/weights_dialog.h)
target_include_directories(sam3_weights_ui PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
target_link_libraries(sam3_weights_ui
  PUBLIC Qt6::Widgets Qt6::Network sam3_util
  PRIVATE sam3::qt_strict sam3::warnings sam3::sanitizers)
target_compile_definitions(sam3_weights_ui PUBLIC QT_NO_KEYWORDS)
if(TARGET Qt6Keychain::Qt6Keychain)
  target_link_libraries(sam3_weights_ui PRIVATE Qt6Keychain::Qt6Keychain)
  target_compile_definitions(sam3_weights_ui PRIVATE SAM3_WITH_QTKEYCHAIN=1)
endif()
target_link_libraries(sam3_ui PUBLIC sam3_weights_ui)
