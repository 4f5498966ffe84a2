// Crash safety: reliability_child edits, imports, exports and writes sam3-tiny checkpoints in a
// loop and is killed with SIGKILL at seeded random moments (SAM3_RELIABILITY_KILLS per activity,
// default 50: 200 kills in all). After each kill: the project opens, passes PRAGMA
// integrity_check and holds every edit / import the child reported committed, and every stored
// photo is whole; every export folder is complete (byte-identical to an uninterrupted export of
// the same format) or absent; every checkpoint file is complete (safetensors frame valid, card
// parses), the last reported checkpoint is there and at most the write that was cut left a
// temporary. The next child continues after the last report, as a user restarting the app would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "core/project/project.h"
#include "tests/reliability/edit_script.h"
#include "tests/reliability/harness.h"

namespace sam3::reliability {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

int kills_per_activity() {
  const char* v = std::getenv("SAM3_RELIABILITY_KILLS");
  return v ? std::max(1, std::atoi(v)) : 50;
}

// One kill round: start the child at call `start`, wait until it is set up, let `skip` calls
// (seeded, 0..2) finish so that every round makes progress, then let it run for a seeded random
// time (uniform in [0, span)) and SIGKILL it. `args` get the start (import: before its end).
struct Round {
  long long committed = -1;  // the last N the child reported committed; -1: none
  bool inside_call = false;  // killed between a "begin" and its "committed"
  std::vector<std::string> lines;
};

std::vector<std::string> with_start(std::vector<std::string> args, long long start) {
  args.insert(args.front() == "import" ? args.end() - 1 : args.end(), std::to_string(start));
  return args;
}

Round kill_round(const std::vector<std::string>& args, long long start, std::mt19937& rng,
                 std::chrono::microseconds span) {
  Child child(with_start(args, start));
  EXPECT_TRUE(child.read_until("ready", 120s).has_value()) << "child never got ready";
  const int skip = std::uniform_int_distribution<int>(0, 2)(rng);
  if (skip > 0) {
    EXPECT_TRUE(child.read_until("committed " + std::to_string(start + skip - 1), 300s))
        << "child stopped reporting";
  }
  std::uniform_int_distribution<long long> delay(0, std::max<long long>(1, span.count()));
  std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
  child.kill_now();
  for (const auto& l : child.lines())
    EXPECT_EQ(l.rfind("error", 0), std::string::npos) << "child failed: " << l;
  return {child.last("committed"), child.killed_inside_call(), child.lines()};
}

// How long one call of an activity takes: the median of three calls of an uninterrupted child.
std::chrono::microseconds call_time(const std::vector<std::string>& args) {
  Child child(with_start(args, 0));
  EXPECT_TRUE(child.read_until("ready", 120s).has_value());
  std::vector<std::chrono::microseconds> times;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(child.read_until("committed " + std::to_string(i), 300s).has_value());
    times.push_back(std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t0));
  }
  child.kill_now();
  std::sort(times.begin(), times.end());
  return times[1];
}

struct Totals {
  int kills = 0, inside = 0;
};
void record(const char* activity, const Totals& t, long long calls) {
  std::printf("[reliability] %s: %d kills, %d inside a call, %lld calls committed\n", activity,
              t.kills, t.inside, calls);
}

void make_edit_project(const fs::path& dir) {
  auto p = project::Project::create(dir, "edits");
  p.add_class({0, "fuse", "#ff0000", ""});
  for (int i = 0; i < kEditPhotos; ++i) {
    project::Photo ph;
    ph.original_name = "p" + std::to_string(i) + ".bmp";
    ph.stored_name = ph.original_name;
    ph.sha256 = std::string(63, '0') + static_cast<char>('a' + i);
    ph.width = 200;
    ph.height = 100;
    ph.format = "bmp";
    p.add_photo(ph);
  }
}

void check_edits(const fs::path& dir, long long last) {
  ASSERT_EQ(sqlite_integrity(dir / "project.db"), "ok");
  const auto p = project::Project::open(dir);
  const auto photos = p.photos();
  const auto all = p.all_annotations();
  auto tagged = [&](long long i) {
    std::vector<project::Annotation> out;
    for (const auto& a : all)
      if (a.attributes.count("edit") && a.attributes.at("edit") == std::to_string(i))
        out.push_back(a);
    return out;
  };
  long long last_prompt = -1;
  for (long long i = 0; i <= last; ++i) {
    const auto shapes = tagged(i);
    switch (i % 5) {
      case 0:
        ASSERT_FALSE(shapes.empty()) << "edit " << i << " lost";
        EXPECT_EQ(shapes[0].photo_id, photos[static_cast<std::size_t>((i / 5) % kEditPhotos)].id);
        break;
      case 1: {
        const std::string note = ";" + photos[static_cast<std::size_t>(i % kEditPhotos)].note;
        EXPECT_NE(note.find(";" + std::to_string(i) + ";"), std::string::npos)
            << "note of edit " << i << " lost";
        break;
      }
      case 2: {
        const auto target = tagged(i - 2);
        ASSERT_FALSE(target.empty());
        EXPECT_EQ(target[0].attributes.at("checked"), std::to_string(i)) << "edit " << i;
        EXPECT_EQ(target[0].rings[0][0].x, 100.0 + static_cast<double>(i)) << "edit " << i;
        break;
      }
      case 3:
        EXPECT_TRUE(shapes.empty()) << "deleted class of edit " << i << " came back";
        EXPECT_FALSE(p.class_by_name("tmp" + std::to_string(i)).has_value()) << "edit " << i;
        break;
      default:
        last_prompt = i;
    }
  }
  if (last_prompt >= 0) {
    const std::string prompt = p.classes().front().prompt;
    ASSERT_EQ(prompt.rfind("prompt ", 0), 0u) << prompt;
    EXPECT_GE(std::stoll(prompt.substr(7)), last_prompt) << "prompt edit lost";
  }
}

TEST(CrashSafety, EditsReportedCommittedSurviveSigkill) {
  ScratchDir tmp("edit");
  const fs::path dir = tmp.path / "project";
  make_edit_project(dir);
  make_edit_project(tmp.path / "timing");
  std::mt19937 rng(20261128);
  const auto span = 2 * call_time({"edit", (tmp.path / "timing").string()});
  Totals t;
  long long committed = -1;
  for (int k = 0; k < kills_per_activity(); ++k) {
    const Round r = kill_round({"edit", dir.string()}, committed + 1, rng, span);
    committed = std::max(committed, r.committed);
    ++t.kills;
    t.inside += r.inside_call;
    check_edits(dir, committed);
    if (HasFatalFailure()) return;
  }
  record("edit", t, committed + 1);
}

void check_imports(const fs::path& dir, const fs::path& sources, long long last, int photos,
                   int shapes) {
  ASSERT_EQ(sqlite_integrity(dir / "project.db"), "ok");
  const auto p = project::Project::open(dir);
  const auto all = p.photos();
  // Every photo the store lists is complete on disk (the bytes it was imported from).
  std::set<std::string> stored;
  for (const auto& ph : all) {
    std::string bytes = read_bytes(p.photo_path(ph));
    EXPECT_EQ(bytes.size(), static_cast<std::size_t>(ph.byte_size))
        << "half-written photo " << p.photo_path(ph);
    stored.insert(std::move(bytes));
  }
  // Each import is whole or absent; every reported one is there.
  std::size_t expected_annotations = 0;
  for (long long i = 0; i <= last + 1; ++i) {
    int present = 0;
    for (int j = 0; j < photos; ++j) {
      std::string name = "p";
      name += std::to_string(j);
      name += ".bmp";
      present += static_cast<int>(
          stored.count(read_bytes(sources / dataset_name(static_cast<int>(i)) / name)));
    }
    if (i <= last) {
      EXPECT_EQ(present, photos) << "import " << i << " reported but not whole";
    }
    EXPECT_TRUE(present == 0 || present == photos) << "import " << i << " half there";
    expected_annotations += static_cast<std::size_t>(present * shapes);
  }
  EXPECT_EQ(p.all_annotations().size(), expected_annotations);
}

TEST(CrashSafety, ImportsAreWholeOrAbsentAfterSigkill) {
  ScratchDir tmp("import");
  const fs::path dir = tmp.path / "project", sources = tmp.path / "sources";
  const int kPhotos = 6, kShapes = 3, kDatasets = 6 * kills_per_activity() + 8;
  const std::string end = std::to_string(kDatasets);
  for (int i = 0; i < kDatasets; ++i)
    write_coco_dataset(sources / dataset_name(i), kPhotos, kShapes,
                       static_cast<std::uint32_t>(1000 * (i + 1)));
  project::Project::create(dir, "imports");
  const fs::path timing = tmp.path / "timing";
  project::Project::create(timing, "timing");
  const auto span = 2 * call_time({"import", timing.string(), sources.string(), end});
  std::mt19937 rng(1128);
  Totals t;
  long long committed = -1;
  for (int k = 0; k < kills_per_activity() && committed + 2 < kDatasets; ++k) {
    const Round r =
        kill_round({"import", dir.string(), sources.string(), end}, committed + 1, rng, span);
    committed = std::max(committed, r.committed);
    ++t.kills;
    t.inside += r.inside_call;
    check_imports(dir, sources, committed, kPhotos, kShapes);
    if (HasFatalFailure()) return;
  }
  record("import", t, committed + 1);
}

TEST(CrashSafety, ExportFilesAreCompleteOrAbsentAfterSigkill) {
  ScratchDir tmp("export");
  const fs::path dir = tmp.path / "project", sources = tmp.path / "sources";
  write_coco_dataset(sources / dataset_name(0), 12, 4, 77);
  project::Project::create(dir, "exports");
  {
    Child import({"import", dir.string(), sources.string(), "0", "1"});
    ASSERT_EQ(import.wait(), 0);
  }
  // The reference: one uninterrupted export per format.
  const fs::path ref = tmp.path / "reference", out = tmp.path / "out";
  {
    Child child({"export", dir.string(), ref.string(), "0"});
    ASSERT_TRUE(child.read_until("committed 3", 300s).has_value());
    child.kill_now();
  }
  std::map<int, std::map<std::string, std::string>> reference;
  for (int f = 0; f < 4; ++f) {
    reference[f] = file_tree(ref / export_name(f));
    ASSERT_GT(reference[f].size(), 12u) << "format " << f;
  }
  const auto span = 2 * call_time({"export", dir.string(), (tmp.path / "timing").string()});
  std::mt19937 rng(2811);
  Totals t;
  int complete_uncommitted = 0, staging_left = 0;
  long long committed = -1;
  for (int k = 0; k < kills_per_activity(); ++k) {
    const Round r = kill_round({"export", dir.string(), out.string()}, committed + 1, rng, span);
    committed = std::max(committed, r.committed);
    ++t.kills;
    t.inside += r.inside_call;
    // Every export folder is complete or absent; the one that was cut may have left its
    // staging folder, which the next attempt removes.
    for (long long i = 0; i <= committed + 1; ++i) {
      const fs::path folder = out / export_name(static_cast<int>(i));
      if (i == committed + 1) {
        if (!fs::exists(folder)) continue;
        ++complete_uncommitted;  // renamed into place, killed before it reported
      }
      std::vector<std::string> temporaries;
      const auto files = file_tree(folder, &temporaries);
      EXPECT_TRUE(temporaries.empty()) << "export " << i;
      const auto& want = reference[static_cast<int>(i % 4)];
      EXPECT_EQ(files.size(), want.size()) << "export " << i << " incomplete";
      for (const auto& [name, bytes] : files) {
        const auto it = want.find(name);
        ASSERT_NE(it, want.end()) << "export " << i << ": unexpected file " << name;
        EXPECT_EQ(bytes.size(), it->second.size()) << "export " << i << ": " << name << " cut";
        EXPECT_TRUE(bytes == it->second) << "export " << i << ": " << name << " differs";
        if (name.ends_with(".json")) {
          EXPECT_EQ(json_problem(folder / name), "");
        }
      }
    }
    staging_left +=
        fs::exists(out / (export_name(static_cast<int>(committed + 1)) + ".export-partial"));
    if (HasFatalFailure()) return;
  }
  std::printf("[reliability] export: %d kills left a staging folder, %d a complete export\n",
              staging_left, complete_uncommitted);
  record("export", t, committed + 1);
}

// `allowed`: temporaries the kills so far may have left. The writer removes them at its next
// prune, after a complete checkpoint; until a child gets that far, each kill may add one.
void check_checkpoints(const fs::path& run, long long last, std::size_t allowed, int* temporaries) {
  std::vector<std::string> temps;
  const auto files = file_tree(run / "checkpoints", &temps);
  EXPECT_LE(temps.size(), allowed) << "temporaries accumulate";
  *temporaries += static_cast<int>(temps.size());
  for (const auto& [name, bytes] : files) {
    const fs::path f = run / "checkpoints" / name;
    if (name.ends_with(".safetensors")) {
      EXPECT_EQ(safetensors_problem(f), "") << name;
    } else if (name.ends_with(".json")) {
      EXPECT_EQ(json_problem(f), "") << name;
    }
  }
  if (last < 0) return;
  char stem[40];
  std::snprintf(stem, sizeof stem, "step_%09lld", last);
  for (const char* ext : {".safetensors", ".json", ".state.safetensors"})
    EXPECT_TRUE(files.count(std::string(stem) + ext)) << "reported checkpoint " << stem << ext;
}

TEST(CrashSafety, CheckpointFilesAreCompleteOrAbsentAfterSigkill) {
  ScratchDir tmp("checkpoint");
  const fs::path run = tmp.path / "run";
  const auto span = 2 * call_time({"checkpoint", (tmp.path / "timing").string()});
  std::mt19937 rng(6);
  Totals t;
  int temporaries = 0;
  long long committed = 0;  // steps start at 1
  std::size_t allowed = 0;
  for (int k = 0; k < kills_per_activity(); ++k) {
    const Round r = kill_round({"checkpoint", run.string()}, committed + 1, rng, span);
    // A child that resumed read the latest checkpoint's state back (read_training_state).
    for (const auto& l : r.lines)
      if (l.rfind("resumed ", 0) == 0) {
        EXPECT_GE(std::stoll(l.substr(8)), committed);
      }
    allowed = r.committed > committed ? 1 : allowed + 1;  // pruned after a complete write
    committed = std::max(committed, r.committed);
    ++t.kills;
    t.inside += r.inside_call;
    check_checkpoints(run, committed > 0 ? committed : -1, allowed, &temporaries);
    if (HasFatalFailure()) return;
  }
  std::printf("[reliability] checkpoint: %d temporaries seen right after a kill\n", temporaries);
  record("checkpoint", t, committed);
}

}  // namespace
}  // namespace sam3::reliability
