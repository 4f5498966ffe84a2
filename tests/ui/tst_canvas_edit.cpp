// The canvas' polygon keys (Enter closes, Backspace drops a point) and its edit tool driven like a
// user (simulated mouse and keys on the real widget): move a shape by its body, resize a box by a
// corner, delete a shape, change its class with the number keys, copy and paste shapes between
// photos, the context menu. Every edit is checked in the store, undone and redone.
#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QUndoStack>

#include "tst_canvas_fixture.h"

using namespace sam3::ui;
using namespace canvas_test;

class TestCanvasEdit : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Polygon tool: Backspace drops the last point, Enter closes a polygon of three or more
  // points (fewer: nothing is stored), Esc after Enter has nothing left to cancel.
  void polygonClosesOnEnterAndBackspaceDropsThePoint() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    canvas.setCurrentClass(f.fuse);
    canvas.setTool(AnnotationCanvas::Tool::Polygon);
    auto* vp = canvas.viewport();
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 20, 20));
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 120, 20));
    QTest::keyClick(&canvas, Qt::Key_Return);  // two points: not a polygon yet
    QCOMPARE(canvas.draftPointCount(), 2);
    QCOMPARE(doc->annotationCount(photo), 0);
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 300, 200));  // a wrong click
    QTest::keyClick(&canvas, Qt::Key_Backspace);
    QCOMPARE(canvas.draftPointCount(), 2);
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 120, 100));
    QTest::keyClick(&canvas, Qt::Key_Enter);
    QCOMPARE(canvas.draftPointCount(), 0);
    const auto anns = doc->annotations(photo);
    QCOMPARE(anns.size(), std::size_t{1});
    QCOMPARE(anns[0].rings[0], (proj::Ring{{20, 20}, {120, 20}, {120, 100}}));
    QCOMPARE(anns[0].class_id, f.fuse);
    doc->undoStack()->undo();
    QCOMPARE(doc->annotationCount(photo), 0);
  }

  void dragTheBodyMovesTheShapeWithinThePhoto() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(50, 60, 150, 160)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    auto* vp = canvas.viewport();
    // A click without travel selects and does not move.
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QVERIFY(canvas.selectedAnnotation());
    QCOMPARE(doc->undoStack()->count(), 0);
    // Drag the body by (+30, +20).
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QTest::mouseMove(vp, at(canvas, 115, 110));
    QTest::mouseMove(vp, at(canvas, 130, 120));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 130, 120));
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(80, 80, 180, 180));
    QCOMPARE(doc->annotations(photo).at(0).bbox, (std::array<double, 4>{80, 80, 100, 100}));
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Move shape"));
    // Dragged far past the right and bottom borders, it stops at them.
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QTest::mouseMove(vp, at(canvas, 200, 150));
    QTest::mouseMove(vp, at(canvas, 400, 330));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 400, 330));
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(220, 140, 320, 240));
    QVERIFY(canvas.selectedAnnotation());  // still selected after the store round trip
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(80, 80, 180, 180));
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(50, 60, 150, 160));
    doc->undoStack()->redo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(80, 80, 180, 180));
    // Esc during a drag puts the shape back and stores nothing.
    const int depth = doc->undoStack()->index();
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QTest::mouseMove(vp, at(canvas, 120, 110));
    QTest::mouseMove(vp, at(canvas, 140, 120));
    QTest::keyClick(&canvas, Qt::Key_Escape);
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 140, 120));
    QCOMPARE(doc->undoStack()->index(), depth);
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(80, 80, 180, 180));
    QVERIFY(canvas.selectedAnnotation());
    // Arrow keys nudge the selection: one pixel, ten with Shift; each an undo step.
    QTest::keyClick(&canvas, Qt::Key_Right);
    QTest::keyClick(&canvas, Qt::Key_Up, Qt::ShiftModifier);
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(81, 70, 181, 170));
    QCOMPARE(doc->undoStack()->index(), depth + 2);
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], rect(81, 80, 181, 180));
  }

  void boxCornerResizesAndDeleteRemovesTheShape() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    canvas.setCurrentClass(f.fuse);
    canvas.setTool(AnnotationCanvas::Tool::Box);
    auto* vp = canvas.viewport();
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 40, 40));
    QTest::mouseMove(vp, at(canvas, 80, 80));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 120, 100));
    QCOMPARE(doc->annotations(photo).at(0).bbox, (std::array<double, 4>{40, 40, 80, 60}));
    // Edit tool: drag the bottom-right corner; the top-left one stays.
    canvas.setTool(AnnotationCanvas::Tool::Select);
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 60, 60));
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 120, 100));
    QTest::mouseMove(vp, at(canvas, 140, 120));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 160, 130));
    QCOMPARE(doc->annotations(photo).at(0).bbox, (std::array<double, 4>{40, 40, 120, 90}));
    QCOMPARE(doc->annotations(photo).at(0).kind, proj::ShapeKind::Box);
    // Delete with the body clicked (no vertex) removes the shape; undo brings it back.
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 90, 90));
    QTest::keyClick(&canvas, Qt::Key_Delete);
    QCOMPARE(doc->annotationCount(photo), 0);
    QVERIFY(!canvas.selectedAnnotation());
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).bbox, (std::array<double, 4>{40, 40, 120, 90}));
    // Nothing selected: Delete does nothing.
    QTest::keyClick(&canvas, Qt::Key_Escape);
    QTest::keyClick(&canvas, Qt::Key_Delete);
    QCOMPARE(doc->annotationCount(photo), 1);
  }

  void numberKeysChangeTheClassOfTheSelection() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(50, 60, 150, 160)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    QSignalSpy message(&canvas, &AnnotationCanvas::statusMessage);
    QTest::keyClick(&canvas, Qt::Key_2);  // nothing selected: says so, changes nothing
    QCOMPARE(message.count(), 1);
    QCOMPARE(doc->undoStack()->count(), 0);
    // A window shortcut on a digit works while nothing is selected, not while a shape is.
    QAction windowOne(QStringLiteral("one"), &canvas);
    windowOne.setShortcut(QKeySequence(Qt::Key_1));
    canvas.addAction(&windowOne);
    QSignalSpy windowOnePressed(&windowOne, &QAction::triggered);
    QTest::keyClick(&canvas, Qt::Key_1);
    QCOMPARE(windowOnePressed.count(), 1);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 100, 100));
    QTest::keyClick(&canvas, Qt::Key_2);
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.bracket);
    QTest::keyClick(&canvas, Qt::Key_1);
    QCOMPARE(windowOnePressed.count(), 1);
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.fuse);
    QTest::keyClick(&canvas, Qt::Key_2);
    QCOMPARE(doc->undoStack()->count(), 3);
    QCOMPARE(canvas.shapeItem(doc->annotations(photo).at(0).id)->colour(), QColor("#3cb44b"));
    QTest::keyClick(&canvas, Qt::Key_9);  // there is no ninth class
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.bracket);
    QCOMPARE(doc->undoStack()->count(), 3);
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.fuse);
    canvas.assignClassToSelection(f.bracket);  // what the classes panel's "assign" calls
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.bracket);
  }

  void copyAndPasteBetweenPhotos() {
    Fixture f({{320, 240}, {200, 150}});
    const qint64 big = f.photos[0], small = f.photos[1];
    f.addPolygon(big, f.fuse, {rect(220, 160, 300, 230), rect(240, 180, 260, 200)});
    f.addPolygon(big, f.bracket, {rect(10, 10, 60, 40)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), big));
    // A window shortcut on Ctrl+C (an Edit menu, say) does not take the key from the canvas.
    QAction windowCopy(QStringLiteral("copy"), &canvas);
    windowCopy.setShortcut(QKeySequence::Copy);
    canvas.addAction(&windowCopy);
    QSignalSpy windowCopied(&windowCopy, &QAction::triggered);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 230, 170));
    const auto copied = canvas.selectedAnnotation();
    QVERIFY(copied && copied->rings.size() == 2);
    QTest::keyClick(&canvas, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(canvas.clipboardSize(), 1);
    QCOMPARE(windowCopied.count(), 0);
    // Onto the smaller photo: moved in just far enough to fit (the hole moves with it).
    canvas.setPhoto(small);
    QTRY_VERIFY(canvas.isPhotoLoaded());
    QTest::keyClick(&canvas, Qt::Key_V, Qt::ControlModifier);
    auto pasted = doc->annotations(small);
    QCOMPARE(pasted.size(), std::size_t{1});
    QCOMPARE(pasted[0].rings[0], rect(120, 80, 200, 150));
    QCOMPARE(pasted[0].rings[1], rect(140, 100, 160, 120));
    QCOMPARE(pasted[0].class_id, f.fuse);
    QCOMPARE(canvas.selectedAnnotation()->id, pasted[0].id);
    QCOMPARE(doc->annotations(big).size(), std::size_t{2});  // the source is untouched
    doc->undoStack()->undo();
    QCOMPARE(doc->annotationCount(small), 0);
    doc->undoStack()->redo();
    QCOMPARE(doc->annotations(small).at(0).rings[0], rect(120, 80, 200, 150));
    // Nothing selected on the big photo: Ctrl+C takes all its shapes; one paste, one undo step.
    canvas.setPhoto(big);
    QTest::keyClick(&canvas, Qt::Key_Escape);
    QTest::keyClick(&canvas, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(canvas.clipboardSize(), 2);
    canvas.setPhoto(small);
    const int depth = doc->undoStack()->count();
    QTest::keyClick(&canvas, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(doc->annotationCount(small), 3);
    QCOMPARE(doc->undoStack()->count(), depth + 1);
    doc->undoStack()->undo();
    QCOMPARE(doc->annotationCount(small), 1);
  }

  void pasteClampsWhatDoesNotFitAndOffsetsOnItsOwnPhoto() {
    Fixture f({{320, 240}, {200, 150}});
    const qint64 big = f.photos[0], small = f.photos[1];
    f.addPolygon(big, f.fuse, {{{10, 10}, {300, 20}, {150, 230}}});  // wider than the small photo
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), big));
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(canvas, 150, 60));
    QVERIFY(canvas.selectedAnnotation());
    QTest::keyClick(&canvas, Qt::Key_C, Qt::ControlModifier);
    // Onto its own photo: 16 screen pixels (1:1) down and right so it can be seen, then moved
    // back up the 6 pixels it would stick out at the bottom.
    QTest::keyClick(&canvas, Qt::Key_V, Qt::ControlModifier);
    const auto own = doc->annotations(big);
    QCOMPARE(own.size(), std::size_t{2});
    QCOMPARE(own[1].rings[0], (proj::Ring{{26, 20}, {316, 30}, {166, 240}}));
    // Onto the small photo: too big to move in, so every vertex is clamped to the border.
    canvas.setPhoto(small);
    QTest::keyClick(&canvas, Qt::Key_V, Qt::ControlModifier);
    const auto clamped = doc->annotations(small);
    QCOMPARE(clamped.size(), std::size_t{1});
    for (const auto& p : clamped[0].rings[0]) {
      QVERIFY(p.x >= 0 && p.x <= 200);
      QVERIFY(p.y >= 0 && p.y <= 150);
    }
    QCOMPARE(clamped[0].rings[0][1], (proj::Point{200, 20}));
  }

  void contextMenuOffersTheSameEdits() {
    Fixture f({{320, 240}});
    const qint64 photo = f.photos[0];
    f.addPolygon(photo, f.fuse, {rect(50, 60, 150, 160)});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), photo));
    const auto find = [](QMenu* menu, const QString& text) -> QAction* {
      for (QAction* a : menu->actions())
        if (a->text() == text) return a;
      return nullptr;
    };
    // Off every shape: nothing to delete or classify; copying means the whole photo.
    std::unique_ptr<QMenu> empty(canvas.contextMenuAt(QPointF(250, 200)));
    QVERIFY(!canvas.selectedAnnotation());
    QVERIFY(!find(empty.get(), QStringLiteral("Delete shape"))->isEnabled());
    QVERIFY(find(empty.get(), QStringLiteral("Copy all shapes of the photo")));
    // On the shape: it is selected; Class > bracket changes its class (one undo step).
    std::unique_ptr<QMenu> menu(canvas.contextMenuAt(QPointF(100, 100)));
    QVERIFY(canvas.selectedAnnotation());
    QMenu* classes = find(menu.get(), QStringLiteral("Class"))->menu();
    QVERIFY(find(classes, QStringLiteral("fuse"))->isChecked());
    find(classes, QStringLiteral("bracket"))->trigger();
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.bracket);
    find(menu.get(), QStringLiteral("Cut a hole…"))->trigger();
    QCOMPARE(canvas.tool(), AnnotationCanvas::Tool::Hole);
    canvas.setTool(AnnotationCanvas::Tool::Select);
    find(menu.get(), QStringLiteral("Copy shape"))->trigger();
    QCOMPARE(canvas.clipboardSize(), 1);
    find(menu.get(), QStringLiteral("Delete shape"))->trigger();
    QCOMPARE(doc->annotationCount(photo), 0);
    std::unique_ptr<QMenu> again(canvas.contextMenuAt(QPointF(100, 100)));
    find(again.get(), QStringLiteral("Paste 1 shape(s)"))->trigger();
    QCOMPARE(doc->annotations(photo).at(0).class_id, f.bracket);
  }

  void pasteWithoutCopyOrPhotoSaysSo() {
    Fixture f({{320, 240}});
    auto doc = ProjectDocument::open(f.dir);
    AnnotationCanvas canvas;
    QVERIFY(showAtActualSize(canvas, doc.get(), f.photos[0]));
    QSignalSpy message(&canvas, &AnnotationCanvas::statusMessage);
    QTest::keyClick(&canvas, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(message.count(), 1);
    QTest::keyClick(&canvas, Qt::Key_C, Qt::ControlModifier);  // no shapes on the photo
    QCOMPARE(canvas.clipboardSize(), 0);
    QCOMPARE(doc->undoStack()->count(), 0);
  }
};

QTEST_MAIN(TestCanvasEdit)
#include "tst_canvas_edit.moc"
