// labelme JSON import and export: one <stem>.json per photo with polygon/rectangle shapes.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/project/geometry.h"
#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/project/json_util.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

void read_shape(Dataset& d, DatasetImage& img, const JsonReader& r, const json& sh,
                const std::string& w) {
  r.object(sh, w);
  std::string label = r.string(r.at(sh, "label", w), w + ".label");
  std::string type = "polygon";
  if (const json* t = r.find(sh, "shape_type"); t && !t->is_null())
    type = r.string(*t, w + ".shape_type");
  const json& pts = r.array(r.at(sh, "points", w), w + ".points");
  Ring ring;
  for (std::size_t k = 0; k < pts.size(); ++k) {
    std::string pw = w + ".points[" + std::to_string(k) + "]";
    const json& pt = r.array(pts[k], pw);
    if (pt.size() != 2) r.fail(pw, "expected [x, y]");
    auto coord = [&](const json& v) { return v.is_null() ? std::nan("") : r.number(v, pw); };
    ring.push_back({coord(pt[0]), coord(pt[1])});
  }
  Annotation a;
  if (type == "rectangle") {
    if (ring.size() != 2) r.fail(w + ".points", "a rectangle needs 2 points");
    double x0 = std::min(ring[0].x, ring[1].x), y0 = std::min(ring[0].y, ring[1].y);
    a.kind = ShapeKind::Box;
    a.bbox = {x0, y0, std::max(ring[0].x, ring[1].x) - x0, std::max(ring[0].y, ring[1].y) - y0};
  } else if (type == "polygon") {
    a.rings = {std::move(ring)};
  } else {
    d.issues.push_back({Issue::Severity::Warning, r.file.string(), w,
                        "shape type '" + type + "' is not a polygon or rectangle; skipped"});
    return;
  }
  if (const json* g = r.find(sh, "group_id"); g && !g->is_null())
    a.attributes["group_id"] = g->dump();
  if (const json* desc = r.find(sh, "description");
      desc && desc->is_string() && !desc->get<std::string>().empty())
    a.attributes["description"] = desc->get<std::string>();
  if (std::none_of(d.classes.begin(), d.classes.end(),
                   [&](const ClassInfo& c) { return c.name == label; }))
    d.classes.push_back({0, label, "#e6194b", label});
  img.shapes.push_back({label, std::move(a), w});
}

void read_labelme_file(Dataset& d, const fs::path& file) {
  json root = parse_json(read_file(file), file);
  JsonReader r{file};
  r.object(root, "");
  std::string path = r.string(r.at(root, "imagePath", ""), "imagePath");
  if (std::string why = unsafe_name_reason(path); !why.empty()) {
    d.issues.push_back({Issue::Severity::Error, file.string(), "imagePath",
                        "file name '" + path + "' " + why + "; image skipped"});
    return;
  }
  DatasetImage img;
  img.file = file.parent_path() / path;
  img.original_name = fs::path(path).filename().string();
  img.where = file.filename().string();
  img.split = split_from_folder(file.parent_path().filename().string());
  if (const json* w = r.find(root, "imageWidth"); w && !w->is_null())
    img.width = static_cast<int>(r.integer(*w, "imageWidth"));
  if (const json* h = r.find(root, "imageHeight"); h && !h->is_null())
    img.height = static_cast<int>(r.integer(*h, "imageHeight"));
  const json& shapes = r.array(r.at(root, "shapes", ""), "shapes");
  for (std::size_t i = 0; i < shapes.size(); ++i)
    read_shape(d, img, r, shapes[i], "shapes[" + std::to_string(i) + "]");
  d.images.push_back(std::move(img));
}

}  // namespace

bool is_labelme_json(const fs::path& file) {
  if (file.extension() != ".json" || file.filename() == "_annotations.coco.json") return false;
  try {
    json j = json::parse(read_file(file));
    return j.is_object() && j.contains("shapes") && j.contains("imagePath");
  } catch (const std::exception&) {
    return false;
  }
}

Dataset parse_labelme(const fs::path& source) {
  Dataset d;
  d.format = "labelme";
  d.source = source;
  if (!fs::is_directory(source)) {
    read_labelme_file(d, source);
    return d;
  }
  std::vector<fs::path> files;
  for (const fs::path& dir : [&] {
         auto v = split_folders(source);
         v.insert(v.begin(), source);
         return v;
       }())
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  for (const fs::path& f : files) read_labelme_file(d, f);
  return d;
}

ExportReport export_labelme(Project& project, const fs::path& out, const ExportOptions& o) {
  ExportReport r;
  std::map<std::int64_t, std::string> class_name;
  for (const ClassInfo& c : project.classes()) class_name[c.id] = c.name;
  std::map<std::int64_t, std::vector<Annotation>> by_photo;
  for (Annotation& a : exportable_annotations(project))
    by_photo[a.photo_id].push_back(std::move(a));
  auto photos = project.photos();
  auto names = unique_file_names(photos);
  fs::create_directories(out);
  for (std::size_t i = 0; i < photos.size(); ++i) {
    report_progress(o.progress, i, photos.size());
    const Photo& p = photos[i];
    nlohmann::ordered_json j;
    j["version"] = "5.2.1";
    j["flags"] = json::object();
    j["shapes"] = json::array();
    for (const Annotation& a : by_photo[p.id]) {
      nlohmann::ordered_json sh;
      sh["label"] = class_name[a.class_id];
      Ring ring = a.kind == ShapeKind::Box
                      ? Ring{{a.bbox[0], a.bbox[1]}, {a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]}}
                      : flatten_holes(a.rings);
      sh["points"] = json::array();
      for (const Point& pt : ring) sh["points"].push_back({pt.x, pt.y});
      auto g = a.attributes.find("group_id");
      sh["group_id"] =
          g == a.attributes.end() ? json(nullptr) : json::parse(g->second, nullptr, false);
      auto desc = a.attributes.find("description");
      sh["description"] = desc == a.attributes.end() ? "" : desc->second;
      sh["shape_type"] = a.kind == ShapeKind::Box ? "rectangle" : "polygon";
      sh["flags"] = json::object();
      j["shapes"].push_back(sh);
      ++r.annotations;
    }
    j["imagePath"] = names[i];
    j["imageData"] = nullptr;
    j["imageHeight"] = p.height;
    j["imageWidth"] = p.width;
    write_file_atomic(out / (fs::path(names[i]).stem().string() + ".json"), j.dump(2) + "\n");
    if (o.copy_photos) copy_photo(project, p, out / names[i]);
    ++r.images;
  }
  report_progress(o.progress, photos.size(), photos.size());
  return r;
}

}  // namespace sam3::project
