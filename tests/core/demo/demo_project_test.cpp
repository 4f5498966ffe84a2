// The demo project is a real, valid project store: photos that decode at the stated size, the
// generator's classes with their prompts, polygons inside their photos, negatives, every split;
// and it is written all or nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/demo/demo_project.h"
#include "core/project/image_probe.h"
#include "core/project/project.h"
#include "core/project/validate.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace fs = std::filesystem;
namespace sp = sam3::project;
using sam3::demo::create_demo_project;
using sam3::demo::DemoOptions;

namespace {

class DemoProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("sam3-demo-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    sam3::remove_tree(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { sam3::remove_tree(root_); }
  static DemoOptions small() {
    DemoOptions o;
    o.num_photos = 20;
    o.width = 320;
    o.height = 240;
    return o;
  }
  fs::path root_;
};

TEST_F(DemoProjectTest, WritesAValidProjectWithClassesPromptsAndPolygonsInsidePhotos) {
  const fs::path dir = root_ / "demo";
  const auto report = create_demo_project(dir, small());
  EXPECT_EQ(report.dir, fs::absolute(dir));
  EXPECT_EQ(report.photos, 20);
  EXPECT_EQ(report.classes, 2);
  EXPECT_GT(report.annotations, report.photos - report.negatives - 1);

  sp::Project p = sp::Project::open(dir);
  EXPECT_EQ(p.meta("name"), "Demo: fuse cutouts");
  const auto classes = p.classes();
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(classes[0].name, "fuse cutout");
  EXPECT_EQ(classes[0].prompt, "fuse cutout");
  EXPECT_EQ(classes[1].name, "insulator");
  EXPECT_EQ(classes[1].prompt, "insulator");
  EXPECT_NE(classes[0].color, classes[1].color);

  const auto photos = p.photos();
  ASSERT_EQ(photos.size(), 20u);
  std::set<sp::Split> splits;
  int negatives = 0, annotations = 0;
  for (const sp::Photo& ph : photos) {
    SCOPED_TRACE(ph.original_name);
    EXPECT_EQ(ph.width, 320);
    EXPECT_EQ(ph.height, 240);
    const auto probe = sp::probe_image(sam3::read_file(p.photo_path(ph)));
    ASSERT_TRUE(probe.has_value());
    EXPECT_EQ(probe->width, 320);
    EXPECT_EQ(probe->height, 240);
    splits.insert(ph.split);
    const auto anns = p.annotations(ph.id);
    annotations += int(anns.size());
    if (anns.empty()) {
      ++negatives;
      EXPECT_TRUE(ph.confirmed_negative);
    }
    for (const sp::Annotation& a : anns) {
      ASSERT_EQ(a.kind, sp::ShapeKind::Polygon);
      ASSERT_FALSE(a.rings.empty());
      EXPECT_GE(a.rings[0].size(), 3u);
      EXPECT_GT(a.area.value_or(0), 0.0);
      for (const auto& ring : a.rings)
        for (const sp::Point& q : ring) {
          EXPECT_GE(q.x, 0.0);
          EXPECT_GE(q.y, 0.0);
          EXPECT_LE(q.x, 320.0);
          EXPECT_LE(q.y, 240.0);
        }
    }
  }
  EXPECT_EQ(negatives, report.negatives);
  EXPECT_GT(negatives, 0);
  EXPECT_LT(negatives, 20);
  EXPECT_EQ(annotations, report.annotations);
  EXPECT_EQ(splits, (std::set<sp::Split>{sp::Split::Train, sp::Split::Valid, sp::Split::Test}));

  const auto v = sp::validate_project(p);
  EXPECT_EQ(v.errors(), 0) << sp::to_json(v);
  EXPECT_EQ(v.photos, 20);
  // Nothing besides the project: no staging folder, no generated sources.
  EXPECT_FALSE(fs::exists(root_ / "demo.demo-partial"));
  EXPECT_FALSE(fs::exists(dir / "generated"));
}

TEST_F(DemoProjectTest, SameSeedSamePhotosOtherSeedOtherPhotos) {
  create_demo_project(root_ / "a", small());
  create_demo_project(root_ / "b", small());
  auto o = small();
  o.seed = 8;
  create_demo_project(root_ / "c", o);
  auto hashes = [](const fs::path& d) {
    std::vector<std::string> h;
    for (const auto& ph : sp::Project::open(d).photos()) h.push_back(ph.sha256);
    return h;
  };
  EXPECT_EQ(hashes(root_ / "a"), hashes(root_ / "b"));
  EXPECT_NE(hashes(root_ / "a"), hashes(root_ / "c"));
}

TEST_F(DemoProjectTest, RefusesAnExistingFolderAndLeavesItAlone) {
  const fs::path dir = root_ / "taken";
  fs::create_directories(dir);
  sam3::write_file_atomic(dir / "mine.txt", "keep me");
  EXPECT_THROW(create_demo_project(dir, small()), sam3::InvalidInput);
  EXPECT_EQ(sam3::read_file(dir / "mine.txt"), "keep me");
  EXPECT_FALSE(sp::Project::exists(dir));
}

TEST_F(DemoProjectTest, BadOptionsThrowAndWriteNothing) {
  auto o = small();
  o.num_photos = 0;
  EXPECT_THROW(create_demo_project(root_ / "x", o), sam3::InvalidInput);
  o = small();
  o.width = 10;
  EXPECT_THROW(create_demo_project(root_ / "x", o), sam3::InvalidInput);
  o = small();
  o.num_classes = 3;
  EXPECT_THROW(create_demo_project(root_ / "x", o), sam3::InvalidInput);
  EXPECT_FALSE(fs::exists(root_ / "x"));
  EXPECT_FALSE(fs::exists(root_ / "x.demo-partial"));
}

TEST_F(DemoProjectTest, CancelLeavesNothingBehind) {
  int calls = 0;
  const auto progress = [&](int done, int total) {
    EXPECT_EQ(total, 20);
    EXPECT_EQ(done, ++calls);
    return done < 5;
  };
  EXPECT_THROW(create_demo_project(root_ / "x", small(), progress), sam3::Cancelled);
  EXPECT_EQ(calls, 5);
  EXPECT_FALSE(fs::exists(root_ / "x"));
  EXPECT_FALSE(fs::exists(root_ / "x.demo-partial"));
}

}  // namespace
