// YOLO detection/segmentation import and export (data.yaml, <split>/images, <split>/labels).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

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

std::vector<std::string> read_names(const YAML::Node& root, const fs::path& yaml) {
  YAML::Node names = root["names"];
  if (!names) throw FormatError(yaml, "names", "missing key \"names\"");
  std::vector<std::string> out;
  if (names.IsSequence()) {
    for (const auto& n : names) out.push_back(n.as<std::string>());
  } else if (names.IsMap()) {  // {0: a, 1: b}
    for (const auto& kv : names) {
      int idx = kv.first.as<int>();
      if (idx < 0 || idx > 100000) throw FormatError(yaml, "names", "bad class index");
      if (out.size() <= static_cast<std::size_t>(idx))
        out.resize(static_cast<std::size_t>(idx) + 1);
      out[static_cast<std::size_t>(idx)] = kv.second.as<std::string>();
    }
  } else {
    throw FormatError(yaml, "names", "expected a list or a map of class names");
  }
  return out;
}

// Ultralytics resolves split paths against `path` or the working folder; Roboflow writes
// "../train/images" relative to a folder below the yaml. Try each reading.
fs::path resolve_split(const fs::path& base, const std::string& p, const std::string& root_key) {
  std::vector<fs::path> tries;
  if (!root_key.empty()) tries.push_back(base / root_key / p);
  tries.push_back(base / p);
  std::string s = p;
  while (s.rfind("../", 0) == 0) s = s.substr(3);
  tries.push_back(base / s);
  std::error_code ec;  // a name too long or not allowed is just not the folder
  for (const fs::path& t : tries)
    if (fs::is_directory(t, ec)) return t;
  return {};
}

bool parse_doubles(const std::string& line, std::vector<double>& out) {
  std::istringstream in(line);
  std::string tok;
  out.clear();
  while (in >> tok) {
    char* end = nullptr;
    double v = std::strtod(tok.c_str(), &end);
    if (end == tok.c_str() || *end != '\0') return false;
    out.push_back(v);
  }
  return true;
}

void read_labels(Dataset& d, DatasetImage& img, const fs::path& label_file,
                 const std::vector<std::string>& names, int w, int h) {
  std::ifstream in(label_file);
  std::string line;
  std::vector<double> v;
  for (int ln = 1; std::getline(in, line); ++ln) {
    std::string where = "line " + std::to_string(ln);
    auto issue = [&](const std::string& m) {
      d.issues.push_back({Issue::Severity::Error, label_file.string(), where, m});
    };
    if (!parse_doubles(line, v)) {
      issue("not a list of numbers; line skipped");
      continue;
    }
    if (v.empty()) continue;  // blank: spaces, tabs, \r, \v, \f only
    double cls = v[0];
    if (cls != std::floor(cls) || cls < 0 || cls >= static_cast<double>(names.size())) {
      issue("unknown class index " + std::to_string(cls) + "; line skipped");
      continue;
    }
    Annotation a;
    if (v.size() == 5) {
      a.kind = ShapeKind::Box;
      a.bbox = {(v[1] - v[3] / 2) * w, (v[2] - v[4] / 2) * h, v[3] * w, v[4] * h};
    } else if (v.size() >= 7 && v.size() % 2 == 1) {
      Ring r;
      for (std::size_t k = 1; k + 1 < v.size(); k += 2) r.push_back({v[k] * w, v[k + 1] * h});
      a.rings = {std::move(r)};
    } else {
      issue("expected 'class cx cy w h' or 'class x1 y1 x2 y2 x3 y3 ...' (" +
            std::to_string(v.size()) + " values); line skipped");
      continue;
    }
    img.shapes.push_back({names[static_cast<std::size_t>(cls)], std::move(a), where});
  }
}

}  // namespace

Dataset parse_yolo(const fs::path& source) {
  fs::path yaml = fs::is_directory(source) ? source / "data.yaml" : source;
  Dataset d;
  d.format = "yolo";
  d.source = yaml;
  YAML::Node root;
  try {
    root = YAML::LoadFile(yaml.string());
  } catch (const YAML::Exception& e) {
    throw FormatError(yaml, "line " + std::to_string(e.mark.line + 1), e.msg);
  }
  std::vector<std::string> names;
  try {
    names = read_names(root, yaml);
    if (root["nc"] && root["nc"].as<std::size_t>() != names.size())
      d.issues.push_back({Issue::Severity::Warning, yaml.string(), "nc",
                          "nc differs from the number of names; names used"});
  } catch (const YAML::Exception& e) {
    throw FormatError(yaml, "names", "wrong type: " + e.msg);
  }
  for (const std::string& n : names) d.classes.push_back({0, n, "#e6194b", n});
  std::string root_key =
      root["path"] && root["path"].IsScalar() ? root["path"].as<std::string>() : "";
  for (auto [key, split] :
       {std::pair{"train", Split::Train}, {"val", Split::Valid}, {"test", Split::Test}}) {
    if (!root[key] || !root[key].IsScalar()) continue;
    fs::path images = resolve_split(yaml.parent_path(), root[key].as<std::string>(), root_key);
    if (images.empty()) {
      d.issues.push_back({Issue::Severity::Warning, yaml.string(), key,
                          "folder '" + root[key].as<std::string>() + "' not found; split skipped"});
      continue;
    }
    fs::path labels = images.parent_path() / "labels";
    std::vector<fs::path> files;
    try {
      for (const auto& e : fs::directory_iterator(images))
        if (e.is_regular_file()) files.push_back(e.path());
    } catch (const fs::filesystem_error& e) {
      throw FormatError(yaml, key, "cannot list '" + images.string() + "': " + e.code().message());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::string why;
      auto probe = probe_image(read_file(f), &why);
      if (!probe) {
        d.issues.push_back(
            {Issue::Severity::Warning, f.string(), "", "not a photo (" + why + "); skipped"});
        continue;
      }
      DatasetImage img;
      img.file = f;
      img.original_name = f.filename().string();
      img.split = split;
      img.where = f.filename().string();
      fs::path lf = labels / (f.stem().string() + ".txt");
      std::error_code ec;
      if (fs::exists(lf, ec)) read_labels(d, img, lf, names, probe->width, probe->height);
      d.images.push_back(std::move(img));
    }
  }
  return d;
}

namespace {

void append_norm(std::string& out, double v, double size) {
  char buf[32];
  std::snprintf(buf, sizeof buf, " %.6f", size > 0 ? v / size : 0.0);
  out += buf;
}

std::string yaml_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

ExportReport export_yolo(Project& project, const fs::path& out, const ExportOptions& o) {
  ExportReport r;
  auto classes = project.classes();
  std::map<std::int64_t, int> index;
  for (std::size_t i = 0; i < classes.size(); ++i) index[classes[i].id] = static_cast<int>(i);
  auto photos = project.photos();
  auto names = unique_file_names(photos);
  std::map<std::int64_t, std::vector<Annotation>> by_photo;
  bool segment = false;
  for (Annotation& a : exportable_annotations(project)) {
    segment |= a.kind == ShapeKind::Polygon;
    by_photo[a.photo_id].push_back(std::move(a));
  }
  std::set<std::string> used_splits;
  for (std::size_t i = 0; i < photos.size(); ++i) {
    report_progress(o.progress, i, photos.size());
    const Photo& p = photos[i];
    if (!by_photo.count(p.id) && !p.confirmed_negative && p.status == PhotoStatus::Unlabeled)
      continue;
    std::string split = export_split_folder(p.split);
    used_splits.insert(split);
    fs::create_directories(out / split / "images");
    fs::create_directories(out / split / "labels");
    std::string txt;
    for (const Annotation& a : by_photo[p.id]) {
      txt += std::to_string(index.at(a.class_id));
      if (segment) {
        Ring ring = a.kind == ShapeKind::Box ? box_ring(a.bbox) : flatten_holes(a.rings);
        for (const Point& pt : ring)
          append_norm(txt, pt.x, p.width), append_norm(txt, pt.y, p.height);
      } else {
        append_norm(txt, a.bbox[0] + a.bbox[2] / 2, p.width);
        append_norm(txt, a.bbox[1] + a.bbox[3] / 2, p.height);
        append_norm(txt, a.bbox[2], p.width);
        append_norm(txt, a.bbox[3], p.height);
      }
      txt += '\n';
      ++r.annotations;
    }
    write_file_atomic(out / split / "labels" / (fs::path(names[i]).stem().string() + ".txt"), txt);
    if (o.copy_photos) copy_photo(project, p, out / split / "images" / names[i]);
    ++r.images;
  }
  report_progress(o.progress, photos.size(), photos.size());
  std::string yaml = "train: ../train/images\nval: ../valid/images\n";
  if (used_splits.count("test")) yaml += "test: ../test/images\n";
  yaml += "\nnc: " + std::to_string(classes.size()) + "\nnames: [";
  for (std::size_t i = 0; i < classes.size(); ++i)
    yaml += (i ? ", " : "") + yaml_quote(classes[i].name);
  yaml += "]\n";
  fs::create_directories(out);
  write_file_atomic(out / "data.yaml", yaml);
  return r;
}

}  // namespace sam3::project
