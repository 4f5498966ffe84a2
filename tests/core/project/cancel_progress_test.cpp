// Progress and cancel hooks of import and export (interchange.h): reports per photo starting at
// 0, and a cancel midway that leaves nothing behind: a cancelled import commits nothing (no
// photos, classes or copied files), a cancelled or failed export_dataset leaves no output folder,
// no staging folder and no parent folders it made. Also export_dataset's bad input.
#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

// `n` distinct photos: the golden 20x10 PNG with a different trailing comment byte run after its
// IEND chunk (decoders stop at IEND), so each has its own content hash.
Dataset photos_dataset(const ScratchDir& tmp, int n, const std::string& tag) {
  const std::string png = testing::slurp(testing::golden("coco") / "input" / "images" / "a.png");
  Dataset d;
  d.format = "coco";
  d.classes.push_back({0, "fuse", "#e6194b", "fuse"});
  for (int i = 0; i < n; ++i) {
    DatasetImage img;
    img.original_name = tag + "_" + std::to_string(i) + ".png";
    img.file = tmp / ("src_" + img.original_name);
    testing::spit(img.file, png + tag + std::to_string(i));
    DatasetShape s;
    s.class_name = "fuse";
    s.annotation.rings = {{{1, 1}, {8, 1}, {8, 6}, {1, 6}}};
    s.where = "annotations[" + std::to_string(i) + "]";
    img.shapes.push_back(s);
    d.images.push_back(std::move(img));
  }
  return d;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// Records every report and asks to stop once `stop_at` photos are done (-1: never).
struct Recorder {
  int stop_at = -1;
  std::vector<std::pair<int, int>> calls;
  ProgressFn fn() {
    return [this](int done, int total) {
      calls.emplace_back(done, total);
      return stop_at < 0 || done < stop_at;
    };
  }
};

TEST(ImportProgress, CancelMidwayCommitsNothingAndReportsEachPhoto) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  commit_dataset(p, photos_dataset(tmp, 1, "before"));  // what was there stays
  const auto photo_files = names_in(p.photos_dir());
  ASSERT_EQ(photo_files.size(), 1u);

  Recorder rec;
  rec.stop_at = 3;
  ImportOptions o;
  o.progress = rec.fn();
  EXPECT_THROW(commit_dataset(p, photos_dataset(tmp, 6, "new"), o), Cancelled);
  EXPECT_EQ(p.photo_count(), 1);
  EXPECT_EQ(p.all_annotations().size(), 1u);
  EXPECT_EQ(p.classes().size(), 1u);
  EXPECT_EQ(names_in(p.photos_dir()), photo_files);  // the copies of photos 1-3 removed again
  const std::vector<std::pair<int, int>> expected{{0, 6}, {1, 6}, {2, 6}, {3, 6}};
  EXPECT_EQ(rec.calls, expected);

  Recorder all;
  o.progress = all.fn();
  ImportReport r = commit_dataset(p, photos_dataset(tmp, 6, "new"), o);
  EXPECT_EQ(r.photos_added, 6);
  EXPECT_EQ(p.photo_count(), 7);
  ASSERT_EQ(all.calls.size(), 7u);
  EXPECT_EQ(all.calls.front(), std::make_pair(0, 6));
  EXPECT_EQ(all.calls.back(), std::make_pair(6, 6));
}

TEST(ImportProgress, CancelBeforeTheFirstPhotoCommitsNothing) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "p");
  Recorder rec;
  rec.stop_at = 0;
  ImportOptions o;
  o.progress = rec.fn();
  EXPECT_THROW(commit_dataset(p, photos_dataset(tmp, 3, "x"), o), Cancelled);
  EXPECT_EQ(p.photo_count(), 0);
  EXPECT_TRUE(p.classes().empty());
  EXPECT_TRUE(names_in(p.photos_dir()).empty());
}

// A project of `n` labelled photos, for the exports.
Project export_source(const ScratchDir& tmp, int n) {
  Project p = Project::create(tmp / "src");
  commit_dataset(p, photos_dataset(tmp, n, "photo"));
  return p;
}

TEST(ExportProgress, CancelMidwayLeavesNoOutputInEveryFormat) {
  ScratchDir tmp;
  Project p = export_source(tmp, 5);
  for (const char* format : {"coco", "roboflow", "yolo", "voc", "labelme"}) {
    SCOPED_TRACE(format);
    fs::create_directories(tmp / "exports");
    const auto before = names_in(tmp / "exports");
    Recorder rec;
    rec.stop_at = 2;
    ExportOptions o;
    o.progress = rec.fn();
    const fs::path out = tmp / "exports" / format;
    EXPECT_THROW(export_dataset(p, format, out, o), Cancelled);
    EXPECT_EQ(names_in(tmp / "exports"), before);  // neither out nor out.export-partial
    ASSERT_FALSE(rec.calls.empty());
    EXPECT_EQ(rec.calls.front(), std::make_pair(0, 5));
    EXPECT_EQ(rec.calls.back(), std::make_pair(2, 5));

    // Nested folders that did not exist are made for the export and removed with it.
    rec.calls.clear();
    EXPECT_THROW(export_dataset(p, format, tmp / "new" / "deeper" / format, o), Cancelled);
    EXPECT_FALSE(fs::exists(tmp / "new"));

    // An empty folder chosen as the target stays, empty.
    fs::create_directories(tmp / "empty");
    EXPECT_THROW(export_dataset(p, format, tmp / "empty", o), Cancelled);
    EXPECT_TRUE(fs::is_directory(tmp / "empty"));
    EXPECT_TRUE(fs::is_empty(tmp / "empty"));
    EXPECT_FALSE(fs::exists(tmp / "empty.export-partial"));

    Recorder all;
    o.progress = all.fn();
    ExportReport r = export_dataset(p, format, tmp / "empty", o);
    EXPECT_EQ(r.images, 5);
    EXPECT_FALSE(fs::is_empty(tmp / "empty"));
    EXPECT_FALSE(fs::exists(tmp / "empty.export-partial"));
    EXPECT_EQ(all.calls.back(), std::make_pair(5, 5));
    std::error_code ec;
    fs::remove_all(tmp / "empty", ec);
  }
}

TEST(ExportProgress, FailedExportLeavesNoOutput) {
  ScratchDir tmp;
  Project p = export_source(tmp, 3);
  fs::remove(p.photo_path(p.photos().at(1)));  // the second photo cannot be copied
  for (const char* format : {"coco", "roboflow", "yolo"}) {
    SCOPED_TRACE(format);
    EXPECT_THROW(export_dataset(p, format, tmp / "out" / format), IoError);
    EXPECT_FALSE(fs::exists(tmp / "out"));
  }
  ExportOptions no_photos;
  no_photos.copy_photos = false;  // annotations only: the missing photo does not matter
  EXPECT_EQ(export_dataset(p, "coco", tmp / "out" / "coco", no_photos).images, 3);
  EXPECT_TRUE(fs::exists(tmp / "out" / "coco" / "annotations.json"));
}

TEST(ExportProgress, BadTargetOrFormatIsRefusedBeforeWriting) {
  ScratchDir tmp;
  Project p = export_source(tmp, 1);
  EXPECT_THROW(export_dataset(p, "tiff", tmp / "x"), InvalidInput);
  EXPECT_FALSE(fs::exists(tmp / "x"));
  testing::spit(tmp / "busy" / "keep.txt", "mine");
  EXPECT_THROW(export_dataset(p, "coco", tmp / "busy"), InvalidInput);
  EXPECT_EQ(names_in(tmp / "busy"), std::set<std::string>{"keep.txt"});
  EXPECT_THROW(export_dataset(p, "coco", tmp / "busy" / "keep.txt"), InvalidInput);
  EXPECT_EQ(testing::slurp(tmp / "busy" / "keep.txt"), "mine");
  // A trailing separator names the folder itself.
  EXPECT_EQ(export_dataset(p, "voc", (tmp / "trailing").string() + "/").images, 1);
  EXPECT_TRUE(fs::is_directory(tmp / "trailing" / "train"));
}

}  // namespace
}  // namespace sam3::project
