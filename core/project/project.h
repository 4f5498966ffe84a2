#pragma once
// The project store: a folder holding project.db (SQLite, WAL, foreign keys on, schema version in
// PRAGMA user_version with forward migrations), photos/ (content-addressed copies), cache/
// (embeddings) and runs/ (one folder per training run).
// Every mutating call is one transaction: it completes, or throws and leaves the last committed
// state intact. batch() groups many calls into a single transaction. Not thread-safe: one Project
// per thread. Failures throw the typed errors of core/util/errors.h.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/project/types.h"

namespace sam3::project {

class Db;

class Project {
 public:
  static constexpr int kSchemaVersion = 2;
  static constexpr const char* kDbName = "project.db";

  // Creates the folder layout and an empty database; throws InvalidInput when one exists already.
  static Project create(const std::filesystem::path& dir, const std::string& name = {});
  // Opens and migrates; IoError when there is no database, FormatError when it is newer.
  static Project open(const std::filesystem::path& dir);
  static Project open_or_create(const std::filesystem::path& dir);
  static bool exists(const std::filesystem::path& dir);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const std::filesystem::path& dir() const;
  std::filesystem::path photos_dir() const { return dir() / "photos"; }
  std::filesystem::path cache_dir() const { return dir() / "cache"; }
  std::filesystem::path runs_dir() const { return dir() / "runs"; }
  int schema_version() const;

  // Key/value settings (name, roboflow.parent, info.*, license.*).
  std::string meta(const std::string& key, const std::string& fallback = {}) const;
  void set_meta(const std::string& key, const std::string& value);

  // Runs `fn` as one transaction: every edit inside commits together or not at all.
  void batch(const std::function<void()>& fn);

  // Photos. add_photo ignores p.id and throws InvalidInput when the sha256 is already present.
  std::int64_t add_photo(const Photo& p);
  std::optional<Photo> photo(std::int64_t id) const;
  std::optional<Photo> photo_by_hash(const std::string& sha256) const;
  std::vector<Photo> photos() const;  // ordered by id
  std::int64_t photo_count() const;
  void update_photo(const Photo& p);  // InvalidInput when the id is unknown
  // Removes the photo, its annotations and review decisions; its file goes after the commit.
  void remove_photo(std::int64_t id);
  std::filesystem::path photo_path(const Photo& p) const { return photos_dir() / p.stored_name; }

  // Classes. The prompt defaults to the name; names are unique (InvalidInput otherwise).
  std::int64_t add_class(ClassInfo c);
  std::vector<ClassInfo> classes() const;  // ordered by id
  std::optional<ClassInfo> class_by_name(const std::string& name) const;
  void update_class(const ClassInfo& c);
  void remove_class(std::int64_t id);  // InvalidInput while annotations use it

  // Annotations. Metrics (bbox/area) are computed when `area` is empty.
  std::int64_t add_annotation(Annotation a);
  std::vector<Annotation> annotations(std::int64_t photo_id) const;  // ordered by id
  std::vector<Annotation> all_annotations() const;                   // ordered by photo id, then id
  std::vector<Annotation> class_annotations(std::int64_t class_id) const;  // ordered by id
  // Ids of the photos holding at least one annotation of the class, ascending (an index lookup).
  std::vector<std::int64_t> photos_with_class(std::int64_t class_id) const;
  std::int64_t annotation_count() const;
  // Replaces geometry, class, source, score and attributes; recomputes metrics unless given.
  void update_annotation(Annotation a);
  void remove_annotation(std::int64_t id);

  std::int64_t add_review(ReviewDecision d);
  std::vector<ReviewDecision> reviews(std::int64_t photo_id) const;
  // The smart polygon outline of a photo (types.h), replacing the one there; InvalidInput for an
  // unknown photo, a size <= 0 or a region without rings. Removed with its photo.
  void set_smart_outline(const SmartOutline& outline);
  std::optional<SmartOutline> smart_outline(std::int64_t photo_id) const;
  // Appends `tolerance` to the photo's outline (once); false when the photo has none.
  bool add_smart_tolerance(std::int64_t photo_id, double tolerance);

  std::int64_t add_run(Run r);
  void update_run(const Run& r);
  std::vector<Run> runs() const;

  Db& db();  // for the importers/exporters of this library

 private:
  struct Impl;
  explicit Project(std::unique_ptr<Impl> impl);
  template <typename Fn>
  auto write(Fn&& fn);
  std::unique_ptr<Impl> impl_;
};

// Current time as ISO 8601 UTC with offset, e.g. "2026-02-10T17:11:21+00:00".
std::string now_iso8601();

}  // namespace sam3::project
