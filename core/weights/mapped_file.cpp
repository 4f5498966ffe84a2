#include "core/weights/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/util/errors.h"

namespace sam3::weights {

std::shared_ptr<MappedFile> MappedFile::open(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(file, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw IoError(file, std::string("cannot stat: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw IoError(file, "not a regular file");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  std::uint8_t* data = nullptr;
  if (size > 0) {
    // Copy-on-write and without swap reservation: views are writable without touching the file.
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      throw IoError(file, std::string("cannot map: ") + std::strerror(err));
    }
    data = static_cast<std::uint8_t*>(p);
  }
  ::close(fd);  // the mapping keeps its own reference to the file
  return std::shared_ptr<MappedFile>(new MappedFile(file, data, size));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace sam3::weights
