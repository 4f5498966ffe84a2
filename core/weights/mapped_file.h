#pragma once
// A whole file memory-mapped copy-on-write: reads come from the page cache, writes into a view
// stay private (they never reach the file and never fault). Shared by every tensor viewing it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

namespace sam3::weights {

class MappedFile {
 public:
  // Throws IoError when the file is missing, unreadable or cannot be mapped.
  static std::shared_ptr<MappedFile> open(const std::filesystem::path& file);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  MappedFile(std::filesystem::path path, std::uint8_t* data, std::size_t size)
      : path_(std::move(path)), data_(data), size_(size) {}
  std::filesystem::path path_;
  std::uint8_t* data_;
  std::size_t size_;
};

}  // namespace sam3::weights
