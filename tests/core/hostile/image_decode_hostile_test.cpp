// Hostile photos at the decoder (issue 11): decode_image refuses a header that claims more than
// project::kMaxPhotoPixels or gives 0x0 before OpenCV allocates anything, with a FormatError
// naming the file. (Without the guard, 50,000 x 50,000 RGB would ask for 7.5 GB.)
#include <gtest/gtest.h>

#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "tests/core/hostile/hostile_images.h"

namespace {

std::string decode_error(const std::string& bytes, const std::string& name) {
  try {
    sam3::decode_image(bytes, name);
  } catch (const sam3::FormatError& e) {
    return e.what();
  }
  ADD_FAILURE() << name << " was decoded";
  return {};
}

TEST(HostileDecode, DecompressionBombIsRefusedBeforeDecoding) {
  const std::string e = decode_error(sam3::hostile::png_claiming(50000, 50000), "bomb.png");
  EXPECT_NE(e.find("bomb.png"), std::string::npos) << e;
  EXPECT_NE(e.find("50000x50000"), std::string::npos) << e;
  EXPECT_NE(e.find("limit"), std::string::npos) << e;
  const std::string b = decode_error(sam3::hostile::bmp_claiming(60000, -60000), "bomb.bmp");
  EXPECT_NE(b.find("limit"), std::string::npos) << b;
}

TEST(HostileDecode, ZeroSizedImageIsAClearError) {
  const std::string e = decode_error(sam3::hostile::png_claiming(0, 0), "zero.png");
  EXPECT_NE(e.find("zero.png"), std::string::npos) << e;
  EXPECT_NE(e.find("no pixel size"), std::string::npos) << e;
  decode_error(sam3::hostile::png_claiming(1, 1), "one-pixel-without-data.png");
}

}  // namespace
