#include "tests/reliability/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace sam3::reliability {
namespace fs = std::filesystem;

Child::Child(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const std::string program = child_program(args);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  fd_ = pipe_fds[0];
}

Child::~Child() {
  if (status_ < 0 && pid_ > 0) kill_now();
  if (fd_ >= 0) ::close(fd_);
}

bool Child::read_some(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char buffer[4096];
  const ssize_t n = ::read(fd_, buffer, sizeof buffer);
  if (n <= 0) return false;
  pending_.append(buffer, static_cast<std::size_t>(n));
  std::size_t nl;
  while ((nl = pending_.find('\n')) != std::string::npos) {
    lines_.push_back(pending_.substr(0, nl));
    pending_.erase(0, nl + 1);
  }
  return true;
}

std::optional<std::string> Child::read_until(const std::string& prefix,
                                             std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  std::size_t seen = 0;
  for (;;) {
    for (; seen < lines_.size(); ++seen)
      if (lines_[seen].rfind(prefix, 0) == 0) return lines_[seen];
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (read_some(static_cast<int>(left.count()))) continue;
    if (status_ >= 0) return std::nullopt;  // ended and read to the end
    {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        drain();
        for (; seen < lines_.size(); ++seen)
          if (lines_[seen].rfind(prefix, 0) == 0) return lines_[seen];
        return std::nullopt;
      }
    }
  }
}

void Child::kill_now() {
  if (status_ >= 0) return;
  ::kill(pid_, SIGKILL);
  wait();
}

int Child::wait() {
  if (status_ >= 0) return status_;
  int st = 0;
  while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  drain();
  return status_;
}

void Child::drain() {
  while (read_some(0)) {
  }
}

long long Child::last(const std::string& word) const {
  for (auto it = lines_.rbegin(); it != lines_.rend(); ++it)
    if (it->rfind(word + " ", 0) == 0) return std::stoll(it->substr(word.size() + 1));
  return -1;
}

bool Child::killed_inside_call() const {
  return !lines_.empty() && lines_.back().rfind("begin ", 0) == 0;
}

std::string child_program(const std::vector<std::string>& args) {
  const bool train = std::find(args.begin(), args.end(), "checkpoint") != args.end();
  return train ? ::sam3::test::reliability_train_child_path()
               : ::sam3::test::reliability_child_path();
}

ScratchDir::ScratchDir(const std::string& tag) {
  path = fs::temp_directory_path() / ("sam3_reliability_" + tag + "_" + std::to_string(::getpid()));
  sam3::remove_tree(path);
  fs::create_directories(path);
}

ScratchDir::~ScratchDir() {
  sam3::remove_tree(path);
}

std::string bmp_bytes(int w, int h, std::uint32_t seed) {
  const int row = (w * 3 + 3) / 4 * 4;
  const std::uint32_t data = static_cast<std::uint32_t>(row * h), size = 54 + data;
  std::string b(size, '\0');
  auto put = [&](std::size_t at, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  b[0] = 'B';
  b[1] = 'M';
  put(2, size, 4);
  put(10, 54, 4);
  put(14, 40, 4);  // BITMAPINFOHEADER
  put(18, static_cast<std::uint32_t>(w), 4);
  put(22, static_cast<std::uint32_t>(h), 4);
  put(26, 1, 2);
  put(28, 24, 2);
  put(34, data, 4);
  std::uint32_t x = seed * 2654435761u + 1;
  for (int y = 0; y < h; ++y)
    for (int i = 0; i < w * 3; ++i) {
      x = x * 1664525u + 1013904223u;
      b[54 + static_cast<std::size_t>(y * row + i)] = static_cast<char>(x >> 24);
    }
  return b;
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_coco_dataset(const fs::path& dir, int photos, int shapes, std::uint32_t seed) {
  nlohmann::json images = nlohmann::json::array(), annotations = nlohmann::json::array();
  int next_annotation = 1;
  for (int i = 0; i < photos; ++i) {
    const std::string name = "p" + std::to_string(i) + ".bmp";
    write_bytes(dir / name, bmp_bytes(48, 32, seed + static_cast<std::uint32_t>(i)));
    images.push_back({{"id", i + 1}, {"file_name", name}, {"width", 48}, {"height", 32}});
    for (int s = 0; s < shapes; ++s) {
      const double x = 2 + 4 * s, y = 3;
      annotations.push_back({{"id", next_annotation++},
                             {"image_id", i + 1},
                             {"category_id", 1},
                             {"segmentation", {{x, y, x + 10, y, x + 10, y + 12, x, y + 12}}},
                             {"area", 120.0},
                             {"bbox", {x, y, 10, 12}},
                             {"iscrowd", 0}});
    }
  }
  const nlohmann::json coco = {{"images", images},
                               {"categories", {{{"id", 1}, {"name", "fuse"}}}},
                               {"annotations", annotations}};
  write_bytes(dir / "annotations.json", coco.dump(1));
}

std::string safetensors_problem(const fs::path& file) {
  const std::string bytes = read_bytes(file);
  if (bytes.size() < 8) return "shorter than the 8-byte header length";
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  if (n > bytes.size() - 8) return "header length " + std::to_string(n) + " past the end";
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.substr(8, n));
  } catch (const std::exception& e) {
    return std::string("header is not JSON: ") + e.what();
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto& [key, v] : header.items()) {
    if (key == "__metadata__") continue;
    ranges.emplace_back(v.at("data_offsets")[0].get<std::uint64_t>(),
                        v.at("data_offsets")[1].get<std::uint64_t>());
  }
  std::sort(ranges.begin(), ranges.end());
  std::uint64_t at = 0;
  for (const auto& [b, e] : ranges) {
    if (b != at || e < b)
      return "tensor data does not tile the buffer at byte " + std::to_string(b);
    at = e;
  }
  const std::uint64_t data = bytes.size() - 8 - n;
  if (at != data)
    return "tensors end at " + std::to_string(at) + ", data holds " + std::to_string(data);
  return {};
}

std::string json_problem(const fs::path& file) {
  try {
    const auto parsed = nlohmann::json::parse(read_bytes(file));
    (void)parsed;
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string sqlite_integrity(const fs::path& db) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    const std::string msg = handle ? sqlite3_errmsg(handle) : "cannot open";
    sqlite3_close(handle);
    return msg;
  }
  std::string result;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW)
      result += (result.empty() ? "" : "; ") +
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  } else {
    result = sqlite3_errmsg(handle);
  }
  sqlite3_finalize(st);
  sqlite3_close(handle);
  return result;
}

bool is_temporary(const std::string& name) {
  static const std::regex pattern(R"(.*\.tmp-\d+-\d+)");
  return std::regex_match(name, pattern);
}

std::map<std::string, std::string> file_tree(const fs::path& dir,
                                             std::vector<std::string>* temporaries) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), dir).generic_string();
    if (is_temporary(e.path().filename().string())) {
      if (temporaries) temporaries->push_back(rel);
      continue;
    }
    out[rel] = read_bytes(e.path());
  }
  return out;
}

}  // namespace sam3::reliability
