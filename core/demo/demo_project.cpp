#include "core/demo/demo_project.h"

#include <array>
#include <cstdio>
#include <system_error>
#include <vector>

#include "core/project/interchange.h"
#include "core/project/project.h"
#include "core/train/synthetic_data.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "core/util/image_io.h"

namespace sam3::demo {
namespace fs = std::filesystem;

namespace {

// Distinct class colours (the first two of the palette the classes panel uses for new classes).
constexpr std::array<const char*, 2> kClassColors{"#e6194b", "#3cb44b"};

project::Split split_of(int index) {
  // 7 of every 10 photos train, 2 valid, 1 test: every split holds photos from 10 photos on.
  const int k = index % 10;
  if (k < 7) return project::Split::Train;
  return k < 9 ? project::Split::Valid : project::Split::Test;
}

project::DatasetShape shape_of(const train::SyntheticObject& o, const std::string& class_name,
                               int object_index) {
  project::DatasetShape s;
  s.class_name = class_name;
  s.where = "object " + std::to_string(object_index);
  s.annotation.kind = project::ShapeKind::Polygon;
  for (const auto& flat : o.polygons) {
    project::Ring ring;
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) ring.push_back({flat[i], flat[i + 1]});
    s.annotation.rings.push_back(std::move(ring));
  }
  return s;
}

// Generates the photos as PNG files under `photo_dir` and describes them as a Dataset.
project::Dataset generate(const DemoOptions& o, const fs::path& photo_dir,
                          const DemoProgress& progress, DemoReport& report) {
  train::SyntheticOptions so;
  so.seed = o.seed;
  so.num_photos = o.num_photos;
  so.width = o.width;
  so.height = o.height;
  so.num_classes = o.num_classes;
  so.max_objects = o.max_objects;
  so.negative_fraction = o.negative_fraction;
  project::Dataset data;
  data.format = "demo";
  data.source = photo_dir;
  for (std::size_t c = 0; c < train::synthetic_class_names(o.num_classes).size(); ++c) {
    const std::string name = train::synthetic_class_names(o.num_classes)[c];
    data.classes.push_back({0, name, kClassColors[c % kClassColors.size()], name});
  }
  fs::create_directories(photo_dir);
  for (int i = 0; i < o.num_photos; ++i) {
    const train::SyntheticPhoto photo = train::generate_synthetic_photo(so, i);
    char name[32];
    std::snprintf(name, sizeof name, "panel_%03d.png", i + 1);
    save_image(photo.image, photo_dir / name);
    project::DatasetImage img;
    img.file = photo_dir / name;
    img.original_name = name;
    img.where = name;
    img.width = photo.image.width;
    img.height = photo.image.height;
    img.split = split_of(i);
    img.labelled = true;  // every object is labelled: a photo without one is a negative
    for (std::size_t k = 0; k < photo.objects.size(); ++k) {
      const auto& obj = photo.objects[k];
      img.shapes.push_back(shape_of(obj, data.classes.at(obj.class_index).name, int(k)));
    }
    report.annotations += int(img.shapes.size());
    report.negatives += img.shapes.empty() ? 1 : 0;
    data.images.push_back(std::move(img));
    if (progress && !progress(i + 1, o.num_photos)) throw Cancelled();
  }
  report.photos = o.num_photos;
  report.classes = int(data.classes.size());
  return data;
}

void check_options(const DemoOptions& o) {
  if (o.num_photos < 1 || o.num_photos > 10000)
    throw InvalidInput("demo project: photos must be 1..10000, got " +
                       std::to_string(o.num_photos));
  if (o.width < 64 || o.height < 64 || o.width > 8192 || o.height > 8192)
    throw InvalidInput("demo project: photo size must be 64..8192 pixels per side, got " +
                       std::to_string(o.width) + "x" + std::to_string(o.height));
  if (o.name.empty()) throw InvalidInput("demo project: the name must not be empty");
}

}  // namespace

DemoReport create_demo_project(const fs::path& dir, const DemoOptions& options,
                               const DemoProgress& progress) {
  check_options(options);
  if (dir.empty()) throw InvalidInput("demo project: no folder given");
  std::error_code ec;
  if (fs::exists(dir, ec))
    throw InvalidInput("demo project: " + dir.string() + " exists already (choose a new folder)");
  const fs::path target = fs::absolute(dir);
  const fs::path staging = target.parent_path() / (target.filename().string() + ".demo-partial");
  remove_tree(staging);  // what an interrupted earlier attempt left
  DemoReport report;
  try {
    fs::create_directories(staging);
    project::Dataset data = generate(options, staging / "generated", progress, report);
    {
      project::Project store = project::Project::create(staging, options.name);
      store.set_meta("demo.seed", std::to_string(options.seed));
      const std::vector<project::ClassInfo> classes = data.classes;
      const project::ImportReport imported = project::commit_dataset(store, std::move(data));
      if (imported.photos_added != report.photos ||
          imported.annotations_added != report.annotations)
        throw IoError(staging, "demo project: the store kept " +
                                   std::to_string(imported.photos_added) + " photos and " +
                                   std::to_string(imported.annotations_added) + " annotations of " +
                                   std::to_string(report.photos) + " and " +
                                   std::to_string(report.annotations));
      // The importer gives new classes the default colour; the demo's are distinct.
      for (project::ClassInfo c : store.classes()) {
        for (std::size_t k = 0; k < classes.size(); ++k)
          if (classes[k].name == c.name) c.color = classes[k].color;
        store.update_class(c);
      }
    }  // closed: the database is complete on disk before the rename
    remove_tree(staging / "generated");
    fs::rename(staging, target, ec);
    if (ec)
      throw IoError(target, "demo project: cannot move the finished project here: " + ec.message());
  } catch (...) {
    try {
      remove_tree(staging);
    } catch (const Error&) {
      // The first failure is the one to report; a leftover staging folder is removed next time.
    }
    throw;
  }
  report.dir = target;
  return report;
}

}  // namespace sam3::demo
