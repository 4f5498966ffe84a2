#include "core/util/fs_util.h"

#include <ftw.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/util/errors.h"

namespace sam3 {
namespace {

thread_local std::size_t t_removed = 0;
thread_local int t_errno = 0;
thread_local std::string t_failed;

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
  if (std::remove(path) != 0) {
    t_errno = errno;
    t_failed = path;
    return 1;  // stop the walk
  }
  ++t_removed;
  return 0;
}

}  // namespace

std::size_t remove_tree(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return 0;
    throw IoError(path, std::string("cannot remove: ") + std::strerror(errno));
  }
  t_removed = 0;
  t_errno = 0;
  t_failed.clear();
  // Depth first, children before their folder; symbolic links are removed, never followed.
  if (::nftw(path.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS) != 0) {
    const int err = t_errno != 0 ? t_errno : errno;
    throw IoError(t_failed.empty() ? path : std::filesystem::path(t_failed),
                  std::string("cannot remove: ") + std::strerror(err));
  }
  return t_removed;
}

}  // namespace sam3
