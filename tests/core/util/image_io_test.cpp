#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace fs = std::filesystem;

TEST(ImageIo, PngRoundTripKeepsPixels) {
  sam3::Image img;
  img.width = 5;
  img.height = 3;
  for (int i = 0; i < 15; ++i) {
    img.rgb.push_back(static_cast<std::uint8_t>(i * 10));
    img.rgb.push_back(static_cast<std::uint8_t>(200 - i));
    img.rgb.push_back(static_cast<std::uint8_t>(i));
  }
  auto f = fs::temp_directory_path() / "sam3_imageio_roundtrip.png";
  sam3::save_image(img, f);
  auto back = sam3::load_image(f);
  EXPECT_EQ(back.width, 5);
  EXPECT_EQ(back.height, 3);
  EXPECT_EQ(back.rgb, img.rgb);
}

TEST(ImageIo, FormatComesFromContentNotExtension) {
  sam3::Image img{2, 2, std::vector<std::uint8_t>(12, 128)};
  auto png = fs::temp_directory_path() / "sam3_imageio_really_png.png";
  sam3::save_image(img, png);
  auto misnamed = fs::temp_directory_path() / "sam3_imageio_really_png.jpg";
  fs::copy_file(png, misnamed, fs::copy_options::overwrite_existing);
  EXPECT_EQ(sam3::load_image(misnamed).width, 2);
}

TEST(ImageIo, BrokenImageIsFormatErrorNamingTheFile) {
  auto f = fs::temp_directory_path() / "sam3_imageio_broken.jpg";
  sam3::write_file_atomic(f, std::string("\xFF\xD8\xFF\xE0 this is not really a jpeg", 30));
  try {
    sam3::load_image(f);
    FAIL() << "expected FormatError";
  } catch (const sam3::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("sam3_imageio_broken.jpg"), std::string::npos);
  }
  auto empty = fs::temp_directory_path() / "sam3_imageio_empty.png";
  sam3::write_file_atomic(empty, "");
  EXPECT_THROW(sam3::load_image(empty), sam3::FormatError);
  EXPECT_THROW(sam3::load_image("/nonexistent/photo.jpg"), sam3::IoError);
}
