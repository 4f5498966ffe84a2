// Training samples from a project store (see project_source.h).
#include "core/train/project_source.h"

#include <algorithm>
#include <map>

#include "core/project/project.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

bool labelled(const project::Photo& p, bool has_annotation) {
  return has_annotation || p.confirmed_negative || p.status == project::PhotoStatus::Done ||
         p.status == project::PhotoStatus::Reviewed;
}

SourceAnnotation to_source(const project::Annotation& a, int class_index) {
  SourceAnnotation s;
  s.class_index = class_index;
  s.box = {a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]};
  if (a.kind == project::ShapeKind::Polygon && !a.rings.empty() && a.rings[0].size() >= 3) {
    std::vector<double> flat;
    for (const auto& pt : a.rings[0]) {
      flat.push_back(pt.x);
      flat.push_back(pt.y);
    }
    s.polygons.push_back(std::move(flat));
  }
  return s;
}

}  // namespace

ProjectSource::ProjectSource(const std::filesystem::path& dir, const std::string& train_split,
                             const std::string& valid_split, PhotoDecoder decoder)
    : decoder_(std::move(decoder)) {
  if (!decoder_) throw InvalidInput("project source: no photo decoder");
  const project::Split want_train = project::split_from_string(train_split);
  const project::Split want_valid = project::split_from_string(valid_split);
  if (want_train == project::Split::None || want_valid == project::Split::None)
    throw InvalidInput("project source: the train and valid splits must be named splits, got '" +
                       train_split + "' and '" + valid_split + "'");
  const project::Project store = project::Project::open(dir);
  std::map<std::int64_t, int> class_index;
  for (const auto& c : store.classes()) {
    class_index[c.id] = static_cast<int>(names_.size());
    names_.push_back(c.name);
    prompts_.push_back(c.prompt.empty() ? c.name : c.prompt);
  }
  if (names_.empty())
    throw InvalidInput("project " + dir.string() + " has no class to train (add a class first)");
  std::map<std::int64_t, std::vector<SourceAnnotation>> by_photo;
  for (const auto& a : store.all_annotations()) {
    if (a.source == project::Source::Model) continue;  // unreviewed detections
    by_photo[a.photo_id].push_back(to_source(a, class_index.at(a.class_id)));
  }
  for (const auto& p : store.photos()) {
    if (p.split != want_train && p.split != want_valid) continue;
    const bool is_train = p.split == want_train;
    const auto it = by_photo.find(p.id);
    if (!labelled(p, it != by_photo.end())) {
      ++(is_train ? train_unlabelled_ : valid_unlabelled_);
      continue;
    }
    Entry e;
    e.photo.key = p.stored_name;
    e.photo.width = p.width;
    e.photo.height = p.height;
    if (it != by_photo.end()) e.photo.annotations = it->second;
    e.file = store.photo_path(p);
    (is_train ? train_ : valid_).push_back(std::move(e));
  }
  description_ = "project " + dir.string() + " (" + store.meta("name", "unnamed") + "), splits " +
                 train_split + " (" + std::to_string(train_.size()) + " photos) / " + valid_split +
                 " (" + std::to_string(valid_.size()) + " photos)";
}

const std::vector<ProjectSource::Entry>& ProjectSource::entries(Split split) const {
  return split == Split::Train ? train_ : valid_;
}

std::vector<SourcePhoto> ProjectSource::photos(Split split) const {
  std::vector<SourcePhoto> out;
  for (const auto& e : entries(split)) out.push_back(e.photo);
  return out;
}

std::size_t ProjectSource::unlabelled_photos(Split split) const {
  return split == Split::Train ? train_unlabelled_ : valid_unlabelled_;
}

Image ProjectSource::decode(Split split, std::size_t index) const {
  const auto& list = entries(split);
  if (index >= list.size())
    throw InvalidInput("project source: photo " + std::to_string(index) + " of the " +
                       to_string(split) + " split does not exist (" + std::to_string(list.size()) +
                       " photos)");
  const Entry& e = list[index];
  Image image = decoder_(e.file);
  if (image.width != e.photo.width || image.height != e.photo.height)
    throw FormatError(e.file, "training photo",
                      "decoded " + std::to_string(image.width) + "x" +
                          std::to_string(image.height) + ", the project records " +
                          std::to_string(e.photo.width) + "x" + std::to_string(e.photo.height));
  return image;
}

}  // namespace sam3::train
