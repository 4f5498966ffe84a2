// core/report: the report of a hand-built project store (verdicts, notes, counts per class,
// unreviewed detections, split filter), CSV and HTML escaping, an empty project, and a missing
// photo file named in the error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/project/project.h"
#include "core/report/inspection_report.h"
#include "core/report/report_writers.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;
using namespace sam3::report;
namespace pj = sam3::project;

namespace {

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           (std::string("sam3_report_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(dir_);
  }
  void TearDown() override { sam3::remove_tree(dir_); }

  std::int64_t add_photo(pj::Project& store, const std::string& name, pj::Split split,
                         pj::Verdict verdict, const std::string& note) {
    pj::Photo p;
    p.original_name = name;
    p.stored_name = name;
    p.sha256 = std::string(63, '0') + std::to_string(++photos_);
    p.width = 100;
    p.height = 80;
    p.format = "png";
    p.split = split;
    std::ofstream(store.photos_dir() / name) << "pixels";
    const auto id = store.add_photo(p);
    p.id = id;
    p.verdict = verdict;
    p.note = note;
    store.update_photo(p);
    return id;
  }
  void add_box(pj::Project& store, std::int64_t photo, std::int64_t cls, pj::Source source) {
    pj::Annotation a;
    a.photo_id = photo;
    a.class_id = cls;
    a.kind = pj::ShapeKind::Box;
    a.bbox = {10, 10, 20, 20};
    a.source = source;
    if (source == pj::Source::Model) a.score = 0.7;
    store.add_annotation(a);
  }
  // Fuses and "insulator, glass" (a comma in the name); p1 defect with two fuses, one insulator
  // and one unreviewed detection; p2 ok with a tricky note; p3 (test split) without verdict.
  void build() {
    pj::Project store = pj::Project::create(dir_, "Substation <North>");
    fuse_ = store.add_class({0, "fuse", "#ff0000", ""});
    insulator_ = store.add_class({0, "insulator, glass", "red;}body{x", ""});
    p1_ = add_photo(store, "p1.png", pj::Split::Valid, pj::Verdict::Defect, "cracked");
    p2_ = add_photo(store, "p2 \"east\".png", pj::Split::Valid, pj::Verdict::Ok,
                    "line one, \"quoted\"\n<script>alert(1)</script>");
    p3_ = add_photo(store, "p3.png", pj::Split::Test, pj::Verdict::None, "");
    add_box(store, p1_, fuse_, pj::Source::Human);
    add_box(store, p1_, fuse_, pj::Source::Accepted);
    add_box(store, p1_, insulator_, pj::Source::Human);
    add_box(store, p1_, fuse_, pj::Source::Model);
    add_box(store, p3_, insulator_, pj::Source::Human);
  }
  fs::path dir_;
  int photos_ = 0;
  std::int64_t fuse_ = 0, insulator_ = 0, p1_ = 0, p2_ = 0, p3_ = 0;
};

}  // namespace

TEST_F(ReportTest, CountsVerdictsAndNotes) {
  build();
  const InspectionReport r = build_report(dir_);
  EXPECT_EQ(r.project_name, "Substation <North>");
  ASSERT_EQ(r.photos.size(), 3u);
  EXPECT_EQ(r.photos[0].verdict, "defect");
  EXPECT_EQ(r.photos[0].count(fuse_), 2);  // human + accepted; the model detection apart
  EXPECT_EQ(r.photos[0].count(insulator_), 1);
  EXPECT_EQ(r.photos[0].unreviewed, 1);
  EXPECT_EQ(r.photos[0].total_objects(), 3);
  EXPECT_EQ(r.photos[1].total_objects(), 0);
  EXPECT_EQ(r.photos[1].note, "line one, \"quoted\"\n<script>alert(1)</script>");
  EXPECT_EQ(r.verdicts.at("defect"), 1);
  EXPECT_EQ(r.verdicts.at("ok"), 1);
  EXPECT_EQ(r.verdicts.at("none"), 1);
  EXPECT_EQ(r.verdicts.at("unsure"), 0);
  ASSERT_EQ(r.classes.size(), 2u);
  EXPECT_EQ(r.classes[0].objects, 2);
  EXPECT_EQ(r.classes[0].photos, 1);
  EXPECT_EQ(r.classes[1].objects, 2);
  EXPECT_EQ(r.classes[1].photos, 2);

  ReportOptions valid;
  valid.split = "valid";
  const InspectionReport v = build_report(dir_, valid);
  ASSERT_EQ(v.photos.size(), 2u);
  EXPECT_EQ(v.classes[1].objects, 1);  // p3's insulator is in the test split
  valid.split = "holdout";
  EXPECT_THROW(build_report(dir_, valid), sam3::InvalidInput);
}

TEST_F(ReportTest, CsvQuotesWhatNeedsIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
  EXPECT_EQ(csv_field(""), "");
  build();
  const std::string csv = report_csv(build_report(dir_));
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "photo_id,file_name,split,status,verdict,note,confirmed_negative,fuse,"
            "\"insulator, glass\",total_objects,unreviewed_detections");
  EXPECT_NE(csv.find(std::to_string(p1_) + ",p1.png,valid,unlabeled,defect,cracked,no,2,1,3,1\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",\"p2 \"\"east\"\".png\",valid,unlabeled,ok,"
                     "\"line one, \"\"quoted\"\"\n<script>alert(1)</script>\",no,0,0,0,0\r\n"),
            std::string::npos)
      << csv;
}

TEST_F(ReportTest, HtmlEscapesProjectText) {
  EXPECT_EQ(html_escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  build();
  HtmlOptions options;
  options.labels.title = "Prüfbericht";
  options.labels.verdicts["defect"] = "Mangel";
  options.thumbnails[p1_] = "thumbs/1 \"a\".png";
  const std::string html = report_html(build_report(dir_), options);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Substation &lt;North&gt;"), std::string::npos);
  EXPECT_NE(html.find("<h1>Prüfbericht</h1>"), std::string::npos);
  EXPECT_NE(html.find(">Mangel<"), std::string::npos);
  EXPECT_NE(html.find("src=\"thumbs/1 &quot;a&quot;.png\""), std::string::npos);
  EXPECT_EQ(html.find("red;}body{x"), std::string::npos);  // a bad colour never reaches the CSS
  EXPECT_NE(html.find("background:#888888"), std::string::npos);
  EXPECT_EQ(html.find("<img", html.find("p2 &quot;east")), std::string::npos);  // no thumbnail
}

TEST_F(ReportTest, EmptyProject) {
  pj::Project::create(dir_, "Empty");
  const InspectionReport r = build_report(dir_);
  EXPECT_TRUE(r.photos.empty());
  EXPECT_TRUE(r.classes.empty());
  EXPECT_EQ(r.verdicts.size(), 4u);
  EXPECT_EQ(report_csv(r),
            "photo_id,file_name,split,status,verdict,note,confirmed_negative,total_objects,"
            "unreviewed_detections\r\n");
  const std::string html = report_html(r);
  EXPECT_NE(html.find("This report holds no photo."), std::string::npos);
  EXPECT_EQ(html.find("<table class=\"photos\">"), std::string::npos);
  write_report_csv(r, dir_ / "r.csv");
  write_report_html(r, dir_ / "r.html");
  EXPECT_TRUE(fs::exists(dir_ / "r.csv"));
  EXPECT_TRUE(fs::exists(dir_ / "r.html"));
  EXPECT_THROW(write_report_csv(r, dir_ / "no" / "such" / "r.csv"), sam3::IoError);
}

TEST_F(ReportTest, MissingPhotoFileIsNamed) {
  build();
  fs::remove(dir_ / "photos" / "p3.png");
  try {
    build_report(dir_);
    FAIL() << "a missing photo file must be reported";
  } catch (const sam3::IoError& e) {
    EXPECT_EQ(e.file(), dir_ / "photos" / "p3.png");
    EXPECT_NE(std::string(e.what()).find("p3.png"), std::string::npos) << e.what();
  }
  ReportOptions lenient;
  lenient.require_files = false;
  EXPECT_EQ(build_report(dir_, lenient).photos.size(), 3u);
  EXPECT_THROW(build_report(dir_ / "absent"), sam3::IoError);
}
