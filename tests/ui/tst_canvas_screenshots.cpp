// Screenshots of the canvas with a real photo to look at (not a check: nothing is compared).
// SAM3_SCREENSHOT_DIR: where the PNGs go; SAM3_SCREENSHOT_SOURCE: a dataset (a COCO or Roboflow
// export, ...) whose photo with the most shapes is shown. Skipped unless both are set.
#include <QHBoxLayout>
#include <QSlider>

#include "core/project/geometry.h"
#include "core/project/interchange.h"
#include "tst_canvas_fixture.h"
#include "ui/annotation_workspace.h"
#include "ui/classes_panel.h"
#include "ui/photo_browser.h"

using namespace sam3::ui;
using namespace canvas_test;

class TestCanvasScreenshots : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void realPhotoWithSelectionHoleAndHover() {
    const QString out = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
    const QString source = qEnvironmentVariable("SAM3_SCREENSHOT_SOURCE");
    if (out.isEmpty() || source.isEmpty())
      QSKIP("SAM3_SCREENSHOT_DIR and SAM3_SCREENSHOT_SOURCE not both set");
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    {
      auto p = proj::Project::create(dir.toStdString());
      proj::commit_dataset(p, proj::parse_source(source.toStdString()));
    }
    auto doc = ProjectDocument::open(dir);
    qint64 photo = 0;  // the photo with the most shapes
    for (const auto& ph : doc->photos())
      if (doc->annotationCount(ph.id) > (photo ? doc->annotationCount(photo) : 0)) photo = ph.id;
    QVERIFY(photo);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(ws.canvasPage());
    ws.photoBrowser()->hide();  // only the canvas page is looked at here
    ws.classesPanel()->hide();
    host.resize(1000, 760);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    ws.setDocument(doc.get());
    AnnotationCanvas* canvas = ws.canvas();
    canvas->setPhoto(photo);
    QTRY_VERIFY(canvas->isPhotoLoaded());
    QTest::qWait(300);  // the pyramid
    const auto shapes = doc->annotations(photo);
    // Cut a hole in the middle of the first shape with the hole tool, as a user would.
    const auto b = proj::rings_bbox(shapes[0].rings);
    const double cx = b[0] + b[2] / 2, cy = b[1] + b[3] / 2, rx = b[2] / 6, ry = b[3] / 6;
    canvas->selectAnnotation(shapes[0].id);
    canvas->setTool(AnnotationCanvas::Tool::Hole);
    for (const auto& [x, y] :
         {std::pair{cx - rx, cy - ry}, {cx + rx, cy - ry}, {cx + rx, cy + ry}, {cx - rx, cy + ry}})
      QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, at(*canvas, x, y));
    QTest::keyClick(canvas, Qt::Key_Return);
    QCOMPARE(doc->annotations(photo)[0].rings.size(), std::size_t{2});
    canvas->setTool(AnnotationCanvas::Tool::Select);
    if (shapes.size() > 1) {
      const auto b2 = proj::rings_bbox(shapes[1].rings);
      QTest::mouseMove(canvas->viewport(), at(*canvas, b2[0] + b2[2] / 2, b2[1] + b2[3] / 2));
    }
    QDir().mkpath(out);
    QVERIFY(host.grab().save(out + QStringLiteral("/canvas_real_fit.png")));
    // Zoomed in on the selection's first vertex: sharp photo pixels and the handles.
    const auto v = shapes[0].rings[0][0];
    canvas->zoomActualSize();
    canvas->zoomBy(4.0);
    canvas->centerOn(v.x, v.y);
    QTest::mouseMove(canvas->viewport(), at(*canvas, v.x + 30, v.y + 30));
    QVERIFY(host.grab().save(out + QStringLiteral("/canvas_real_zoom.png")));
    // A hole being drawn.
    canvas->zoomToFit();
    canvas->setTool(AnnotationCanvas::Tool::Hole);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {},
                      at(*canvas, b[0] + b[2] * 0.7, b[1] + b[3] * 0.2));
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {},
                      at(*canvas, b[0] + b[2] * 0.9, b[1] + b[3] * 0.25));
    QTest::mouseMove(canvas->viewport(), at(*canvas, b[0] + b[2] * 0.85, b[1] + b[3] * 0.45));
    QVERIFY(host.grab().save(out + QStringLiteral("/canvas_real_hole_draft.png")));
  }
};

QTEST_MAIN(TestCanvasScreenshots)
#include "tst_canvas_screenshots.moc"
