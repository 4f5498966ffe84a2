#pragma once
// Private to core/project: the Project's state and its transaction helper.
#include <filesystem>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/project/project.h"
#include "core/project/sqlite_db.h"

namespace sam3::project {

struct Project::Impl {
  std::filesystem::path dir;
  std::unique_ptr<Db> db;
  int depth = 0;
  std::vector<std::filesystem::path> remove_after_commit;
  std::unique_ptr<Statement> insert_photo, insert_annotation;
  void after_commit();
};

template <typename Fn>
auto Project::write(Fn&& fn) {
  Impl& s = *impl_;
  if (s.depth > 0) return fn();
  struct Depth {
    Impl& s;
    explicit Depth(Impl& x) : s(x) { ++s.depth; }
    ~Depth() { --s.depth; }
  };
  Transaction t(*s.db);
  auto finish = [&] {
    t.commit();
    s.after_commit();
  };
  auto fail_cleanup = [&] { s.remove_after_commit.clear(); };
  try {
    Depth d(s);
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      finish();
    } else {
      auto r = fn();
      finish();
      return r;
    }
  } catch (...) {
    fail_cleanup();
    throw;
  }
}

}  // namespace sam3::project
