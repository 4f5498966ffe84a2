// export_dataset(): any export format, all or nothing, through a staging folder (interchange.h).
#include <system_error>
#include <utility>

#include "core/project/interchange.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

using ExportFn = ExportReport (*)(Project&, const fs::path&, const ExportOptions&);

ExportFn exporter_for(const std::string& format) {
  static const std::pair<const char*, ExportFn> kFormats[] = {{"coco", export_coco},
                                                              {"roboflow", export_roboflow},
                                                              {"yolo", export_yolo},
                                                              {"voc", export_voc},
                                                              {"labelme", export_labelme}};
  for (const auto& [name, fn] : kFormats)
    if (format == name) return fn;
  throw InvalidInput("export format '" + format +
                     "' is unknown: expected coco, roboflow, yolo, voc or labelme");
}

// The topmost missing folder above `out` (created now, removed again on failure), or empty.
fs::path create_parents(const fs::path& out) {
  fs::path first_missing;
  for (fs::path p = out.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) {
    first_missing = p;
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) throw IoError(out.parent_path(), "cannot create the export's folder: " + ec.message());
  return first_missing;
}

void remove_quietly(const fs::path& p) {
  try {
    sam3::remove_tree(p);
  } catch (const Error&) {
    // The export's own failure (or the cancel) is the one to report.
  }
}

}  // namespace

ExportReport export_dataset(Project& project, const std::string& format, const fs::path& out_arg,
                            const ExportOptions& options) {
  const ExportFn fn = exporter_for(format);
  fs::path out = fs::absolute(out_arg).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();  // "dir/" names dir
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out))
      throw InvalidInput(out.string() +
                         " is a file; expected a new or empty folder for the export");
    if (!fs::is_empty(out, ec))
      throw InvalidInput(out.string() + " is not empty; expected a new or empty folder");
  }
  const fs::path created = create_parents(out);
  const fs::path staging = out.parent_path() / (out.filename().string() + ".export-partial");
  try {
    sam3::remove_tree(staging);  // left by an export that was killed
    ExportReport report = fn(project, staging, options);
    fs::remove(out, ec);  // an empty folder, checked above
    fs::rename(staging, out, ec);
    if (ec) throw IoError(out, "cannot move the finished export into place: " + ec.message());
    return report;
  } catch (...) {
    remove_quietly(staging);
    if (!created.empty()) remove_quietly(created);
    throw;
  }
}

}  // namespace sam3::project
