#pragma once
// Projects for the ui tests, made through the core project API with photos written by core's
// image writer (never by the code under test).
#include <QDir>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/image_io.h"

namespace sam3::ui::testing {

// A `width` x `height` photo: a gradient with a dark block whose place depends on `seed`.
inline void writePhoto(const QString& file, int seed, int width = 320, int height = 240) {
  sam3::Image img;
  img.width = width;
  img.height = height;
  img.rgb.resize(static_cast<std::size_t>(width * height * 3));
  const int bx = (seed * 37) % std::max(1, width - 40);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const bool block = x >= bx && x < bx + 40 && y > height / 4 && y < height * 3 / 4;
      auto* px = &img.rgb[static_cast<std::size_t>((y * width + x) * 3)];
      px[0] = static_cast<std::uint8_t>(block ? 30 : (100 + x + seed * 13) % 256);
      px[1] = static_cast<std::uint8_t>(block ? 30 : (60 + y) % 256);
      px[2] = static_cast<std::uint8_t>(block ? 40 : (140 + seed * 29) % 256);
    }
  sam3::save_image(img, file.toStdString());
}

// Creates a project in `dir` with one imported photo per name (written to `sourceDir` first).
inline sam3::project::Project makeProject(const QString& dir, const QString& sourceDir,
                                          const QStringList& names) {
  QDir().mkpath(sourceDir);
  std::vector<std::filesystem::path> files;
  int seed = 0;
  for (const QString& name : names) {
    const QString file = QDir(sourceDir).filePath(name);
    writePhoto(file, seed++);
    files.emplace_back(file.toStdString());
  }
  auto p = sam3::project::Project::create(dir.toStdString(), "ui test");
  sam3::project::import_photo_files(p, files);
  return p;
}

inline sam3::project::Annotation triangle(std::int64_t photo, std::int64_t cls, double x = 10) {
  sam3::project::Annotation a;
  a.photo_id = photo;
  a.class_id = cls;
  a.rings = {{{x, 10}, {x + 40, 10}, {x + 20, 50}}};
  return a;
}

}  // namespace sam3::ui::testing
