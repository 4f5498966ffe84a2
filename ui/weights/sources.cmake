# Getting SAM3's weights: the Hugging Face download (Qt Network, no widgets), the token lookup and
# the dialog (part of sam3_ui). QtKeychain is used when found (Debian: qtkeychain-qt6-dev, which
# packaging/install-deps.sh installs); without it the token comes from HF_TOKEN or the token file.
target_sources(sam3_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/hf_repo_info.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_repo_info.h
  ${CMAKE_CURRENT_LIST_DIR}/hf_downloader.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_downloader.h
  ${CMAKE_CURRENT_LIST_DIR}/hf_token.cpp ${CMAKE_CURRENT_LIST_DIR}/hf_token.h
  ${CMAKE_CURRENT_LIST_DIR}/weights_dialog.cpp ${CMAKE_CURRENT_LIST_DIR}/weights_dialog.h)
target_link_libraries(sam3_ui PUBLIC Qt6::Network)
if(TARGET Qt6Keychain::Qt6Keychain)
  target_link_libraries(sam3_ui PRIVATE Qt6Keychain::Qt6Keychain)
  target_compile_definitions(sam3_ui PRIVATE SAM3_WITH_QTKEYCHAIN=1)
endif()
