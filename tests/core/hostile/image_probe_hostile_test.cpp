// Hostile photos at the project's door (issue 11): headers that give 0x0 pixels or claim more
// than kMaxPhotoPixels (a decompression bomb: 50,000 x 50,000) are refused by the header probe,
// before any pixel is decoded, and an import skips such a photo with a reason naming the file.
#include <gtest/gtest.h>

#include <climits>

#include "core/project/image_probe.h"
#include "core/project/interchange.h"
#include "core/project/project.h"
#include "tests/core/hostile/hostile_images.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;

TEST(HostileImages, ProbeRefusesADecompressionBombByItsHeader) {
  std::string why;
  EXPECT_FALSE(probe_image(hostile::png_claiming(50000, 50000), &why));
  EXPECT_NE(why.find("50000x50000"), std::string::npos) << why;
  EXPECT_NE(why.find("limit"), std::string::npos) << why;
  // At the limit a photo passes; one pixel row more does not.
  EXPECT_TRUE(probe_image(hostile::png_claiming(25000, 10000)));
  EXPECT_FALSE(probe_image(hostile::png_claiming(25000, 10001)));
  EXPECT_FALSE(probe_image(hostile::png_claiming(0xFFFFFFFFu, 0xFFFFFFFFu)));
}

TEST(HostileImages, ProbeRefusesZeroSizes) {
  std::string why;
  EXPECT_FALSE(probe_image(hostile::png_claiming(0, 0), &why));
  EXPECT_EQ(why, "header gives no pixel size");
  EXPECT_FALSE(probe_image(hostile::png_claiming(20, 0)));
  EXPECT_FALSE(probe_image(hostile::bmp_claiming(0, 0)));
}

TEST(HostileImages, BmpHeightOfIntMinIsRefusedWithoutOverflow) {
  // Negative BMP heights mean top-down rows; -INT_MIN does not fit an int.
  std::string why;
  EXPECT_FALSE(probe_image(hostile::bmp_claiming(1, INT_MIN), &why));
  EXPECT_NE(why.find("limit"), std::string::npos) << why;
  auto top_down = probe_image(hostile::bmp_claiming(4, -3));
  ASSERT_TRUE(top_down);
  EXPECT_EQ(top_down->height, 3);
}

TEST(HostileImages, ImportSkipsBombAndEmptyPhotosNamingTheFile) {
  testing::ScratchDir tmp;
  testing::spit(tmp / "src" / "bomb.png", hostile::png_claiming(50000, 50000));
  testing::spit(tmp / "src" / "empty.png", hostile::png_claiming(0, 0));
  testing::spit(tmp / "src" / "a.png",
                testing::slurp(testing::golden("coco") / "input" / "images" / "a.png"));
  testing::spit(tmp / "src" / "c.json",
                R"({"images":[{"id":1,"file_name":"bomb.png","width":50000,"height":50000},
                              {"id":2,"file_name":"empty.png","width":1,"height":1},
                              {"id":3,"file_name":"a.png","width":20,"height":10}],
                    "categories":[{"id":1,"name":"x"}],"annotations":[]})");
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_coco_file(tmp / "src" / "c.json"));
  EXPECT_EQ(r.photos_added, 1);
  EXPECT_EQ(r.photos_skipped, 2);
  bool bomb = false, empty = false;
  for (const Issue& i : r.issues) {
    bomb |= i.file.find("bomb.png") != std::string::npos &&
            i.message.find("more than the limit") != std::string::npos;
    empty |= i.file.find("empty.png") != std::string::npos &&
             i.message.find("no pixel size") != std::string::npos;
  }
  EXPECT_TRUE(bomb);
  EXPECT_TRUE(empty);
}

}  // namespace
}  // namespace sam3::project
