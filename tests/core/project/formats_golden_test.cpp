// Golden folders tests/data/project/<case>/{input,expected}, written by hand: import the input,
// export, and compare every expected file byte for byte.
#include <gtest/gtest.h>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
constexpr const char* kStamp = "2026-03-01T10:00:00+00:00";

using Exporter = ExportReport (*)(Project&, const fs::path&, const ExportOptions&);

struct Case {
  const char* name;
  const char* expected_sub;  // folder below expected/ ("" for expected/ itself)
  Exporter exporter;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name << "/" << c.expected_sub;
}

class FormatGolden : public ::testing::TestWithParam<Case> {};

TEST_P(FormatGolden, ImportThenExportMatchesExpected) {
  const Case& c = GetParam();
  ScratchDir tmp;
  Project p = Project::create(tmp / "p", "golden");
  commit_dataset(p, parse_source(testing::golden(c.name) / "input"));
  c.exporter(p, tmp / "out", {kStamp, true});
  fs::path expected = testing::golden(c.name) / "expected" / c.expected_sub;
  auto want = testing::tree(expected);
  ASSERT_FALSE(want.empty());
  for (const auto& [rel, bytes] : want) {
    ASSERT_TRUE(fs::exists(tmp / "out" / rel)) << rel;
    EXPECT_EQ(testing::slurp(tmp / "out" / rel), bytes) << rel;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FormatGolden,
    ::testing::Values(Case{"coco", "coco", export_coco}, Case{"coco", "roboflow", export_roboflow},
                      Case{"roboflow", "", export_roboflow}, Case{"yolo", "", export_yolo},
                      Case{"voc", "", export_voc}, Case{"labelme", "", export_labelme}),
    [](const auto& param) {
      return std::string(param.param.name) + "_" +
             (param.param.expected_sub[0] ? param.param.expected_sub : "same");
    });

// Every exporter's output reads back into the same export: export -> import -> export is
// byte-identical (polygons, a box and a negative photo from the hand-written COCO case).
using Pair = std::pair<const char*, Exporter>;
class FormatRoundTrip : public ::testing::TestWithParam<Pair> {};

TEST_P(FormatRoundTrip, ExportImportExportIsByteIdentical) {
  auto [name, exporter] = GetParam();
  ScratchDir tmp;
  Project first = Project::create(tmp / "a", "golden");
  commit_dataset(first, parse_source(testing::golden("coco") / "input"));
  exporter(first, tmp / "out1", {kStamp, true});
  Project second = Project::create(tmp / "b", "golden");
  ImportReport r = commit_dataset(second, parse_source(tmp / "out1"));
  EXPECT_EQ(r.photos_added, 2) << name;
  exporter(second, tmp / "out2", {kStamp, true});
  auto a = testing::tree(tmp / "out1"), b = testing::tree(tmp / "out2");
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [rel, bytes] : a)
    EXPECT_TRUE(b.count(rel) && b[rel] == bytes) << name << " " << rel;
}

INSTANTIATE_TEST_SUITE_P(Exporters, FormatRoundTrip,
                         ::testing::Values(Pair{"coco", &export_coco},
                                           Pair{"roboflow", &export_roboflow},
                                           Pair{"yolo", &export_yolo}, Pair{"voc", &export_voc},
                                           Pair{"labelme", &export_labelme}),
                         [](const auto& param) { return std::string(param.param.first); });

TEST(FormatImport, DetectsEachSourceByContent) {
  EXPECT_EQ(detect_source(testing::golden("coco") / "input"), SourceKind::CocoFile);
  EXPECT_EQ(detect_source(testing::golden("coco") / "input" / "annotations.json"),
            SourceKind::CocoFile);
  EXPECT_EQ(detect_source(testing::golden("roboflow") / "input"), SourceKind::CocoFolder);
  EXPECT_EQ(detect_source(testing::golden("yolo") / "input"), SourceKind::Yolo);
  EXPECT_EQ(detect_source(testing::golden("voc") / "input"), SourceKind::Voc);
  EXPECT_EQ(detect_source(testing::golden("labelme") / "input"), SourceKind::Labelme);
  EXPECT_EQ(detect_source(testing::golden("coco") / "input" / "images"), SourceKind::PhotoFolder);
}

TEST(FormatImport, RoboflowSamePhotoTwiceIsMergedAndSuffixStripped) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_source(testing::golden("roboflow") / "input"));
  EXPECT_EQ(r.photos_added, 2);
  EXPECT_EQ(r.photos_merged, 1);      // a_png.rf.2222... is a_png.rf.1111... again
  EXPECT_EQ(r.annotations_added, 2);  // its copy of annotation 1 is not stored twice
  ASSERT_EQ(p.classes().size(), 2u);
  EXPECT_EQ(p.classes()[1].name, "fuse");
  EXPECT_EQ(p.classes()[1].prompt, "fuse");
  EXPECT_EQ(p.meta("roboflow.parent"), "parts-8fj2k9d0s7a6q1w3e5r4");
  EXPECT_EQ(p.photos()[0].original_name, "a.png");
  auto b = p.photos()[1];
  EXPECT_TRUE(b.confirmed_negative);  // listed with no annotations
  bool unlisted = false;
  for (const Issue& i : r.issues)
    unlisted |= i.message.find("1 photo file(s)") != std::string::npos;
  EXPECT_TRUE(unlisted);
}

TEST(FormatImport, RoboflowToCleanCocoUsesExactBoxAndPolygonArea) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  commit_dataset(p, parse_source(testing::golden("roboflow") / "input"));
  export_coco(p, tmp / "out", {kStamp, false});
  std::string json = testing::slurp(tmp / "out" / "annotations.json");
  // Roboflow's [2, 3, 8.25, 6.25] (rounded corner) becomes the exact extent; area is the polygon's.
  EXPECT_NE(json.find(R"("area":51.563,"bbox":[2.25,2.5,8.25,6.25])"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("categories":[{"id":1,"name":"cutout")"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp / "out" / "images"));  // copy_photos off
}

TEST(FormatImport, YoloBoxAndPolygonInPixels) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  commit_dataset(p, parse_source(testing::golden("yolo") / "input"));
  auto anns = p.all_annotations();
  ASSERT_EQ(anns.size(), 2u);
  EXPECT_EQ(anns[0].kind, ShapeKind::Polygon);
  EXPECT_EQ(anns[0].rings[0][2], (Point{10.5, 8.75}));
  EXPECT_EQ(anns[1].kind, ShapeKind::Box);
  const std::array<double, 4> box{12, 3, 4, 3};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(anns[1].bbox[k], box[k], 1e-9);
  auto photos = p.photos();
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[1].split, Split::Valid);
  EXPECT_TRUE(photos[1].confirmed_negative);
}

TEST(FormatImport, VocAttributesAndLabelmeSkipsPoints) {
  ScratchDir tmp;
  Project voc = Project::create(tmp / "voc");
  commit_dataset(voc, parse_source(testing::golden("voc") / "input"));
  auto anns = voc.all_annotations();
  ASSERT_EQ(anns.size(), 2u);
  EXPECT_EQ(anns[1].attributes.at("difficult"), "1");
  EXPECT_TRUE(voc.class_by_name("fuse & base").has_value());
  Project lm = Project::create(tmp / "lm");
  ImportReport r = commit_dataset(lm, parse_source(testing::golden("labelme") / "input"));
  EXPECT_EQ(r.annotations_added, 2);
  bool point_reported = false;
  for (const Issue& i : r.issues) point_reported |= i.message.find("'point'") != std::string::npos;
  EXPECT_TRUE(point_reported);
}

}  // namespace
}  // namespace sam3::project
