// Split management (seeded, negatives kept in proportion, the create-valid rule) and validation.
#include <gtest/gtest.h>

#include "core/project/project.h"
#include "core/project/split.h"
#include "core/project/validate.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

using testing::ScratchDir;

struct Fixture {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  std::int64_t cls = p.add_class({0, "cutout", "#ff0000", ""});
  std::vector<std::int64_t> positives, negatives, unlabeled;
  int next = 0;

  std::int64_t photo(int n, bool negative, Split split = Split::None) {
    Photo ph;
    ph.original_name = "p" + std::to_string(n) + ".jpg";
    ph.sha256 = std::string(60, '0') + std::to_string(1000 + n);
    ph.stored_name = ph.sha256 + ".jpg";
    ph.width = 100, ph.height = 100, ph.format = "jpeg", ph.byte_size = 1;
    ph.confirmed_negative = negative;
    ph.status = negative ? PhotoStatus::Done : PhotoStatus::Unlabeled;
    ph.split = split;
    return p.add_photo(ph);
  }
  void populate(int n_pos, int n_neg, int n_unlabeled, Split split = Split::None) {
    int& n = next;
    for (int i = 0; i < n_pos; ++i) {
      positives.push_back(photo(n++, false, split));
      Annotation a;
      a.photo_id = positives.back();
      a.class_id = cls;
      a.rings = {{{1, 1}, {9, 1}, {9, 9}}};
      p.add_annotation(a);
    }
    for (int i = 0; i < n_neg; ++i) negatives.push_back(photo(n++, true, split));
    for (int i = 0; i < n_unlabeled; ++i) unlabeled.push_back(photo(n++, false, split));
  }
  std::map<std::int64_t, Split> splits() {
    std::map<std::int64_t, Split> m;
    for (const Photo& ph : p.photos()) m[ph.id] = ph.split;
    return m;
  }
  int count(const std::vector<std::int64_t>& ids, Split s) {
    auto m = splits();
    return static_cast<int>(
        std::count_if(ids.begin(), ids.end(), [&](auto id) { return m[id] == s; }));
  }
};

TEST(Split, RatiosPerGroupKeepNegativesAndAreDeterministic) {
  Fixture f;
  f.populate(10, 5, 2);
  SplitCounts c = assign_splits(f.p, {0.6, 0.2, 0.2}, 7);
  EXPECT_EQ(c.train, 6 + 3);
  EXPECT_EQ(c.valid, 2 + 1);
  EXPECT_EQ(c.test, 2 + 1);
  EXPECT_EQ(c.none, 2);  // unlabeled photos are not put into training data
  EXPECT_EQ(f.count(f.negatives, Split::Valid), 1);
  EXPECT_EQ(f.count(f.negatives, Split::Test), 1);
  auto first = f.splits();
  assign_splits(f.p, {0.6, 0.2, 0.2}, 7);
  EXPECT_EQ(f.splits(), first);
  assign_splits(f.p, {0.6, 0.2, 0.2}, 8);
  EXPECT_NE(f.splits(), first);
  EXPECT_THROW(assign_splits(f.p, {-1, 1, 0}, 1), InvalidInput);
  EXPECT_THROW(assign_splits(f.p, {0, 0, 0}, 1), InvalidInput);
}

TEST(Split, OnlyUnassignedKeepsExistingSplits) {
  Fixture f;
  f.populate(4, 0, 0, Split::Test);
  f.populate(6, 0, 0);
  assign_splits(f.p, {1, 0, 0}, 3, true);
  auto m = f.splits();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(m[f.positives[static_cast<std::size_t>(i)]], Split::Test);
  for (int i = 4; i < 10; ++i) EXPECT_EQ(m[f.positives[static_cast<std::size_t>(i)]], Split::Train);
}

TEST(Split, ValidIsCreatedWhenOnlyTrainExists) {
  Fixture f;
  f.populate(12, 3, 0, Split::Train);
  EXPECT_EQ(ensure_valid_split(f.p, 0.2, 1), 2 + 1);
  EXPECT_EQ(f.count(f.negatives, Split::Valid), 1);
  EXPECT_EQ(ensure_valid_split(f.p, 0.2, 1), 0);  // valid exists now
  Fixture tiny;
  tiny.populate(2, 0, 0, Split::Train);
  EXPECT_EQ(ensure_valid_split(tiny.p, 0.2, 1), 1);  // at least one photo
}

bool has_problem(const ValidationReport& r, const std::string& text) {
  for (const Issue& i : r.problems)
    if ((i.where + " " + i.message).find(text) != std::string::npos) return true;
  return false;
}

TEST(Validate, ReportsCountsShapesFilesAndPrompts) {
  Fixture f;
  f.populate(2, 1, 1, Split::Train);
  f.p.add_class({0, "fuse-x7k2m9p4q8r1s5t3v6w0", "#00ff00", ""});
  f.p.add_class({0, "Cutout", "#0000ff", "CUTOUT"});
  Annotation out;
  out.photo_id = f.positives[0];
  out.class_id = f.cls;
  out.rings = {{{50, 50}, {150, 50}, {150, 90}}};
  f.p.add_annotation(out);
  f.p.add_annotation(out);
  ValidationReport r = validate_project(f.p, true);
  EXPECT_EQ(r.photos, 4);
  EXPECT_EQ(r.annotations, 4);
  EXPECT_EQ(r.photos_per_split["train"], 4);
  EXPECT_EQ(r.max_per_image, 3);
  EXPECT_EQ(r.min_per_image, 0);
  EXPECT_DOUBLE_EQ(r.min_area, 32);
  EXPECT_DOUBLE_EQ(r.max_area, 2000);
  EXPECT_EQ(r.confirmed_negatives, 1);
  ASSERT_EQ(r.images_without_annotations.size(), 1u);
  EXPECT_TRUE(has_problem(r, "polygon reaches outside the image"));
  EXPECT_TRUE(has_problem(r, "duplicate of annotation"));
  EXPECT_TRUE(has_problem(r, "photo file missing"));
  EXPECT_TRUE(
      has_problem(r, "class fuse-x7k2m9p4q8r1s5t3v6w0 name or prompt carries a Roboflow suffix"));
  EXPECT_TRUE(has_problem(r, "class Cutout same prompt as class cutout"));
  EXPECT_TRUE(has_problem(r, "class has no annotations"));
  EXPECT_GT(r.errors(), 0);
  EXPECT_NE(to_json(r).find("\"images_without_annotations\""), std::string::npos);
}

}  // namespace
}  // namespace sam3::project
