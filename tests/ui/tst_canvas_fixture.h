#pragma once
// Shared by the canvas tests: a project made through the core project API (photos written by
// core's image writer, classes and shapes added to the store directly), and a shown canvas on it.
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/image_io.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/shape_item.h"
#include "ui/project_document.h"

namespace canvas_test {

namespace proj = sam3::project;

// A photo of w x h pixels whose colour at (x, y) is pixel(x, y).
inline void writePhoto(const QString& file, int w, int h,
                       const std::function<QColor(int, int)>& pixel) {
  sam3::Image img;
  img.width = w;
  img.height = h;
  img.rgb.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const QColor c = pixel(x, y);
      auto* px = &img.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                           static_cast<std::size_t>(x)) *
                          3];
      px[0] = static_cast<std::uint8_t>(c.red());
      px[1] = static_cast<std::uint8_t>(c.green());
      px[2] = static_cast<std::uint8_t>(c.blue());
    }
  sam3::save_image(img, file.toStdString());
}

inline QColor grey(int, int) {
  return QColor(128, 128, 128);
}

struct Fixture {
  QTemporaryDir tmp;
  QString dir;
  std::vector<qint64> photos;  // in the order of `sizes`
  qint64 fuse = 0, bracket = 0;

  // Photos of the given sizes (PNG, filled by `pixel`), classes "fuse" (#e6194b) and "bracket".
  explicit Fixture(const std::vector<QSize>& sizes,
                   const std::function<QColor(int, int)>& pixel = grey) {
    dir = tmp.filePath(QStringLiteral("project"));
    QDir().mkpath(tmp.filePath(QStringLiteral("src")));
    std::vector<std::filesystem::path> files;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      const QString f = tmp.filePath(QStringLiteral("src/photo_%1.png").arg(i));
      writePhoto(f, sizes[i].width(), sizes[i].height(), pixel);
      files.emplace_back(f.toStdString());
    }
    auto p = proj::Project::create(dir.toStdString(), "canvas test");
    proj::import_photo_files(p, files);
    for (const auto& ph : p.photos()) photos.push_back(ph.id);
    fuse = p.add_class({0, "fuse", "#e6194b", "fuse cutout"});
    bracket = p.add_class({0, "bracket", "#3cb44b", "bracket"});
  }

  // Adds a polygon straight to the store (before the document opens it).
  qint64 addPolygon(qint64 photo, qint64 cls, std::vector<proj::Ring> rings) {
    auto p = proj::Project::open(dir.toStdString());
    proj::Annotation a;
    a.photo_id = photo;
    a.class_id = cls;
    a.rings = std::move(rings);
    return p.add_annotation(a);
  }
};

inline proj::Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

inline QPoint at(const sam3::ui::AnnotationCanvas& c, double x, double y) {
  return c.mapFromScene(QPointF(x, y));
}

// Shows `canvas` on `doc`'s photo at 1:1 (whole-pixel scene coordinates) once it has loaded.
inline bool showAtActualSize(sam3::ui::AnnotationCanvas& canvas, sam3::ui::ProjectDocument* doc,
                             qint64 photo, QSize size = {480, 360}) {
  canvas.setDocument(doc);
  canvas.resize(size);
  canvas.show();
  if (!QTest::qWaitForWindowExposed(&canvas)) return false;
  canvas.setPhoto(photo);
  if (!QTest::qWaitFor([&] { return canvas.isPhotoLoaded(); })) return false;
  canvas.zoomActualSize();
  canvas.centerOn(canvas.sceneRect().center());
  canvas.activateWindow();
  canvas.setFocus();
  return true;
}

}  // namespace canvas_test
