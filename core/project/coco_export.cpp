// Clean COCO and Roboflow-COCO export (see interchange.h and docs: product.md, "Roboflow COCO
// export — exact conventions").
#include <cmath>
#include <system_error>
#include <unordered_map>

#include "core/project/geometry.h"
#include "core/project/image_probe.h"
#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/project/json_util.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

struct Snapshot {
  std::vector<Photo> photos;
  std::vector<std::string> names;  // unique export file name per photo
  std::vector<ClassInfo> classes;
  std::unordered_map<std::int64_t, int> class_index;  // class id -> 0-based position
  std::unordered_map<std::int64_t, std::vector<Annotation>> by_photo;
  int skipped_unlabeled = 0;
};

// Unlabeled photos (no shapes, not a confirmed negative) stay out: exported, they would teach a
// model that they are empty.
// Roboflow's "<stem>_<ext>.rf.<32 hex>.<ext>"; the hex is the photo's content hash, so the name is
// unique and the same on every export.
std::string roboflow_file_name(const Photo& p) {
  fs::path orig = fs::path(p.original_name).filename();
  std::string stem = orig.stem().string(), ext = orig.extension().string();
  if (stem.empty()) stem = "image";
  std::string base = ext.size() > 1 ? stem + "_" + ext.substr(1) : stem;
  return base + ".rf." + p.sha256.substr(0, 32) + extension_for(p.format);
}

Snapshot snapshot(Project& project, bool roboflow_names) {
  Snapshot s;
  for (Annotation& a : exportable_annotations(project))
    s.by_photo[a.photo_id].push_back(std::move(a));
  for (Photo& p : project.photos()) {
    bool labelled = s.by_photo.count(p.id) || p.confirmed_negative ||
                    p.status == PhotoStatus::Done || p.status == PhotoStatus::Reviewed;
    if (labelled)
      s.photos.push_back(std::move(p));
    else
      ++s.skipped_unlabeled;
  }
  if (roboflow_names)
    for (const Photo& p : s.photos) s.names.push_back(roboflow_file_name(p));
  else
    s.names = unique_file_names(s.photos);
  s.classes = project.classes();
  for (std::size_t i = 0; i < s.classes.size(); ++i)
    s.class_index[s.classes[i].id] = static_cast<int>(i);
  return s;
}

void append_segmentation(std::string& out, const Annotation& a) {
  if (a.kind == ShapeKind::Box) {
    out += "[]";
    return;
  }
  out += "[[";
  Ring flat = flatten_holes(a.rings);
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (i) out.push_back(',');
    append_number(out, flat[i].x);
    out.push_back(',');
    append_number(out, flat[i].y);
  }
  out += "]]";
}

void append_bbox(std::string& out, double x, double y, double w, double h) {
  out.push_back('[');
  append_number(out, x), out.push_back(','), append_number(out, y), out.push_back(',');
  append_number(out, w), out.push_back(','), append_number(out, h), out.push_back(']');
}

std::string iso(const ExportOptions& o) {
  return o.timestamp.empty() ? now_iso8601() : o.timestamp;
}

void finish_report(ExportReport& r, const Snapshot& s) {
  if (s.skipped_unlabeled > 0)
    r.issues.push_back({Issue::Severity::Info, "", "",
                        std::to_string(s.skipped_unlabeled) +
                            " unlabeled photo(s) left out (not done, no shapes, not negative)"});
}

struct RoboflowHeader {
  std::string parent, info, licenses, categories;
};

RoboflowHeader roboflow_header(Project& project, const Snapshot& s, const std::string& ts) {
  RoboflowHeader h;
  h.parent = project.meta("roboflow.parent",
                          project.meta("dataset.name", project.meta("name", "objects")));
  std::string& i = h.info;
  i += "{\"year\":";
  append_string(i, ts.substr(0, 4));
  i += ",\"version\":";
  append_string(i, project.meta("info.version", "1"));
  i += ",\"description\":";
  append_string(i, project.meta("info.description", "Exported from SAM3 Studio"));
  i += ",\"contributor\":";
  append_string(i, project.meta("info.contributor"));
  i += ",\"url\":";
  append_string(i, project.meta("info.url"));
  i += ",\"date_created\":";
  append_string(i, ts);
  i += "}";
  h.licenses = "[{\"id\":1,\"url\":";
  append_string(h.licenses, project.meta("license.url"));
  h.licenses += ",\"name\":";
  append_string(h.licenses, project.meta("license.name", "Unknown"));
  h.licenses += "}]";
  std::string& c = h.categories;
  c += "[{\"id\":0,\"name\":";
  append_string(c, h.parent);
  c += ",\"supercategory\":\"none\"}";
  for (std::size_t k = 0; k < s.classes.size(); ++k) {
    c += ",{\"id\":";
    append_integer(c, static_cast<std::int64_t>(k) + 1);
    c += ",\"name\":";
    append_string(c, s.classes[k].name);
    c += ",\"supercategory\":";
    append_string(c, h.parent);
    c += "}";
  }
  c += "]";
  return h;
}

std::string roboflow_split_json(const Snapshot& s, const RoboflowHeader& h,
                                const std::vector<std::size_t>& members, const std::string& ts,
                                int& n_annotations) {
  std::string out = "{\"info\":" + h.info + ",\"licenses\":" + h.licenses +
                    ",\"categories\":" + h.categories + ",\"images\":[";
  std::string anns;
  std::int64_t ann_id = 1;
  for (std::size_t k = 0; k < members.size(); ++k) {
    const Photo& p = s.photos[members[k]];
    if (k) out.push_back(',');
    out += "{\"id\":";
    append_integer(out, static_cast<std::int64_t>(k));
    out += ",\"license\":1,\"file_name\":";
    append_string(out, s.names[members[k]]);
    out += ",\"height\":";
    append_integer(out, p.height);
    out += ",\"width\":";
    append_integer(out, p.width);
    out += ",\"date_captured\":";
    append_string(out, ts);
    out += ",\"extra\":{\"name\":";
    append_string(out, p.original_name);
    out += "}}";
    auto it = s.by_photo.find(p.id);
    if (it == s.by_photo.end()) continue;
    for (const Annotation& a : it->second) {
      if (ann_id > 1) anns.push_back(',');
      anns += "{\"id\":";
      append_integer(anns, ann_id++);
      anns += ",\"image_id\":";
      append_integer(anns, static_cast<std::int64_t>(k));
      anns += ",\"category_id\":";
      append_integer(anns, s.class_index.at(a.class_id) + 1);
      anns += ",\"bbox\":";
      append_bbox(anns, std::round(a.bbox[0]), std::round(a.bbox[1]), a.bbox[2], a.bbox[3]);
      anns += ",\"area\":";
      bool keep = a.metrics_origin == MetricsOrigin::Roboflow && a.area;
      append_number(
          anns, keep ? *a.area
                     : std::round(a.bbox[2] * 1000) / 1000 * (std::round(a.bbox[3] * 1000) / 1000));
      anns += ",\"segmentation\":";
      append_segmentation(anns, a);
      anns += ",\"iscrowd\":0}";
    }
  }
  n_annotations += static_cast<int>(ann_id - 1);
  return out + "],\"annotations\":[" + anns + "]}";
}

std::string roboflow_readmes(Project& project, const Snapshot& s, const std::string& ts,
                             std::string& dataset_readme) {
  std::string name = project.meta("dataset.name", project.meta("name", "project"));
  std::string classes;
  for (std::size_t k = 0; k < s.classes.size(); ++k) classes += (k ? ", " : "") + s.classes[k].name;
  dataset_readme = "# " + name + " > " + ts + "\n\nExported by SAM3 Studio\nLicense: " +
                   project.meta("license.name", "Unknown") + "\n";
  return "\n" + name + " - v" + project.meta("info.version", "1") + " " + ts +
         "\n==============================\n\nThis dataset was exported via SAM3 Studio on " + ts +
         "\n\nThe dataset includes " + std::to_string(s.photos.size()) + " images.\n" +
         (classes.empty() ? std::string("No classes") : classes) +
         " are annotated in COCO format.\n\nNo pre-processing or augmentation was applied.\n";
}

void make_dir(const fs::path& d) {
  std::error_code ec;
  fs::create_directories(d, ec);
  if (ec) throw IoError(d, "cannot create folder: " + ec.message());
}

}  // namespace

ExportReport export_roboflow(Project& project, const fs::path& out, const ExportOptions& o) {
  ExportReport r;
  Snapshot s = snapshot(project, true);
  std::string ts = iso(o);
  RoboflowHeader h = roboflow_header(project, s, ts);
  report_progress(o.progress, 0, s.photos.size());
  make_dir(out);
  for (Split split : {Split::Train, Split::Valid, Split::Test}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < s.photos.size(); ++i)
      if (export_split_folder(s.photos[i].split) == std::string(to_string(split)))
        members.push_back(i);
    if (members.empty()) continue;  // Roboflow leaves empty splits out
    fs::path dir = out / to_string(split);
    make_dir(dir);
    write_file_atomic(dir / "_annotations.coco.json",
                      roboflow_split_json(s, h, members, ts, r.annotations));
    for (std::size_t i : members) {
      if (o.copy_photos) copy_photo(project, s.photos[i], dir / s.names[i]);
      report_progress(o.progress, static_cast<std::size_t>(++r.images), s.photos.size());
    }
  }
  std::string dataset_readme;
  write_file_atomic(out / "README.roboflow.txt", roboflow_readmes(project, s, ts, dataset_readme));
  write_file_atomic(out / "README.dataset.txt", dataset_readme);
  finish_report(r, s);
  return r;
}

ExportReport export_coco(Project& project, const fs::path& out, const ExportOptions& o) {
  ExportReport r;
  Snapshot s = snapshot(project, false);
  std::string ts = iso(o);
  std::string j = "{\"info\":{\"description\":";
  append_string(j, project.meta("name", "project"));
  j += ",\"version\":";
  append_string(j, project.meta("info.version", "1"));
  j += ",\"year\":" + ts.substr(0, 4) + ",\"date_created\":";
  append_string(j, ts);
  j += "},\"licenses\":[],\"categories\":[";
  for (std::size_t k = 0; k < s.classes.size(); ++k) {
    j += k ? ",{\"id\":" : "{\"id\":";
    append_integer(j, static_cast<std::int64_t>(k) + 1);
    j += ",\"name\":";
    append_string(j, s.classes[k].name);
    j += ",\"supercategory\":\"\"}";
  }
  j += "],\"images\":[";
  std::string anns;
  std::int64_t ann_id = 1;
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    const Photo& p = s.photos[i];
    j += i ? ",{\"id\":" : "{\"id\":";
    append_integer(j, static_cast<std::int64_t>(i) + 1);
    j += ",\"file_name\":";
    append_string(j, s.names[i]);
    j += ",\"width\":";
    append_integer(j, p.width);
    j += ",\"height\":";
    append_integer(j, p.height);
    j += "}";
    auto it = s.by_photo.find(p.id);
    if (it == s.by_photo.end()) continue;
    for (const Annotation& a : it->second) {
      anns += ann_id > 1 ? ",{\"id\":" : "{\"id\":";
      append_integer(anns, ann_id++);
      anns += ",\"image_id\":";
      append_integer(anns, static_cast<std::int64_t>(i) + 1);
      anns += ",\"category_id\":";
      append_integer(anns, s.class_index.at(a.class_id) + 1);
      anns += ",\"segmentation\":";
      append_segmentation(anns, a);
      anns += ",\"area\":";
      double area = a.metrics_origin == MetricsOrigin::Roboflow || !a.area
                        ? (a.kind == ShapeKind::Box ? a.bbox[2] * a.bbox[3] : polygon_area(a.rings))
                        : *a.area;
      append_number(anns, area);
      anns += ",\"bbox\":";
      // Roboflow rounds the corner of its boxes; clean COCO has the exact extent.
      bool exact = a.metrics_origin == MetricsOrigin::Roboflow && a.kind == ShapeKind::Polygon;
      auto b = exact ? rings_bbox(a.rings) : a.bbox;
      append_bbox(anns, b[0], b[1], b[2], b[3]);
      anns += ",\"iscrowd\":0";
      if (a.score) anns += ",\"score\":", append_number(anns, *a.score);
      if (!a.attributes.empty()) anns += ",\"attributes\":" + json(a.attributes).dump();
      anns += "}";
    }
  }
  j += "],\"annotations\":[" + anns + "]}";
  report_progress(o.progress, 0, s.photos.size());
  make_dir(out);
  write_file_atomic(out / "annotations.json", j);
  if (o.copy_photos) make_dir(out / "images");
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    if (o.copy_photos) copy_photo(project, s.photos[i], out / "images" / s.names[i]);
    report_progress(o.progress, i + 1, s.photos.size());
  }
  r.images = static_cast<int>(s.photos.size());
  r.annotations = static_cast<int>(ann_id - 1);
  finish_report(r, s);
  return r;
}

}  // namespace sam3::project
