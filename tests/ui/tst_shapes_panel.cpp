// The Shapes dock and class deletion driven like a user: the shape list in step with the canvas
// both ways, the attributes editor (undoable, in the store), deleting a shape, and deleting,
// recolouring and renaming a class in the Classes dock (the confirmation names the shapes; undo
// restores them).
#include <QApplication>
#include <QColorDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include "core/project/interchange.h"
#include "tests/ui/project_fixture.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/panels/photo_panel.h"
#include "ui/panels/shapes_panel.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"

using namespace sam3::ui;
using namespace sam3::ui::testing;
namespace proj = sam3::project;

namespace {

void clickCell(QTableWidget* t, int row, int column) {
  QTest::mouseClick(t->viewport(), Qt::LeftButton, {},
                    t->visualRect(t->model()->index(row, column)).center());
}

// Types `text` into the cell's editor (F2, select all, type, Enter), as a user edits in place.
bool editCell(QTableWidget* t, int row, int column, const QString& text) {
  t->setCurrentCell(row, column);
  t->setFocus();
  QTest::keyClick(t, Qt::Key_F2);
  auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
  if (!editor || !t->isAncestorOf(editor)) return false;
  editor->selectAll();
  QTest::keyClicks(editor, text);
  QTest::keyClick(editor, Qt::Key_Return);
  return true;
}

// Answers the next modal dialog with `answer` once it is up; records its text.
void answerNextMessageBox(QMessageBox::StandardButton answer, QString* text) {
  QTimer::singleShot(0, [answer, text] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    *text = box->text();
    QTest::mouseClick(box->button(answer), Qt::LeftButton);
  });
}

}  // namespace

class TestShapesPanel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_tmp;
  QString m_dir;
  qint64 m_photo1 = 0, m_photo2 = 0, m_fuse = 0, m_bolt = 0;
  qint64 m_poly = 0, m_box = 0, m_other = 0;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.filePath(QStringLiteral("p"));
    auto p = makeProject(m_dir, m_tmp.filePath(QStringLiteral("src")),
                         {QStringLiteral("a.png"), QStringLiteral("b.png")});
    m_photo1 = p.photos()[0].id;
    m_photo2 = p.photos()[1].id;
    m_fuse = p.add_class({0, "fuse", "#e6194b", "fuse cutout"});
    m_bolt = p.add_class({0, "bolt", "#3cb44b", ""});
    auto poly = triangle(m_photo1, m_fuse, 40);
    poly.rings = {{{40, 40}, {140, 40}, {140, 140}, {40, 140}}, {{60, 60}, {80, 60}, {70, 80}}};
    poly.attributes = {{"side", "left"}};
    m_poly = p.add_annotation(poly);
    proj::Annotation box;
    box.photo_id = m_photo1;
    box.class_id = m_bolt;
    box.kind = proj::ShapeKind::Box;
    box.bbox = {200, 150, 40, 30};
    m_box = p.add_annotation(box);
    m_other = p.add_annotation(triangle(m_photo2, m_fuse));
  }

  void shapesListFollowsCanvasAndEditsAttributes() {
    auto doc = ProjectDocument::open(m_dir);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    layout->addWidget(ws.photoBrowser());
    layout->addWidget(ws.canvasPage(), 1);
    layout->addWidget(ws.shapesPanel());
    host.resize(1200, 600);
    host.show();
    host.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&host));
    ws.setDocument(doc.get());
    AnnotationCanvas* canvas = ws.canvas();
    QTRY_VERIFY(canvas->isPhotoLoaded());
    canvas->zoomActualSize();
    ShapesPanel* panel = ws.shapesPanel();
    QTableWidget* shapes = panel->shapesTable();
    QTRY_COMPARE(shapes->rowCount(), 2);
    QCOMPARE(shapes->item(0, ShapesPanel::ClassColumn)->text(), QStringLiteral("fuse"));
    QCOMPARE(shapes->item(0, ShapesPanel::ShapeColumn)->text(),
             QStringLiteral("polygon, 4 points, 1 hole"));
    QCOMPARE(shapes->item(1, ShapesPanel::ClassColumn)->text(), QStringLiteral("bolt"));
    QCOMPARE(shapes->item(1, ShapesPanel::ShapeColumn)->text(), QStringLiteral("box 40 × 30"));

    // List -> canvas.
    clickCell(shapes, 1, ShapesPanel::ShapeColumn);
    QCOMPARE(canvas->selectedAnnotation()->id, m_box);
    // Canvas -> list: a click on the polygon's body with the edit tool.
    canvas->setTool(AnnotationCanvas::Tool::Select);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {},
                      canvas->mapFromScene(QPointF(120, 120)));
    QCOMPARE(canvas->selectedAnnotation()->id, m_poly);
    QCOMPARE(panel->selectedShape(), m_poly);
    QCOMPARE(shapes->currentRow(), 0);

    // Attributes of the selected shape: edit a value, add one and name it, remove one.
    QTableWidget* attrs = panel->attributesTable();
    QCOMPARE(attrs->rowCount(), 1);
    QCOMPARE(attrs->item(0, ShapesPanel::KeyColumn)->text(), QStringLiteral("side"));
    QVERIFY(editCell(attrs, 0, ShapesPanel::ValueColumn, QStringLiteral("right")));
    QTRY_COMPARE(doc->annotations(m_photo1)[0].attributes.at("side"), std::string("right"));
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("addAttribute")),
                      Qt::LeftButton);
    QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
    auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());  // the new name
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("torque"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(doc->annotations(m_photo1)[0].attributes,
                 (std::map<std::string, std::string>{{"side", "right"}, {"torque", ""}}));
    // The table shows what the store holds, in name order.
    QTRY_COMPARE(attrs->item(1, ShapesPanel::KeyColumn)->text(), QStringLiteral("torque"));
    QCOMPARE(attrs->item(0, ShapesPanel::ValueColumn)->text(), QStringLiteral("right"));
    // Two attributes of one name are refused; the table shows the stored ones again.
    QSignalSpy failed(doc.get(), &ProjectDocument::editFailed);
    QVERIFY(editCell(attrs, 1, ShapesPanel::KeyColumn, QStringLiteral("side")));
    QTRY_COMPARE(failed.count(), 1);
    QTRY_COMPARE(attrs->item(1, ShapesPanel::KeyColumn)->text(), QStringLiteral("torque"));
    clickCell(attrs, 0, ShapesPanel::KeyColumn);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("removeAttribute")),
                      Qt::LeftButton);
    QTRY_COMPARE(doc->annotations(m_photo1)[0].attributes,
                 (std::map<std::string, std::string>{{"torque", ""}}));
    // Written at once: a second connection to the store sees it.
    QCOMPARE(proj::Project::open(m_dir.toStdString()).annotations(m_photo1)[0].attributes.size(),
             std::size_t{1});
    for (int i = 0; i < 4; ++i) doc->undoStack()->undo();
    QCOMPARE(doc->annotations(m_photo1)[0].attributes,
             (std::map<std::string, std::string>{{"side", "left"}}));
    QTRY_COMPARE(attrs->item(0, ShapesPanel::ValueColumn)->text(), QStringLiteral("left"));
    for (int i = 0; i < 4; ++i) doc->undoStack()->redo();
    QCOMPARE(doc->annotations(m_photo1)[0].attributes.size(), std::size_t{1});
    for (int i = 0; i < 4; ++i) doc->undoStack()->undo();
    QVERIFY(!doc->setAnnotationAttributes(doc->annotations(m_photo1)[0], {{" ", "x"}}));

    // Delete the box from the list; undo brings it back; the list follows.
    clickCell(shapes, 1, ShapesPanel::ClassColumn);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("deleteShape")),
                      Qt::LeftButton);
    QCOMPARE(doc->annotationCount(m_photo1), 1);
    QTRY_COMPARE(shapes->rowCount(), 1);
    doc->undoStack()->undo();
    QTRY_COMPARE(shapes->rowCount(), 2);
    // Another photo: its shapes, nothing selected.
    ws.photoBrowser()->next();
    QTRY_COMPARE(shapes->rowCount(), 1);
    QCOMPARE(panel->selectedShape(), 0);
    QCOMPARE(panel->attributesTable()->rowCount(), 0);
    ws.setDocument(nullptr);
  }

  void deletingAClassAsksAndUndoRestoresItsShapes() {
    auto doc = ProjectDocument::open(m_dir);
    ClassesPanel panel;
    panel.setDocument(doc.get());
    panel.resize(500, 300);
    panel.show();
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    const auto before = proj::Project::open(m_dir.toStdString()).class_annotations(m_fuse);
    QCOMPARE(before.size(), std::size_t{2});
    // An edit of one of its shapes made earlier must stay undoable across the delete and undo.
    QVERIFY(doc->setAnnotationAttributes(before[0], {{"side", "top"}}));
    auto* del = panel.findChild<QPushButton*>(QStringLiteral("deleteClass"));
    QTableWidget* table = panel.table();
    clickCell(table, 0, ClassesPanel::NameColumn);
    QCOMPARE(panel.currentClassId(), m_fuse);

    QString asked;
    answerNextMessageBox(QMessageBox::Cancel, &asked);
    QTest::mouseClick(del, Qt::LeftButton);
    QCOMPARE(asked, QStringLiteral("Delete the class “fuse” and the 2 shapes that use it?"));
    QVERIFY(doc->classInfo(m_fuse).has_value());

    asked.clear();
    answerNextMessageBox(QMessageBox::Yes, &asked);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);  // the Delete key asks the same
    QVERIFY(!asked.isEmpty());
    {
      auto store = proj::Project::open(m_dir.toStdString());
      QVERIFY(!store.class_by_name("fuse"));
      QCOMPARE(store.annotations(m_photo1).size(), std::size_t{1});  // the bolt box
      QCOMPARE(store.annotations(m_photo2).size(), std::size_t{0});
    }
    QTRY_COMPARE(table->rowCount(), 1);
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Delete class fuse"));

    doc->undoStack()->undo();
    auto store = proj::Project::open(m_dir.toStdString());
    const auto fuse = store.class_by_name("fuse");
    QVERIFY(fuse.has_value());
    QCOMPARE(fuse->color, std::string("#e6194b"));
    QCOMPARE(fuse->prompt, std::string("fuse cutout"));
    const auto restored = store.class_annotations(fuse->id);
    QCOMPARE(restored.size(), std::size_t{2});
    for (std::size_t i = 0; i < 2; ++i) {
      QCOMPARE(restored[i].photo_id, before[i].photo_id);
      QCOMPARE(restored[i].rings, before[i].rings);
      QCOMPARE(restored[i].area, before[i].area);
    }
    QCOMPARE(restored[0].attributes.at("side"), std::string("top"));
    QTRY_COMPARE(table->rowCount(), 2);
    // Redo and undo again, then the earlier attribute edit undoes on the restored shape.
    doc->undoStack()->redo();
    QVERIFY(!doc->classInfo(fuse->id));
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    const auto fuseNow = doc->classes();
    std::int64_t fuseId = 0;
    for (const auto& c : fuseNow)
      if (c.name == "fuse") fuseId = c.id;
    QCOMPARE(proj::Project::open(m_dir.toStdString()).class_annotations(fuseId)[0].attributes,
             before[0].attributes);

    // Recolour through the colour dialog, rename in place; both undoable.
    m_fuse = fuseId;
    panel.setCurrentClassId(m_fuse);
    QTimer::singleShot(0, [] {
      auto* dialog = qobject_cast<QColorDialog*>(QApplication::activeModalWidget());
      if (!dialog) return;
      dialog->setCurrentColor(QColor(0, 0, 200));
      dialog->accept();
    });
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("recolourClass")),
                      Qt::LeftButton);
    QCOMPARE(doc->classInfo(m_fuse)->color, std::string("#0000c8"));
    QTRY_COMPARE(table->rowCount(), 2);
    panel.activateWindow();  // back from the dialog
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    QVERIFY(editCell(table, table->currentRow(), ClassesPanel::NameColumn,
                     QStringLiteral("fuse body")));
    QTRY_COMPARE(doc->classInfo(m_fuse)->name, std::string("fuse body"));
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->classInfo(m_fuse)->name, std::string("fuse"));
    QCOMPARE(doc->classInfo(m_fuse)->color, std::string("#e6194b"));
    // A class no shape uses is named as such.
    QVERIFY(doc->addClass({0, "spare", "#123456", ""}));
    QTRY_COMPARE(table->rowCount(), 3);
    panel.setCurrentClassId(doc->classes().back().id);
    asked.clear();
    answerNextMessageBox(QMessageBox::Yes, &asked);
    QTest::mouseClick(del, Qt::LeftButton);
    QCOMPARE(asked, QStringLiteral("Delete the class “spare”? No shape uses it."));
    QVERIFY(!proj::Project::open(m_dir.toStdString()).class_by_name("spare"));
    // Add: a new class with a free name, its name open for typing in place.
    panel.activateWindow();  // back from the message box
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("addClass")), Qt::LeftButton);
    QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()));
    auto* nameEditor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY(table->isAncestorOf(nameEditor));
    nameEditor->selectAll();
    QTest::keyClicks(nameEditor, QStringLiteral("insulator"));
    QTest::keyClick(nameEditor, Qt::Key_Return);
    QTRY_VERIFY(proj::Project::open(m_dir.toStdString()).class_by_name("insulator").has_value());
    QTRY_COMPARE(table->rowCount(), 3);
    doc->undoStack()->undo();  // the name
    doc->undoStack()->undo();  // the class
    QVERIFY(!proj::Project::open(m_dir.toStdString()).class_by_name("insulator"));
    QTRY_COMPARE(table->rowCount(), 2);
  }

  // SAM3_SCREENSHOT_SOURCE: a dataset (a Roboflow export, ...) to look at the panels with real
  // photos; the window and each panel go to SAM3_SCREENSHOT_DIR.
  void screenshotsOfSource() {
    const QString source = qEnvironmentVariable("SAM3_SCREENSHOT_SOURCE");
    const QString out = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
    if (source.isEmpty() || out.isEmpty())
      QSKIP("SAM3_SCREENSHOT_SOURCE or SAM3_SCREENSHOT_DIR not set");
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    {
      auto p = proj::Project::create(dir.toStdString());
      proj::commit_dataset(p, proj::parse_source(source.toStdString()));
    }
    auto doc = ProjectDocument::open(dir);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    auto* right = new QVBoxLayout;
    layout->addWidget(ws.photoBrowser());
    layout->addWidget(ws.canvasPage(), 1);
    right->addWidget(ws.classesPanel(), 1);
    right->addWidget(ws.shapesPanel(), 2);
    right->addWidget(ws.photoPanel(), 1);
    layout->addLayout(right);
    ws.photoBrowser()->setFixedWidth(280);
    ws.shapesPanel()->setFixedWidth(340);
    host.resize(1500, 900);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    ws.setDocument(doc.get());
    QTRY_VERIFY(ws.canvas()->isPhotoLoaded());
    const qint64 photo = ws.canvas()->photoId();
    if (const auto a = doc->annotations(photo); !a.empty()) {
      doc->setAnnotationAttributes(a[0], {{"condition", "corroded"}, {"phase", "B"}});
      ws.canvas()->selectAnnotation(doc->annotations(photo)[0].id);
    }
    doc->setPhotoVerdict(photo, proj::Verdict::Unsure);
    doc->setPhotoSplit(photo, proj::Split::Train);
    doc->setPhotoNote(photo,
                      QStringLiteral("Neutral on the left cutout looks loose; check on site."));
    QTest::qWait(1500);  // thumbnails
    QDir().mkpath(out);
    QVERIFY(host.grab().save(out + QStringLiteral("/panels_window.png")));
    QVERIFY(ws.shapesPanel()->grab().save(out + QStringLiteral("/panels_shapes.png")));
    QVERIFY(ws.photoPanel()->grab().save(out + QStringLiteral("/panels_photo.png")));
    QVERIFY(ws.photoBrowser()->grab().save(out + QStringLiteral("/panels_browser.png")));
    QVERIFY(ws.classesPanel()->grab().save(out + QStringLiteral("/panels_classes.png")));
    ws.setDocument(nullptr);
  }
};

QTEST_MAIN(TestShapesPanel)
#include "tst_shapes_panel.moc"
