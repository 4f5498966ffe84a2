// COCO and Roboflow-COCO import (see interchange.h).
#include <cstdint>
#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/project/json_util.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

struct CocoCtx {
  JsonReader r;
  Dataset& d;
  bool roboflow = false;
  std::unordered_map<std::int64_t, std::string> categories;  // id -> clean class name
  std::unordered_map<std::int64_t, std::size_t> images;      // id -> index in d.images
  std::size_t first_image = 0;
};

void read_info(CocoCtx& c, const json& root) {
  const json* info = c.r.find(root, "info");
  if (!info || !info->is_object()) return;
  for (const char* key : {"description", "contributor", "url", "version"}) {
    const json* v = c.r.find(*info, key);
    if (v && v->is_string()) c.d.meta[std::string("info.") + key] = v->get<std::string>();
  }
  const json* desc = c.r.find(*info, "description");
  if (desc && desc->is_string() && desc->get<std::string>().find("roboflow") != std::string::npos)
    c.roboflow = true;
  if (const json* lic = c.r.find(root, "licenses"); lic && lic->is_array() && !lic->empty()) {
    const json& l0 = (*lic)[0];
    if (l0.is_object() && l0.contains("name") && l0["name"].is_string())
      c.d.meta["license.name"] = l0["name"].get<std::string>();
    if (l0.is_object() && l0.contains("url") && l0["url"].is_string())
      c.d.meta["license.url"] = l0["url"].get<std::string>();
  }
}

void read_categories(CocoCtx& c, const json& root, const std::set<std::int64_t>& used) {
  const json& cats = c.r.array(c.r.at(root, "categories", ""), "categories");
  std::vector<std::pair<std::int64_t, std::string>> list;
  std::string parent;
  for (std::size_t i = 0; i < cats.size(); ++i) {
    std::string w = "categories[" + std::to_string(i) + "]";
    const json& cat = c.r.object(cats[i], w);
    std::int64_t id = c.r.integer(c.r.at(cat, "id", w), w + ".id");
    std::string name = c.r.string(c.r.at(cat, "name", w), w + ".name");
    const json* super = c.r.find(cat, "supercategory");
    bool none_super = super && super->is_string() && super->get<std::string>() == "none";
    // Roboflow's synthetic parent: id 0, supercategory "none", owns no annotation, has children.
    if (id == 0 && none_super && cats.size() > 1 && !used.count(0)) {
      parent = name;
      continue;
    }
    if (c.categories.count(id)) c.r.fail(w + ".id", "duplicate category id " + std::to_string(id));
    list.emplace_back(id, name);
  }
  if (!parent.empty()) {
    c.roboflow = true;
    c.d.meta["roboflow.parent"] = parent;
  }
  for (auto& [id, name] : list) {
    std::string clean = roboflow_clean_name(name);
    if (clean.empty()) c.r.fail("categories", "category " + std::to_string(id) + " has no name");
    c.categories[id] = clean;
    c.d.classes.push_back({0, clean, "#e6194b", clean});
  }
}

void read_images(CocoCtx& c, const json& root, Split split) {
  const json& imgs = c.r.array(c.r.at(root, "images", ""), "images");
  fs::path dir = c.r.file.parent_path();
  for (std::size_t i = 0; i < imgs.size(); ++i) {
    std::string w = "images[" + std::to_string(i) + "]";
    const json& im = c.r.object(imgs[i], w);
    std::int64_t id = c.r.integer(c.r.at(im, "id", w), w + ".id");
    std::string name = c.r.string(c.r.at(im, "file_name", w), w + ".file_name");
    DatasetImage di;
    di.where = w;
    di.split = split;
    di.width = static_cast<int>(c.r.integer_in(c.r.at(im, "width", w), w + ".width", 0, INT32_MAX));
    di.height =
        static_cast<int>(c.r.integer_in(c.r.at(im, "height", w), w + ".height", 0, INT32_MAX));
    if (di.width <= 0 || di.height <= 0) c.r.fail(w, "image width and height must be positive");
    if (c.images.count(id)) c.r.fail(w + ".id", "duplicate image id " + std::to_string(id));
    c.images[id] = c.d.images.size();
    if (std::string why = unsafe_name_reason(name); !why.empty()) {
      c.d.issues.push_back({Issue::Severity::Error, c.r.file.string(), w + ".file_name",
                            "file name '" + name + "' " + why + "; image skipped"});
      c.d.images.push_back(std::move(di));
      c.d.images.back().file.clear();  // marks a skipped image
      continue;
    }
    di.file = dir / name;
    std::error_code ec;  // names the system refuses (too long) are just not there
    if (!fs::exists(di.file, ec) && fs::exists(dir / "images" / name, ec))
      di.file = dir / "images" / name;
    di.original_name = fs::path(name).filename().string();
    if (const json* extra = c.r.find(im, "extra"); extra && extra->is_object()) {
      if (const json* n = c.r.find(*extra, "name"); n && n->is_string()) {
        di.original_name = fs::path(n->get<std::string>()).filename().string();
        c.roboflow = true;
      }
    }
    c.d.images.push_back(std::move(di));
  }
}

std::vector<Ring> read_polygons(CocoCtx& c, const json& seg, const std::string& w) {
  std::vector<Ring> polys;
  for (std::size_t k = 0; k < seg.size(); ++k) {
    std::string pw = w + ".segmentation[" + std::to_string(k) + "]";
    const json& flat = c.r.array(seg[k], pw);
    if (flat.size() % 2 != 0) {
      c.d.issues.push_back({Issue::Severity::Error, c.r.file.string(), pw,
                            "odd number of coordinates; polygon skipped"});
      continue;
    }
    Ring ring;
    for (std::size_t v = 0; v + 1 < flat.size(); v += 2) {
      auto coord = [&](std::size_t idx) {
        // null stands for NaN (JSON has no NaN); check_shape reports and skips it.
        return flat[idx].is_null() ? std::nan("")
                                   : c.r.number(flat[idx], pw + "[" + std::to_string(idx) + "]");
      };
      ring.push_back({coord(v), coord(v + 1)});
    }
    polys.push_back(std::move(ring));
  }
  return polys;
}

void read_annotation(CocoCtx& c, const json& an, const std::string& w) {
  std::int64_t image_id = c.r.integer(c.r.at(an, "image_id", w), w + ".image_id");
  std::int64_t cat = c.r.integer(c.r.at(an, "category_id", w), w + ".category_id");
  auto img = c.images.find(image_id);
  auto err = [&](const std::string& msg) {
    c.d.issues.push_back({Issue::Severity::Error, c.r.file.string(), w, msg});
  };
  if (img == c.images.end())
    return err("unknown image_id " + std::to_string(image_id) + "; annotation skipped");
  if (!c.categories.count(cat))
    return err("unknown category_id " + std::to_string(cat) + "; annotation skipped");
  DatasetImage& di = c.d.images[img->second];
  if (di.file.empty()) return;  // its image was rejected
  Annotation a;
  a.metrics_origin = c.roboflow ? MetricsOrigin::Roboflow : MetricsOrigin::Coco;
  if (const json* bb = c.r.find(an, "bbox")) {
    const json& arr = c.r.array(*bb, w + ".bbox");
    if (arr.size() != 4)
      c.r.fail(w + ".bbox", "expected 4 numbers, got " + std::to_string(arr.size()));
    for (int k = 0; k < 4; ++k)
      a.bbox[k] = arr[k].is_null() ? std::nan("") : c.r.number(arr[k], w + ".bbox");
  }
  if (const json* ar = c.r.find(an, "area")) a.area = c.r.number(*ar, w + ".area");
  if (const json* sc = c.r.find(an, "score"); sc && !sc->is_null())
    a.score = c.r.number(*sc, w + ".score");
  if (const json* at = c.r.find(an, "attributes"); at && at->is_object())
    for (auto& [k, v] : at->items())
      a.attributes[k] = v.is_string() ? v.get<std::string>() : v.dump();
  std::vector<Ring> polys;
  if (const json* seg = c.r.find(an, "segmentation"); seg && seg->is_object()) {
    c.d.issues.push_back(
        {Issue::Severity::Warning, c.r.file.string(), w, "RLE mask imported as its bounding box"});
  } else if (seg) {
    polys = read_polygons(c, c.r.array(*seg, w + ".segmentation"), w);
  }
  std::string cls = c.categories[cat];
  if (polys.empty()) {
    if (!c.r.find(an, "bbox")) return err("annotation has neither polygon nor bbox; skipped");
    a.kind = ShapeKind::Box;
    di.shapes.push_back({cls, a, w});
    return;
  }
  if (polys.size() > 1)
    c.d.issues.push_back({Issue::Severity::Info, c.r.file.string(), w,
                          "polygon with " + std::to_string(polys.size()) +
                              " parts imported as that many annotations"});
  for (Ring& ring : polys) {
    Annotation part = a;
    part.rings = {std::move(ring)};
    if (polys.size() > 1) part.area.reset(), part.metrics_origin = MetricsOrigin::Computed;
    di.shapes.push_back({cls, std::move(part), w});
  }
}

// "Find fuse neutrals - v5 2026-02-10 5:11pm" on the first line of README.roboflow.txt names the
// dataset; exports reuse the name so that a re-export reproduces the README.
void read_roboflow_readme(Dataset& d, const fs::path& dir) {
  fs::path readme = dir / "README.roboflow.txt";
  if (!fs::exists(readme)) return;
  std::istringstream in(read_file(readme));
  std::string line;
  while (std::getline(in, line) && line.empty()) {
  }
  auto pos = line.find(" - v");
  if (pos != std::string::npos && pos > 0) d.meta["dataset.name"] = line.substr(0, pos);
}

}  // namespace

Dataset parse_coco_file(const fs::path& file, Split split) {
  Dataset d;
  d.source = file;
  std::string text = read_file(file);
  json root = parse_json(text, file);
  CocoCtx c{JsonReader{file}, d, false, {}, {}, 0};
  c.r.object(root, "");
  const json& anns = c.r.array(c.r.at(root, "annotations", ""), "annotations");
  std::set<std::int64_t> used;
  for (std::size_t i = 0; i < anns.size(); ++i) {
    std::string w = "annotations[" + std::to_string(i) + "]";
    used.insert(c.r.integer(c.r.at(c.r.object(anns[i], w), "category_id", w), w + ".category_id"));
  }
  read_info(c, root);
  read_categories(c, root, used);
  read_images(c, root, split);
  for (std::size_t i = 0; i < anns.size(); ++i)
    read_annotation(c, anns[i], "annotations[" + std::to_string(i) + "]");
  std::erase_if(d.images, [](const DatasetImage& im) { return im.file.empty(); });
  d.format = c.roboflow ? "roboflow" : "coco";
  return d;
}

Dataset parse_coco_folder(const fs::path& dir) {
  const char* kName = "_annotations.coco.json";
  if (fs::exists(dir / kName)) {
    Split s = split_from_folder(dir.filename().string());
    Dataset d = parse_coco_file(dir / kName, s);
    report_unlisted_photos(d, dir);
    read_roboflow_readme(d, s == Split::None ? dir : dir.parent_path());
    return d;
  }
  Dataset all;
  all.source = dir;
  for (const fs::path& sub : split_folders(dir)) {
    if (!fs::exists(sub / kName)) continue;
    Dataset d = parse_coco_file(sub / kName, split_from_folder(sub.filename().string()));
    report_unlisted_photos(d, sub);
    merge_dataset(all, std::move(d));
  }
  if (all.format.empty())
    throw FormatError(dir, "", "no _annotations.coco.json here or in a split folder below");
  read_roboflow_readme(all, dir);
  return all;
}

}  // namespace sam3::project
