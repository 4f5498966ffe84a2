#include "core/project/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <nlohmann/json.hpp>

#include "core/project/geometry.h"
#include "core/project/interchange_util.h"

namespace sam3::project {
namespace fs = std::filesystem;

int ValidationReport::errors() const {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(), [](const Issue& i) {
    return i.severity == Issue::Severity::Error;
  }));
}

namespace {

using S = Issue::Severity;

void check_shape(ValidationReport& r, const Photo& p, const Annotation& a) {
  std::string where = "annotation " + std::to_string(a.id);
  auto add = [&](S s, const std::string& m) {
    r.problems.push_back({s, p.original_name, where, m});
  };
  if (a.kind == ShapeKind::Box) {
    if (a.bbox[2] <= 0 || a.bbox[3] <= 0) add(S::Error, "empty box");
    return;
  }
  if (a.rings.empty() || a.rings[0].size() < 3)
    return add(S::Error, "polygon with fewer than 3 points");
  if (polygon_area(a.rings) <= 0) add(S::Error, "empty polygon (zero area)");
  if (self_intersects(a.rings[0])) add(S::Warning, "polygon outline crosses itself");
  for (const Point& pt : a.rings[0])
    if (pt.x < 0 || pt.y < 0 || pt.x > p.width || pt.y > p.height) {
      add(S::Error, "polygon reaches outside the image");
      break;
    }
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void check_classes(ValidationReport& r) {
  std::map<std::string, std::string> prompts;
  for (const ClassStats& c : r.classes) {
    auto add = [&](S s, const std::string& m) {
      r.problems.push_back({s, "", "class " + c.name, m});
    };
    if (c.prompt.empty()) add(S::Error, "empty SAM3 prompt");
    if (roboflow_clean_name(c.name) != c.name || roboflow_clean_name(c.prompt) != c.prompt)
      add(S::Warning, "name or prompt carries a Roboflow suffix; SAM3 would see a nonsense word");
    if (c.annotations == 0) add(S::Warning, "class has no annotations");
    auto [it, fresh] = prompts.emplace(lower(c.prompt), c.name);
    if (!fresh)
      add(S::Error, "same prompt as class " + it->second + ": SAM3 cannot tell them apart");
  }
}

}  // namespace

ValidationReport validate_project(Project& project, bool check_files) {
  ValidationReport r;
  auto photos = project.photos();
  auto classes = project.classes();
  std::map<std::int64_t, std::vector<Annotation>> by_photo;
  for (Annotation& a : project.all_annotations()) by_photo[a.photo_id].push_back(std::move(a));
  std::map<std::int64_t, std::size_t> cls_index;
  for (const ClassInfo& c : classes) {
    cls_index[c.id] = r.classes.size();
    r.classes.push_back({c.name, c.prompt, 0, 0});
  }
  r.photos = static_cast<int>(photos.size());
  r.min_per_image = photos.empty() ? 0 : std::numeric_limits<int>::max();
  r.min_area = std::numeric_limits<double>::max();
  for (const Photo& p : photos) {
    ++r.photos_per_split[to_string(p.split)];
    r.confirmed_negatives += p.confirmed_negative;
    const auto& anns = by_photo[p.id];
    int n = static_cast<int>(anns.size());
    r.annotations += n;
    r.min_per_image = std::min(r.min_per_image, n), r.max_per_image = std::max(r.max_per_image, n);
    if (n == 0 && !p.confirmed_negative) r.images_without_annotations.push_back(p.original_name);
    if (n > 0 && p.confirmed_negative)
      r.problems.push_back({S::Error, p.original_name, "", "marked negative but has annotations"});
    if (check_files && !fs::exists(project.photo_path(p)))
      r.problems.push_back({S::Error, p.original_name, p.stored_name, "photo file missing"});
    std::set<std::int64_t> seen_classes;
    for (std::size_t i = 0; i < anns.size(); ++i) {
      const Annotation& a = anns[i];
      ClassStats& cs = r.classes[cls_index.at(a.class_id)];
      ++cs.annotations;
      if (seen_classes.insert(a.class_id).second) ++cs.photos;
      double area = a.area.value_or(0);
      r.min_area = std::min(r.min_area, area), r.max_area = std::max(r.max_area, area);
      check_shape(r, p, a);
      for (std::size_t k = 0; k < i; ++k)
        if (anns[k].class_id == a.class_id && anns[k].rings == a.rings && anns[k].bbox == a.bbox)
          r.problems.push_back({S::Warning, p.original_name, "annotation " + std::to_string(a.id),
                                "duplicate of annotation " + std::to_string(anns[k].id)});
    }
  }
  if (r.annotations == 0) r.min_area = 0;
  r.mean_per_image = photos.empty() ? 0 : double(r.annotations) / double(photos.size());
  check_classes(r);
  return r;
}

std::string to_json(const ValidationReport& r) {
  nlohmann::ordered_json j;
  j["photos"] = r.photos;
  j["annotations"] = r.annotations;
  j["photos_per_split"] = r.photos_per_split;
  j["classes"] = nlohmann::ordered_json::array();
  for (const ClassStats& c : r.classes)
    j["classes"].push_back({{"name", c.name},
                            {"prompt", c.prompt},
                            {"annotations", c.annotations},
                            {"photos", c.photos}});
  j["annotations_per_image"] = {
      {"min", r.min_per_image}, {"mean", r.mean_per_image}, {"max", r.max_per_image}};
  j["area"] = {{"min", r.min_area}, {"max", r.max_area}};
  j["confirmed_negatives"] = r.confirmed_negatives;
  j["images_without_annotations"] = r.images_without_annotations;
  j["problems"] = nlohmann::ordered_json::array();
  for (const Issue& i : r.problems)
    j["problems"].push_back({{"severity", to_string(i.severity)},
                             {"file", i.file},
                             {"where", i.where},
                             {"message", i.message}});
  j["errors"] = r.errors();
  return j.dump(2);
}

}  // namespace sam3::project
