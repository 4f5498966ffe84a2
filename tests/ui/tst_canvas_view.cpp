// What the canvas shows: fit and 1:1 zoom, cursor positions in pixels of the full-resolution
// photo whatever level of detail is drawn, the photo pyramid (sharp pixels magnified, smoothed
// when shrunk), shapes in their class colour at the chosen fill opacity, hover and selection, the
// canvas tool bar (fill slider, zoom and tool keys), and the device-pixel caches used while the
// whole photo is in view.
#include <QAction>
#include <QHBoxLayout>
#include <QSignalSpy>
#include <QSlider>

#include "tst_canvas_fixture.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/photo_item.h"

using namespace sam3::ui;
using namespace canvas_test;

namespace {
QColor checker(int x, int y) {
  return (x + y) % 2 ? Qt::white : Qt::black;
}

QImage frame(AnnotationCanvas& canvas) {
  return canvas.viewport()->grab().toImage();
}

int lightness(AnnotationCanvas& canvas, QPoint p) {
  return frame(canvas).pixelColor(p).lightness();
}
}  // namespace

class TestCanvasView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void fitOneToOneAndPhotoPixelCoordinates() {
    Fixture f({{2400, 1800}}, checker);
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), f.photos[0], {600, 300}));
    QCOMPARE(canvas.zoom(), 1.0);
    QCOMPARE(
        canvas.mapFromScene(QPointF(101, 100)).x() - canvas.mapFromScene(QPointF(100, 100)).x(), 1);
    canvas.zoomToFit();
    const QRect shown = canvas.mapFromScene(canvas.sceneRect()).boundingRect();
    QVERIFY(canvas.viewport()->rect().adjusted(-1, -1, 1, 1).contains(shown));
    // Fills the height (QGraphicsView::fitInView keeps a 2-pixel margin on each side).
    QVERIFY2(std::abs(shown.height() - canvas.viewport()->height()) <= 6,
             qPrintable(
                 QStringLiteral("%1 of %2").arg(shown.height()).arg(canvas.viewport()->height())));
    QVERIFY(canvas.zoom() < 0.2);
    // The status bar's numbers: pixels of the full photo, not of the level drawn.
    QTRY_COMPARE(canvas.photoItem()->levelCount(), 3);
    QSignalSpy moved(&canvas, &AnnotationCanvas::cursorMoved);
    QTest::mouseMove(canvas.viewport(), at(canvas, 1234.5, 777.5));
    QVERIFY(!moved.isEmpty());
    const QPointF p = moved.last().at(0).toPointF();
    QVERIFY2(std::abs(p.x() - 1234.5) <= 1 / canvas.zoom() &&
                 std::abs(p.y() - 777.5) <= 1 / canvas.zoom(),
             qPrintable(QStringLiteral("%1, %2").arg(p.x()).arg(p.y())));
    QVERIFY(moved.last().at(1).toBool());
    QTest::mouseMove(canvas.viewport(), QPoint(3, 150));  // the margin left of the photo
    QVERIFY(!moved.last().at(1).toBool());
  }

  void pyramidLevelsSharpWhenMagnifiedSmoothWhenShrunk() {
    Fixture f({{2400, 1800}}, checker);
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), f.photos[0], {400, 300}));
    const PhotoItem* photo = canvas.photoItem();
    QTRY_COMPARE(photo->levelCount(), 3);  // 2400, 1200, 600 pixels wide
    QCOMPARE(photo->photoSize(), QSize(2400, 1800));
    QCOMPARE(photo->levelFor(4.0), 0);
    QCOMPARE(photo->levelFor(1.0), 0);
    QCOMPARE(photo->levelFor(0.6), 0);  // level 1 would have fewer pixels than the screen
    QCOMPARE(photo->levelFor(0.5), 1);
    QCOMPARE(photo->levelFor(0.3), 1);
    QCOMPARE(photo->levelFor(0.25), 2);
    QCOMPARE(photo->levelFor(0.01), 2);
    // 4:1 — each photo pixel is a 4 x 4 block of one colour: no smoothing between pixels.
    canvas.zoomBy(4.0);
    canvas.centerOn(1000, 800);
    const QPoint c = at(canvas, 1000.5, 800.5);
    const QImage big = frame(canvas);
    const QColor here = big.pixelColor(c);
    QVERIFY(here == Qt::black || here == Qt::white);
    QCOMPARE(big.pixelColor(c + QPoint(1, 1)), here);
    QCOMPARE(big.pixelColor(c - QPoint(1, 1)), here);
    QVERIFY(big.pixelColor(c + QPoint(4, 0)) != here);
    // 1:4 — the one-pixel checkerboard averages to grey instead of aliasing into black and white.
    canvas.zoomActualSize();
    canvas.zoomBy(0.25);
    const QImage small = frame(canvas);
    const QPoint m = at(canvas, 1200, 900);
    for (const QPoint d : {QPoint(0, 0), QPoint(1, 0), QPoint(0, 1), QPoint(7, 5), QPoint(-9, 3)}) {
      const int l = small.pixelColor(m + d).lightness();
      QVERIFY2(l > 90 && l < 165, qPrintable(QString::number(l)));
    }
  }

  // At 1/2 (and 1/4 ...) zoom a pyramid level lands one pixel per screen pixel and is copied
  // rather than resampled (canvas_bench shows the time): every screen pixel shows exactly its
  // level pixel, in place.
  void halfZoomShowsTheLevelPixelForPixel() {
    const auto pattern = [](int x, int y) {
      return QColor((x * 7) % 256, (y * 5) % 256, ((x ^ y) * 3) % 256);
    };
    Fixture f({{1600, 1200}}, pattern);
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), f.photos[0], {500, 400}));
    QTRY_COMPARE(canvas.photoItem()->levelCount(), 2);
    QImage full(1600, 1200, QImage::Format_RGB32);
    for (int y = 0; y < full.height(); ++y)
      for (int x = 0; x < full.width(); ++x) full.setPixelColor(x, y, pattern(x, y));
    const QImage level = PhotoItem::buildPyramid(full).at(1);
    canvas.zoomBy(0.5);
    canvas.centerOn(700, 500);
    QCOMPARE(canvas.zoom(), 0.5);
    const QImage shown = frame(canvas);
    for (const QPoint p :
         {QPoint(300, 200), QPoint(301, 200), QPoint(350, 251), QPoint(420, 300)}) {
      // Level pixel p covers scene [2p, 2p + 2): the screen pixel of scene 2p + 0.5 (rounded).
      const QPoint s = at(canvas, 2 * p.x() + 0.5, 2 * p.y() + 0.5);
      QCOMPARE(shown.pixelColor(s), level.pixelColor(p));
    }
  }

  void toolbarDrivesTheCanvas() {
    Fixture f({{2400, 1800}}, checker);
    auto doc = ProjectDocument::open(f.dir);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    layout->addWidget(ws.canvasPage());
    host.resize(700, 500);
    host.show();
    host.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&host));
    ws.setDocument(doc.get());
    AnnotationCanvas* canvas = ws.canvas();
    canvas->setPhoto(f.photos[0]);
    QTRY_VERIFY(canvas->isPhotoLoaded());
    canvas->setFocus();
    // The fill slider: End takes it to 100 %, Home to 0 %.
    auto* slider = ws.canvasPage()->findChild<QSlider*>(QStringLiteral("fillOpacity"));
    QVERIFY(slider);
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(canvas->fillOpacity(), 1.0);
    QTest::keyClick(slider, Qt::Key_Home);
    QCOMPARE(canvas->fillOpacity(), 0.0);
    // Ctrl+0 for 1:1, F to fit again, H for the hole tool, E back to editing.
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(canvas->zoom(), 1.0);
    QTest::keyClick(canvas, Qt::Key_F);
    QVERIFY(canvas->zoom() < 0.3);
    QTest::keyClick(canvas, Qt::Key_H);
    QCOMPARE(canvas->tool(), AnnotationCanvas::Tool::Hole);
    QVERIFY(ws.toolAction(3)->isChecked());
    QTest::keyClick(canvas, Qt::Key_E);
    QCOMPARE(canvas->tool(), AnnotationCanvas::Tool::Select);
  }

  void classColourFillOpacityHoverAndSelection() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(50, 60, 150, 160)});
    f.addPolygon(photo, f.bracket, {rect(200, 60, 280, 160)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    const QPoint inside = at(canvas, 100, 110), inside2 = at(canvas, 240, 110);
    canvas.setFillOpacity(1.0);
    QCOMPARE(frame(canvas).pixelColor(inside), QColor("#e6194b"));
    QCOMPARE(frame(canvas).pixelColor(inside2), QColor("#3cb44b"));
    canvas.setFillOpacity(0.0);
    QCOMPARE(frame(canvas).pixelColor(inside), QColor(128, 128, 128));
    canvas.setFillOpacity(0.35);
    const QColor normal = frame(canvas).pixelColor(inside);
    QVERIFY(normal != QColor(128, 128, 128) && normal != QColor("#e6194b"));
    // Hover: the shape under the mouse fills stronger and gets a dark halo outside its edge.
    const QPoint outside = at(canvas, 100, 57);  // 3 pixels above the top edge
    QCOMPARE(frame(canvas).pixelColor(outside), QColor(128, 128, 128));
    QTest::mouseMove(canvas.viewport(), inside);
    const auto id = doc->annotations(photo).at(0).id;
    QVERIFY(canvas.shapeItem(id)->isHighlighted());
    QVERIFY(frame(canvas).pixelColor(inside) != normal);
    QVERIFY(lightness(canvas, outside) < 100);
    QTest::mouseMove(canvas.viewport(), at(canvas, 180, 20));
    QVERIFY(!canvas.shapeItem(id)->isHighlighted());
    QCOMPARE(frame(canvas).pixelColor(inside), normal);
    // Selection: halo and white vertex handles (a corner pixel turns white).
    QVERIFY(lightness(canvas, at(canvas, 48, 58)) < 200);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, inside);
    QTest::mouseMove(canvas.viewport(), at(canvas, 180, 20));
    QCOMPARE(frame(canvas).pixelColor(at(canvas, 47, 57)), QColor(Qt::white));
    QVERIFY(lightness(canvas, outside) < 100);
    QVERIFY(frame(canvas).pixelColor(inside2) != frame(canvas).pixelColor(at(canvas, 47, 57)));
  }

  // Device-pixel caches (a rendering speed-up, docs/performance.md) are on only once the zoom
  // has settled with the whole photo in view, draw the same picture as without them, and follow
  // edits (fill opacity, hover) at once; zoomed in they are off.
  void itemCachesFollowTheZoomAndDrawTheSame() {
    Fixture f({{1600, 1200}}, [](int x, int y) {
      return QColor((x * 7) % 256, (y * 5) % 256, ((x ^ y) * 3) % 256);
    });
    const qint64 photo = f.photos[0];
    for (int i = 0; i < 30; ++i) {
      const double x = 40 + (i % 6) * 250, y = 40 + (i / 6) * 230;
      f.addPolygon(photo, i % 2 ? f.fuse : f.bracket,
                   {{{x, y}, {x + 180, y + 20}, {x + 150, y + 170}, {x + 30, y + 140}},
                    rect(x + 60, y + 60, x + 100, y + 100)});
    }
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo, {640, 420}));
    QTRY_COMPARE(canvas.photoItem()->levelCount(), 2);
    canvas.zoomToFit();
    QVERIFY(!canvas.itemCachesOn());  // zooming: drawn directly
    QTRY_VERIFY(canvas.itemCachesOn());
    canvas.zoomBy(1.0);  // a zoom step (to the same zoom, the scroll bars gone): off again
    QVERIFY(!canvas.itemCachesOn());
    const QImage direct = frame(canvas);
    QTRY_VERIFY(canvas.itemCachesOn());
    QCOMPARE(canvas.photoItem()->cacheMode(), QGraphicsItem::DeviceCoordinateCache);
    const auto shapes = doc->annotations(photo);
    for (const auto& a : shapes)
      QCOMPARE(canvas.shapeItem(a.id)->cacheMode(), QGraphicsItem::DeviceCoordinateCache);
    const QImage cached = frame(canvas);
    QCOMPARE(cached.size(), direct.size());
    int different = 0;
    for (int y = 0; y < cached.height(); ++y)
      for (int x = 0; x < cached.width(); ++x) {
        const QColor a = cached.pixelColor(x, y), b = direct.pixelColor(x, y);
        // Antialiased outline pixels may round differently (seen: 3 levels) in the cache.
        if (std::abs(a.red() - b.red()) > 4 || std::abs(a.green() - b.green()) > 4 ||
            std::abs(a.blue() - b.blue()) > 4)
          ++different;
      }
    QVERIFY2(different == 0, qPrintable(QStringLiteral("%1 pixels differ").arg(different)));
    // Edits reach the cached picture at once.
    const QPoint inside = at(canvas, 40 + 90, 40 + 40);
    canvas.setFillOpacity(1.0);
    QCOMPARE(frame(canvas).pixelColor(inside), QColor("#3cb44b"));
    const QColor before = frame(canvas).pixelColor(at(canvas, 40 + 250 + 90, 40 + 40));
    canvas.setFillOpacity(0.35);
    QTest::mouseMove(canvas.viewport(), at(canvas, 40 + 250 + 90, 40 + 40));
    QVERIFY(canvas.shapeItem(shapes.at(1).id)->isHighlighted());
    QVERIFY(frame(canvas).pixelColor(at(canvas, 40 + 250 + 90, 40 + 40)) != before);
    // Zoomed in (photo larger than the view): off at once, and still off once settled.
    canvas.zoomBy(4);
    QVERIFY(!canvas.itemCachesOn());
    QCOMPARE(canvas.photoItem()->cacheMode(), QGraphicsItem::NoCache);
    QTest::qWait(3 * AnnotationCanvas::kZoomSettleMs);
    QVERIFY(!canvas.itemCachesOn());
    // New shapes (another photo shown, an edit) take the current mode.
    canvas.zoomToFit();
    QTRY_VERIFY(canvas.itemCachesOn());
    canvas.setPhoto(photo);
    QTRY_VERIFY(canvas.isPhotoLoaded());
    QTRY_VERIFY(canvas.itemCachesOn());
    for (const auto& a : doc->annotations(photo))
      QCOMPARE(canvas.shapeItem(a.id)->cacheMode(), QGraphicsItem::DeviceCoordinateCache);
  }
};

QTEST_MAIN(TestCanvasView)
#include "tst_canvas_view.moc"
