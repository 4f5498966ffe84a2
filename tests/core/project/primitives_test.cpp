// SHA-256, image header probing (magic bytes, size, EXIF orientation), geometry, JSON numbers.
#include <gtest/gtest.h>

#include "core/project/geometry.h"
#include "core/project/image_probe.h"
#include "core/project/json_util.h"
#include "core/project/sha256.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

TEST(Sha256, KnownVectors) {  // FIPS 180-4 examples
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 h;  // a million 'a', fed in odd pieces
  std::string chunk(997, 'a');
  std::size_t left = 1000000;
  while (left > 0) {
    std::size_t n = std::min(left, chunk.size());
    h.update(std::string_view(chunk.data(), n));
    left -= n;
  }
  EXPECT_EQ(h.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// A JPEG header by hand: SOI, APP1 Exif (big-endian TIFF, IFD0 with Orientation), SOF0 600x400.
std::string jpeg_header(int orientation) {
  std::string tiff = std::string("MM\0*\0\0\0\x08", 8) + std::string("\0\x01", 2) +
                     std::string("\x01\x12\0\x03\0\0\0\x01", 8) + std::string(1, '\0') +
                     std::string(1, static_cast<char>(orientation)) + std::string("\0\0", 2) +
                     std::string(4, '\0');
  std::string app1 = std::string("Exif\0\0", 6) + tiff;
  std::size_t len = app1.size() + 2;
  std::string out = "\xFF\xD8";
  out += "\xFF\xE1";
  out += static_cast<char>(len >> 8);
  out += static_cast<char>(len & 0xFF);
  out += app1;
  out += std::string("\xFF\xC0\0\x11\x08\x01\x90\x02\x58\x03", 10) + std::string(9, '\x01');
  return out;
}

TEST(ImageProbe, JpegSizeAndExifOrientation) {
  auto p = probe_image(jpeg_header(6));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, "jpeg");
  EXPECT_EQ(p->width, 600);
  EXPECT_EQ(p->height, 400);
  EXPECT_EQ(p->orientation, 6);
  EXPECT_EQ(p->display_width(), 400);
  EXPECT_EQ(exif_orientation(jpeg_header(3)), 3);
  EXPECT_EQ(exif_orientation(jpeg_header(0)), 1);  // invalid value reads as 1
}

TEST(ImageProbe, FormatsByMagicNotExtension) {
  std::string png = testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
  auto p = probe_image(png);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, "png");
  EXPECT_EQ(p->width, 20);
  EXPECT_EQ(p->height, 10);
  EXPECT_EQ(detect_format(std::string("BM") + std::string(30, '\0')), "bmp");
  EXPECT_EQ(detect_format(std::string("II*\0", 4)), "tiff");
  EXPECT_EQ(detect_format(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "webp");
  std::string why;
  EXPECT_FALSE(probe_image("hello, not a photo", &why));
  EXPECT_NE(why.find("magic"), std::string::npos);
  EXPECT_FALSE(probe_image(png.substr(0, 12), &why));  // truncated
  EXPECT_FALSE(probe_image("", &why));
}

TEST(Geometry, AreaBoxIntersectionsAndKeyhole) {
  std::vector<Ring> square = {{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};
  EXPECT_DOUBLE_EQ(polygon_area(square), 100);
  EXPECT_EQ(rings_bbox(square), (std::array<double, 4>{0, 0, 10, 10}));
  EXPECT_FALSE(self_intersects(square[0]));
  Ring closed = square[0];
  closed.push_back(closed.front());  // Roboflow closes rings; that is not a crossing
  EXPECT_FALSE(self_intersects(closed));
  EXPECT_TRUE(self_intersects({{0, 0}, {10, 10}, {10, 0}, {0, 10}}));  // bow tie
  Ring dup = {{0, 0}, {0, 0}, {5, 0}, {5, 5}, {5, 5}};
  EXPECT_EQ(remove_duplicate_vertices(dup), 2);
  std::vector<Ring> holed = {square[0], {{4, 4}, {6, 4}, {6, 6}, {4, 6}}};
  EXPECT_DOUBLE_EQ(polygon_area(holed), 96);
  Ring flat = flatten_holes(holed);
  EXPECT_EQ(flat.size(), 4u + 5u + 1u);
  EXPECT_DOUBLE_EQ(ring_area(flat), 96);  // the keyhole ring covers outer minus hole
  std::vector<Ring> out = {{{-1, 2}, {12, 2}, {5, 20}}};
  EXPECT_EQ(clamp_to_image(out, 10, 10), 3);
  EXPECT_EQ(decode_rings(encode_rings(holed)), holed);
}

TEST(JsonUtil, NumbersAndLocatedErrors) {
  std::string s;
  for (double v : {256.0, 119.07, 13808.2834, -0.0001, 1e-9, 2.5}) append_number(s, v), s += ' ';
  EXPECT_EQ(s, "256 119.07 13808.283 0 0 2.5 ");
  s.clear();
  append_string(s, "a\"b\\c\n\x01é");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\n\\u0001é\"");
  EXPECT_EQ(line_column("ab\ncd\nef", 4), (std::pair<int, int>{2, 2}));
  try {
    parse_json("{\n  \"images\": [1,\n  2,,\n]}", "x.json");
    FAIL() << "no error";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "line 3, column 5");
  }
}

}  // namespace
}  // namespace sam3::project
