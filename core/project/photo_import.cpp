#include "core/project/photo_import.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "core/project/image_probe.h"
#include "core/project/interchange_util.h"
#include "core/project/sha256.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

using S = Issue::Severity;

struct Staged {
  std::vector<fs::path> created;
  ~Staged() {
    for (const fs::path& f : created) {
      std::error_code ec;
      fs::remove(f, ec);
    }
  }
};

// Decodes, bakes the orientation when needed, writes the stored file; nullopt when skipped.
std::optional<Photo> prepare(Project& project, const fs::path& file, const std::string& bytes,
                             ImportReport& r, Staged& staged, const PhotoImportOptions& o) {
  std::string format = detect_format(bytes);
  if (format.empty()) {
    r.issues.push_back({S::Warning, file.string(), "",
                        "not a JPEG, PNG, BMP, TIFF or WebP photo "
                        "(by its content); skipped"});
    return std::nullopt;
  }
  Image img;
  try {
    img = decode_image(bytes, file);  // applies the EXIF orientation
  } catch (const Error& e) {
    r.issues.push_back(
        {S::Error, file.string(), "", std::string("unreadable: ") + e.what() + "; skipped"});
    return std::nullopt;
  }
  Photo p;
  p.original_name = file.filename().string();
  p.sha256 = sha256_hex(bytes);
  p.orientation = exif_orientation(bytes);
  p.width = img.width;
  p.height = img.height;
  p.split = o.split;
  bool bake = p.orientation != 1;
  p.format = bake ? (format == "png" ? "png" : "jpeg") : format;
  p.stored_name = p.sha256 + extension_for(p.format);
  fs::path dest = project.photo_path(p);
  if (!fs::exists(dest)) {
    staged.created.push_back(dest);
    if (bake) {
      save_image(img, dest);
    } else {
      // Through a temporary and a rename (atomic_file.h): a copy cut by a crash never stands
      // under the content-addressed name that a later import would trust.
      write_file_atomic(dest, bytes);
    }
  }
  p.byte_size = static_cast<std::int64_t>(fs::file_size(dest));
  if (bake)
    r.issues.push_back(
        {S::Info, file.string(), "",
         "EXIF orientation " + std::to_string(p.orientation) + " baked into the pixels"});
  return p;
}

}  // namespace

ImportReport import_photo_files(Project& project, const std::vector<fs::path>& files,
                                const PhotoImportOptions& o) {
  ImportReport r;
  r.format = "photos";
  Staged staged;
  std::set<std::string> seen;
  project.batch([&] {
    report_progress(o.progress, 0, files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i > 0) report_progress(o.progress, i, files.size());  // Cancelled: rolled back
      const fs::path& f = files[i];
      std::string bytes;
      try {
        bytes = read_file(f);
      } catch (const IoError& e) {
        r.issues.push_back({S::Error, f.string(), "", std::string("unreadable: ") + e.what()});
        ++r.photos_skipped;
        continue;
      }
      std::string hash = sha256_hex(bytes);
      auto existing = project.photo_by_hash(hash);
      if (existing || seen.count(hash)) {
        r.issues.push_back({S::Info, f.string(), "",
                            "duplicate of " +
                                (existing ? existing->original_name : std::string("a file above")) +
                                " (same content); skipped"});
        ++r.photos_merged;
        continue;
      }
      auto p = prepare(project, f, bytes, r, staged, o);
      if (!p) {
        ++r.photos_skipped;
        continue;
      }
      seen.insert(hash);
      project.add_photo(*p);
      ++r.photos_added;
    }
    report_progress(o.progress, files.size(), files.size());
    if (!staged.created.empty()) {
      int fd = ::open(project.photos_dir().c_str(), O_RDONLY | O_DIRECTORY);
      int rc = fd >= 0 ? ::syncfs(fd) : -1;
      if (fd >= 0) ::close(fd);
      if (rc != 0) throw IoError(project.photos_dir(), "cannot flush copied photos to disk");
    }
  });
  staged.created.clear();  // committed: keep them
  return r;
}

ImportReport import_photo_folder(Project& project, const fs::path& dir,
                                 const PhotoImportOptions& o) {
  if (!fs::is_directory(dir)) throw IoError(dir, "not a folder");
  std::vector<fs::path> files;
  auto add = [&](const fs::directory_entry& e) {
    if (e.is_regular_file()) files.push_back(e.path());
  };
  if (o.recursive)
    for (const auto& e : fs::recursive_directory_iterator(dir)) add(e);
  else
    for (const auto& e : fs::directory_iterator(dir)) add(e);
  std::sort(files.begin(), files.end());
  return import_photo_files(project, files, o);
}

}  // namespace sam3::project
