#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;

TEST(RemoveTree, RemovesNestedFoldersFilesAndLinksWithoutFollowingLinks) {
  const auto root = fs::temp_directory_path() / ("sam3_remove_tree_" + std::to_string(::getpid()));
  const auto keep =
      fs::temp_directory_path() / ("sam3_remove_tree_keep_" + std::to_string(::getpid()));
  fs::create_directories(root / "a" / "b");
  fs::create_directories(keep);
  std::ofstream(root / "a" / "b" / "f.txt") << "x";
  std::ofstream(root / "top.bin") << "y";
  std::ofstream(keep / "precious.txt") << "z";
  fs::create_directory_symlink(keep, root / "a" / "link");
  EXPECT_EQ(sam3::remove_tree(root), 6u);  // f.txt, b, link, a, top.bin, root
  EXPECT_FALSE(fs::exists(root));
  EXPECT_TRUE(fs::exists(keep / "precious.txt")) << "a link's target must survive";
  EXPECT_EQ(sam3::remove_tree(root), 0u) << "a missing path is not an error";
  EXPECT_EQ(sam3::remove_tree(keep / "precious.txt"), 1u);
  sam3::remove_tree(keep);
}

TEST(RemoveTree, UnremovableEntryIsAnIoErrorNamingIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may remove anything";
  const auto root =
      fs::temp_directory_path() / ("sam3_remove_tree_ro_" + std::to_string(::getpid()));
  fs::create_directories(root / "locked");
  std::ofstream(root / "locked" / "f") << "x";
  fs::permissions(root / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(sam3::remove_tree(root), sam3::IoError);
  fs::permissions(root / "locked", fs::perms::owner_all);
  sam3::remove_tree(root);
}
