// Bad input: every problem is a clear error (file, place) or a reported, repaired item, and a
// failed import leaves the project exactly as it was.
#include <gtest/gtest.h>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

std::string png_a() {
  return testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
}
std::string png_b() {
  return testing::slurp(testing::golden("coco") / "input" / "images" / "b.png");
}

// A COCO file beside a.png (20x10) with the given annotations (JSON array text).
fs::path coco_with(
    const ScratchDir& tmp, const std::string& annotations,
    const std::string& images = R"([{"id":1,"file_name":"a.png","width":20,"height":10}])") {
  testing::spit(tmp / "src" / "a.png", png_a());
  fs::path f = tmp / "src" / "annotations.json";
  testing::spit(f, R"({"images":)" + images +
                       R"(,"categories":[{"id":1,"name":"cutout"}],"annotations":)" + annotations +
                       "}");
  return f;
}

bool has_issue(const ImportReport& r, const std::string& text) {
  for (const Issue& i : r.issues)
    if ((i.where + " " + i.message).find(text) != std::string::npos) return true;
  return false;
}

bool photos_dir_empty(Project& p) {
  return fs::is_empty(p.photos_dir());
}

TEST(BadInput, MalformedJsonGivesLineAndColumnAndChangesNothing) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  testing::spit(tmp / "bad.json", "{\n  \"images\": [\n    {\"id\": 1,, }\n  ]\n}");
  try {
    commit_dataset(p, parse_coco_file(tmp / "bad.json"));
    FAIL() << "accepted malformed JSON";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "line 3, column 14");
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos);
  }
  EXPECT_EQ(p.photo_count(), 0);
}

TEST(BadInput, WrongTypesNameTheKey) {
  ScratchDir tmp;
  fs::path f = coco_with(tmp, "[]", R"([{"id":1,"file_name":"a.png","width":"20","height":10}])");
  try {
    parse_coco_file(f);
    FAIL() << "accepted a string width";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "images[0].width");
    EXPECT_NE(std::string(e.what()).find("expected integer, got string"), std::string::npos);
  }
  fs::path g =
      coco_with(tmp, R"([{"id":1,"image_id":1,"category_id":1,"segmentation":[[1,1,"x",2,3,3]]}])");
  EXPECT_THROW(parse_coco_file(g), FormatError);
  testing::spit(tmp / "arr.json", "[1, 2]");
  EXPECT_THROW(parse_coco_file(tmp / "arr.json"), FormatError);
}

TEST(BadInput, BadShapesAreSkippedOrRepairedAndReported) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  fs::path f = coco_with(tmp, R"([
    {"id":1,"image_id":1,"category_id":1,"segmentation":[[1,1,5,5]]},
    {"id":2,"image_id":1,"category_id":1,"segmentation":[[1,1,null,5,5,1]]},
    {"id":3,"image_id":1,"category_id":1,"segmentation":[[-3,1,25,1,25,12,1,8]]},
    {"id":4,"image_id":1,"category_id":1,"segmentation":[[0,0,10,8,10,0,0,6]]},
    {"id":5,"image_id":1,"category_id":7,"segmentation":[[1,1,5,1,5,5]]},
    {"id":6,"image_id":9,"category_id":1,"segmentation":[[1,1,5,1,5,5]]},
    {"id":7,"image_id":1,"category_id":1,"segmentation":[[1,1,5,1,5,5,4]]},
    {"id":8,"image_id":1,"category_id":1,"segmentation":[[1,1,1,1,5,1,5,5]]}])");
  ImportReport r = commit_dataset(p, parse_coco_file(f));
  EXPECT_TRUE(has_issue(r, "annotations[0] polygon has fewer than 3 points"));
  EXPECT_TRUE(has_issue(r, "annotations[1] coordinate is NaN"));
  EXPECT_TRUE(has_issue(r, "annotations[2] coordinates outside the 20x10 image clamped"));
  EXPECT_TRUE(has_issue(r, "annotations[3] polygon outline crosses itself"));
  EXPECT_TRUE(has_issue(r, "annotations[4] unknown category_id 7"));
  EXPECT_TRUE(has_issue(r, "annotations[5] unknown image_id 9"));
  EXPECT_TRUE(has_issue(r, "odd number of coordinates"));
  EXPECT_TRUE(has_issue(r, "annotations[7] repeated vertices removed"));
  EXPECT_EQ(r.annotations_added, 3);  // clamped, self-crossing (kept as drawn), de-duplicated
  EXPECT_EQ(r.annotations_repaired, 2);
  auto anns = p.all_annotations();
  ASSERT_EQ(anns.size(), 3u);
  EXPECT_EQ(anns[0].rings[0][0], (Point{0, 1}));
  EXPECT_EQ(anns[0].rings[0][2], (Point{20, 10}));
  EXPECT_EQ(anns[0].metrics_origin, MetricsOrigin::Computed);  // repaired: recomputed
  EXPECT_EQ(anns[2].rings[0].size(), 3u);
}

TEST(BadInput, UnsafeAndMissingFilesAreSkipped) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  fs::path f = coco_with(tmp, R"([{"id":1,"image_id":3,"category_id":1,"bbox":[1,1,4,4]}])",
                         R"([{"id":1,"file_name":"../secret.png","width":20,"height":10},
                             {"id":2,"file_name":"/etc/passwd","width":20,"height":10},
                             {"id":3,"file_name":"gone.png","width":20,"height":10},
                             {"id":4,"file_name":"a.png","width":20,"height":10}])");
  testing::spit(tmp / "secret.png", png_b());
  ImportReport r = commit_dataset(p, parse_coco_file(f));
  EXPECT_TRUE(has_issue(r, "file name '../secret.png' leaves its folder (..)"));
  EXPECT_TRUE(has_issue(r, "file name '/etc/passwd' is an absolute path"));
  EXPECT_TRUE(has_issue(r, "image file missing or unreadable"));
  EXPECT_EQ(r.photos_added, 1);
  EXPECT_EQ(r.photos_skipped, 1);
  EXPECT_EQ(r.annotations_skipped, 1);  // it belonged to the missing photo
  EXPECT_EQ(p.photos()[0].original_name, "a.png");
}

TEST(BadInput, UnreadablePhotoIsSkippedWithReason) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  fs::path f = coco_with(tmp, "[]", R"([{"id":1,"file_name":"a.png","width":20,"height":10},
                                        {"id":2,"file_name":"notes.png","width":20,"height":10}])");
  testing::spit(tmp / "src" / "notes.png", "this is text, not a PNG");
  ImportReport r = commit_dataset(p, parse_coco_file(f));
  EXPECT_TRUE(has_issue(r, "not a readable photo (not a JPEG, PNG, BMP, TIFF or WebP"));
  EXPECT_EQ(r.photos_added, 1);
}

TEST(BadInput, FailedImportLeavesProjectAndPhotosFolderUnchanged) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  testing::spit(tmp / "a.png", png_a());
  testing::spit(tmp / "b.png", png_b());
  Dataset d;
  d.format = "coco";
  DatasetImage a{tmp / "a.png", "a.png", "images[0]", 20, 10, Split::Train, true, {}};
  Annotation box;
  box.kind = ShapeKind::Box;
  box.bbox = {1, 1, 3, 3};
  a.shapes.push_back({"ok", box, "annotations[0]"});
  DatasetImage b{tmp / "b.png", "b.png", "images[1]", 16, 12, Split::Train, true, {}};
  b.shapes.push_back({"", box, "annotations[1]"});  // an empty class name fails mid-import
  d.images = {a, b};
  EXPECT_THROW(commit_dataset(p, d), InvalidInput);
  EXPECT_EQ(p.photo_count(), 0);
  EXPECT_TRUE(p.classes().empty());
  EXPECT_TRUE(photos_dir_empty(p));  // a.png had been copied in; it is gone again
  d.images[1].shapes[0].class_name = "ok";
  ImportReport r = commit_dataset(p, d);
  EXPECT_EQ(r.photos_added, 2);
  ImportReport again = commit_dataset(p, d);  // importing twice adds nothing
  EXPECT_EQ(again.photos_merged, 2);
  EXPECT_EQ(again.annotations_added, 0);
  EXPECT_EQ(p.annotation_count(), 2);
}

TEST(BadInput, YoloLinesReportedWithLineNumbers) {
  ScratchDir tmp;
  testing::spit(tmp / "ds" / "data.yaml", "train: train/images\nnames: [cutout]\n");
  testing::spit(tmp / "ds" / "train" / "images" / "a.png", png_a());
  testing::spit(tmp / "ds" / "train" / "labels" / "a.txt",
                "0 0.5 0.5 0.2 0.2\n3 0.5 0.5 0.2 0.2\n0 0.5 0.5\n0 abc 0.5 0.1 0.1\n");
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_yolo(tmp / "ds" / "data.yaml"));
  EXPECT_TRUE(has_issue(r, "line 2 unknown class index"));
  EXPECT_TRUE(has_issue(r, "line 3 expected 'class cx cy w h'"));
  EXPECT_TRUE(has_issue(r, "line 4 not a list of numbers"));
  EXPECT_EQ(r.annotations_added, 1);
  testing::spit(tmp / "broken.yaml", "names: [a, b\ntrain: x\n");
  EXPECT_THROW(parse_yolo(tmp / "broken.yaml"), FormatError);
  testing::spit(tmp / "nonames.yaml", "train: x\n");
  EXPECT_THROW(parse_yolo(tmp / "nonames.yaml"), FormatError);
}

TEST(BadInput, VocAndLabelmeMalformedFiles) {
  ScratchDir tmp;
  testing::spit(tmp / "voc" / "a.xml",
                "<annotation>\n<filename>a.png</filename>\n<object>\n</annotation>");
  try {
    parse_voc(tmp / "voc");
    FAIL() << "accepted broken XML";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "line 4");
  }
  testing::spit(tmp / "voc2" / "a.xml",
                "<annotation><filename>a.png</filename><object><name>x</name><bndbox><xmin>one"
                "</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>");
  EXPECT_THROW(parse_voc(tmp / "voc2"), FormatError);
  testing::spit(tmp / "lm" / "a.json",
                R"({"imagePath":"a.png","shapes":[{"label":3,"points":[]}]})");
  try {
    parse_labelme(tmp / "lm" / "a.json");
    FAIL() << "accepted a numeric label";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.where(), "shapes[0].label");
  }
}

}  // namespace
}  // namespace sam3::project
