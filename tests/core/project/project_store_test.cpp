// The Project store: layout, schema, CRUD, transactions and their rollback.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include "core/project/geometry.h"
#include "core/project/project.h"
#include "core/project/sqlite_db.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

Photo make_photo(const std::string& name, const std::string& hash) {
  Photo p;
  p.original_name = name;
  p.stored_name = hash + ".jpg";
  p.sha256 = hash;
  p.byte_size = 10;
  p.width = 100;
  p.height = 50;
  p.format = "jpeg";
  return p;
}

Annotation square(std::int64_t photo, std::int64_t cls) {
  Annotation a;
  a.photo_id = photo;
  a.class_id = cls;
  a.rings = {{{10, 10}, {30, 10}, {30, 20}, {10, 20}}, {{12, 12}, {14, 12}, {14, 14}}};
  return a;
}

TEST(ProjectStore, CreatesLayoutWalAndSchemaVersion) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  for (const char* sub : {"photos", "cache", "runs"})
    EXPECT_TRUE(fs::is_directory(tmp / "proj" / sub));
  EXPECT_TRUE(fs::exists(tmp / "proj" / "project.db"));
  EXPECT_EQ(p.schema_version(), Project::kSchemaVersion);
  EXPECT_EQ(p.meta("name"), "proj");
  Statement wal(p.db(), "PRAGMA journal_mode");
  ASSERT_TRUE(wal.step());
  EXPECT_EQ(wal.text(0), "wal");
  Statement fk(p.db(), "PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.int64(0), 1);
  EXPECT_THROW(Project::create(tmp / "proj"), InvalidInput);
}

TEST(ProjectStore, RefusesNewerSchemaAndMissingFolder) {
  ScratchDir tmp;
  {
    Project p = Project::create(tmp / "proj");
    p.db().exec("PRAGMA user_version = 99");
  }
  EXPECT_THROW(Project::open(tmp / "proj"), FormatError);
  EXPECT_THROW(Project::open(tmp / "nothing"), IoError);
  std::filesystem::create_directories(tmp / "plain");
  EXPECT_THROW(Project::open(tmp / "plain"), IoError);  // a folder is not a project
  EXPECT_FALSE(Project::exists(tmp / "plain"));
}

TEST(ProjectStore, PhotosClassesAnnotationsRoundTrip) {
  ScratchDir tmp;
  std::int64_t photo_id = 0, ann_id = 0;
  {
    Project p = Project::create(tmp / "proj");
    photo_id = p.add_photo(make_photo("IMG_1.jpg", std::string(64, 'a')));
    std::int64_t cls = p.add_class({0, "fuse cutout", "#00ff00", ""});
    Annotation a = square(photo_id, cls);
    a.attributes = {{"damaged", "yes"}};
    a.source = Source::Model;
    a.score = 0.75;
    ann_id = p.add_annotation(a);
    Photo ph = *p.photo(photo_id);
    ph.status = PhotoStatus::Reviewed;
    ph.split = Split::Test;
    ph.verdict = Verdict::Defect;
    ph.note = "rust on the base";
    p.update_photo(ph);
  }
  Project p = Project::open(tmp / "proj");  // reopened: everything was committed
  auto classes = p.classes();
  ASSERT_EQ(classes.size(), 1u);
  EXPECT_EQ(classes[0].prompt, "fuse cutout");  // prompt defaults to the name
  auto anns = p.annotations(photo_id);
  ASSERT_EQ(anns.size(), 1u);
  EXPECT_EQ(anns[0].id, ann_id);
  EXPECT_EQ(anns[0].rings.size(), 2u);  // the hole survives
  EXPECT_EQ(anns[0].bbox, (std::array<double, 4>{10, 10, 20, 10}));
  EXPECT_DOUBLE_EQ(*anns[0].area, 200 - 2);  // outer minus hole
  EXPECT_EQ(anns[0].attributes.at("damaged"), "yes");
  EXPECT_EQ(anns[0].source, Source::Model);
  EXPECT_DOUBLE_EQ(*anns[0].score, 0.75);
  Photo ph = *p.photo(photo_id);
  EXPECT_EQ(ph.verdict, Verdict::Defect);
  EXPECT_EQ(ph.note, "rust on the base");
  EXPECT_EQ(ph.split, Split::Test);
}

TEST(ProjectStore, DuplicatesAndBadEditsAreRefused) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  std::int64_t id = p.add_photo(make_photo("a.jpg", std::string(64, 'b')));
  EXPECT_THROW(p.add_photo(make_photo("copy.jpg", std::string(64, 'b'))), InvalidInput);
  std::int64_t cls = p.add_class({0, "x", "#000000", ""});
  EXPECT_THROW(p.add_class({0, "x", "#000000", ""}), InvalidInput);
  EXPECT_THROW(p.add_class({0, "", "#000000", ""}), InvalidInput);
  Annotation two_points = square(id, cls);
  two_points.rings = {{{0, 0}, {1, 1}}};
  EXPECT_THROW(p.add_annotation(two_points), InvalidInput);
  Annotation nan = square(id, cls);
  nan.rings[0][1].x = std::nan("");
  EXPECT_THROW(p.add_annotation(nan), InvalidInput);
  EXPECT_THROW(p.add_annotation(square(id, 999)), IoError);  // foreign key: no such class
  p.add_annotation(square(id, cls));
  EXPECT_THROW(p.remove_class(cls), InvalidInput);  // still used
  EXPECT_THROW(p.update_photo(make_photo("ghost", std::string(64, 'c'))), InvalidInput);
}

TEST(ProjectStore, RemovingAPhotoCascadesAndDeletesItsFile) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  Photo ph = make_photo("a.jpg", std::string(64, 'd'));
  testing::spit(p.photo_path(ph), "bytes");
  std::int64_t id = p.add_photo(ph);
  std::int64_t cls = p.add_class({0, "x", "#000000", ""});
  std::int64_t ann = p.add_annotation(square(id, cls));
  p.add_review({0, id, ann, std::nullopt, Decision::Rejected, "false alarm", ""});
  p.remove_photo(id);
  EXPECT_EQ(p.annotation_count(), 0);
  EXPECT_TRUE(p.reviews(id).empty());
  EXPECT_FALSE(fs::exists(p.photo_path(ph)));
}

TEST(ProjectStore, FailedBatchLeavesNothingBehind) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  std::int64_t cls = p.add_class({0, "x", "#000000", ""});
  EXPECT_THROW(p.batch([&] {
    std::int64_t id = p.add_photo(make_photo("a.jpg", std::string(64, 'e')));
    p.add_annotation(square(id, cls));
    p.set_meta("touched", "yes");
    p.add_annotation(square(id, 12345));  // fails: unknown class
  }),
               IoError);
  EXPECT_EQ(p.photo_count(), 0);
  EXPECT_EQ(p.annotation_count(), 0);
  EXPECT_EQ(p.meta("touched"), "");
}

std::string hash_of(char c, int i) {
  std::string h(64, c);
  h[63] = static_cast<char>('0' + i);
  return h;
}

// A process killed in the middle of a transaction (no rollback, no destructor) leaves the last
// committed state: the committed batch is there, the interrupted one is not.
TEST(ProjectStore, CrashMidTransactionKeepsLastCommittedState) {
  ScratchDir tmp;
  { Project p = Project::create(tmp / "proj"); }
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Project p = Project::open(tmp / "proj");
    p.batch([&] {
      for (int i = 0; i < 10; ++i) p.add_photo(make_photo("committed.jpg", hash_of('c', i)));
    });
    p.batch([&] {
      for (int i = 0; i < 10; ++i) p.add_photo(make_photo("lost.jpg", hash_of('d', i)));
      std::_Exit(0);  // dies inside the second transaction
    });
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  Project p = Project::open(tmp / "proj");
  EXPECT_EQ(p.photo_count(), 10);
  EXPECT_TRUE(p.photo_by_hash(hash_of('c', 9)).has_value());
  EXPECT_FALSE(p.photo_by_hash(hash_of('d', 0)).has_value());
}

TEST(ProjectStore, ReviewsAndRuns) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  std::int64_t id = p.add_photo(make_photo("a.jpg", std::string(64, 'f')));
  std::int64_t run = p.add_run({0, "run-1", "", "running", "epochs: 3\n", ""});
  p.add_review({0, id, std::nullopt, run, Decision::Accepted, "", ""});
  auto runs = p.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].folder, "run-1");
  EXPECT_FALSE(runs[0].created_at.empty());
  runs[0].status = "finished";
  p.update_run(runs[0]);
  EXPECT_EQ(p.runs()[0].status, "finished");
  auto reviews = p.reviews(id);
  ASSERT_EQ(reviews.size(), 1u);
  EXPECT_EQ(reviews[0].run_id, run);
  EXPECT_THROW(p.add_run({0, "run-1", "", "", "", ""}), IoError);  // names are unique
}

}  // namespace
}  // namespace sam3::project
