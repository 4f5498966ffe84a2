#pragma once
// A read-only ZIP central-directory reader for archives whose entries are stored uncompressed, as
// torch.save writes them. ZIP64 is supported. Every offset and size is checked against the file
// before use; compressed, encrypted or multi-disk archives are FormatErrors naming the entry.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/weights/mapped_file.h"

namespace sam3::weights {

struct ZipEntry {
  std::string name;
  std::uint64_t data_offset = 0;  // file offset of the entry's bytes
  std::uint64_t size = 0;
  std::uint32_t crc32 = 0;
};

class ZipArchive {
 public:
  // Parses and validates the central directory and every local header.
  explicit ZipArchive(std::shared_ptr<MappedFile> file);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(std::string_view name) const;  // nullptr when absent
  const std::uint8_t* data(const ZipEntry& entry) const {
    return file_->data() + entry.data_offset;
  }
  std::string_view text(const ZipEntry& entry) const;
  // Recomputes the CRC-32 of an entry; throws FormatError on mismatch.
  void verify_crc(const ZipEntry& entry) const;
  const std::shared_ptr<MappedFile>& file() const { return file_; }
  const std::filesystem::path& path() const { return file_->path(); }

 private:
  std::shared_ptr<MappedFile> file_;
  std::vector<ZipEntry> entries_;
};

// True when the file starts with a ZIP local-file signature ("PK\3\4").
bool looks_like_zip(const std::uint8_t* bytes, std::size_t size);

}  // namespace sam3::weights
