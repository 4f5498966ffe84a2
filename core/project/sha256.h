#pragma once
// SHA-256 (FIPS 180-4) of in-memory bytes; used as the content hash that identifies a photo.
#include <cstdint>
#include <string>
#include <string_view>

namespace sam3::project {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex_digest();  // 64 lowercase hex; the object is spent afterwards

 private:
  void block(const unsigned char* p);
  std::uint32_t h_[8];
  unsigned char buf_[64];
  std::uint64_t total_ = 0;
  std::size_t used_ = 0;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace sam3::project
