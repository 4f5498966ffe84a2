#pragma once
// Photo decoding (OpenCV). Pixels are 8-bit RGB, row-major, of the EXIF-corrected image: what the
// inspector sees. The format is detected from the content, never from the file extension.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sam3 {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3
};

// Throws IoError (missing/unreadable) or FormatError (not a decodable image). In builds with the
// project store, a JPEG/PNG/BMP/TIFF/WebP whose header is unreadable, gives 0x0 or claims more
// than project::kMaxPhotoPixels pixels is a FormatError naming the file before any pixel is
// decoded (decompression-bomb guard).
Image load_image(const std::filesystem::path& file);
Image decode_image(const std::string& bytes, const std::filesystem::path& name_for_errors);
// Encodes by the extension of `file` (.png, .jpg); written atomically.
void save_image(const Image& image, const std::filesystem::path& file);

}  // namespace sam3
