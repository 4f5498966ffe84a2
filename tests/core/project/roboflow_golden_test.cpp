// Round trips on the real Roboflow exports in ../shared/data/roboflow (skipped when absent):
// import -> export Roboflow -> import gives identical annotations, and
// export -> import -> export is byte-identical.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

using testing::ScratchDir;
namespace fs = std::filesystem;
constexpr const char* kStamp = "2026-03-01T10:00:00+00:00";

fs::path dataset(const std::string& name) {
  return testing::shared_roboflow() / name;
}

#define SKIP_WITHOUT(dir) \
  if (!fs::exists(dir)) GTEST_SKIP() << "shared data absent: " << (dir).string()

// What an annotation is, independent of ids: photo content, class name, geometry and metrics.
std::multiset<std::string> canonical(Project& p) {
  std::map<std::int64_t, std::string> photo_key, class_name;
  for (const Photo& ph : p.photos())
    photo_key[ph.id] = ph.sha256 + "|" + ph.original_name + "|" + to_string(ph.split);
  for (const ClassInfo& c : p.classes()) class_name[c.id] = c.name + "|" + c.prompt;
  std::multiset<std::string> out;
  for (const Annotation& a : p.all_annotations()) {
    nlohmann::json j;
    j["photo"] = photo_key[a.photo_id];
    j["class"] = class_name[a.class_id];
    j["kind"] = static_cast<int>(a.kind);
    for (const Ring& r : a.rings) {
      nlohmann::json ring = nlohmann::json::array();
      for (const Point& pt : r) ring.push_back({pt.x, pt.y});
      j["rings"].push_back(ring);
    }
    j["bbox"] = a.bbox;
    j["area"] = a.area.value_or(-1);
    out.insert(j.dump());
  }
  return out;
}

struct RoundTrip {
  ScratchDir tmp;
  std::optional<Project> first, second, third;
  ImportReport report;
  void run(const fs::path& source) {
    first = Project::create(tmp / "a");
    report = commit_dataset(*first, parse_coco_folder(source));
    export_roboflow(*first, tmp / "out1", {kStamp, true});
    second = Project::create(tmp / "b");
    commit_dataset(*second, parse_coco_folder(tmp / "out1"));
    export_roboflow(*second, tmp / "out2", {kStamp, true});
  }
};

TEST(RoboflowGolden, RawExportImportsWithParentAndDuplicates) {
  fs::path src = dataset("fuse-neutral.v2-raw-export");
  SKIP_WITHOUT(src);
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_coco_folder(src));
  EXPECT_EQ(r.format, "roboflow");
  EXPECT_EQ(r.photos_added, 4);
  EXPECT_EQ(r.annotations_added, 9);
  auto classes = p.classes();
  ASSERT_EQ(classes.size(), 1u);  // the synthetic parent is not a class
  EXPECT_EQ(classes[0].name, "fuse neutral");
  EXPECT_EQ(classes[0].prompt, "fuse neutral");
  EXPECT_EQ(p.meta("roboflow.parent"), "fuse neutral-xzg2yturox8qwldmiogk");
  for (const Photo& ph : p.photos()) {
    EXPECT_EQ(ph.split, Split::Train);
    EXPECT_EQ(ph.original_name.find(".rf."), std::string::npos) << ph.original_name;
  }
  EXPECT_EQ(p.photos()[0].original_name, "image_10-png-726804-1769443273547-0.jpg");
  // The four copies under a second .rf. name are not listed; they are reported, not imported.
  bool reported = false;
  for (const Issue& i : r.issues)
    reported |= i.message.find("4 photo file(s)") != std::string::npos;
  EXPECT_TRUE(reported);
}

TEST(RoboflowGolden, SingleClassAtIdZeroAccepted) {
  fs::path src = dataset("Find fuse neutrals.v5i.coco");
  SKIP_WITHOUT(src);
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  ImportReport r = commit_dataset(p, parse_coco_folder(src));
  EXPECT_EQ(r.photos_added, 29);
  EXPECT_EQ(r.annotations_added, 29);
  EXPECT_EQ(r.annotations_skipped, 0);
  ASSERT_EQ(p.classes().size(), 1u);
  EXPECT_EQ(p.classes()[0].name, "fuse neutrals");
  int train = 0, valid = 0;
  for (const Photo& ph : p.photos())
    train += ph.split == Split::Train, valid += ph.split == Split::Valid;
  EXPECT_EQ(train, 24);
  EXPECT_EQ(valid, 5);
}

TEST(RoboflowGolden, ExportReproducesOriginalAnnotations) {
  fs::path src = dataset("fuse-neutral.v2-raw-export");
  SKIP_WITHOUT(src);
  RoundTrip t;
  t.run(src);
  auto original = nlohmann::json::parse(testing::slurp(src / "train" / "_annotations.coco.json"));
  auto ours =
      nlohmann::json::parse(testing::slurp(t.tmp / "out1" / "train" / "_annotations.coco.json"));
  EXPECT_EQ(ours["categories"], original["categories"]);
  EXPECT_EQ(ours["annotations"], original["annotations"]);  // bbox, area, polygon: every number
  ASSERT_EQ(ours["images"].size(), original["images"].size());
  for (std::size_t i = 0; i < ours["images"].size(); ++i) {
    EXPECT_EQ(ours["images"][i]["id"], original["images"][i]["id"]);
    EXPECT_EQ(ours["images"][i]["extra"]["name"], original["images"][i]["extra"]["name"]);
    EXPECT_EQ(ours["images"][i]["width"], original["images"][i]["width"]);
  }
  EXPECT_EQ(ours["info"]["year"], "2026");
  EXPECT_EQ(ours["info"]["version"], "2");
}

class RoboflowRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoboflowRoundTrip, ImportExportImportKeepsAnnotations) {
  fs::path src = dataset(GetParam());
  SKIP_WITHOUT(src);
  RoundTrip t;
  t.run(src);
  EXPECT_EQ(canonical(*t.first), canonical(*t.second));
  EXPECT_EQ(t.first->photo_count(), t.second->photo_count());
}

TEST_P(RoboflowRoundTrip, ExportImportExportIsByteIdentical) {
  fs::path src = dataset(GetParam());
  SKIP_WITHOUT(src);
  RoundTrip t;
  t.run(src);
  auto a = testing::tree(t.tmp / "out1"), b = testing::tree(t.tmp / "out2");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [name, bytes] : a) EXPECT_TRUE(b.count(name) && b[name] == bytes) << name;
  std::string json = a["train/_annotations.coco.json"];
  EXPECT_EQ(json.find('\n'), std::string::npos);  // minified
  EXPECT_EQ(json.rfind("{\"info\":{\"year\":\"2026\",\"version\":", 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(SharedExports, RoboflowRoundTrip,
                         ::testing::Values("fuse-neutral.v2-raw-export",
                                           "Find fuse neutrals.v5i.coco"),
                         [](const auto& param) {
                           return param.index == 0 ? "RawV2" : "CleanedV5";
                         });

}  // namespace
}  // namespace sam3::project
