// The store's per-class queries: the annotations of a class and the photos that hold it.
#include <gtest/gtest.h>

#include "core/project/project.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

using testing::ScratchDir;

Photo photo_named(const std::string& name, char hash) {
  Photo p;
  p.original_name = name;
  p.stored_name = name;
  p.sha256 = std::string(64, hash);
  p.byte_size = 1;
  p.width = 100;
  p.height = 80;
  p.format = "png";
  return p;
}

Annotation triangle(std::int64_t photo, std::int64_t cls, double x) {
  Annotation a;
  a.photo_id = photo;
  a.class_id = cls;
  a.rings = {{{x, 10}, {x + 20, 10}, {x, 30}}};
  a.attributes = {{"side", "left"}};
  return a;
}

TEST(StoreQueries, ClassAnnotationsAndPhotosWithClass) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  const auto a = p.add_photo(photo_named("a.png", 'a'));
  p.add_photo(photo_named("b.png", 'b'));  // a photo without annotations
  const auto c = p.add_photo(photo_named("c.png", 'c'));
  const auto fuse = p.add_class({0, "fuse", "#ff0000", ""});
  const auto bolt = p.add_class({0, "bolt", "#00ff00", ""});
  const auto unused = p.add_class({0, "unused", "#0000ff", ""});
  const auto f1 = p.add_annotation(triangle(c, fuse, 1));
  p.add_annotation(triangle(a, bolt, 2));
  const auto f2 = p.add_annotation(triangle(a, fuse, 3));
  const auto f3 = p.add_annotation(triangle(c, fuse, 4));

  const auto fuses = p.class_annotations(fuse);
  ASSERT_EQ(fuses.size(), 3u);
  EXPECT_EQ(fuses[0].id, f1);
  EXPECT_EQ(fuses[1].id, f2);
  EXPECT_EQ(fuses[2].id, f3);
  EXPECT_EQ(fuses[1].photo_id, a);
  EXPECT_EQ(fuses[1].rings[0][0], (Point{3, 10}));
  EXPECT_EQ(fuses[1].attributes.at("side"), "left");
  // Ascending and distinct, even though photo c holds two fuses and was annotated first.
  EXPECT_EQ(p.photos_with_class(fuse), (std::vector<std::int64_t>{a, c}));
  EXPECT_EQ(p.photos_with_class(bolt), (std::vector<std::int64_t>{a}));
  EXPECT_TRUE(p.photos_with_class(unused).empty());
  EXPECT_TRUE(p.class_annotations(unused).empty());
  // Unknown ids are empty answers, not errors.
  EXPECT_TRUE(p.photos_with_class(999).empty());
  EXPECT_TRUE(p.class_annotations(-1).empty());
  // Removing a photo takes its annotations out of both answers.
  p.remove_photo(a);
  EXPECT_EQ(p.photos_with_class(fuse), (std::vector<std::int64_t>{c}));
  EXPECT_TRUE(p.photos_with_class(bolt).empty());
  EXPECT_EQ(p.class_annotations(fuse).size(), 2u);
}

}  // namespace
}  // namespace sam3::project
