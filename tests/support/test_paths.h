// Where the tests find the checkout, the shared reference data and the programs they run.
// The paths are compiled into one small file (test_paths.cpp), not into every test: objects that
// name no folder are the same in every clone, so ccache serves them to CI's fresh clones.
#pragma once

namespace sam3::test {

const char* source_dir();  // the checkout (PROJECT_SOURCE_DIR)
const char* shared_dir();  // ../shared beside the checkout: reference data, CLIP vocabulary
const char* cli_path();    // the built sam3studio-cli ("" when this build has none)
// The reliability children: edits/imports/exports, and the same with sam3-tiny checkpoint writes.
const char* reliability_child_path();
const char* reliability_train_child_path();

}  // namespace sam3::test
