// Canvas frame time while panning a 12 MP photo with 300 polygons, offscreen.
// Builds a project in a temporary folder (a 4000 x 3000 textured JPEG, 300 polygons of 24-64
// vertices, every fifth with a hole), shows it in the real AnnotationCanvas and, per pan step,
// scrolls the view and then draws the frame in one of three ways:
//  - "full": renders the whole viewport into a QImage (QWidget::render, the worst case);
//  - "scrolled": lets the window repaint as a screen would: the view moves its pixels and the
//    pending update paints only the strip that came in (QGraphicsView's scrolling);
//  - "repaint": marks the whole viewport dirty and lets the window repaint it through the same
//    path as "scrolled" (paint event, backing store, flush): a full frame as the screen gets it;
//  - "zoom": instead of panning, zooms in and out by 10% (a wheel step) and repaints: every
//    shape's bounds and every cached picture are made again for the new zoom.
// At fit nothing can scroll, so "full" and "repaint" redraw the same view each step.
// Each frame counts the viewport's paint events and the area they covered (so a frame that
// painted nothing cannot pass for a fast one). Reports median and p95 per zoom, in wall time and
// in CPU time of the GUI thread and of all threads (a busy machine inflates CPU time less than
// wall time), and the load average when it ran.
// Not run by CTest. Usage: canvas_bench [--steps N] [--view WxH] [--no-shapes] [--no-cache]
// [--grab DIR] (--no-cache: the photo and shape items without their device-pixel caches, to
// compare; --grab: a PNG of the view at each zoom, to look at).
#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QPaintEvent>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QThread>

#include <stdlib.h>
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
  long paints = 0;       // paint events the viewport received
  double paintedPx = 0;  // pixels those events covered
};

// Counts the viewport's paint events and the pixels they cover.
class PaintCounter : public QObject {
 public:
  long paints = 0;
  double pixels = 0;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Paint) {
      ++paints;
      for (const QRect& r : static_cast<QPaintEvent*>(event)->region())
        pixels += double(r.width()) * r.height();
    }
    return QObject::eventFilter(watched, event);
  }
};

enum class Mode { Full, Scrolled, Repaint, Zoom };
const char* modeName(Mode m) {
  switch (m) {
    case Mode::Full:
      return "full";
    case Mode::Scrolled:
      return "scrolled";
    case Mode::Repaint:
      return "repaint";
    case Mode::Zoom:
      break;
  }
  return "zoom";
}

double loadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

struct Stats {
  double median = 0, p95 = 0;
};

Stats stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
  return {at(0.5), at(0.95)};
}

// Pans by `stepPx` screen pixels per frame (bouncing between the scroll ends, diagonally) and
// draws the frame after each step as `mode` says (see the top of the file).
Frames pan(AnnotationCanvas& canvas, PaintCounter& counter, int steps, int stepPx, Mode mode) {
  QImage frame(canvas.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
  QScrollBar* h = canvas.horizontalScrollBar();
  QScrollBar* v = canvas.verticalScrollBar();
  int dx = stepPx, dy = stepPx / 2;
  Frames out;
  QCoreApplication::processEvents();  // nothing pending from before
  const long paints0 = counter.paints;
  const double pixels0 = counter.pixels;
  for (int i = 0; i < steps; ++i) {
    if (h->value() + dx > h->maximum() || h->value() + dx < h->minimum()) dx = -dx;
    if (v->value() + dy > v->maximum() || v->value() + dy < v->minimum()) dy = -dy;
    QElapsedTimer t;
    t.start();
    const double cpu0 = cpuMs(CLOCK_THREAD_CPUTIME_ID), all0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
    if (mode == Mode::Zoom) {
      canvas.zoomBy(i % 2 ? 1 / 1.1 : 1.1);  // in and out around the zoom of the case
    } else {
      h->setValue(h->value() + dx);
      v->setValue(v->value() + dy);
    }
    if (mode == Mode::Full) {
      QPainter painter(&frame);
      canvas.viewport()->render(&painter);
    } else {
      if (mode == Mode::Repaint) canvas.viewport()->update();
      // The pending update: scrolled, the view has moved its pixels and marked only the new
      // strip dirty; repaint and zoom, the whole viewport is dirty.
      QCoreApplication::processEvents();
    }
    out.cpu.push_back(cpuMs(CLOCK_THREAD_CPUTIME_ID) - cpu0);
    out.allCpu.push_back(cpuMs(CLOCK_PROCESS_CPUTIME_ID) - all0);
    out.wall.push_back(t.nsecsElapsed() / 1e6);
  }
  out.paints = counter.paints - paints0;
  out.paintedPx = counter.pixels - pixels0;
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
  const bool noCache = args.contains(QStringLiteral("--no-cache"));
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
  std::printf("item caches: %s\n", noCache ? "off (--no-cache)" : "as the canvas sets them");
  PaintCounter counter;
  canvas.viewport()->installEventFilter(&counter);
  std::printf("load average (1 min) at the start: %.1f on %d cores\n", loadAverage(),
              QThread::idealThreadCount());
  std::printf("%-24s %-9s %12s %12s %12s %12s %12s %14s\n", "zoom (screen/photo px)", "frame",
              "wall median", "wall p95", "GUI cpu med", "GUI cpu p95", "all cpu med",
              "painted/frame");
  struct Case {
    const char* name;
    double zoom;  // 0: fit
    int stepPx;
  } cases[] = {{"fit", 0, 0}, {"0.5", 0.5, 24}, {"1:1", 1, 24}, {"4:1", 4, 24}};
  for (const Case& c : cases) {
    canvas.zoomToFit();
    if (c.zoom > 0) canvas.zoomBy(c.zoom / canvas.zoom());
    canvas.centerOn(canvas.sceneRect().center());
    // As a user stops zooming: the canvas turns its item caches on once the zoom has settled.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 2 * AnnotationCanvas::kZoomSettleMs)
      QCoreApplication::processEvents();
    const QString name = c.zoom > 0 ? QString::fromLatin1(c.name)
                                    : QStringLiteral("fit %1").arg(canvas.zoom(), 0, 'f', 3);
    for (const Mode mode : {Mode::Full, Mode::Scrolled, Mode::Repaint, Mode::Zoom}) {
      if (mode == Mode::Scrolled && c.stepPx == 0) continue;  // nothing scrolls at fit
      if (noCache)  // the canvas without its device-pixel caches, to compare
        for (QGraphicsItem* item : canvas.scene()->items())
          item->setCacheMode(QGraphicsItem::NoCache);
      pan(canvas, counter, 10, c.stepPx, mode);  // warm-up
      const Frames f = pan(canvas, counter, steps, c.stepPx, mode);
      const Stats wall = stats(f.wall), cpu = stats(f.cpu), all = stats(f.allCpu);
      // Full renders bypass paint events (QWidget::render paints the whole viewport).
      const double viewPx = double(canvas.viewport()->width()) * canvas.viewport()->height();
      const QString painted = mode == Mode::Full
                                  ? QStringLiteral("all (render)")
                                  : QStringLiteral("%1%, %2 ev")
                                        .arg(100.0 * f.paintedPx / (viewPx * steps), 0, 'f', 1)
                                        .arg(double(f.paints) / steps, 0, 'f', 2);
      std::printf("%-24s %-9s %12.2f %12.2f %12.2f %12.2f %12.2f %14s %s\n", qPrintable(name),
                  modeName(mode), wall.median, wall.p95, cpu.median, cpu.p95, all.median,
                  qPrintable(painted),
                  canvas.photoItem()->cacheMode() != QGraphicsItem::NoCache ? "cached" : "");
    }
    if (!grabDir.isEmpty())
      canvas.viewport()->grab().save(QStringLiteral("%1/canvas_bench_%2.png")
                                         .arg(grabDir, QString::number(canvas.zoom(), 'f', 2)));
  }
  std::printf("load average (1 min) at the end: %.1f\n", loadAverage());
  return 0;
}
