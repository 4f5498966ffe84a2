#pragma once
// Photo identification from the first bytes of a file, without decoding pixels: the format by its
// magic bytes (never the extension), the stored pixel size from the header, and the EXIF
// orientation tag (JPEG APP1 Exif, TIFF IFD0). Pure C++; needs no OpenCV.
#include <optional>
#include <string>
#include <string_view>

namespace sam3::project {

// Decompression-bomb guard: a photo whose header claims more pixels than this is refused before
// any pixel is decoded (250 megapixels: a 200 MP phone photo passes; 50,000 x 50,000 does not).
// Decoding one at the limit takes about 750 MB per RGB copy.
inline constexpr std::int64_t kMaxPhotoPixels = 250'000'000;

struct ImageProbe {
  std::string format;  // jpeg, png, bmp, tiff, webp
  int width = 0;       // as stored, before applying the orientation
  int height = 0;
  int orientation = 1;  // EXIF orientation 1..8 (1 when absent or invalid)
  // Size of the image a viewer shows: width/height swapped for orientations 5..8.
  int display_width() const { return orientation >= 5 ? height : width; }
  int display_height() const { return orientation >= 5 ? width : height; }
};

// The format from the magic bytes, or empty when the bytes are not a supported photo.
std::string detect_format(std::string_view bytes);
// Format, size and orientation; nullopt with `reason` filled when not a readable photo header, when
// the header gives no pixel size (0x0) or more than kMaxPhotoPixels pixels.
std::optional<ImageProbe> probe_image(std::string_view bytes, std::string* reason = nullptr);
// The EXIF orientation of a JPEG or TIFF (1 when absent). Exposed for tests.
int exif_orientation(std::string_view bytes);
// File extension (with dot) that matches a detected format: ".jpg", ".png", ...
std::string extension_for(const std::string& format);

}  // namespace sam3::project
