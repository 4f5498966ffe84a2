// Import source detection by content (see interchange.h).
#include <algorithm>
#include <fstream>
#include <functional>

#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

bool any_file(const fs::path& dir, const std::function<bool(const fs::path&)>& pred, bool deep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && pred(e.path())) return true;
    if (deep && e.is_directory() && any_file(e.path(), pred, false)) return true;
  }
  return false;
}

// A COCO json is an object with "images" and "annotations" keys; peeking at the start is enough
// to tell it from labelme (which has "shapes").
fs::path coco_json_in(const fs::path& dir) {
  for (const char* name : {"annotations.json", "_annotations.coco.json", "instances.json"})
    if (fs::is_regular_file(dir / name)) return dir / name;
  return {};
}

}  // namespace

const char* to_string(Issue::Severity s) {
  switch (s) {
    case Issue::Severity::Info:
      return "info";
    case Issue::Severity::Warning:
      return "warning";
    case Issue::Severity::Error:
      return "error";
  }
  return "warning";
}

const char* to_string(SourceKind k) {
  switch (k) {
    case SourceKind::Unknown:
      return "unknown";
    case SourceKind::CocoFile:
      return "coco";
    case SourceKind::CocoFolder:
      return "coco-folder";
    case SourceKind::Yolo:
      return "yolo";
    case SourceKind::Voc:
      return "voc";
    case SourceKind::Labelme:
      return "labelme";
    case SourceKind::PhotoFolder:
      return "photos";
  }
  return "unknown";
}

SourceKind detect_source(const fs::path& source) {
  if (fs::is_regular_file(source)) {
    std::string ext = source.extension().string();
    if (ext == ".yaml" || ext == ".yml") return SourceKind::Yolo;
    if (ext == ".json") return is_labelme_json(source) ? SourceKind::Labelme : SourceKind::CocoFile;
    if (ext == ".xml") return SourceKind::Voc;
    return SourceKind::Unknown;
  }
  if (!fs::is_directory(source)) return SourceKind::Unknown;
  auto named = [](const char* n) { return [n](const fs::path& p) { return p.filename() == n; }; };
  if (any_file(source, named("_annotations.coco.json"), true)) return SourceKind::CocoFolder;
  if (fs::exists(source / "data.yaml") || fs::exists(source / "data.yml")) return SourceKind::Yolo;
  if (!coco_json_in(source).empty()) return SourceKind::CocoFile;
  if (any_file(
          source, [](const fs::path& p) { return p.extension() == ".xml"; }, true))
    return SourceKind::Voc;
  if (any_file(source, is_labelme_json, true)) return SourceKind::Labelme;
  return SourceKind::PhotoFolder;
}

Dataset parse_source(const fs::path& source) {
  switch (detect_source(source)) {
    case SourceKind::CocoFile:
      return fs::is_directory(source) ? parse_coco_file(coco_json_in(source))
                                      : parse_coco_file(source);
    case SourceKind::CocoFolder:
      return parse_coco_folder(source);
    case SourceKind::Yolo:
      return parse_yolo(fs::is_directory(source) && !fs::exists(source / "data.yaml")
                            ? source / "data.yml"
                            : source);
    case SourceKind::Voc:
      return parse_voc(fs::is_directory(source) ? source : source.parent_path());
    case SourceKind::Labelme:
      return parse_labelme(source);
    case SourceKind::PhotoFolder:
      throw InvalidInput(source.string() +
                         " holds no annotation files; import it as a photo folder");
    case SourceKind::Unknown:
      break;
  }
  throw InvalidInput(source.string() +
                     " is not a dataset this program reads (COCO json, Roboflow "
                     "folder, YOLO data.yaml, VOC folder, labelme json)");
}

}  // namespace sam3::project
