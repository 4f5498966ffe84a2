#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "core/util/errors.h"

namespace sam3 {
namespace {

std::string errno_text(int err) {
  if (err == ENOSPC || err == EDQUOT) return "disk full (" + std::string(std::strerror(err)) + ")";
  return std::strerror(err);
}

class TempFile {
 public:
  explicit TempFile(const std::filesystem::path& target) : target_(target) {
    std::random_device rd;
    path_ = target;
    path_ += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) throw IoError(target_, "cannot create temporary file: " + errno_text(errno));
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = ::write(fd_, p, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw IoError(target_, "write failed: " + errno_text(errno));
      }
      p += n;
      size -= static_cast<std::size_t>(n);
    }
  }

  void commit() {
    if (::fsync(fd_) != 0) throw IoError(target_, "fsync failed: " + errno_text(errno));
    if (::close(fd_) != 0) {
      fd_ = -1;
      throw IoError(target_, "close failed: " + errno_text(errno));
    }
    fd_ = -1;
    if (::rename(path_.c_str(), target_.c_str()) != 0)
      throw IoError(target_, "rename failed: " + errno_text(errno));
    committed_ = true;
    auto dir = target_.parent_path();
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);  // best effort: some file systems refuse fsync on folders
      ::close(dfd);
    }
  }

 private:
  std::filesystem::path target_;
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomic(const std::filesystem::path& target, std::string_view bytes) {
  TempFile tmp(target);
  tmp.write(bytes.data(), bytes.size());
  tmp.commit();
}

void write_file_atomic(const std::filesystem::path& target,
                       const std::function<void(const ByteSink&)>& writer) {
  TempFile tmp(target);
  writer([&tmp](const void* data, std::size_t size) { tmp.write(data, size); });
  tmp.commit();
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(file, "read failed");
  return ss.str();
}

}  // namespace sam3
