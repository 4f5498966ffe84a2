#include "core/project/interchange_util.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>

#include "core/project/image_probe.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

std::string unsafe_name_reason(const std::string& name) {
  if (name.empty()) return "is empty";
  fs::path p(name);
  if (p.is_absolute() || name[0] == '/' || name[0] == '\\' || (name.size() > 1 && name[1] == ':'))
    return "is an absolute path";
  for (const auto& part : p)
    if (part == "..") return "leaves its folder (..)";
  if (name.find('\\') != std::string::npos && name.find("..") != std::string::npos)
    return "leaves its folder (..)";
  return {};
}

std::string roboflow_clean_name(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0) return name;
  std::string tail = name.substr(dash + 1);
  bool digit = false, alpha = false, ok = tail.size() >= 16;
  for (char ch : tail) {
    digit |= (ch >= '0' && ch <= '9');
    alpha |= (ch >= 'a' && ch <= 'z');
    ok &= (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z');
  }
  return ok && digit && alpha ? name.substr(0, dash) : name;
}

Split split_from_folder(const std::string& f) {
  if (f == "train") return Split::Train;
  if (f == "valid" || f == "val" || f == "validation") return Split::Valid;
  if (f == "test") return Split::Test;
  return Split::None;
}

std::vector<fs::path> split_folders(const fs::path& dir) {
  std::vector<fs::path> subs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory()) subs.push_back(e.path());
  auto rank = [](const fs::path& p) {
    Split s = split_from_folder(p.filename().string());
    return s == Split::None ? 9 : static_cast<int>(s);
  };
  std::sort(subs.begin(), subs.end(), [&](const fs::path& a, const fs::path& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.filename() < b.filename();
  });
  return subs;
}

bool is_photo_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  return !detect_format(std::string_view(head, static_cast<std::size_t>(in.gcount()))).empty();
}

void report_unlisted_photos(Dataset& d, const fs::path& dir) {
  std::set<fs::path> listed;
  for (const auto& im : d.images) listed.insert(fs::weakly_canonical(im.file));
  int unlisted = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() != ".json" &&
        !listed.count(fs::weakly_canonical(e.path())) && is_photo_file(e.path()))
      ++unlisted;
  if (unlisted > 0)
    d.issues.push_back({Issue::Severity::Info, dir.string(), "",
                        std::to_string(unlisted) +
                            " photo file(s) in the folder are not listed in the annotations "
                            "and were not imported"});
}

void merge_dataset(Dataset& all, Dataset part) {
  if (all.format.empty() || part.format == "roboflow") all.format = part.format;
  for (ClassInfo& c : part.classes) {
    bool seen = std::any_of(all.classes.begin(), all.classes.end(),
                            [&](const ClassInfo& k) { return k.name == c.name; });
    if (!seen) all.classes.push_back(std::move(c));
  }
  for (auto& im : part.images) all.images.push_back(std::move(im));
  for (auto& [k, v] : part.meta) all.meta.emplace(k, v);
  for (auto& i : part.issues) all.issues.push_back(std::move(i));
}

std::vector<std::string> unique_file_names(const std::vector<Photo>& photos) {
  std::set<std::string> used;
  std::vector<std::string> out;
  out.reserve(photos.size());
  for (const Photo& p : photos) {
    fs::path orig = fs::path(p.original_name).filename();
    std::string stem = orig.stem().string(), ext = extension_for(p.format);
    if (stem.empty()) stem = p.sha256.substr(0, 16);
    std::string name = stem + ext;
    for (int k = 2; used.count(name); ++k) name = stem + "_" + std::to_string(k) + ext;
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

const char* export_split_folder(Split s) {
  return s == Split::Valid ? "valid" : s == Split::Test ? "test" : "train";
}

std::string class_color_default(std::size_t index) {
  static const char* palette[] = {"#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231",
                                  "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe"};
  return palette[index % std::size(palette)];
}

void copy_photo(Project& project, const Photo& p, const fs::path& dest) {
  // Through a temporary and a rename (atomic_file.h): a copy cut by a crash or a full disk never
  // stands under the photo's name, and the file an earlier export left there stays intact.
  const fs::path src = project.photo_path(p);
  std::ifstream in(src, std::ios::binary);
  if (!in)
    throw IoError(dest, "cannot copy photo " + p.original_name + ": cannot read " + src.string());
  write_file_atomic(dest, [&](const ByteSink& sink) {
    std::vector<char> buffer(1 << 16);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
      sink(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw IoError(src, "read failed while copying photo " + p.original_name);
  });
}

void report_progress(const ProgressFn& progress, std::size_t done, std::size_t total) {
  if (progress && !progress(static_cast<int>(done), static_cast<int>(total))) throw Cancelled();
}

std::vector<Annotation> exportable_annotations(Project& project) {
  auto all = project.all_annotations();
  std::erase_if(all, [](const Annotation& a) { return a.source == Source::Model; });
  return all;
}

}  // namespace sam3::project
