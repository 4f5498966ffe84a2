// The hole tool driven like a user: cut a hole in the selected polygon, see it drawn as a hole
// (odd-even fill shows the photo through it), edit its vertices, delete it, cut a notch across
// the border, and the refusals (outside, covering, splitting, crossing itself). All undoable.
#include <QSignalSpy>
#include <QUndoStack>

#include "core/project/geometry.h"
#include "tst_canvas_fixture.h"
#include "ui/canvas/shape_geometry.h"

using namespace sam3::ui;
using namespace canvas_test;

namespace {
void drawRing(AnnotationCanvas& canvas, const proj::Ring& ring) {
  for (const auto& p : ring)
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, p.x, p.y));
  QTest::keyClick(&canvas, Qt::Key_Return);
}

QColor pixel(AnnotationCanvas& canvas, double x, double y) {
  return canvas.viewport()->grab().toImage().pixelColor(at(canvas, x, y));
}
}  // namespace

class TestCanvasHoles : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cutHoleIsStoredDrawnEditedAndUndone() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(40, 40, 240, 200)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    canvas.setFillOpacity(1.0);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 60, 60));
    QVERIFY(canvas.selectedAnnotation());
    canvas.setTool(AnnotationCanvas::Tool::Hole);
    drawRing(canvas, rect(100, 80, 160, 140));
    auto a = doc->annotations(photo).at(0);
    QCOMPARE(a.rings.size(), std::size_t{2});
    QCOMPARE(a.rings[1], rect(100, 80, 160, 140));
    QCOMPARE(a.area.value(), 200.0 * 160 - 60.0 * 60);  // the store's area knows the hole
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Cut hole"));
    QCOMPARE(canvas.selectedAnnotation()->id, a.id);
    // Drawn odd-even: the class colour on the body, the grey photo through the hole.
    QCOMPARE(pixel(canvas, 70, 170), QColor("#e6194b"));
    QCOMPARE(pixel(canvas, 130, 110), QColor(128, 128, 128));
    // Hole vertices are edited like any other: drag one, then delete vertices down to nothing.
    canvas.setTool(AnnotationCanvas::Tool::Select);
    auto* vp = canvas.viewport();
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 160, 140));
    QTest::mouseMove(vp, at(canvas, 170, 150));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 180, 160));
    QCOMPARE(doc->annotations(photo).at(0).rings[1][2], (proj::Point{180, 160}));
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 80));
    QTest::keyClick(&canvas, Qt::Key_Delete);
    QCOMPARE(doc->annotations(photo).at(0).rings[1].size(), std::size_t{3});
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 160, 80));
    QTest::keyClick(&canvas, Qt::Key_Delete);  // a hole keeps three points or goes whole
    QCOMPARE(doc->annotations(photo).at(0).rings.size(), std::size_t{1});
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Delete hole"));
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[1], rect(100, 80, 160, 140));
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings.size(), std::size_t{1});
    QCOMPARE(pixel(canvas, 130, 110), QColor("#e6194b"));
    doc->undoStack()->redo();
    QCOMPARE(doc->annotations(photo).at(0).rings.size(), std::size_t{2});
  }

  void cutAcrossTheBorderMakesANotch() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(40, 40, 240, 200)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    // No selection: the hole goes into the polygon under its first point.
    canvas.setTool(AnnotationCanvas::Tool::Hole);
    drawRing(canvas, rect(200, 100, 280, 140));
    const auto a = doc->annotations(photo).at(0);
    QCOMPARE(a.rings.size(), std::size_t{1});
    QCOMPARE(a.area.value(), 200.0 * 160 - 40.0 * 40);
    QCOMPARE(proj::rings_bbox(a.rings), (std::array<double, 4>{40, 40, 200, 160}));
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Cut away"));
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(40, 40, 240, 200));
  }

  void refusedCutsChangeNothing() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(40, 40, 240, 200)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    QSignalSpy failed(doc.get(), &ProjectDocument::editFailed);
    canvas.setTool(AnnotationCanvas::Tool::Hole);
    // First point off every polygon and nothing selected: says so, draws nothing.
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 10, 10));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(canvas.draftPointCount(), 0);
    // With the polygon selected: a cut covering it, one splitting it, one crossing itself.
    canvas.selectAnnotation(doc->annotations(photo).at(0).id);
    drawRing(canvas, rect(20, 20, 300, 220));
    QCOMPARE(failed.count(), 2);
    drawRing(canvas, rect(120, 20, 140, 220));
    QCOMPARE(failed.count(), 3);
    drawRing(canvas, {{60, 60}, {120, 120}, {120, 60}, {60, 120}});
    QCOMPARE(failed.count(), 4);
    QCOMPARE(doc->annotations(photo).at(0).rings,
             (std::vector<proj::Ring>{rect(40, 40, 240, 200)}));
    QCOMPARE(doc->undoStack()->count(), 0);
    // Esc drops a half-drawn hole.
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 60, 60));
    QTest::keyClick(&canvas, Qt::Key_Escape);
    QCOMPARE(canvas.draftPointCount(), 0);
  }

  void subtractGeometry_data() {
    QTest::addColumn<std::vector<proj::Ring>>("rings");
    QTest::addColumn<proj::Ring>("cut");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("ringCount");
    QTest::addColumn<double>("area");
    using E = shape_geometry::CutError;
    const auto sq = rect(0, 0, 100, 100);
    QTest::newRow("hole inside") << std::vector<proj::Ring>{sq} << rect(10, 10, 30, 30)
                                 << int(E::None) << 2 << 10000.0 - 400;
    QTest::newRow("second hole") << std::vector<proj::Ring>{sq, rect(10, 10, 30, 30)}
                                 << rect(50, 50, 70, 70) << int(E::None) << 3 << 10000.0 - 800;
    QTest::newRow("hole merging a hole")
        << std::vector<proj::Ring>{sq, rect(10, 10, 30, 30)} << rect(20, 20, 40, 40) << int(E::None)
        << 2 << 10000.0 - 700;
    QTest::newRow("notch") << std::vector<proj::Ring>{sq} << rect(80, 40, 120, 60) << int(E::None)
                           << 1 << 10000.0 - 400;
    QTest::newRow("outside") << std::vector<proj::Ring>{sq} << rect(200, 200, 220, 220)
                             << int(E::NoOverlap) << 0 << 0.0;
    QTest::newRow("in a hole") << std::vector<proj::Ring>{sq, rect(10, 10, 50, 50)}
                               << rect(20, 20, 30, 30) << int(E::NoOverlap) << 0 << 0.0;
    QTest::newRow("covers") << std::vector<proj::Ring>{sq} << rect(-5, -5, 105, 105)
                            << int(E::CoversShape) << 0 << 0.0;
    QTest::newRow("splits") << std::vector<proj::Ring>{sq} << rect(40, -5, 60, 105)
                            << int(E::SplitsShape) << 0 << 0.0;
    QTest::newRow("two points") << std::vector<proj::Ring>{sq} << proj::Ring{{1, 1}, {5, 5}}
                                << int(E::TooFewPoints) << 0 << 0.0;
  }

  void subtractGeometry() {
    QFETCH(std::vector<proj::Ring>, rings);
    QFETCH(proj::Ring, cut);
    QFETCH(int, error);
    QFETCH(int, ringCount);
    QFETCH(double, area);
    const auto r = shape_geometry::subtract(rings, cut);
    QCOMPARE(int(r.error), error);
    QCOMPARE(int(r.rings.size()), ringCount);
    if (ringCount) QVERIFY(std::abs(proj::polygon_area(r.rings) - area) < 1e-6);
  }
};

QTEST_MAIN(TestCanvasHoles)
#include "tst_canvas_holes.moc"
