#pragma once
// Parent side of the reliability tests: the child process (reliability_child) with its report
// pipe, scratch folders, fixtures written here (BMP photos, COCO files) and checks that are
// independent of the code under test (a safetensors frame check, SQLite's integrity check).
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sam3::reliability {

// A running reliability_child. Lines it printed are collected by read_until()/drain().
class Child {
 public:
  // Runs reliability_child, or reliability_train_child when args hold "checkpoint".
  explicit Child(const std::vector<std::string>& args);
  ~Child();  // kills and reaps a child still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads lines until one starts with `prefix` (returns it) or the child exits / `timeout` passes
  // (returns nullopt).
  std::optional<std::string> read_until(const std::string& prefix,
                                        std::chrono::milliseconds timeout);
  void kill_now();  // SIGKILL and reap
  int wait();       // waits for the exit; returns the exit status (128 + signal when killed)
  void drain();     // reads what is left in the pipe (after the child ended)
  const std::vector<std::string>& lines() const { return lines_; }
  // The N of the last "<word> N" line; -1 when there is none.
  long long last(const std::string& word) const;
  bool killed_inside_call() const;  // the last line is a "begin"

 private:
  bool read_some(int timeout_ms);
  pid_t pid_ = -1;
  int fd_ = -1;
  int status_ = -1;
  std::string pending_;
  std::vector<std::string> lines_;
};

// Path of the child program for `args` (compiled in).
std::string child_program(const std::vector<std::string>& args);

struct ScratchDir {
  explicit ScratchDir(const std::string& tag);
  ~ScratchDir();
  std::filesystem::path path;
};

// A 24-bit BMP of w x h whose pixels depend on `seed` (distinct seeds give distinct files).
std::string bmp_bytes(int w, int h, std::uint32_t seed);
void write_bytes(const std::filesystem::path& file, const std::string& bytes);
std::string read_bytes(const std::filesystem::path& file);

// A COCO dataset in `dir`: `photos` BMPs (seeded by `seed` + index) and annotations.json with
// `shapes` polygons per photo of class "fuse". Written by this test, not by the code under test.
void write_coco_dataset(const std::filesystem::path& dir, int photos, int shapes,
                        std::uint32_t seed);

// Checks the frame of a safetensors file without the project's reader: 8-byte header length,
// a JSON header whose tensors tile [0, data size) exactly. Empty string when valid, else why.
std::string safetensors_problem(const std::filesystem::path& file);
// "" when the file parses as JSON, else the parser's message.
std::string json_problem(const std::filesystem::path& file);

// PRAGMA integrity_check of a SQLite file ("ok" when sound).
std::string sqlite_integrity(const std::filesystem::path& db);

// Regular files below dir by relative path. `temporaries` receives the names of unfinished atomic
// writes (*.tmp-<pid>-<n>), which are left out of the map.
std::map<std::string, std::string> file_tree(const std::filesystem::path& dir,
                                             std::vector<std::string>* temporaries = nullptr);
bool is_temporary(const std::string& name);

}  // namespace sam3::reliability
