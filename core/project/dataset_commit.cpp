// commit_dataset(): checks and repairs the shapes of a parsed Dataset, then stores photos, classes
// and annotations in one transaction (see interchange.h).
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <system_error>
#include <unordered_map>

#include "core/project/geometry.h"
#include "core/project/image_probe.h"
#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/project/sha256.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

struct Ctx {
  Project& project;
  const ImportOptions& options;
  ImportReport& report;
  std::vector<fs::path> created_files;
  std::unordered_map<std::string, std::int64_t> class_ids;
  void issue(Issue::Severity s, const std::string& file, const std::string& where,
             const std::string& msg) {
    report.issues.push_back({s, file, where, msg});
  }
};

bool all_finite(const Annotation& a) {
  for (double v : a.bbox)
    if (!std::isfinite(v)) return false;
  for (const Ring& r : a.rings)
    for (const Point& p : r)
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
  return true;
}

// Returns false when the shape cannot be kept; repairs what it can and reports both.
bool check_shape(Ctx& c, const std::string& file, DatasetShape& s, int width, int height) {
  Annotation& a = s.annotation;
  using S = Issue::Severity;
  if (!all_finite(a)) {
    c.issue(S::Error, file, s.where, "coordinate is NaN or infinite; annotation skipped");
    return false;
  }
  bool repaired = false;
  if (a.kind == ShapeKind::Polygon) {
    for (Ring& r : a.rings)
      if (remove_duplicate_vertices(r) > 0) repaired = true;
    if (repaired) c.issue(S::Warning, file, s.where, "repeated vertices removed");
    if (a.rings.empty() || a.rings[0].size() < 3) {
      c.issue(S::Error, file, s.where, "polygon has fewer than 3 points; annotation skipped");
      return false;
    }
    if (clamp_to_image(a.rings, width, height) > 0) {
      repaired = true;
      c.issue(S::Warning, file, s.where,
              "coordinates outside the " + std::to_string(width) + "x" + std::to_string(height) +
                  " image clamped to its border");
    }
    if (polygon_area(a.rings) <= 0) {
      c.issue(S::Error, file, s.where, "polygon has zero area; annotation skipped");
      return false;
    }
    if (self_intersects(a.rings[0]))
      c.issue(S::Warning, file, s.where, "polygon outline crosses itself (kept as drawn)");
  } else {
    auto& b = a.bbox;
    if (b[2] <= 0 || b[3] <= 0) {
      c.issue(S::Error, file, s.where, "box has zero or negative size; annotation skipped");
      return false;
    }
    double x1 = std::clamp(b[0] + b[2], 0.0, double(width)),
           y1 = std::clamp(b[1] + b[3], 0.0, double(height));
    double x0 = std::clamp(b[0], 0.0, double(width)), y0 = std::clamp(b[1], 0.0, double(height));
    if (x0 != b[0] || y0 != b[1] || x1 != b[0] + b[2] || y1 != b[1] + b[3]) {
      b = {x0, y0, x1 - x0, y1 - y0};
      repaired = true;
      c.issue(S::Warning, file, s.where, "box outside the image clamped to its border");
    }
  }
  if (repaired || a.metrics_origin == MetricsOrigin::Computed || !a.area) compute_metrics(a);
  if (repaired) ++c.report.annotations_repaired;
  return true;
}

std::int64_t class_id_for(Ctx& c, const std::string& name) {
  auto it = c.class_ids.find(name);
  if (it != c.class_ids.end()) return it->second;
  auto existing = c.project.class_by_name(name);
  std::int64_t id = existing ? existing->id : c.project.add_class({0, name, "#e6194b", name});
  if (!existing) ++c.report.classes_added;
  c.class_ids[name] = id;
  return id;
}

bool same_shape(const Annotation& a, const Annotation& b) {
  return a.class_id == b.class_id && a.kind == b.kind && a.rings == b.rings && a.bbox == b.bbox;
}

void import_image(Ctx& c, DatasetImage& img) {
  using S = Issue::Severity;
  std::string fname = img.file.string();
  std::string bytes;
  try {
    bytes = read_file(img.file);
  } catch (const IoError& e) {
    c.issue(S::Error, fname, img.where, "image file missing or unreadable; photo skipped");
    ++c.report.photos_skipped;
    c.report.annotations_skipped += static_cast<int>(img.shapes.size());
    return;
  }
  std::string why;
  auto probe = probe_image(bytes, &why);
  if (!probe) {
    c.issue(S::Error, fname, img.where, "not a readable photo (" + why + "); photo skipped");
    ++c.report.photos_skipped;
    c.report.annotations_skipped += static_cast<int>(img.shapes.size());
    return;
  }
  if (img.width > 0 && (img.width != probe->width || img.height != probe->height))
    c.issue(S::Warning, fname, img.where,
            "size in the annotation file " + std::to_string(img.width) + "x" +
                std::to_string(img.height) + " differs from the photo's " +
                std::to_string(probe->width) + "x" + std::to_string(probe->height));
  int w = img.width > 0 ? img.width : probe->width, h = img.width > 0 ? img.height : probe->height;
  if (probe->orientation != 1)
    c.issue(S::Warning, fname, img.where,
            "EXIF orientation " + std::to_string(probe->orientation) +
                " kept as stored: annotations refer to the stored pixels");

  std::string hash = sha256_hex(bytes);
  std::int64_t photo_id = 0;
  std::vector<Annotation> existing;
  if (auto dup = c.project.photo_by_hash(hash)) {
    photo_id = dup->id;
    existing = c.project.annotations(photo_id);
    ++c.report.photos_merged;
    c.issue(S::Info, fname, img.where,
            "same content as photo '" + dup->original_name + "' (id " + std::to_string(dup->id) +
                "); annotations merged into it");
  } else {
    Photo p;
    p.original_name = img.original_name;
    p.stored_name = hash + extension_for(probe->format);
    p.sha256 = hash;
    p.byte_size = static_cast<std::int64_t>(bytes.size());
    p.width = probe->width;
    p.height = probe->height;
    p.orientation = probe->orientation;
    p.format = probe->format;
    p.split = img.split;
    p.status = img.labelled ? PhotoStatus::Done : PhotoStatus::Unlabeled;
    p.confirmed_negative = img.labelled && img.shapes.empty();
    fs::path dest = c.project.photo_path(p);
    if (c.options.copy_photos && !fs::exists(dest)) {
      c.created_files.push_back(dest);
      // The bytes read above, through a temporary and a rename (atomic_file.h): a copy cut by a
      // crash never stands under the content-addressed name that a later import would trust.
      write_file_atomic(dest, bytes);
    }
    photo_id = c.project.add_photo(p);
    ++c.report.photos_added;
  }
  for (DatasetShape& s : img.shapes) {
    if (!check_shape(c, fname, s, w, h)) {
      ++c.report.annotations_skipped;
      continue;
    }
    s.annotation.photo_id = photo_id;
    s.annotation.class_id = class_id_for(c, s.class_name);
    bool dup = false;
    for (const Annotation& e : existing) dup = dup || same_shape(e, s.annotation);
    if (dup) continue;  // the same shape arrived twice (a photo exported twice)
    c.project.add_annotation(s.annotation);
    existing.push_back(s.annotation);
    ++c.report.annotations_added;
  }
}

void sync_folder(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  int rc = ::syncfs(fd);  // one flush for all copied photos, before the database commits
  ::close(fd);
  if (rc != 0) throw IoError(dir, "cannot flush copied photos to disk");
}

}  // namespace

ImportReport commit_dataset(Project& project, Dataset data, const ImportOptions& options) {
  ImportReport report;
  report.format = data.format;
  report.issues = std::move(data.issues);
  Ctx c{project, options, report, {}, {}};
  try {
    project.batch([&] {
      for (const ClassInfo& cls : data.classes) {
        std::int64_t id = class_id_for(c, cls.name);
        auto stored = project.class_by_name(cls.name);
        if (stored && stored->prompt == stored->name && !cls.prompt.empty() &&
            cls.prompt != stored->prompt) {
          stored->prompt = cls.prompt;
          project.update_class(*stored);
        }
        (void)id;
      }
      for (auto& [key, value] : data.meta)
        if (project.meta(key).empty()) project.set_meta(key, value);
      const std::size_t total = data.images.size();
      report_progress(options.progress, 0, total);
      for (std::size_t i = 0; i < total; ++i) {
        import_image(c, data.images[i]);
        report_progress(options.progress, i + 1, total);  // Cancelled: rolled back below
      }
      if (!c.created_files.empty()) sync_folder(project.photos_dir());
    });
  } catch (...) {
    for (const fs::path& f : c.created_files) {
      std::error_code ec;
      fs::remove(f, ec);
    }
    throw;
  }
  return report;
}

}  // namespace sam3::project
