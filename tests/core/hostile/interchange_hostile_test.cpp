// Hostile dataset files (issue 11): COCO, YOLO, VOC and labelme files with wrong types, deep
// nesting, gigantic numbers and path traversal. Each is a clear FormatError (file and place) or a
// reported, skipped item; nothing crashes, nothing is read out of bounds (the asan preset runs
// these), and an import writes nothing outside the project folder.
#include <gtest/gtest.h>

#include <string>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

std::string png_a() {  // 20x10, hand-made golden input
  return testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
}

bool has_issue(const std::vector<Issue>& issues, const std::string& text) {
  for (const Issue& i : issues)
    if ((i.file + " " + i.where + " " + i.message).find(text) != std::string::npos) return true;
  return false;
}

// The FormatError of parsing `f` with `parse`; fails the test when it parses.
template <typename Parse>
std::string format_error(Parse parse, const fs::path& f) {
  try {
    parse(f);
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find(f.filename().string()), std::string::npos) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "accepted " << f;
  return {};
}

std::string nested(const std::string& open, const std::string& close, int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

fs::path coco(const ScratchDir& tmp, const std::string& name, const std::string& images,
              const std::string& annotations = "[]") {
  fs::path f = tmp / "src" / name;
  testing::spit(tmp / "src" / "a.png", png_a());
  testing::spit(f, R"({"images":)" + images + R"(,"categories":[{"id":1,"name":"cutout"}],)" +
                       R"("annotations":)" + annotations + "}");
  return f;
}

TEST(HostileCoco, WrongTypesNameTheKey) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_coco_file(f); };
  EXPECT_NE(format_error(parse, coco(tmp, "t1.json", "{}")).find("images"), std::string::npos);
  EXPECT_NE(format_error(parse, coco(tmp, "t2.json", R"(["a.png"])")).find("images[0]"),
            std::string::npos);
  EXPECT_NE(format_error(parse,
                         coco(tmp, "t3.json", R"([{"id":1,"file_name":7,"width":20,"height":10}])"))
                .find("images[0].file_name"),
            std::string::npos);
  const std::string img = R"([{"id":1,"file_name":"a.png","width":20,"height":10}])";
  EXPECT_NE(format_error(parse, coco(tmp, "t4.json", img,
                                     R"([{"id":1,"image_id":1,"category_id":1,"bbox":"1,2,3,4"}])"))
                .find("annotations[0]"),
            std::string::npos);
  EXPECT_NE(
      format_error(parse, coco(tmp, "t5.json", img,
                               R"([{"id":1,"image_id":"1","category_id":1,"bbox":[1,1,2,2]}])"))
          .find("annotations[0].image_id"),
      std::string::npos);
  testing::spit(tmp / "t6.json", "null");
  format_error(parse, tmp / "t6.json");
}

TEST(HostileCoco, GiganticNumbersAreOutOfRangeNotWrapped) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_coco_file(f); };
  // A width of 2^32 + 20 would wrap to 20 (the real width) if it were cast to int.
  EXPECT_NE(
      format_error(parse, coco(tmp, "w.json",
                               R"([{"id":1,"file_name":"a.png","width":4294967316,"height":10}])"))
          .find("images[0].width"),
      std::string::npos);
  EXPECT_NE(format_error(parse, coco(tmp, "f.json",
                                     R"([{"id":1,"file_name":"a.png","width":1e300,"height":10}])"))
                .find("out of range"),
            std::string::npos);
  EXPECT_NE(format_error(
                parse,
                coco(tmp, "u.json",
                     R"([{"id":18446744073709551615,"file_name":"a.png","width":20,"height":10}])"))
                .find("images[0].id"),
            std::string::npos);
  // A number beyond double: nlohmann's out_of_range escaped from parse_json (found by fuzz_coco).
  testing::spit(tmp / "src" / "o.json", R"({"images":[],"annotations":[{"area":4e99999999}]})");
  EXPECT_NE(format_error(parse, tmp / "src" / "o.json").find("number overflow"), std::string::npos);
  testing::spit(tmp / "src" / "lm.json", R"({"imagePath":"a.png","shapes":[],"x":-1e400})");
  EXPECT_THROW(parse_labelme(tmp / "src" / "lm.json"), FormatError);
  // Huge but finite coordinates are clamped to the photo or skipped, and reported.
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(
      p, parse_coco_file(
             coco(tmp, "c.json", R"([{"id":1,"file_name":"a.png","width":20,"height":10}])",
                  R"([{"id":1,"image_id":1,"category_id":1,"bbox":[1e308,1e308,1e308,1e308]},
                                  {"id":2,"image_id":1,"category_id":1,"segmentation":[[-1e308,0,1e308,0,1e308,1e308]]}])")));
  EXPECT_EQ(r.photos_added, 1);
  EXPECT_FALSE(r.issues.empty());
  for (const Annotation& a : p.all_annotations()) {
    EXPECT_GE(a.bbox[0], 0.0);
    EXPECT_LE(a.bbox[0] + a.bbox[2], 20.0);
  }
}

TEST(HostileCoco, DeepNestingIsAnErrorNotAStackOverflow) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_coco_file(f); };
  testing::spit(tmp / "deep.json", R"({"images":)" + nested("[", "]", 200000) + "}");
  format_error(parse, tmp / "deep.json");
  testing::spit(tmp / "deep2.json", nested("{\"a\":", "}", 100000));
  format_error(parse, tmp / "deep2.json");
}

TEST(HostileCoco, PathTraversalWritesNothingOutsideTheProject) {
  ScratchDir tmp;
  testing::spit(tmp / "outside.png", png_a());
  fs::path f = coco(tmp, "t.json", R"([
      {"id":1,"file_name":"../outside.png","width":20,"height":10},
      {"id":2,"file_name":"sub/../../outside.png","width":20,"height":10},
      {"id":3,"file_name":"/etc/hostname","width":20,"height":10},
      {"id":4,"file_name":"..\\outside.png","width":20,"height":10},
      {"id":5,"file_name":"a.png","width":20,"height":10}])");
  const auto before = testing::tree(tmp.path());
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_coco_file(f));
  EXPECT_EQ(r.photos_added, 1);
  EXPECT_TRUE(has_issue(r.issues, "'../outside.png' leaves its folder"));
  EXPECT_TRUE(has_issue(r.issues, "'sub/../../outside.png' leaves its folder"));
  EXPECT_TRUE(has_issue(r.issues, "'/etc/hostname' is an absolute path"));
  EXPECT_TRUE(has_issue(r.issues, "..\\outside.png"));
  // Everything new lies inside the project folder; nothing outside changed.
  for (const auto& [rel, bytes] : testing::tree(tmp.path())) {
    if (rel.rfind("p/", 0) == 0) continue;
    ASSERT_TRUE(before.count(rel)) << "written outside the project: " << rel;
    EXPECT_EQ(before.at(rel), bytes) << rel;
  }
  // Exporting the project (names come from the recorded originals) stays in its folder too.
  export_coco(p, tmp / "out");
  for (const auto& [rel, bytes] : testing::tree(tmp.path())) {
    if (rel.rfind("p/", 0) != 0 && rel.rfind("out/", 0) != 0) {
      EXPECT_TRUE(before.count(rel)) << rel;
    }
  }
}

TEST(HostileYolo, WrongTypesGiganticNumbersAndNesting) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_yolo(f); };
  testing::spit(tmp / "a.yaml", "names: {a: b}\n");
  format_error(parse, tmp / "a.yaml");
  testing::spit(tmp / "b.yaml", "names: {99999999999: cutout}\n");
  format_error(parse, tmp / "b.yaml");
  testing::spit(tmp / "c.yaml", "names: " + nested("[", "]", 50000) + "\n");
  format_error(parse, tmp / "c.yaml");
  testing::spit(tmp / "d.yaml", "- just\n- a list\n");
  format_error(parse, tmp / "d.yaml");
  testing::spit(tmp / "e.yaml", "names: [[cutout]]\n");
  format_error(parse, tmp / "e.yaml");

  testing::spit(tmp / "ds" / "data.yaml", "train: train/images\nnames: [cutout]\n");
  testing::spit(tmp / "ds" / "train" / "images" / "a.png", png_a());
  testing::spit(tmp / "ds" / "train" / "labels" / "a.txt",
                "0 1e308 1e308 1e308 1e308\n1e20 0.5 0.5 0.1 0.1\n0 nan nan nan nan\n"
                "-0 0.5 0.5 inf 0.1\n0 0.5 0.5 0.2 0.2\n");
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_yolo(tmp / "ds" / "data.yaml"));
  EXPECT_EQ(r.photos_added, 1);
  EXPECT_TRUE(has_issue(r.issues, "line 2"));
  for (const Annotation& a : p.all_annotations()) {
    EXPECT_GE(a.bbox[0], 0.0);
    EXPECT_LE(a.bbox[0] + a.bbox[2], 20.0);
    EXPECT_LE(a.bbox[1] + a.bbox[3], 10.0);
  }
}

// Found by fuzz_yolo: a label line of only a vertical tab or form feed (blank to the number
// reader) indexed an empty list, and a split folder name longer than the system allows threw
// std::filesystem's error out of the importer instead of skipping the split.
TEST(HostileYolo, BlankControlLinesAndOverlongFolderNames) {
  ScratchDir tmp;
  const std::string long_name(5000, 'x');
  testing::spit(tmp / "ds" / "data.yaml",
                "train: train/images\nval: " + long_name + "\nnames: [cutout]\n");
  testing::spit(tmp / "ds" / "train" / "images" / "a.png", png_a());
  testing::spit(tmp / "ds" / "train" / "labels" / "a.txt", "\v\n\f \n0 0.5 0.5 0.2 0.2\n");
  Dataset d = parse_yolo(tmp / "ds" / "data.yaml");
  ASSERT_EQ(d.images.size(), 1u);
  EXPECT_EQ(d.images[0].shapes.size(), 1u);
  EXPECT_TRUE(has_issue(d.issues, "not found; split skipped"));
}

TEST(HostileVoc, DeepNestingEntitiesAndGiganticSizes) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_voc(f.parent_path()); };
  testing::spit(tmp / "v1" / "a.xml",
                "<annotation>" + nested("<a>", "</a>", 200000) + "</annotation>");
  EXPECT_NE(format_error(parse, tmp / "v1" / "a.xml").find("nested deeper than"),
            std::string::npos);
  const std::string head = "<annotation><filename>a.png</filename>";
  testing::spit(tmp / "v2" / "a.xml",
                head + "<size><width>1e300</width><height>10</height></size></annotation>");
  EXPECT_NE(format_error(parse, tmp / "v2" / "a.xml").find("not a pixel size"), std::string::npos);
  testing::spit(tmp / "v3" / "a.xml",
                head + "<object><name>&#99999999999999999999;</name></object></annotation>");
  EXPECT_NE(format_error(parse, tmp / "v3" / "a.xml").find("character reference"),
            std::string::npos);
  testing::spit(tmp / "v4" / "a.xml", head + "<object><name>&#xZZ;</name></object></annotation>");
  format_error(parse, tmp / "v4" / "a.xml");
  // Character references are decoded to UTF-8 (decimal and hexadecimal).
  testing::spit(tmp / "v5" / "a.xml",
                head +
                    "<object><name>fuse&#32;&#x2013;&#x1F600;</name><bndbox><xmin>1</xmin>"
                    "<ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>");
  testing::spit(tmp / "v5" / "a.png", png_a());
  Dataset d = parse_voc(tmp / "v5");
  ASSERT_EQ(d.images.size(), 1u);
  ASSERT_EQ(d.images[0].shapes.size(), 1u);
  EXPECT_EQ(d.images[0].shapes[0].class_name, "fuse \xE2\x80\x93\xF0\x9F\x98\x80");
  // A traversing <filename> is skipped with a reason.
  testing::spit(tmp / "v6" / "a.xml", "<annotation><filename>../../x.png</filename></annotation>");
  EXPECT_TRUE(has_issue(parse_voc(tmp / "v6").issues, "leaves its folder"));
}

TEST(HostileLabelme, WrongTypesNestingAndTraversal) {
  ScratchDir tmp;
  const auto parse = [](const fs::path& f) { return parse_labelme(f); };
  testing::spit(tmp / "a.json", R"({"imagePath":"a.png","shapes":{"label":"x"}})");
  EXPECT_NE(format_error(parse, tmp / "a.json").find("shapes"), std::string::npos);
  testing::spit(tmp / "b.json", R"({"imagePath":"a.png","shapes":[{"label":"x","points":"1,2"}]})");
  EXPECT_NE(format_error(parse, tmp / "b.json").find("shapes[0]"), std::string::npos);
  testing::spit(tmp / "c.json", R"({"imagePath":"a.png","imageWidth":1e300,"shapes":[]})");
  EXPECT_NE(format_error(parse, tmp / "c.json").find("imageWidth"), std::string::npos);
  testing::spit(tmp / "d.json",
                R"({"imagePath":"a.png","shapes":)" + nested("[", "]", 200000) + "}");
  format_error(parse, tmp / "d.json");
  testing::spit(
      tmp / "e.json",
      R"({"imagePath":"../../../etc/passwd","shapes":[{"label":"x","points":[[1,1],[5,1],[5,5]]}]})");
  Dataset d = parse_labelme(tmp / "e.json");
  EXPECT_TRUE(d.images.empty());
  EXPECT_TRUE(has_issue(d.issues, "leaves its folder"));
}

}  // namespace
}  // namespace sam3::project
