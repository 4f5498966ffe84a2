// The annotation workspace driven like a user: real widgets, simulated mouse and keys, a small
// project made through the core project API with photos written by core's image writer.
#include <QAction>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "core/project/interchange.h"
#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/image_io.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/shape_item.h"
#include "ui/classes_panel.h"
#include "ui/image_loader.h"
#include "ui/photo_browser.h"
#include "ui/photo_list_model.h"
#include "ui/project_document.h"

using namespace sam3::ui;
namespace proj = sam3::project;

namespace {

// A 320 x 240 photo: a colour gradient with a darker block whose place depends on `seed`.
void writePhoto(const QString& file, int seed) {
  sam3::Image img;
  img.width = 320;
  img.height = 240;
  img.rgb.resize(static_cast<std::size_t>(img.width * img.height * 3));
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const bool block = x > 40 + seed * 60 && x < 160 + seed * 60 && y > 60 && y < 160;
      auto* px = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
      px[0] = static_cast<std::uint8_t>(block ? 40 : 120 + x / 4);
      px[1] = static_cast<std::uint8_t>(block ? 40 : 90 + y / 3);
      px[2] = static_cast<std::uint8_t>(block ? 50 : 140);
    }
  sam3::save_image(img, file.toStdString());
}

int shapeCount(AnnotationCanvas* canvas) {
  int n = 0;
  for (QGraphicsItem* item : canvas->scene()->items()) n += dynamic_cast<ShapeItem*>(item) ? 1 : 0;
  return n;
}

}  // namespace

class TestAnnotationWorkspace : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_tmp;
  QString m_projectDir;
  qint64 m_photo1 = 0, m_photo2 = 0, m_fuse = 0, m_bracket = 0;

  // The project as a user would have it after importing two photos and naming two classes.
  void makeProject(const QString& dir) {
    QDir().mkpath(m_tmp.filePath(QStringLiteral("src")));
    const QString a = m_tmp.filePath(QStringLiteral("src/panel_a.png"));
    const QString b = m_tmp.filePath(QStringLiteral("src/panel_b.png"));
    writePhoto(a, 0);
    writePhoto(b, 1);
    auto p = proj::Project::create(dir.toStdString(), "workspace test");
    const auto report = proj::import_photo_files(p, {a.toStdString(), b.toStdString()});
    Q_UNUSED(report);
    const auto photos = p.photos();
    QCOMPARE(photos.size(), std::size_t{2});
    m_photo1 = photos[0].id;
    m_photo2 = photos[1].id;
    m_fuse = p.add_class({0, "fuse", "#e6194b", "fuse cutout"});
    m_bracket = p.add_class({0, "bracket", "#3cb44b", "bracket-xzg2yturox8qwldmiogk"});
  }

  static QPoint at(AnnotationCanvas* c, double x, double y) {
    return c->mapFromScene(QPointF(x, y));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_projectDir = m_tmp.filePath(QStringLiteral("project"));
    makeProject(m_projectDir);
  }

  void documentCommandsUndoRedoThroughTheStore() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    {
      auto p = proj::Project::create(dir.toStdString());
      proj::Photo ph;
      ph.original_name = "x.png";
      ph.stored_name = "x.png";
      ph.sha256 = std::string(64, 'a');
      ph.width = 100;
      ph.height = 100;
      ph.format = "png";
      p.add_photo(ph);
      p.add_class({0, "a", "#ff0000", ""});
    }
    auto doc = ProjectDocument::open(dir);
    const qint64 photo = doc->photos().front().id;
    const qint64 cls = doc->classes().front().id;
    proj::Annotation a;
    a.photo_id = photo;
    a.class_id = cls;
    a.rings = {{{10, 10}, {50, 10}, {50, 40}}};
    QVERIFY(doc->addAnnotation(a));
    auto stored = doc->annotations(photo).at(0);
    QVERIFY(doc->moveVertex(stored, 0, 2, {60, 60}));
    QVERIFY(doc->insertVertex(doc->annotations(photo).at(0), 0, 3, {10, 60}));
    QCOMPARE(doc->annotations(photo).at(0).rings[0].size(), std::size_t{4});
    // Undo everything (the add deletes the row), redo everything (re-inserted, maybe a new id).
    for (int i = 0; i < 3; ++i) doc->undoStack()->undo();
    QCOMPARE(doc->annotationCount(photo), 0);
    for (int i = 0; i < 3; ++i) doc->undoStack()->redo();
    auto again = doc->annotations(photo);
    QCOMPARE(again.size(), std::size_t{1});
    QCOMPARE(again[0].rings[0], (proj::Ring{{10, 10}, {50, 10}, {60, 60}, {10, 60}}));
    QCOMPARE(again[0].area.value(), 50.0 * 40 + 0.5 * 50 * 10);  // recomputed by the store
    // A removed shape comes back on undo, and the edit after it still applies.
    QVERIFY(doc->removeAnnotation(again[0]));
    QCOMPARE(doc->annotationCount(photo), 0);
    doc->undoStack()->undo();
    QCOMPARE(doc->annotations(photo).at(0).rings[0], again[0].rings[0]);
    // Refusals: a triangle keeps its three points; no duplicate class names; no empty names.
    QVERIFY(!doc->removeVertex(doc->annotations(photo).at(0), 0, 9));
    QVERIFY(doc->addClass({0, "b", "#00ff00", ""}));
    QSignalSpy failed(doc.get(), &ProjectDocument::editFailed);
    const int depth = doc->undoStack()->count();
    QVERIFY(!doc->renameClass(cls, QStringLiteral("b")));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(doc->undoStack()->count(), depth);
    QVERIFY(!doc->renameClass(cls, QStringLiteral("  ")));
    QCOMPARE(doc->classInfo(cls)->name, std::string("a"));
    QVERIFY(doc->setClassPrompt(cls, QStringLiteral("red part")));
    QVERIFY(doc->recolourClass(cls, QColor(0, 0, 255)));
    QCOMPARE(doc->classInfo(cls)->color, std::string("#0000ff"));
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->classInfo(cls)->prompt, std::string("a"));
    // The store, reopened, holds what the document shows.
    doc.reset();
    auto reopened = proj::Project::open(dir.toStdString());
    QCOMPARE(reopened.classes().size(), std::size_t{2});
    QCOMPARE(reopened.annotations(photo).size(), std::size_t{1});
  }

  void drawEditUndoRedoSwitchAndReopen() {
    auto doc = ProjectDocument::open(m_projectDir);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    layout->addWidget(ws.photoBrowser());
    layout->addWidget(ws.canvasPage(), 1);
    layout->addWidget(ws.classesPanel());
    // Undo and redo as the main window binds them.
    QAction* undo = doc->undoStack()->createUndoAction(&host);
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = doc->undoStack()->createRedoAction(&host);
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    host.addActions({undo, redo});
    host.resize(1100, 700);
    host.show();
    host.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&host));
    ws.setDocument(doc.get());
    AnnotationCanvas* canvas = ws.canvas();
    QCOMPARE(canvas->photoId(), m_photo1);
    QTRY_VERIFY(canvas->isPhotoLoaded());
    QCOMPARE(canvas->currentClass(), m_fuse);                 // first class is current
    QTest::keyClick(canvas, Qt::Key_0, Qt::ControlModifier);  // 1:1, whole-pixel coordinates
    QCOMPARE(canvas->zoom(), 1.0);

    // Draw a polygon: four clicks, then a click on the first point closes it.
    QTest::keyClick(canvas, Qt::Key_P);
    QCOMPARE(canvas->tool(), AnnotationCanvas::Tool::Polygon);
    auto* vp = canvas->viewport();
    for (auto [x, y] : {std::pair{50, 60}, {150, 60}, {150, 160}, {50, 160}})
      QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, x, y));
    QCOMPARE(canvas->draftPointCount(), 4);
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 51, 61));
    auto anns = doc->annotations(m_photo1);
    QCOMPARE(anns.size(), std::size_t{1});
    QCOMPARE(anns[0].class_id, m_fuse);
    QCOMPARE(anns[0].rings[0], (proj::Ring{{50, 60}, {150, 60}, {150, 160}, {50, 160}}));
    QCOMPARE(shapeCount(canvas), 1);

    // Esc cancels a half-drawn polygon; nothing is stored.
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 200, 20));
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 250, 20));
    QTest::keyClick(canvas, Qt::Key_Escape);
    QCOMPARE(canvas->draftPointCount(), 0);
    QCOMPARE(doc->annotationCount(m_photo1), 1);

    // Select it and drag its second vertex.
    QTest::keyClick(canvas, Qt::Key_E);
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QVERIFY(canvas->selectedAnnotation().has_value());
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 150, 60));
    QTest::mouseMove(vp, at(canvas, 170, 50));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 180, 40));
    QCOMPARE(doc->annotations(m_photo1)[0].rings[0][1], (proj::Point{180, 40}));

    // Undo (Ctrl+Z) puts it back, redo (Ctrl+Shift+Z) moves it again.
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(doc->annotations(m_photo1)[0].rings[0][1], (proj::Point{150, 60}));
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(doc->annotations(m_photo1)[0].rings[0][1], (proj::Point{180, 40}));

    // Drag from the middle of the bottom edge inserts a vertex; Delete removes a clicked one.
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 120));
    QVERIFY(canvas->selectedAnnotation().has_value());
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 100, 160));
    QTest::mouseMove(vp, at(canvas, 100, 180));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 100, 190));
    QCOMPARE(doc->annotations(m_photo1)[0].rings[0],
             (proj::Ring{{50, 60}, {180, 40}, {150, 160}, {100, 190}, {50, 160}}));
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 190));
    QTest::keyClick(canvas, Qt::Key_Delete);
    QCOMPARE(doc->annotations(m_photo1)[0].rings[0].size(), std::size_t{4});

    // Change class: pick "bracket" in the classes panel and assign it to the selected shape.
    QTest::mouseClick(vp, Qt::LeftButton, {}, at(canvas, 100, 100));
    QTableWidget* table = ws.classesPanel()->table();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->model()->index(1, 0)).center());
    QCOMPARE(ws.classesPanel()->currentClassId(), m_bracket);
    QTest::mouseClick(ws.classesPanel()->findChild<QPushButton*>(QStringLiteral("assignClass")),
                      Qt::LeftButton);
    QCOMPARE(doc->annotations(m_photo1)[0].class_id, m_bracket);

    // D goes to the next photo; draw a box there; A comes back to the polygon.
    QTest::keyClick(canvas, Qt::Key_D);
    QCOMPARE(ws.photoBrowser()->currentPhotoId(), m_photo2);
    QCOMPARE(canvas->photoId(), m_photo2);
    QCOMPARE(shapeCount(canvas), 0);
    QTRY_VERIFY(canvas->isPhotoLoaded());
    QTest::keyClick(canvas, Qt::Key_0, Qt::ControlModifier);
    QTest::keyClick(canvas, Qt::Key_B);
    QTest::mousePress(vp, Qt::LeftButton, {}, at(canvas, 100, 60));
    QTest::mouseMove(vp, at(canvas, 150, 100));
    QTest::mouseRelease(vp, Qt::LeftButton, {}, at(canvas, 220, 160));
    auto boxes = doc->annotations(m_photo2);
    QCOMPARE(boxes.size(), std::size_t{1});
    QCOMPARE(boxes[0].kind, proj::ShapeKind::Box);
    QCOMPARE(boxes[0].bbox, (std::array<double, 4>{100, 60, 120, 100}));
    QCOMPARE(boxes[0].class_id, m_bracket);
    QTest::keyClick(canvas, Qt::Key_A);
    QCOMPARE(canvas->photoId(), m_photo1);
    QCOMPARE(shapeCount(canvas), 1);

    // Reopen the project from disk: everything as left.
    ws.setDocument(nullptr);
    doc.reset();
    auto store = proj::Project::open(m_projectDir.toStdString());
    const auto p1 = store.annotations(m_photo1);
    QCOMPARE(p1.size(), std::size_t{1});
    QCOMPARE(p1[0].class_id, m_bracket);
    QCOMPARE(p1[0].rings[0].size(), std::size_t{4});
    QCOMPARE(p1[0].rings[0][1], (proj::Point{180, 40}));
    QCOMPARE(store.annotations(m_photo2).size(), std::size_t{1});
  }

  void drawingWithoutClassSaysWhy() {
    auto doc = ProjectDocument::open(m_projectDir);
    AnnotationCanvas canvas;
    canvas.setDocument(doc.get());
    canvas.setPhoto(m_photo2);
    canvas.resize(400, 300);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    canvas.setCurrentClass(0);
    canvas.setTool(AnnotationCanvas::Tool::Polygon);
    QSignalSpy failed(doc.get(), &ProjectDocument::editFailed);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(&canvas, 20, 20));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(canvas.draftPointCount(), 0);
    canvas.setCurrentClass(m_fuse);
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, at(&canvas, 20, 20));
    QCOMPARE(canvas.draftPointCount(), 1);
    QCOMPARE(failed.count(), 1);
  }

  void classesPanelEditsPromptsAndWarnsOnRoboflowSuffix() {
    auto doc = ProjectDocument::open(m_projectDir);
    ClassesPanel panel;
    panel.setDocument(doc.get());
    panel.resize(400, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTableWidget* table = panel.table();
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(table->item(0, ClassesPanel::PromptColumn)->icon().isNull());
    QVERIFY(!table->item(1, ClassesPanel::PromptColumn)->icon().isNull());
    QVERIFY(ClassesPanel::hasRoboflowSuffix(QStringLiteral("fuse neutral-xzg2yturox8qwldmiogk")));
    QVERIFY(!ClassesPanel::hasRoboflowSuffix(QStringLiteral("fuse cutout")));
    // Edit the prompt in place like a user: F2, type, Enter.
    table->setCurrentCell(1, ClassesPanel::PromptColumn);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_F2);
    QWidget* editor = QApplication::focusWidget();
    QVERIFY(qobject_cast<QLineEdit*>(editor));
    qobject_cast<QLineEdit*>(editor)->selectAll();
    QTest::keyClicks(editor, QStringLiteral("metal bracket"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(doc->classInfo(m_bracket)->prompt, std::string("metal bracket"));
    QTRY_VERIFY(table->item(1, ClassesPanel::PromptColumn)->icon().isNull());
    doc->undoStack()->undo();
    QCOMPARE(doc->classInfo(m_bracket)->prompt, std::string("bracket-xzg2yturox8qwldmiogk"));
    QTRY_VERIFY(!table->item(1, ClassesPanel::PromptColumn)->icon().isNull());
  }

  void photoBrowserFiltersAndMakesThumbnails() {
    auto doc = ProjectDocument::open(m_projectDir);
    PhotoBrowser browser;
    browser.setDocument(doc.get());
    browser.resize(300, 400);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    auto* list = browser.findChild<QListView*>(QStringLiteral("photoList"));
    QCOMPARE(list->model()->rowCount(), 2);
    QTest::keyClicks(browser.findChild<QLineEdit*>(QStringLiteral("photoSearch")),
                     QStringLiteral("_B"));
    QCOMPARE(list->model()->rowCount(), 1);
    QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("panel_b.png"));
    QVERIFY(!browser.selectPhoto(m_photo1));  // filtered out
    // The thumbnail arrives from the worker thread scaled to the thumbnail size.
    PhotoListModel* model = browser.model();
    (void)model->data(model->index(0), Qt::DecorationRole);
    QTRY_COMPARE(qvariant_cast<QPixmap>(model->data(model->index(0), Qt::DecorationRole)).width(),
                 PhotoListModel::kThumbnailSide);
  }

  void imageLoaderReportsUnreadableFiles() {
    const QString bad = m_tmp.filePath(QStringLiteral("not_an_image.png"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is text");
    f.close();
    ImageLoader loader;
    QSignalSpy failed(&loader, &ImageLoader::failed);
    QSignalSpy loaded(&loader, &ImageLoader::loaded);
    const quint64 id = loader.request(bad);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toULongLong(), id);
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    QCOMPARE(loaded.count(), 0);
  }

  void screenshot() { grabWorkspace(m_projectDir, QStringLiteral("annotation_workspace.png")); }

  // SAM3_SCREENSHOT_SOURCE: a dataset (COCO/Roboflow export, ...) to look at real photos with.
  void screenshotOfSource() {
    const QString source = qEnvironmentVariable("SAM3_SCREENSHOT_SOURCE");
    if (source.isEmpty()) QSKIP("SAM3_SCREENSHOT_SOURCE not set");
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("p"));
    {
      auto p = proj::Project::create(dir.toStdString());
      proj::commit_dataset(p, proj::parse_source(source.toStdString()));
    }
    grabWorkspace(dir, QStringLiteral("annotation_workspace_source.png"));
  }

 private:
  void grabWorkspace(const QString& projectDir, const QString& file) {
    const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("SAM3_SCREENSHOT_DIR not set");
    auto doc = ProjectDocument::open(projectDir);
    QWidget host;
    AnnotationWorkspace ws(&host);
    auto* layout = new QHBoxLayout(&host);
    layout->addWidget(ws.photoBrowser());
    layout->addWidget(ws.canvasPage(), 1);
    layout->addWidget(ws.classesPanel());
    host.resize(1280, 720);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    ws.setDocument(doc.get());
    QTRY_VERIFY(ws.canvas()->isPhotoLoaded());
    if (const auto a = doc->annotations(ws.canvas()->photoId()); !a.empty())
      ws.canvas()->selectAnnotation(a[0].id);
    QTest::qWait(200);  // thumbnails
    QDir().mkpath(dir);
    QVERIFY(host.grab().save(dir + QLatin1Char('/') + file));
  }
};

QTEST_MAIN(TestAnnotationWorkspace)
#include "tst_annotation_workspace.moc"
