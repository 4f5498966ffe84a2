// Photo-folder import (OpenCV build): formats by content, EXIF orientation baked and recorded,
// duplicates and unreadable files reported, one transaction.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

// A 40x20 JPEG (left half red, right half blue) with an APP1 Exif segment written by hand:
// big-endian TIFF, IFD0 with one entry, Orientation (0x0112) = `orientation`.
std::string jpeg_with_orientation(int orientation) {
  cv::Mat m(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
  m(cv::Rect(0, 0, 20, 20)).setTo(cv::Scalar(0, 0, 255));
  std::vector<uchar> buf;
  cv::imencode(".jpg", m, buf);
  std::string jpeg(buf.begin(), buf.end());
  std::string tiff = std::string("MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0", 19) +
                     std::string(1, static_cast<char>(orientation)) + std::string(6, '\0');
  std::string app1 = std::string("Exif\0\0", 6) + tiff;
  std::size_t len = app1.size() + 2;
  std::string seg =
      std::string("\xFF\xE1") + static_cast<char>(len >> 8) + static_cast<char>(len & 0xFF) + app1;
  return jpeg.substr(0, 2) + seg + jpeg.substr(2);
}

TEST(PhotoImport, FolderByContentWithOrientationDuplicatesAndBadFiles) {
  ScratchDir tmp;
  std::string png = testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
  testing::spit(tmp / "in" / "rotated.png", jpeg_with_orientation(6));  // a JPEG named .png
  testing::spit(tmp / "in" / "plain.png", png);
  testing::spit(tmp / "in" / "sub" / "copy-of-plain.bmp", png);
  testing::spit(tmp / "in" / "notes.txt", "not a photo");
  testing::spit(tmp / "in" / "broken.jpg", std::string("\xFF\xD8\xFF\xE0garbage", 11));
  Project p = Project::create(tmp / "p");
  ImportReport r = import_photo_folder(p, tmp / "in");
  EXPECT_EQ(r.photos_added, 2);
  EXPECT_EQ(r.photos_merged, 1);
  EXPECT_EQ(r.photos_skipped, 2);
  auto photos = p.photos();
  ASSERT_EQ(photos.size(), 2u);
  const Photo& plain = photos[0].original_name == "plain.png" ? photos[0] : photos[1];
  const Photo& rot = photos[0].original_name == "rotated.png" ? photos[0] : photos[1];
  EXPECT_EQ(plain.format, "png");
  EXPECT_EQ(plain.orientation, 1);
  EXPECT_EQ(testing::slurp(p.photo_path(plain)), png);  // copied byte for byte
  EXPECT_EQ(rot.format, "jpeg");
  EXPECT_EQ(rot.orientation, 6);
  EXPECT_EQ(rot.width, 20);  // 40x20 stored turned by 90 degrees
  EXPECT_EQ(rot.height, 40);
  Image baked = load_image(p.photo_path(rot));  // the stored file has no tag left to apply
  EXPECT_EQ(baked.width, 20);
  EXPECT_EQ(baked.height, 40);
  bool reason = false, dup = false;
  for (const Issue& i : r.issues) {
    reason |= i.file.find("broken.jpg") != std::string::npos && i.message.find("unreadable") == 0;
    dup |= i.message.find("duplicate of plain.png") != std::string::npos;
  }
  EXPECT_TRUE(reason);
  EXPECT_TRUE(dup);
  ImportReport again = import_photo_folder(p, tmp / "in");
  EXPECT_EQ(again.photos_added, 0);
  EXPECT_EQ(again.photos_merged, 3);
}

// Cancelled through the progress hook at the third file: nothing committed, no file left in
// photos/ (interchange.h); reports go 0..n over the files.
TEST(PhotoImport, CancelMidwayCommitsNothing) {
  ScratchDir tmp;
  const std::string png = testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
  for (int i = 0; i < 4; ++i)
    testing::spit(tmp / "in" / ("p" + std::to_string(i) + ".png"), png + std::to_string(i));
  testing::spit(tmp / "in" / "rotated.jpg", jpeg_with_orientation(6));  // baked: written anew
  Project p = Project::create(tmp / "p");
  std::vector<std::pair<int, int>> calls;
  PhotoImportOptions o;
  o.progress = [&](int done, int total) {
    calls.emplace_back(done, total);
    return done < 3;
  };
  EXPECT_THROW(import_photo_folder(p, tmp / "in", o), Cancelled);
  EXPECT_EQ(p.photo_count(), 0);
  EXPECT_TRUE(fs::is_empty(p.photos_dir()));
  const std::vector<std::pair<int, int>> expected{{0, 5}, {1, 5}, {2, 5}, {3, 5}};
  EXPECT_EQ(calls, expected);
  calls.clear();
  o.progress = [&](int done, int total) {
    calls.emplace_back(done, total);
    return true;
  };
  EXPECT_EQ(import_photo_folder(p, tmp / "in", o).photos_added, 5);
  EXPECT_EQ(calls.back(), std::make_pair(5, 5));
  EXPECT_EQ(calls.size(), 6u);
}

}  // namespace
}  // namespace sam3::project
