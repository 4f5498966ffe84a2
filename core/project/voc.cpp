// Pascal VOC import and export: one XML per image, boxes only.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/project/interchange.h"
#include "core/project/interchange_util.h"
#include "core/project/json_util.h"
#include "core/project/xml_lite.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::project {
namespace fs = std::filesystem;

namespace {

double xml_number(const XmlNode* n, const fs::path& file, const std::string& what) {
  if (!n) throw FormatError(file, what, "missing <" + what + ">");
  char* end = nullptr;
  double v = std::strtod(n->text.c_str(), &end);
  if (n->text.empty() || *end != '\0')
    throw FormatError(file, "line " + std::to_string(n->line),
                      "<" + what + "> expected a number, got '" + n->text + "'");
  return v;
}

// A pixel size: a number in [0, 2^31 - 1], truncated to an int (casting a larger double to int
// would be undefined behaviour).
int xml_pixels(const XmlNode* n, const fs::path& file, const std::string& what) {
  const double v = xml_number(n, file, what);
  if (!(v >= 0.0 && v <= 2147483647.0))
    throw FormatError(file, "line " + std::to_string(n->line),
                      "<" + what + "> " + n->text + " is not a pixel size");
  return static_cast<int>(v);
}

void read_voc_file(Dataset& d, const fs::path& xml, Split split) {
  XmlNode root = parse_xml(read_file(xml), xml);
  if (root.name != "annotation")
    throw FormatError(xml, "line " + std::to_string(root.line),
                      "root element is <" + root.name + ">, expected <annotation>");
  const XmlNode* fname = root.child("filename");
  if (!fname || fname->text.empty()) throw FormatError(xml, "filename", "missing <filename>");
  if (std::string why = unsafe_name_reason(fname->text); !why.empty()) {
    d.issues.push_back({Issue::Severity::Error, xml.string(), "filename",
                        "file name '" + fname->text + "' " + why + "; image skipped"});
    return;
  }
  DatasetImage img;
  img.file = xml.parent_path() / fname->text;
  std::error_code ec;  // names the system refuses (too long) are just not there
  if (!fs::exists(img.file, ec) &&
      fs::exists(xml.parent_path().parent_path() / "JPEGImages" / fname->text, ec))
    img.file = xml.parent_path().parent_path() / "JPEGImages" / fname->text;
  img.original_name = fs::path(fname->text).filename().string();
  img.split = split;
  img.where = xml.filename().string();
  if (const XmlNode* size = root.child("size")) {
    img.width = xml_pixels(size->child("width"), xml, "width");
    img.height = xml_pixels(size->child("height"), xml, "height");
  }
  int k = 0;
  for (const XmlNode* obj : root.all("object")) {
    std::string where =
        "object[" + std::to_string(k++) + "] (line " + std::to_string(obj->line) + ")";
    const XmlNode* name = obj->child("name");
    const XmlNode* box = obj->child("bndbox");
    if (!name || name->text.empty() || !box)
      throw FormatError(xml, where, "object needs <name> and <bndbox>");
    double x0 = xml_number(box->child("xmin"), xml, "xmin");
    double y0 = xml_number(box->child("ymin"), xml, "ymin");
    double x1 = xml_number(box->child("xmax"), xml, "xmax");
    double y1 = xml_number(box->child("ymax"), xml, "ymax");
    Annotation a;
    a.kind = ShapeKind::Box;
    a.bbox = {x0, y0, x1 - x0, y1 - y0};
    for (const char* attr : {"pose", "truncated", "difficult", "occluded"})
      if (const XmlNode* n = obj->child(attr);
          n && !n->text.empty() && n->text != "0" && n->text != "Unspecified")
        a.attributes[attr] = n->text;
    if (std::none_of(d.classes.begin(), d.classes.end(),
                     [&](const ClassInfo& c) { return c.name == name->text; }))
      d.classes.push_back({0, name->text, "#e6194b", name->text});
    img.shapes.push_back({name->text, std::move(a), where});
  }
  d.images.push_back(std::move(img));
}

std::vector<fs::path> xml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Dataset parse_voc(const fs::path& dir) {
  Dataset d;
  d.format = "voc";
  d.source = dir;
  for (const fs::path& x : xml_files(dir))
    read_voc_file(d, x, split_from_folder(dir.filename().string()));
  for (const fs::path& sub : split_folders(dir))
    for (const fs::path& x : xml_files(sub))
      read_voc_file(d, x, split_from_folder(sub.filename().string()));
  return d;
}

ExportReport export_voc(Project& project, const fs::path& out, const ExportOptions& o) {
  ExportReport r;
  std::map<std::int64_t, std::string> class_name;
  for (const ClassInfo& c : project.classes()) class_name[c.id] = c.name;
  std::map<std::int64_t, std::vector<Annotation>> by_photo;
  for (Annotation& a : exportable_annotations(project))
    by_photo[a.photo_id].push_back(std::move(a));
  auto photos = project.photos();
  auto names = unique_file_names(photos);
  for (std::size_t i = 0; i < photos.size(); ++i) {
    report_progress(o.progress, i, photos.size());
    const Photo& p = photos[i];
    if (!by_photo.count(p.id) && !p.confirmed_negative && p.status == PhotoStatus::Unlabeled)
      continue;
    fs::path dir = out / export_split_folder(p.split);
    fs::create_directories(dir);
    std::string x = "<annotation>\n\t<folder>" + std::string(export_split_folder(p.split)) +
                    "</folder>\n\t<filename>" + xml_escape(names[i]) + "</filename>\n\t<path>" +
                    xml_escape(names[i]) +
                    "</path>\n\t<source>\n\t\t<database>SAM3 Studio</database>"
                    "\n\t</source>\n\t<size>\n\t\t<width>" +
                    std::to_string(p.width) + "</width>\n\t\t<height>" + std::to_string(p.height) +
                    "</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>0</segmented>\n";
    for (const Annotation& a : by_photo[p.id]) {
      auto num = [](double v) {
        std::string s;
        append_number(s, v);
        return s;
      };
      auto attr = [&](const char* k, const char* dflt) {
        auto it = a.attributes.find(k);
        return it == a.attributes.end() ? std::string(dflt) : xml_escape(it->second);
      };
      x += "\t<object>\n\t\t<name>" + xml_escape(class_name[a.class_id]) + "</name>\n\t\t<pose>" +
           attr("pose", "Unspecified") + "</pose>\n\t\t<truncated>" + attr("truncated", "0") +
           "</truncated>\n\t\t<difficult>" + attr("difficult", "0") +
           "</difficult>\n\t\t<occluded>" + attr("occluded", "0") +
           "</occluded>\n\t\t<bndbox>\n\t\t\t<xmin>" + num(a.bbox[0]) + "</xmin>\n\t\t\t<xmax>" +
           num(a.bbox[0] + a.bbox[2]) + "</xmax>\n\t\t\t<ymin>" + num(a.bbox[1]) +
           "</ymin>\n\t\t\t<ymax>" + num(a.bbox[1] + a.bbox[3]) +
           "</ymax>\n\t\t</bndbox>\n\t</object>\n";
      ++r.annotations;
      if (a.kind == ShapeKind::Polygon && r.issues.empty())
        r.issues.push_back({Issue::Severity::Info, "", "",
                            "VOC holds boxes only: polygons were "
                            "exported as their bounding boxes"});
    }
    x += "</annotation>\n";
    write_file_atomic(dir / (fs::path(names[i]).stem().string() + ".xml"), x);
    if (o.copy_photos) copy_photo(project, p, dir / names[i]);
    ++r.images;
  }
  report_progress(o.progress, photos.size(), photos.size());
  return r;
}

}  // namespace sam3::project
