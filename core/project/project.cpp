#include "core/project/project.h"

#include <chrono>
#include <ctime>
#include <system_error>

#include "core/project/project_impl.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

// migrations[v] upgrades a database at user_version v to v + 1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE photos (
  id INTEGER PRIMARY KEY,
  original_name TEXT NOT NULL,
  stored_name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  byte_size INTEGER NOT NULL,
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  orientation INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
  format TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  split INTEGER NOT NULL DEFAULT 0,
  confirmed_negative INTEGER NOT NULL DEFAULT 0,
  verdict INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '');
CREATE TABLE classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  color TEXT NOT NULL,
  prompt TEXT NOT NULL);
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE RESTRICT,
  kind INTEGER NOT NULL,
  geometry BLOB,
  bbox_x REAL NOT NULL, bbox_y REAL NOT NULL, bbox_w REAL NOT NULL, bbox_h REAL NOT NULL,
  area REAL NOT NULL,
  metrics_origin INTEGER NOT NULL DEFAULT 0,
  source INTEGER NOT NULL DEFAULT 0,
  score REAL,
  attributes TEXT NOT NULL DEFAULT '{}');
CREATE INDEX annotations_by_photo ON annotations(photo_id);
CREATE INDEX annotations_by_class ON annotations(class_id);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  folder TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  config_yaml TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL);
CREATE TABLE review_decisions (
  id INTEGER PRIMARY KEY,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  decision INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL);
CREATE INDEX reviews_by_photo ON review_decisions(photo_id);
)sql",
    // 2: smart polygon outlines (types.h SmartOutline), so simplification survives a restart.
    R"sql(
CREATE TABLE smart_outlines (
  photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  tolerances TEXT NOT NULL DEFAULT '[]',
  saved_at TEXT NOT NULL);
CREATE TABLE smart_outline_regions (
  photo_id INTEGER NOT NULL REFERENCES smart_outlines(photo_id) ON DELETE CASCADE,
  region INTEGER NOT NULL CHECK (region >= 0),
  rings BLOB NOT NULL,
  pixel_area INTEGER NOT NULL CHECK (pixel_area >= 0),
  PRIMARY KEY (photo_id, region)) WITHOUT ROWID;
)sql",
};
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == Project::kSchemaVersion);

int user_version(Db& db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

void migrate(Db& db) {
  int v = user_version(db);
  if (v > Project::kSchemaVersion)
    throw FormatError(db.file(), "user_version",
                      "database schema " + std::to_string(v) + " is newer than this program's " +
                          std::to_string(Project::kSchemaVersion) + "; update SAM3 Studio");
  for (; v < kMigrationCount; ++v) {
    Transaction t(db);
    db.exec(kMigrations[v]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    t.commit();
  }
}

std::unique_ptr<Db> open_db(const fs::path& file) {
  auto db = std::make_unique<Db>(file);
  db->exec("PRAGMA journal_mode = WAL");
  // FULL: a commit survives power loss, not just a process crash.
  db->exec("PRAGMA synchronous = FULL");
  db->exec("PRAGMA foreign_keys = ON");
  migrate(*db);
  return db;
}

}  // namespace

void Project::Impl::after_commit() {
  for (const fs::path& f : remove_after_commit) {
    std::error_code ec;
    fs::remove(f, ec);  // an orphan file is harmless; the database no longer names it
  }
  remove_after_commit.clear();
}

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

bool Project::exists(const fs::path& dir) {
  return fs::is_regular_file(dir / kDbName);
}

Project Project::create(const fs::path& dir, const std::string& name) {
  if (exists(dir)) throw InvalidInput("a project already exists in " + dir.string());
  std::error_code ec;
  for (const char* sub : {"photos", "cache", "runs"}) {
    fs::create_directories(dir / sub, ec);
    if (ec) throw IoError(dir / sub, "cannot create folder: " + ec.message());
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->db = open_db(dir / kDbName);
  Project p(std::move(impl));
  p.set_meta("name",
             name.empty() ? fs::absolute(dir).lexically_normal().filename().string() : name);
  p.set_meta("created_at", now_iso8601());
  return p;
}

Project Project::open(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw IoError(dir, "project folder does not exist");
  if (!exists(dir)) throw IoError(dir / kDbName, "not a project folder: no project database");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->db = open_db(dir / kDbName);
  std::error_code ec;
  for (const char* sub : {"photos", "cache", "runs"}) fs::create_directories(dir / sub, ec);
  return Project(std::move(impl));
}

Project Project::open_or_create(const fs::path& dir) {
  return exists(dir) ? open(dir) : create(dir);
}

const fs::path& Project::dir() const {
  return impl_->dir;
}
int Project::schema_version() const {
  return user_version(*impl_->db);
}
Db& Project::db() {
  return *impl_->db;
}

std::string Project::meta(const std::string& key, const std::string& fallback) const {
  Statement s(*impl_->db, "SELECT value FROM meta WHERE key = ?");
  s.bind(1, key);
  return s.step() ? s.text(0) : fallback;
}

void Project::set_meta(const std::string& key, const std::string& value) {
  write([&] {
    Statement s(*impl_->db,
                "INSERT INTO meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.bind(1, key).bind(2, value).run();
  });
}

void Project::batch(const std::function<void()>& fn) {
  write(fn);
}

std::string now_iso8601() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

}  // namespace sam3::project
