#pragma once
// Hand-built image headers for the hostile-image tests: a PNG that claims any pixel size (a valid
// signature, IHDR with a correct CRC, one empty IDAT and IEND, so only the claimed size is wrong),
// and a BMP header with a given height field.
#include <cstdint>
#include <string>

namespace sam3::hostile {

inline std::uint32_t crc32(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

inline void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

inline void put_le32(std::string& out, std::uint32_t v) {
  for (int shift = 0; shift <= 24; shift += 8) out += static_cast<char>((v >> shift) & 0xFF);
}

inline void png_chunk(std::string& out, const std::string& type, const std::string& data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  out += type + data;
  put_be32(out, crc32(type + data));
}

// An 8-bit RGB PNG whose IHDR claims width x height pixels.
inline std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  png_chunk(png, "IHDR", ihdr);
  png_chunk(png, "IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));  // empty zlib
  png_chunk(png, "IEND", "");
  return png;
}

// A 24-bit BMP header (no pixel data) with the given width and height fields.
inline std::string bmp_claiming(std::int32_t width, std::int32_t height) {
  std::string bmp = "BM";
  put_le32(bmp, 54);  // file size (a lie: no pixels follow)
  put_le32(bmp, 0);
  put_le32(bmp, 54);  // pixel data offset
  put_le32(bmp, 40);  // BITMAPINFOHEADER
  put_le32(bmp, static_cast<std::uint32_t>(width));
  put_le32(bmp, static_cast<std::uint32_t>(height));
  bmp += std::string("\x01\x00\x18\x00", 4);  // planes 1, 24 bits
  for (int i = 0; i < 6; ++i) put_le32(bmp, 0);
  return bmp;
}

}  // namespace sam3::hostile
