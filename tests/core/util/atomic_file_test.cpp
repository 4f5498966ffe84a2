#include <gtest/gtest.h>

#include <sys/resource.h>
#include <csignal>
#include <filesystem>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("sam3_util_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::size_t count_files(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST(AtomicFile, WritesAndReplaces) {
  auto dir = fresh_dir("replace");
  auto f = dir / "a.json";
  sam3::write_file_atomic(f, "first");
  EXPECT_EQ(sam3::read_file(f), "first");
  sam3::write_file_atomic(f, "second, longer");
  EXPECT_EQ(sam3::read_file(f), "second, longer");
  EXPECT_EQ(count_files(dir), 1u) << "temporary file left behind";
}

TEST(AtomicFile, WriterExceptionKeepsPreviousFile) {
  auto dir = fresh_dir("throw");
  auto f = dir / "ckpt.bin";
  sam3::write_file_atomic(f, "good checkpoint");
  EXPECT_THROW(sam3::write_file_atomic(f,
                                       [](const sam3::ByteSink& sink) {
                                         sink("partial", 7);
                                         throw std::runtime_error("simulated crash mid-write");
                                       }),
               std::runtime_error);
  EXPECT_EQ(sam3::read_file(f), "good checkpoint");
  EXPECT_EQ(count_files(dir), 1u);
}

TEST(AtomicFile, DiskFullIsReportedAndPreviousFileSurvives) {
  // RLIMIT_FSIZE makes write() fail with EFBIG like a full disk would fail with ENOSPC.
  auto dir = fresh_dir("full");
  auto f = dir / "big.bin";
  sam3::write_file_atomic(f, "old");
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string big(4096, 'x');
  try {
    sam3::write_file_atomic(f, big);
    setrlimit(RLIMIT_FSIZE, &old);
    FAIL() << "expected IoError";
  } catch (const sam3::IoError& e) {
    setrlimit(RLIMIT_FSIZE, &old);
    EXPECT_NE(std::string(e.what()).find("big.bin"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("write failed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sam3::read_file(f), "old");
  EXPECT_EQ(count_files(dir), 1u);
}

TEST(AtomicFile, MissingFolderNamesTheFile) {
  auto f = fs::temp_directory_path() / "sam3_no_such_dir_x" / "out.json";
  try {
    sam3::write_file_atomic(f, "x");
    FAIL() << "expected IoError";
  } catch (const sam3::IoError& e) {
    EXPECT_EQ(e.file(), f);
  }
}

TEST(ReadFile, MissingFileThrowsIoError) {
  EXPECT_THROW(sam3::read_file("/nonexistent/sam3/file.txt"), sam3::IoError);
}
