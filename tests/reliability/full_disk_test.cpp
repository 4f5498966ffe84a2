// Full disk: reliability_child runs one edit, export or checkpoint write with RLIMIT_FSIZE set
// (SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk). The call fails
// with a message naming the file, and every file that was there before is byte-identical after.
#include <gtest/gtest.h>

#include "core/project/project.h"
#include "tests/reliability/edit_script.h"
#include "tests/reliability/harness.h"

namespace sam3::reliability {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kNoLimit = "1000000000000";

// Runs `args` under a file size limit of `bytes`; returns the child's "error ..." line ("" when
// it printed none) and its exit status.
std::pair<std::string, int> run_limited(const std::string& bytes, std::vector<std::string> args) {
  args.insert(args.begin(), {"limit", bytes});
  Child child(args);
  const int status = child.wait();
  for (const auto& l : child.lines())
    if (l.rfind("error ", 0) == 0) return {l.substr(6), status};
  return {"", status};
}

fs::path export_project(const fs::path& root) {
  write_coco_dataset(root / "sources" / dataset_name(0), 6, 2, 4242);
  const fs::path dir = root / "project";
  project::Project::create(dir, "full disk");
  const auto [error, status] =
      run_limited(kNoLimit, {"import", dir.string(), (root / "sources").string(), "0", "1"});
  EXPECT_EQ(status, 0) << error;
  return dir;
}

TEST(FullDisk, EditFailsNamingTheDatabaseAndKeepsIt) {
  ScratchDir tmp("fsize_edit");
  const fs::path dir = tmp.path / "project";
  {
    auto p = project::Project::create(dir, "edits");
    p.add_class({0, "fuse", "#ff0000", ""});
    for (int i = 0; i < kEditPhotos; ++i) {
      project::Photo ph;
      ph.original_name = "p";
      ph.original_name += std::to_string(i);
      ph.stored_name = ph.original_name;
      ph.sha256 = std::string(63, '0') + static_cast<char>('a' + i);
      ph.width = 200;
      ph.height = 100;
      p.add_photo(ph);
    }
  }  // closed: the write-ahead log is folded into project.db
  const std::string before = read_bytes(dir / "project.db");
  const auto [error, status] = run_limited("4096", {"edit", dir.string(), "0"});
  EXPECT_EQ(status, 3);
  EXPECT_NE(error.find((dir / "project.db").string()), std::string::npos) << error;
  // SQLite reports a short write as "database or disk is full", a refused one (EFBIG, or EIO)
  // as "disk I/O error"; either way COMMIT failed and nothing of the edit was stored.
  EXPECT_TRUE(error.find("full") != std::string::npos ||
              error.find("disk I/O error") != std::string::npos)
      << error;
  EXPECT_TRUE(read_bytes(dir / "project.db") == before) << "project.db changed";
  EXPECT_EQ(sqlite_integrity(dir / "project.db"), "ok");
  const auto p = project::Project::open(dir);
  EXPECT_EQ(p.annotation_count(), 0);
  EXPECT_EQ(p.photos().size(), static_cast<std::size_t>(kEditPhotos));
}

TEST(FullDisk, ExportFailsNamingTheFileAndLeavesNothing) {
  ScratchDir tmp("fsize_export");
  const fs::path dir = export_project(tmp.path), out = tmp.path / "out";
  // The app's export (export_dataset, staged): the first write past the limit fails it, and
  // neither the target nor its staging folder remains.
  for (const std::string format_index : {"0", "1", "2", "3"}) {
    const auto [error, status] =
        run_limited("2048", {"export", dir.string(), out.string(), format_index});
    EXPECT_EQ(status, 3) << format_index;
    EXPECT_NE(error.find("File too large"), std::string::npos) << error;
    EXPECT_NE(
        error.find((out / (export_name(std::stoi(format_index)) + ".export-partial")).string()),
        std::string::npos)
        << error;
    EXPECT_FALSE(fs::exists(out / export_name(std::stoi(format_index)))) << format_index;
    EXPECT_FALSE(fs::exists(out / (export_name(std::stoi(format_index)) + ".export-partial")));
  }
}

TEST(FullDisk, InPlaceExportFailsNamingTheFileAndKeepsThePreviousExport) {
  ScratchDir tmp("fsize_export_into");
  const fs::path dir = export_project(tmp.path), out = tmp.path / "out";
  // The CLI's export writes in place. coco writes annotations.json (2 KiB) first: after an edit
  // it differs, and the limit stops it.
  ASSERT_EQ(run_limited(kNoLimit, {"export-into", dir.string(), out.string(), "0"}).second, 0);
  const auto before = file_tree(out / export_name(0));
  ASSERT_EQ(run_limited(kNoLimit, {"edit", dir.string(), "0"}).second, 0);
  auto [error, status] = run_limited("512", {"export-into", dir.string(), out.string(), "0"});
  EXPECT_EQ(status, 3);
  EXPECT_NE(error.find((out / export_name(0) / "annotations.json").string()), std::string::npos)
      << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  std::vector<std::string> temporaries;
  EXPECT_TRUE(file_tree(out / export_name(0), &temporaries) == before) << "coco export changed";
  EXPECT_TRUE(temporaries.empty());

  // voc writes each photo's xml (unchanged, 1 KiB) and then copies the photo (4.6 KiB): the
  // limit stops the photo copy, which must not cut the photo of the previous export.
  ASSERT_EQ(run_limited(kNoLimit, {"export-into", dir.string(), out.string(), "3"}).second, 0);
  const auto voc_before = file_tree(out / export_name(3));
  std::tie(error, status) = run_limited("2048", {"export-into", dir.string(), out.string(), "3"});
  EXPECT_EQ(status, 3);
  EXPECT_NE(error.find(".bmp"), std::string::npos) << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  temporaries.clear();
  EXPECT_TRUE(file_tree(out / export_name(3), &temporaries) == voc_before) << "voc export changed";
  EXPECT_TRUE(temporaries.empty());
}

TEST(FullDisk, CheckpointFailsNamingTheFileAndKeepsThePreviousOne) {
  ScratchDir tmp("fsize_checkpoint");
  const fs::path run = tmp.path / "run";
  ASSERT_EQ(run_limited(kNoLimit, {"checkpoint", run.string(), "1"}).second, 0);
  const auto before = file_tree(run / "checkpoints");
  ASSERT_EQ(before.size(), 3u);  // step 1: state, weights, card
  const auto [error, status] = run_limited("1048576", {"checkpoint", run.string(), "2"});
  EXPECT_EQ(status, 3);
  EXPECT_NE(error.find((run / "checkpoints" / "step_000000002.state.safetensors").string()),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  std::vector<std::string> temporaries;
  EXPECT_TRUE(file_tree(run / "checkpoints", &temporaries) == before) << "checkpoints changed";
  EXPECT_TRUE(temporaries.empty());
  // A resume still finds step 1 (the child reads it back before writing).
  Child resumed({"limit", kNoLimit, "checkpoint", run.string(), "2"});
  EXPECT_EQ(resumed.wait(), 0);
  EXPECT_EQ(resumed.last("resumed"), 1);
}

}  // namespace
}  // namespace sam3::reliability
