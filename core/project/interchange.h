#pragma once
// Dataset interchange: every importer parses its format into a Dataset (plain, in memory), then
// commit_dataset() checks and repairs shapes, copies photos and writes everything to the project
// in ONE transaction. Either the whole import lands, or the project is unchanged and the photo
// files it had copied are removed again. Problems with single items are reported as Issues; a
// malformed file (bad JSON, wrong types) throws FormatError with its place (line/column or key).
//
// Progress and cancel: the options of every import and export carry an optional ProgressFn,
// called from the working thread after each photo. When it returns false the work stops at that
// photo and the function throws Cancelled (core/util/errors.h), leaving:
//  - import (commit_dataset, import_photo_*): NOTHING committed. The transaction is rolled back
//    and the photo files it had copied are removed; the project is exactly as before. (Whole
//    photos committed one by one would leave a half-imported dataset that a second import
//    would have to merge; all-or-nothing is the same contract as a failure.)
//  - export_dataset(): no output at all. It writes into a sibling staging folder
//    "<out>.export-partial" that is renamed to `out` only when complete; cancelled or failed,
//    the staging folder is removed and `out` is left as it was (absent or empty).
//    The format exporters (export_coco, ...) called directly write into `out` as they go and
//    leave what they wrote when they throw.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/project/project.h"

namespace sam3::project {

struct Issue {
  enum class Severity { Info, Warning, Error };
  Severity severity = Severity::Warning;
  std::string file;     // the file the problem is in
  std::string where;    // place inside: "annotations[3]", "line 4"
  std::string message;  // what was wrong and what was done ("skipped", "clamped")
};
const char* to_string(Issue::Severity s);

struct DatasetShape {
  std::string class_name;
  Annotation annotation;  // ids unset; metrics set when metrics_origin != Computed
  std::string where;      // for reports: "annotations[12]"
};

struct DatasetImage {
  std::filesystem::path file;  // resolved source file
  std::string original_name;   // what the project records as the photo's name
  std::string where;           // for reports
  int width = 0, height = 0;   // from the annotation file; 0 when it has none (YOLO)
  Split split = Split::None;
  bool labelled = true;  // annotations were made on it: no shapes means a negative
  std::vector<DatasetShape> shapes;
};

struct Dataset {
  std::string format;  // coco, roboflow, yolo, voc, labelme
  std::filesystem::path source;
  std::vector<ClassInfo> classes;  // in the dataset's order
  std::vector<DatasetImage> images;
  std::map<std::string, std::string> meta;  // project meta to set (info.*, roboflow.parent)
  std::vector<Issue> issues;
};

// (done, total) photos; return false to cancel (see above). Called with done = 0 first.
using ProgressFn = std::function<bool(int done, int total)>;

struct ImportOptions {
  bool copy_photos = true;   // false: record metadata only (validate, benchmarks)
  ProgressFn progress = {};  // empty: no reports, cannot be cancelled
};

struct ImportReport {
  std::string format;
  int photos_added = 0;
  int photos_merged = 0;   // same content as a photo already in the project or this import
  int photos_skipped = 0;  // missing or unreadable
  int annotations_added = 0;
  int annotations_skipped = 0;
  int annotations_repaired = 0;
  int classes_added = 0;
  std::vector<Issue> issues;
};

// Checks, repairs and stores `data` in `project` as one transaction (see above).
ImportReport commit_dataset(Project& project, Dataset data, const ImportOptions& options = {});

// Parsers. `json` is one COCO file; a Roboflow/COCO folder holds _annotations.coco.json itself or
// in split folders (train/valid/test) one level down.
Dataset parse_coco_file(const std::filesystem::path& json, Split split = Split::None);
Dataset parse_coco_folder(const std::filesystem::path& dir);
Dataset parse_yolo(const std::filesystem::path& data_yaml);
Dataset parse_voc(const std::filesystem::path& dir);
Dataset parse_labelme(const std::filesystem::path& file_or_dir);

enum class SourceKind { Unknown, CocoFile, CocoFolder, Yolo, Voc, Labelme, PhotoFolder };
// What an import SOURCE is, from its content: a COCO json, a folder with _annotations.coco.json
// (itself or a split folder), a data.yaml (or a folder holding one), a folder of VOC .xml files,
// labelme .json files, or else a folder of photos.
SourceKind detect_source(const std::filesystem::path& source);
const char* to_string(SourceKind k);
// Parses any annotated SOURCE (not a photo folder: InvalidInput).
Dataset parse_source(const std::filesystem::path& source);

struct ExportOptions {
  std::string timestamp;     // ISO 8601; empty: now. Fixed in tests for byte-identical output.
  bool copy_photos = true;   // false: write annotation files only
  ProgressFn progress = {};  // empty: no reports, cannot be cancelled
};
struct ExportReport {
  int images = 0;
  int annotations = 0;
  std::vector<Issue> issues;
};

// Clean COCO: <out>/annotations.json (1-based ids, polygon area, no parent category) and
// <out>/images/<file_name>.
ExportReport export_coco(Project& project, const std::filesystem::path& out,
                         const ExportOptions& options = {});
// Roboflow's COCO layout: README.dataset.txt, README.roboflow.txt, <split>/_annotations.coco.json
// with the images flat beside it. Photos without a split go to train.
ExportReport export_roboflow(Project& project, const std::filesystem::path& out,
                             const ExportOptions& options = {});
// YOLO: data.yaml and <split>/images, <split>/labels; segmentation when any shape is a polygon.
ExportReport export_yolo(Project& project, const std::filesystem::path& out,
                         const ExportOptions& options = {});
// Pascal VOC: <split>/<image> and <split>/<stem>.xml side by side; boxes only.
ExportReport export_voc(Project& project, const std::filesystem::path& out,
                        const ExportOptions& options = {});
// labelme: one <stem>.json per photo beside a copy of the photo.
ExportReport export_labelme(Project& project, const std::filesystem::path& out,
                            const ExportOptions& options = {});

// All or nothing (see above): `format` is coco, roboflow, yolo, voc or labelme (else
// InvalidInput); `out` must be absent or an empty folder (else InvalidInput), and its parent must
// exist or be creatable. Throws Cancelled when options.progress asked to stop.
ExportReport export_dataset(Project& project, const std::string& format,
                            const std::filesystem::path& out, const ExportOptions& options = {});

}  // namespace sam3::project
