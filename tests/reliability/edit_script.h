#pragma once
// The edits of the crash-safety harness: edit i is a fixed sequence of the project-store calls the
// annotation workspace makes (ui/project_document.cpp and ui/commands/*), so that the child can
// apply it and the parent can check, after a SIGKILL, that every edit reported committed is in the
// store. An edit may be applied twice (committed, then killed before it was reported, then redone
// by the next child); every check below accepts that.
//
// Edit i, by i % 5:
//   0  draw a polygon tagged edit=i on photo (i / 5) % photos; an unlabelled photo becomes
//      "in progress" (AddAnnotationCommand + the status command of the same undo step)
//   1  append "i;" to the note of photo i % photos (SetPhotoFieldCommand)
//   2  move the first vertex of edit i-2's polygon to x = 100 + i and set checked=i
//      (EditGeometryCommand, SetAttributesCommand)
//   3  add class "tmp<i>" with one shape in one transaction, then delete the class with its shapes
//      in one transaction (undo of DeleteClassCommand, then the command again)
//   4  set the prompt of the first class to "prompt <i>" (EditClassCommand)
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "core/project/project.h"
#include "core/util/errors.h"

namespace sam3::reliability {

inline constexpr int kEditPhotos = 4;

inline std::string dataset_name(int i) {
  return "dataset_" + std::to_string(i);
}
inline std::string export_name(int i) {
  return "export_" + std::to_string(i);
}

inline project::Annotation edit_triangle(std::int64_t photo, std::int64_t cls, int i) {
  project::Annotation a;
  a.photo_id = photo;
  a.class_id = cls;
  a.kind = project::ShapeKind::Polygon;
  const double x = 5 + i % 40;
  a.rings = {{{x, 5}, {x + 20, 8}, {x + 6, 30}}};
  a.attributes = {{"edit", std::to_string(i)}};
  return a;
}

inline std::optional<project::Annotation> shape_of_edit(const project::Project& p, int edit) {
  for (const auto& a : p.all_annotations()) {
    const auto it = a.attributes.find("edit");
    if (it != a.attributes.end() && it->second == std::to_string(edit)) return a;
  }
  return std::nullopt;
}

inline void apply_edit(project::Project& p, int i) {
  const auto photos = p.photos();
  const std::int64_t cls = p.classes().front().id;
  switch (i % 5) {
    case 0: {
      const project::Photo& photo = photos[static_cast<std::size_t>((i / 5) % kEditPhotos)];
      p.add_annotation(edit_triangle(photo.id, cls, i));
      if (photo.status == project::PhotoStatus::Unlabeled) {
        project::Photo changed = photo;
        changed.status = project::PhotoStatus::InProgress;
        p.update_photo(changed);
      }
      break;
    }
    case 1: {
      project::Photo photo = photos[static_cast<std::size_t>(i % kEditPhotos)];
      photo.note += std::to_string(i) + ";";
      p.update_photo(photo);
      break;
    }
    case 2: {
      auto a = shape_of_edit(p, i - 2);
      if (!a) throw InvalidInput("edit " + std::to_string(i) + ": shape of edit i-2 missing");
      a->rings[0][0].x = 100 + i;
      a->area.reset();  // recomputed, as after a geometry edit
      p.update_annotation(*a);
      a = shape_of_edit(p, i - 2);
      a->attributes["checked"] = std::to_string(i);
      p.update_annotation(*a);
      break;
    }
    case 3: {
      const std::string name = "tmp" + std::to_string(i);
      std::int64_t tmp = 0;
      if (const auto c = p.class_by_name(name)) {
        tmp = c->id;  // added by a child killed before it could delete it
      } else {
        p.batch([&] {
          tmp = p.add_class({0, name, "#00ff00", ""});
          p.add_annotation(edit_triangle(photos.front().id, tmp, i));
        });
      }
      p.batch([&] {
        for (const auto& a : p.class_annotations(tmp)) p.remove_annotation(a.id);
        p.remove_class(tmp);
      });
      break;
    }
    default: {
      project::ClassInfo c = p.classes().front();
      c.prompt = "prompt " + std::to_string(i);
      p.update_class(c);
      break;
    }
  }
}

}  // namespace sam3::reliability
