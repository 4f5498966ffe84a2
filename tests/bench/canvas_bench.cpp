// Canvas frame time while panning a 12 MP photo with 300 polygons, offscreen.
// Builds a project in a temporary folder (a 4000 x 3000 textured JPEG, 300 polygons of 24-64
// vertices, every fifth with a hole), shows it in the real AnnotationCanvas and, per pan step,
// scrolls the view and renders the whole viewport into a QImage ("full": the worst case), and
// again repainting the window as a screen would ("scrolled": the view moves its pixels and paints
// only the strip that came in). Reports median and p95 per
// zoom, in wall time and in CPU time of the GUI thread and of all threads (a busy machine
// inflates CPU time less than wall time).
// Not run by CTest. Usage: canvas_bench [--steps N] [--view WxH] [--no-shapes] [--grab DIR]
// (--grab: a PNG of the view at each zoom, to look at).
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTemporaryDir>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/photo_item.h"
#include "ui/project_document.h"

namespace proj = sam3::project;
using sam3::ui::AnnotationCanvas;

namespace {

constexpr int kPhotoW = 4000, kPhotoH = 3000, kPolygons = 300;

QImage makePhoto() {
  QImage img(kPhotoW, kPhotoH, QImage::Format_RGB32);
  QRandomGenerator rng(7);
  for (int y = 0; y < kPhotoH; ++y) {
    auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
    for (int x = 0; x < kPhotoW; ++x) {
      const int n = static_cast<int>(rng.bounded(24));
      line[x] = qRgb((x / 16 + n) % 256, (y / 12 + n) % 256, ((x ^ y) / 32 + n) % 256);
    }
  }
  return img;
}

proj::Ring blob(QRandomGenerator& rng, double cx, double cy, double r, int n) {
  proj::Ring ring;
  for (int i = 0; i < n; ++i) {
    const double a = 2 * std::numbers::pi * i / n;
    const double rr = r * (0.75 + 0.25 * rng.generateDouble());
    ring.push_back({std::clamp(cx + rr * std::cos(a), 0.0, double(kPhotoW)),
                    std::clamp(cy + rr * std::sin(a), 0.0, double(kPhotoH))});
  }
  return ring;
}

void makeProject(const QString& dir, const QString& photoFile, int polygons) {
  auto p = proj::Project::create(dir.toStdString(), "canvas bench");
  proj::import_photo_files(p, {photoFile.toStdString()});
  const auto photo = p.photos().at(0).id;
  const std::int64_t classes[] = {p.add_class({0, "fuse", "#e6194b", ""}),
                                  p.add_class({0, "bracket", "#3cb44b", ""}),
                                  p.add_class({0, "screw", "#4363d8", ""})};
  QRandomGenerator rng(11);
  for (int i = 0; i < polygons; ++i) {
    proj::Annotation a;
    a.photo_id = photo;
    a.class_id = classes[i % 3];
    const double r = 40 + rng.bounded(110);
    const double cx = r + rng.bounded(kPhotoW - 2 * r), cy = r + rng.bounded(kPhotoH - 2 * r);
    a.rings = {blob(rng, cx, cy, r, 24 + static_cast<int>(rng.bounded(41)))};
    if (i % 5 == 0) a.rings.push_back(blob(rng, cx, cy, r * 0.35, 12));
    p.add_annotation(a);
  }
}

double cpuMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Frames {
  // ms per frame: wall clock, CPU time of the GUI thread, CPU time of all threads (Qt's raster
  // engine hands large fills to its thread pool).
  std::vector<double> wall, cpu, allCpu;
};

struct Stats {
  double median = 0, p95 = 0;
};

Stats stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
  return {at(0.5), at(0.95)};
}

// Pans by `stepPx` screen pixels per frame (bouncing between the scroll ends, diagonally) and
// renders the viewport after each step.
// fullFrame: renders the whole viewport into a QImage after each step; else repaints the window
// as the screen would (the view scrolls its pixels and paints only the strip that came in).
Frames pan(AnnotationCanvas& canvas, int steps, int stepPx, bool fullFrame) {
  QImage frame(canvas.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
  QScrollBar* h = canvas.horizontalScrollBar();
  QScrollBar* v = canvas.verticalScrollBar();
  int dx = stepPx, dy = stepPx / 2;
  Frames out;
  for (int i = 0; i < steps; ++i) {
    if (h->value() + dx > h->maximum() || h->value() + dx < h->minimum()) dx = -dx;
    if (v->value() + dy > v->maximum() || v->value() + dy < v->minimum()) dy = -dy;
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuMs(CLOCK_THREAD_CPUTIME_ID), all0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
    h->setValue(h->value() + dx);
    v->setValue(v->value() + dy);
    if (fullFrame) {
      QPainter painter(&frame);
      canvas.viewport()->render(&painter);
    } else {
      // The pending update: the view has scrolled its pixels and marked only the new strip dirty.
      QCoreApplication::processEvents();
    }
    out.cpu.push_back(cpuMs(CLOCK_THREAD_CPUTIME_ID) - cpu0);
    out.allCpu.push_back(cpuMs(CLOCK_PROCESS_CPUTIME_ID) - all0);
    out.wall.push_back(t.nsecsElapsed() / 1e6);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  int steps = 300;
  bool shapes = true;
  QString grabDir;
  QSize view(1600, 1000);
  const QStringList args = app.arguments();
  shapes = !args.contains(QStringLiteral("--no-shapes"));
  for (int i = 1; i + 1 < args.size(); ++i) {
    if (args[i] == QLatin1String("--steps")) steps = std::max(10, args[i + 1].toInt());
    if (args[i] == QLatin1String("--grab")) grabDir = args[i + 1];
    if (args[i] == QLatin1String("--view")) {
      const auto wh = args[i + 1].split(QLatin1Char('x'));
      if (wh.size() == 2) view = QSize(wh[0].toInt(), wh[1].toInt());
    }
  }
  QTemporaryDir tmp;
  const QString photoFile = tmp.filePath(QStringLiteral("panel.jpg"));
  if (!makePhoto().save(photoFile, "JPG", 90)) {
    std::fprintf(stderr, "cannot write %s\n", qPrintable(photoFile));
    return 1;
  }
  const QString dir = tmp.filePath(QStringLiteral("project"));
  makeProject(dir, photoFile, shapes ? kPolygons : 0);
  auto doc = sam3::ui::ProjectDocument::open(dir);
  AnnotationCanvas canvas;
  canvas.setDocument(doc.get());
  canvas.resize(view);
  canvas.show();
  QElapsedTimer load;
  load.start();
  canvas.setPhoto(doc->photos().front().id);
  while (!canvas.isPhotoLoaded()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  const double shownMs = load.nsecsElapsed() / 1e6;
  while (canvas.photoItem()->levelCount() < 2)
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  const double pyramidMs = load.nsecsElapsed() / 1e6;
  std::printf("canvas_bench: %dx%d photo, %d polygons, viewport %dx%d, %d pan steps per zoom\n",
              kPhotoW, kPhotoH, shapes ? kPolygons : 0, view.width(), view.height(), steps);
  std::printf(
      "photo shown after %.0f ms (decode on the loader thread), pyramid (%d levels) after "
      "%.0f ms\n",
      shownMs, canvas.photoItem()->levelCount(), pyramidMs);
  std::printf("%-24s %-9s %12s %12s %12s %12s %12s\n", "zoom (screen/photo px)", "frame",
              "wall median", "wall p95", "GUI cpu med", "GUI cpu p95", "all cpu med");
  struct Case {
    const char* name;
    double zoom;  // 0: fit
    int stepPx;
  } cases[] = {{"fit", 0, 0}, {"0.5", 0.5, 24}, {"1:1", 1, 24}, {"4:1", 4, 24}};
  for (const Case& c : cases) {
    canvas.zoomToFit();
    if (c.zoom > 0) canvas.zoomBy(c.zoom / canvas.zoom());
    canvas.centerOn(canvas.sceneRect().center());
    const QString name = c.zoom > 0 ? QString::fromLatin1(c.name)
                                    : QStringLiteral("fit %1").arg(canvas.zoom(), 0, 'f', 3);
    for (const bool full : {true, false}) {
      if (!full && c.stepPx == 0) continue;  // nothing scrolls at fit
      pan(canvas, 10, c.stepPx, full);       // warm-up
      const Frames f = pan(canvas, steps, c.stepPx, full);
      const Stats wall = stats(f.wall), cpu = stats(f.cpu), all = stats(f.allCpu);
      std::printf("%-24s %-9s %12.2f %12.2f %12.2f %12.2f %12.2f\n", qPrintable(name),
                  full ? "full" : "scrolled", wall.median, wall.p95, cpu.median, cpu.p95,
                  all.median);
    }
    if (!grabDir.isEmpty())
      canvas.viewport()->grab().save(QStringLiteral("%1/canvas_bench_%2.png")
                                         .arg(grabDir, QString::number(canvas.zoom(), 'f', 2)));
  }
  return 0;
}
