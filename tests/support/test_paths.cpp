#include "tests/support/test_paths.h"

namespace sam3::test {

const char* source_dir() {
  return SAM3_TEST_SOURCE_DIR;
}
const char* shared_dir() {
  return SAM3_TEST_SHARED_DIR;
}
const char* cli_path() {
  return SAM3_TEST_CLI;
}
const char* reliability_child_path() {
  return SAM3_TEST_RELIABILITY_CHILD;
}
const char* reliability_train_child_path() {
  return SAM3_TEST_RELIABILITY_TRAIN_CHILD;
}

}  // namespace sam3::test
