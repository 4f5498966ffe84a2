// Annotation workspace at scale (issue 7): a project of N photos (default 10,000; real 320x240
// JPEGs, 5 polygons each) made through the store API; then, offscreen, the time from opening the
// project to an interactive window (the photo browser, canvas and panels laid out, shown, the
// first photo selected and the event loop idle), the time until the first photo is drawn, and the
// frame times of scrolling the photo list from top to bottom one page at a time (each frame a
// synchronous repaint of the list). Target: open-to-interactive <= 2 s. Prints JSON.
// Usage: annotate_bench [--photos N] [--project DIR] (an existing DIR is reused: warm caches).
#include <QApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QListView>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/project/project.h"
#include "core/project/sha256.h"
#include "core/util/image_io.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/panels/photo_panel.h"
#include "ui/panels/shapes_panel.h"
#include "ui/photo_browser.h"
#include "ui/photo_list_model.h"
#include "ui/project_document.h"

namespace fs = std::filesystem;
namespace sp = sam3::project;

namespace {

std::string readFile(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// N distinct photos (a moving dark block, the number in binary) with 5 polygons each, in one
// transaction.
void buildProject(const fs::path& dir, int photos) {
  auto p = sp::Project::create(dir, "annotate bench");
  const auto cls = p.add_class({0, "fuse", "#e6194b", "fuse cutout"});
  p.add_class({0, "bolt", "#3cb44b", ""});
  sam3::Image img;
  img.width = 320;
  img.height = 240;
  img.rgb.resize(320 * 240 * 3);
  p.batch([&] {
    for (int i = 0; i < photos; ++i) {
      for (int y = 0; y < 240; ++y)
        for (int x = 0; x < 320; ++x) {
          const bool block = std::abs(x - (i * 7) % 320) < 20 && std::abs(y - (i * 3) % 240) < 20;
          // The photo's number in binary along the top edge: every photo differs.
          const bool bit = y < 12 && ((i >> (x / 20)) & 1);
          auto* px = &img.rgb[static_cast<std::size_t>((y * 320 + x) * 3)];
          px[0] = static_cast<std::uint8_t>(block || bit ? 20 : 90 + x / 3);
          px[1] = static_cast<std::uint8_t>(block ? 20 : 80 + y / 3);
          px[2] = static_cast<std::uint8_t>(block ? 30 : 150);
        }
      const std::string name = "photo_" + std::to_string(100000 + i) + ".jpg";
      sam3::save_image(img, p.photos_dir() / name);
      const std::string bytes = readFile(p.photos_dir() / name);
      sp::Photo ph;
      ph.original_name = name;
      ph.stored_name = name;
      ph.sha256 = sp::sha256_hex(bytes);
      ph.byte_size = static_cast<std::int64_t>(bytes.size());
      ph.width = 320;
      ph.height = 240;
      ph.format = "jpeg";
      ph.status = static_cast<sp::PhotoStatus>(i % 4);
      ph.split = static_cast<sp::Split>(i % 3 + 1);
      const auto id = p.add_photo(ph);
      for (int k = 0; k < 5; ++k) {
        sp::Annotation a;
        a.photo_id = id;
        a.class_id = cls;
        const double x = 20 + k * 55, y = 40 + k * 30;
        a.rings = {{{x, y}, {x + 40, y}, {x + 50, y + 30}, {x + 20, y + 60}, {x - 5, y + 30}}};
        p.add_annotation(a);
      }
    }
  });
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int photos = 10000;
  fs::path dir = fs::temp_directory_path() / ("sam3_annotate_bench_" + std::to_string(getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--photos") photos = std::stoi(argv[i + 1]);
    if (a == "--project") dir = argv[i + 1];
  }
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const bool reused = sp::Project::exists(dir);
  QElapsedTimer build;
  build.start();
  if (!reused) buildProject(dir, photos);
  const double buildS = build.elapsed() / 1000.0;

  // Open to interactive.
  QElapsedTimer t;
  t.start();
  auto doc = sam3::ui::ProjectDocument::open(QString::fromStdString(dir.string()));
  const double openMs = t.nsecsElapsed() / 1e6;
  QWidget host;
  sam3::ui::AnnotationWorkspace ws(&host);
  auto* layout = new QHBoxLayout(&host);
  auto* right = new QVBoxLayout;
  layout->addWidget(ws.photoBrowser());
  layout->addWidget(ws.canvasPage(), 1);
  right->addWidget(ws.classesPanel());
  right->addWidget(ws.shapesPanel());
  right->addWidget(ws.photoPanel());
  layout->addLayout(right);
  host.resize(1600, 1000);
  const double widgetsMs = t.nsecsElapsed() / 1e6;
  ws.setDocument(doc.get());
  const double documentSetMs = t.nsecsElapsed() / 1e6;
  host.show();
  const double shownMs = t.nsecsElapsed() / 1e6;
  double interactiveMs = 0, photoMs = 0;
  QTimer::singleShot(0, &app, [&] { interactiveMs = t.nsecsElapsed() / 1e6; });
  while (interactiveMs == 0) app.processEvents(QEventLoop::WaitForMoreEvents);
  while (!ws.canvas()->isPhotoLoaded() && t.elapsed() < 30000)
    app.processEvents(QEventLoop::WaitForMoreEvents, 50);
  photoMs = t.nsecsElapsed() / 1e6;

  // Scroll the whole list a page at a time; each frame repaints synchronously.
  auto* list = host.findChild<QListView*>(QStringLiteral("photoList"));
  QScrollBar* bar = list->verticalScrollBar();
  std::vector<double> frames;
  QElapsedTimer all;
  all.start();
  for (int v = 0; v <= bar->maximum(); v += std::max(1, bar->pageStep())) {
    QElapsedTimer f;
    f.start();
    bar->setValue(v);
    list->viewport()->repaint();
    app.processEvents();
    frames.push_back(f.nsecsElapsed() / 1e6);
  }
  const double scrollS = all.elapsed() / 1000.0;
  // Stopped at the end: until every row in view shows its thumbnail (decoded newest first).
  QElapsedTimer settle;
  settle.start();
  auto* proxy = static_cast<QSortFilterProxyModel*>(list->model());
  auto allShown = [&] {
    for (int y = 0; y < list->viewport()->height(); y += 8) {
      const QModelIndex i = list->indexAt(QPoint(10, y));
      if (i.isValid() && !ws.photoBrowser()->model()->hasThumbnail(proxy->mapToSource(i).row()))
        return false;
    }
    return true;
  };
  while (!allShown() && settle.elapsed() < 60000) {
    list->viewport()->repaint();  // a painted row asks for its thumbnail
    app.processEvents(QEventLoop::WaitForMoreEvents, 20);
  }
  const double settleMs = settle.nsecsElapsed() / 1e6;
  // Line steps as a mouse wheel does (3 rows), over the first 3,000 rows.
  std::vector<double> wheel;
  bar->setValue(0);
  for (int step = 0; step < 1000 && bar->value() < bar->maximum(); ++step) {
    QElapsedTimer f;
    f.start();
    bar->setValue(bar->value() + 3 * bar->singleStep());
    list->viewport()->repaint();
    app.processEvents();
    wheel.push_back(f.nsecsElapsed() / 1e6);
  }

  std::printf(
      "{\n  \"photos\": %d,\n  \"annotations\": %lld,\n  \"project_reused\": %s,\n"
      "  \"build_project_s\": %.2f,\n  \"open_document_ms\": %.1f,\n"
      "  \"widgets_made_ms\": %.1f,\n  \"document_set_ms\": %.1f,\n  \"shown_ms\": %.1f,\n"
      "  \"open_to_interactive_ms\": %.1f,\n  \"first_photo_drawn_ms\": %.1f,\n"
      "  \"page_scroll\": {\"frames\": %zu, \"total_s\": %.2f, \"median_ms\": %.2f, "
      "\"p95_ms\": %.2f, \"max_ms\": %.2f},\n"
      "  \"thumbnails_in_view_after_scroll_ms\": %.1f,\n"
      "  \"wheel_scroll\": {\"frames\": %zu, \"median_ms\": %.2f, \"p95_ms\": %.2f, "
      "\"max_ms\": %.2f}\n}\n",
      static_cast<int>(doc->photos().size()),
      static_cast<long long>(doc->store().annotation_count()), reused ? "true" : "false", buildS,
      openMs, widgetsMs, documentSetMs, shownMs, interactiveMs, photoMs, frames.size(), scrollS,
      percentile(frames, 0.5), percentile(frames, 0.95), percentile(frames, 1.0), settleMs,
      wheel.size(), percentile(wheel, 0.5), percentile(wheel, 0.95), percentile(wheel, 1.0));
  ws.setDocument(nullptr);
  return interactiveMs <= 2000 ? 0 : 1;
}
