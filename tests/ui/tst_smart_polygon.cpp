// Smart polygon and text pre-labelling in the annotation workspace, driven through the real
// widgets against sam3-tiny with seeded random weights (passed explicitly through
// SmartTools::setModelOverride; the product never falls back to random weights): S enters the
// tool, simulated clicks (left, right, Shift, a drag) preview a mask computed on the worker
// thread, Enter stores a polygon that undo and redo take out and put back, the Simplify slider
// changes it afterwards, Esc cancels, the embedding lands in the project's cache. Pre-labelling a
// photo adds pending proposals beside the human shapes; accepting one makes it source = accepted
// (undoable); reject all removes the rest; cancel and missing weights are reported.
// Pre-labelling needs the CLIP vocabulary from ../shared and skips without it.
// Screenshots go to $SAM3_SCREENSHOT_DIR when it is set.
#include <QDir>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>
#include "tests/support/test_paths.h"

#include "core/demo/demo_project.h"
#include "core/project/project.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/commands/shape_commands.h"
#include "ui/photo_browser.h"
#include "ui/panels/shapes_panel.h"
#include "ui/project_document.h"
#include "ui/smart/prelabeler.h"
#include "ui/smart/proposal_commands.h"
#include "ui/smart/smart_polygon_tool.h"
#include "ui/smart/smart_tools.h"

using namespace sam3::ui;
namespace proj = sam3::project;

namespace {

constexpr int kModelWait = 120000;  // ms; sam3-tiny on a loaded 2-core machine

QString vocab() {
  return (QString::fromUtf8(::sam3::test::shared_dir()) +
          QStringLiteral("/reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz"));
}

QString makeDemo(const QTemporaryDir& tmp) {
  sam3::demo::DemoOptions o;
  o.num_photos = 4;
  o.width = 320;
  o.height = 240;
  o.num_classes = 1;
  o.negative_fraction = 0;
  const QString dir = tmp.filePath(QStringLiteral("demo"));
  sam3::demo::create_demo_project(dir.toStdString(), o);
  return dir;
}

SmartModelSpec tinySpec() {
  SmartModelSpec s;
  s.modelConfig = QStringLiteral("sam3-tiny");
  s.randomWeights = true;
  s.seed = 5;
  s.device = QStringLiteral("cpu");
  s.vocab = vocab();
  s.scoreThreshold = 0.0;  // random weights score low: keep the best few queries
  s.maxProposals = 3;
  return s;
}

void screenshot(QWidget* w, const QString& name) {
  const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

// A window with the workspace's canvas page and shapes panel, on a project.
struct Session {
  QWidget window;
  AnnotationWorkspace* workspace;
  SmartTools* smart;
  std::unique_ptr<ProjectDocument> doc;

  explicit Session(const QString& dir) {
    workspace = new AnnotationWorkspace(&window);
    smart = new SmartTools(workspace, &window);
    // Placed as the main window places them: photos left, canvas, classes and shapes right.
    auto* layout = new QHBoxLayout(&window);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(workspace->photoBrowser());
    layout->addWidget(workspace->canvasPage(), 1);
    auto* right = new QVBoxLayout;
    right->addWidget(workspace->classesPanel(), 1);
    right->addWidget(workspace->shapesPanel(), 2);
    layout->addLayout(right);
    workspace->photoBrowser()->setFixedWidth(230);
    workspace->classesPanel()->setFixedWidth(330);
    workspace->shapesPanel()->setFixedWidth(330);
    window.resize(1440, 760);
    doc = ProjectDocument::open(dir);
  }
  ~Session() {
    smart->setDocument(nullptr);
    workspace->setDocument(nullptr);
  }
  AnnotationCanvas* canvas() const { return workspace->canvas(); }
  SmartPolygonTool* tool() const { return smart->polygonTool(); }
  bool open(std::optional<SmartModelSpec> spec) {
    smart->setModelOverride(std::move(spec));
    workspace->setDocument(doc.get());
    smart->setDocument(doc.get());
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) return false;
    if (!QTest::qWaitFor([&] { return canvas()->isPhotoLoaded(); }, 20000)) return false;
    canvas()->setCurrentClass(doc->classes().front().id);
    canvas()->setFocus();
    return true;
  }
  QPoint at(double x, double y) const { return canvas()->mapFromScene(QPointF(x, y)); }
  qint64 photo() const { return canvas()->photoId(); }
};

}  // namespace

class TestSmartPolygon : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sam3studio-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_smart_polygon"));
    QSettings().clear();
    // No Hugging Face snapshot may stand in for the weights this test names.
    qputenv("HF_HUB_CACHE", QByteArray("/nonexistent/hf-hub"));
    qputenv("HF_HOME", QByteArray("/nonexistent/hf-home"));
    qputenv("XDG_CACHE_HOME", QByteArray("/nonexistent/xdg-cache"));
  }

  void clicksPreviewAcceptUndoRedo();
  void simplifyStillWorksAfterReopening();
  void noWeightsSaysWhatToDo();
  void badWeightsFileIsReported();
  void prelabelAddsPendingProposalsThatCanBeAccepted();
  void prelabelCancelAndErrors();
};

void TestSmartPolygon::clicksPreviewAcceptUndoRedo() {
  QTemporaryDir tmp;
  Session s(makeDemo(tmp));
  QVERIFY(s.open(tinySpec()));
  const int humanBefore = s.doc->annotationCount(s.photo());

  // S enters the tool; the embedding is computed on the worker, then the tool is ready.
  QTest::keyClick(s.canvas(), Qt::Key_S);
  QCOMPARE(s.canvas()->tool(), AnnotationCanvas::Tool::Smart);
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->state() == SmartPolygonTool::State::Ready; },
                          kModelWait));
  QCOMPARE(s.tool()->device(), QStringLiteral("cpu"));
  QCOMPARE(s.smart->device(), QStringLiteral("cpu"));
  QCOMPARE(SmartTools::deviceName(s.smart->device()), QStringLiteral("CPU"));  // the status bar's
  QCOMPARE(SmartTools::deviceName(QStringLiteral("cuda:1")), QStringLiteral("CUDA:1"));
  // The embedding is in the project's cache folder.
  QCOMPARE(QDir(s.doc->dir() + QStringLiteral("/cache/embeddings"))
               .entryList(QDir::Files | QDir::NoDotAndDotDot)
               .size(),
           qsizetype(1));

  // Left click: a positive point and a preview mask.
  QTest::mouseClick(s.canvas()->viewport(), Qt::LeftButton, {}, s.at(160, 120));
  QCOMPARE(s.tool()->prompt().points.size(), std::size_t(1));
  QVERIFY(s.tool()->prompt().points[0].positive);
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->hasPreview(); }, kModelWait));
  QCOMPARE(s.tool()->preview().candidates, 3);  // one click: three candidates, best shown
  // Right click and Shift+click: negative points; the preview follows the newest prompt.
  QTest::mouseClick(s.canvas()->viewport(), Qt::RightButton, {}, s.at(40, 30));
  QTest::mouseClick(s.canvas()->viewport(), Qt::LeftButton, Qt::ShiftModifier, s.at(290, 210));
  QCOMPARE(s.tool()->prompt().points.size(), std::size_t(3));
  QVERIFY(!s.tool()->prompt().points[1].positive);
  QVERIFY(!s.tool()->prompt().points[2].positive);
  // A drag draws a box prompt.
  QTest::mousePress(s.canvas()->viewport(), Qt::LeftButton, {}, s.at(100, 70));
  QTest::mouseMove(s.canvas()->viewport(), s.at(150, 110));
  QTest::mouseMove(s.canvas()->viewport(), s.at(220, 170));
  QTest::mouseRelease(s.canvas()->viewport(), Qt::LeftButton, {}, s.at(220, 170));
  QVERIFY(s.tool()->prompt().box.has_value());
  QCOMPARE(s.tool()->prompt().points.size(), std::size_t(3));  // the drag added no point
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->hasPreview(); }, kModelWait));
  QCOMPARE(s.tool()->preview().candidates, 1);
  QVERIFY(s.tool()->decoderCalls() >= 2);
  QVERIFY(s.tool()->decoderCalls() <= 4);  // coalesced: never more calls than prompt changes
  screenshot(&s.window, QStringLiteral("smart_polygon.png"));

  // Backspace drops the last prompt part (the box), the preview follows.
  QTest::keyClick(s.canvas(), Qt::Key_Backspace);
  QVERIFY(!s.tool()->prompt().box.has_value());
  QCOMPARE(s.tool()->prompt().points.size(), std::size_t(3));
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->hasPreview(); }, kModelWait));
  // The box again, then Enter stores the mask as polygons of the current class.
  s.tool()->setBox(QRectF(100, 70, 120, 100));
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->hasPreview(); }, kModelWait));
  const int undoBefore = s.doc->undoStack()->count();
  QTest::keyClick(s.canvas(), Qt::Key_Return);
  QVERIFY(s.tool()->prompt().empty());
  const QList<qint64> accepted = s.tool()->acceptedShapes();
  QVERIFY2(!accepted.isEmpty(), "the mask gave no polygon");
  QCOMPARE(s.doc->undoStack()->count(), undoBefore + 1);  // one undo step
  const int withSmart = s.doc->annotationCount(s.photo());
  QCOMPARE(withSmart, humanBefore + static_cast<int>(accepted.size()));
  // Stored in the project (a fresh connection to the store sees it).
  {
    auto store = proj::Project::open(s.doc->dir().toStdString());
    int found = 0;
    for (const auto& a : store.annotations(s.photo()))
      if (accepted.contains(a.id)) {
        ++found;
        QCOMPARE(a.class_id, s.doc->classes().front().id);
        QCOMPARE(a.source, proj::Source::Human);
        QCOMPARE(a.kind, proj::ShapeKind::Polygon);
        QVERIFY(a.rings.front().size() >= 3);
      }
    QCOMPARE(found, static_cast<int>(accepted.size()));
  }

  // The Simplify slider changes the accepted polygon afterwards (exact outline at 0 px).
  auto vertices = [&] {
    std::size_t n = 0;
    for (const auto& a : s.doc->annotations(s.photo()))
      if (accepted.contains(a.id))
        for (const auto& r : a.rings) n += r.size();
    return n;
  };
  const std::size_t atOnePixel = vertices();
  s.smart->toleranceSlider()->setValue(0);
  const std::size_t exact = vertices();
  QVERIFY2(exact > atOnePixel, qPrintable(QStringLiteral("%1 vs %2").arg(exact).arg(atOnePixel)));
  s.smart->toleranceSlider()->setValue(20);  // 10 px (rings that would fall below 3 keep theirs)
  QVERIFY(vertices() != atOnePixel);
  s.smart->toleranceSlider()->setValue(2);
  QCOMPARE(vertices(), atOnePixel);  // reversible: the traced mask is kept

  // Still so after another photo: the slider changes the polygon accepted last on this photo.
  {
    const qint64 here = s.photo();
    s.canvas()->setPhoto(s.doc->photos().at(2).id);
    QVERIFY(s.tool()->acceptedShapes().isEmpty());
    s.smart->toleranceSlider()->setValue(6);  // nothing accepted on that photo: no edit
    s.canvas()->setPhoto(here);
    QCOMPARE(s.tool()->acceptedShapes(), accepted);
    s.smart->toleranceSlider()->setValue(0);
    QCOMPARE(vertices(), exact);
    s.smart->toleranceSlider()->setValue(2);
    QCOMPARE(vertices(), atOnePixel);
  }
  // A shape edited by hand keeps its vertices; put back as the tool left it, the slider has it
  // again.
  {
    const auto shape = [&] {
      for (const auto& a : s.doc->annotations(s.photo()))
        if (a.id == accepted.front()) return a;
      return proj::Annotation{};
    };
    const auto original = shape();
    auto moved = original;
    moved.rings.front().front().x += 1.5;
    QVERIFY(shape_commands::setGeometry(*s.doc, shape(), moved, QStringLiteral("move vertex")));
    QSignalSpy status(s.tool(), &SmartPolygonTool::statusMessage);
    s.smart->toleranceSlider()->setValue(0);
    QCOMPARE(shape().rings, moved.rings);
    QVERIFY(!status.isEmpty());
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("by hand")));
    s.smart->toleranceSlider()->setValue(2);
    QVERIFY(shape_commands::setGeometry(*s.doc, shape(), original, QStringLiteral("move back")));
    QCOMPARE(vertices(), atOnePixel);
    s.smart->toleranceSlider()->setValue(0);
    QCOMPARE(vertices(), exact);
    s.smart->toleranceSlider()->setValue(2);
    QCOMPARE(vertices(), atOnePixel);
  }

  // Esc clears a prompt and stores nothing; the tool stays.
  const int stored = s.doc->annotationCount(s.photo());
  s.tool()->addPoint(QPointF(50, 50), true);
  QTest::keyClick(s.canvas(), Qt::Key_Escape);
  QVERIFY(s.tool()->prompt().empty());
  QVERIFY(!s.tool()->hasPreview());
  QCOMPARE(s.doc->annotationCount(s.photo()), stored);
  QCOMPARE(s.canvas()->tool(), AnnotationCanvas::Tool::Smart);

  // Undo takes the smart polygon out, redo puts it back (store and view).
  while (s.doc->annotationCount(s.photo()) != humanBefore && s.doc->undoStack()->canUndo())
    s.doc->undoStack()->undo();
  QCOMPARE(s.doc->annotationCount(s.photo()), humanBefore);
  QCOMPARE(proj::Project::open(s.doc->dir().toStdString()).annotations(s.photo()).size(),
           std::size_t(humanBefore));
  while (s.doc->undoStack()->canRedo()) s.doc->undoStack()->redo();
  QCOMPARE(s.doc->annotationCount(s.photo()), withSmart);
  QCOMPARE(proj::Project::open(s.doc->dir().toStdString()).annotations(s.photo()).size(),
           std::size_t(withSmart));

  // Another photo and back: the second visit reads the embedding from the cache.
  const qint64 first = s.photo();
  const qint64 second = s.doc->photos().at(1).id;
  s.canvas()->setPhoto(second);
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->state() == SmartPolygonTool::State::Ready; },
                          kModelWait));
  s.canvas()->setPhoto(first);
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->state() == SmartPolygonTool::State::Ready; },
                          kModelWait));
  QVERIFY(s.smart->stateLabel()->text().contains(QStringLiteral("cache")));
}

// The exact outline is saved in the project: after closing and opening it again the Simplify
// slider still changes (and restores) the smart polygon, found again by its rings, also when undo
// and redo gave it a new id; shapes edited by hand and other photos are left alone.
void TestSmartPolygon::simplifyStillWorksAfterReopening() {
  QTemporaryDir tmp;
  const QString dir = makeDemo(tmp);
  QList<qint64> accepted;
  std::size_t atOnePixel = 0, exact = 0;
  qint64 photo = 0;
  const auto verticesOf = [](ProjectDocument& doc, qint64 on, const QList<qint64>& ids) {
    std::size_t n = 0;
    for (const auto& a : doc.annotations(on))
      if (ids.contains(a.id))
        for (const auto& r : a.rings) n += r.size();
    return n;
  };
  {
    Session s(dir);
    QVERIFY(s.open(tinySpec()));
    photo = s.photo();
    QTest::keyClick(s.canvas(), Qt::Key_S);
    QVERIFY(QTest::qWaitFor([&] { return s.tool()->state() == SmartPolygonTool::State::Ready; },
                            kModelWait));
    s.smart->toleranceSlider()->setValue(2);      // 1 px
    s.tool()->addPoint(QPointF(160, 120), true);  // the prompt of clicksPreviewAcceptUndoRedo
    s.tool()->addPoint(QPointF(40, 30), false);
    s.tool()->addPoint(QPointF(290, 210), false);
    s.tool()->setBox(QRectF(100, 70, 120, 100));
    QVERIFY(QTest::qWaitFor([&] { return s.tool()->hasPreview(); }, kModelWait));
    QVERIFY(s.tool()->accept());
    accepted = s.tool()->acceptedShapes();
    QVERIFY(!accepted.isEmpty());
    atOnePixel = verticesOf(*s.doc, photo, accepted);
    s.smart->toleranceSlider()->setValue(0);
    exact = verticesOf(*s.doc, photo, accepted);
    QVERIFY2(
        exact > atOnePixel,
        qPrintable(
            QStringLiteral("%1 vs %2, %3 shapes").arg(exact).arg(atOnePixel).arg(accepted.size())));
    // Undo the simplification and the shapes, redo both: the shapes come back with new ids.
    s.doc->undoStack()->undo();
    s.doc->undoStack()->undo();
    s.doc->undoStack()->redo();
    s.doc->undoStack()->redo();
    QCOMPARE(s.doc->annotationCount(photo) > 0, true);
  }
  {
    auto store = proj::Project::open(dir.toStdString());
    const auto outline = store.smart_outline(photo);
    QVERIFY(outline.has_value());
    QCOMPARE(outline->tolerances, (std::vector<double>{1.0, 0.0}));
    QVERIFY(!outline->regions.empty());
  }
  Session s(dir);
  QVERIFY(s.open(std::nullopt));  // no model needed to simplify
  QCOMPARE(s.photo(), photo);
  const QList<qint64> found = s.tool()->acceptedShapes();
  QCOMPARE(found.size(), accepted.size());
  QCOMPARE(verticesOf(*s.doc, photo, found), exact);  // as the redo left them
  const int undoBefore = s.doc->undoStack()->count();
  s.smart->toleranceSlider()->setValue(20);  // 10 px
  const std::size_t atTenPixels = verticesOf(*s.doc, photo, found);
  // (not fewer: rings that would fall below 3 vertices keep theirs)
  QVERIFY(atTenPixels != atOnePixel && atTenPixels != exact);
  QCOMPARE(s.doc->undoStack()->count(), undoBefore + 1);  // one undo step
  s.smart->toleranceSlider()->setValue(1);
  s.smart->toleranceSlider()->setValue(2);
  QCOMPARE(verticesOf(*s.doc, photo, found), atOnePixel);
  s.doc->undoStack()->undo();  // back to 0.5 px
  s.doc->undoStack()->undo();  // back to 10 px
  QCOMPARE(verticesOf(*s.doc, photo, found), atTenPixels);
  s.smart->toleranceSlider()->setValue(0);
  QCOMPARE(verticesOf(*s.doc, photo, found), exact);
  {
    auto store = proj::Project::open(dir.toStdString());
    QCOMPARE(store.smart_outline(photo)->tolerances,
             (std::vector<double>{1.0, 0.0, 10.0, 0.5}));  // each once, in the order applied
  }
  // A photo with no smart polygon: the slider edits nothing there.
  const int before = s.doc->undoStack()->count();
  s.canvas()->setPhoto(s.doc->photos().at(2).id);
  QVERIFY(s.tool()->acceptedShapes().isEmpty());
  s.smart->toleranceSlider()->setValue(6);
  QCOMPARE(s.doc->undoStack()->count(), before);
}

void TestSmartPolygon::noWeightsSaysWhatToDo() {
  QTemporaryDir tmp;
  Session s(makeDemo(tmp));
  QVERIFY(s.open(std::nullopt));  // no override, no setting, no active model, no HF snapshot
  QTest::keyClick(s.canvas(), Qt::Key_S);
  QCOMPARE(s.canvas()->tool(), AnnotationCanvas::Tool::Smart);
  QCOMPARE(s.tool()->state(), SmartPolygonTool::State::NoModel);
  QVERIFY2(s.smart->stateLabel()->text().contains(QStringLiteral("Weights…")),
           qPrintable(s.smart->stateLabel()->text()));
  // Clicks do nothing harmful: no preview, nothing stored, Enter stores nothing.
  const int before = s.doc->annotationCount(s.photo());
  QTest::mouseClick(s.canvas()->viewport(), Qt::LeftButton, {}, s.at(100, 100));
  QTest::keyClick(s.canvas(), Qt::Key_Return);
  QVERIFY(!s.tool()->hasPreview());
  QCOMPARE(s.doc->annotationCount(s.photo()), before);
  QVERIFY(!s.smart->modelSpec(nullptr).has_value());
}

void TestSmartPolygon::badWeightsFileIsReported() {
  QTemporaryDir tmp;
  Session s(makeDemo(tmp));
  SmartModelSpec spec;
  spec.weights = tmp.filePath(QStringLiteral("missing/model.safetensors"));
  spec.device = QStringLiteral("cpu");
  QVERIFY(s.open(spec));
  QTest::keyClick(s.canvas(), Qt::Key_S);
  QVERIFY(QTest::qWaitFor([&] { return s.tool()->state() == SmartPolygonTool::State::Failed; },
                          kModelWait));
  const QString text = s.smart->stateLabel()->text();
  QVERIFY2(text.contains(QStringLiteral("Could not load the SAM3 weights")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("missing")), qPrintable(text));  // names the file
}

void TestSmartPolygon::prelabelAddsPendingProposalsThatCanBeAccepted() {
  if (!QFileInfo::exists(vocab())) QSKIP("CLIP vocabulary not found under ../shared/reference");
  QTemporaryDir tmp;
  Session s(makeDemo(tmp));
  QVERIFY(s.open(tinySpec()));
  const qint64 photo = s.photo();
  const auto human = s.doc->annotations(photo);
  QVERIFY(!human.empty());  // the demo photo has labelled objects

  QSignalSpy finished(s.smart->prelabeler(), &Prelabeler::finished);
  s.smart->findPrompt()->setText(QStringLiteral("fuse cutout"));
  QTest::mouseClick(s.smart->findInPhotoButton(), Qt::LeftButton);
  QVERIFY(s.smart->prelabeler()->isRunning());
  QVERIFY(finished.wait(kModelWait) || !finished.isEmpty());
  QCOMPARE(finished.first().at(0).toBool(), false);  // not cancelled
  const auto pending = proposal_commands::pending(*s.doc, photo);
  QVERIFY(!pending.empty());
  QVERIFY(pending.size() <= 3);
  for (const auto& p : pending) {
    QCOMPARE(p.source, proj::Source::Model);
    QVERIFY(p.score.has_value());
    QCOMPARE(p.class_id, s.doc->classes().front().id);
  }
  // The human shapes are untouched.
  for (const auto& h : human) {
    bool same = false;
    for (const auto& a : s.doc->annotations(photo)) same |= a == h;
    QVERIFY(same);
  }
  // Drawn distinctly (a dashed outline with a score label) and listed in the Shapes panel.
  QVERIFY(s.canvas()->shapeItem(pending.front().id));
  QVERIFY(QTest::qWaitFor([&] {
    return s.workspace->shapesPanel()->shapesTable()->rowCount() ==
           static_cast<int>(human.size() + pending.size());
  }));

  // Accept one (select it on the canvas, Y): it becomes a confirmed annotation; undo reverts.
  s.canvas()->selectAnnotation(pending.front().id);
  QVERIFY(QTest::qWaitFor([&] {
    return s.workspace->shapesPanel()
        ->findChild<QPushButton*>(QStringLiteral("acceptProposal"))
        ->isEnabled();
  }));
  screenshot(&s.window, QStringLiteral("prelabel.png"));
  s.workspace->proposalAction(AnnotationWorkspace::AcceptOne)->trigger();
  auto sourceOf = [&](qint64 id) {
    for (const auto& a : proj::Project::open(s.doc->dir().toStdString()).annotations(photo))
      if (a.id == id) return a.source;
    return proj::Source::Human;
  };
  QCOMPARE(sourceOf(pending.front().id), proj::Source::Accepted);
  QCOMPARE(proposal_commands::pending(*s.doc, photo).size(), pending.size() - 1);
  s.doc->undoStack()->undo();
  QCOMPARE(sourceOf(pending.front().id), proj::Source::Model);
  s.doc->undoStack()->redo();
  QCOMPARE(sourceOf(pending.front().id), proj::Source::Accepted);

  // Reject all (the Shapes panel's button) removes the remaining proposals; human shapes stay.
  if (!proposal_commands::pending(*s.doc, photo).empty()) {
    auto* rejectAll =
        s.workspace->shapesPanel()->findChild<QPushButton*>(QStringLiteral("rejectAllProposals"));
    QVERIFY(QTest::qWaitFor([&] { return rejectAll->isVisible(); }));
    QTest::mouseClick(rejectAll, Qt::LeftButton);
  }
  QVERIFY(proposal_commands::pending(*s.doc, photo).empty());
  QCOMPARE(s.doc->annotationCount(photo), static_cast<int>(human.size()) + 1);
  // Accepting a shape that is no proposal changes nothing.
  QCOMPARE(proposal_commands::accept(*s.doc, {human.front()}), 0);
}

void TestSmartPolygon::prelabelCancelAndErrors() {
  if (!QFileInfo::exists(vocab())) QSKIP("CLIP vocabulary not found under ../shared/reference");
  QTemporaryDir tmp;
  Session s(makeDemo(tmp));
  QVERIFY(s.open(tinySpec()));
  Prelabeler* pre = s.smart->prelabeler();
  QSignalSpy failed(pre, &Prelabeler::failed);
  // Bad input: empty prompt, no photos, no class.
  QVERIFY(!pre->start(QStringLiteral("  "), s.doc->classes().front().id, {s.photo()}));
  QVERIFY(!pre->start(QStringLiteral("fuse"), s.doc->classes().front().id, {}));
  QVERIFY(!pre->start(QStringLiteral("fuse"), 0, {s.photo()}));
  QCOMPARE(failed.size(), qsizetype(3));

  // Cancel at once: the run stops before its next photo and keeps what it added (nothing).
  QList<qint64> all;
  for (const auto& p : s.doc->photos()) all.push_back(p.id);
  QSignalSpy finished(pre, &Prelabeler::finished);
  QVERIFY(pre->start(QStringLiteral("fuse cutout"), s.doc->classes().front().id, all));
  QVERIFY(!pre->start(QStringLiteral("fuse cutout"), s.doc->classes().front().id, all));  // busy
  QTest::mouseClick(s.smart->cancelButton(), Qt::LeftButton);
  QVERIFY(finished.wait(kModelWait) || !finished.isEmpty());
  QCOMPARE(finished.first().at(0).toBool(), true);
  QCOMPARE(finished.first().at(1).toInt(), 0);
  for (qint64 id : all) QVERIFY(proposal_commands::pending(*s.doc, id).empty());
  QVERIFY(!pre->isRunning());

  // Missing weights: the run fails with the core's message.
  SmartModelSpec bad = tinySpec();
  bad.randomWeights = false;
  bad.weights = tmp.filePath(QStringLiteral("missing/sam3.pt"));
  s.smart->setModelOverride(bad);
  failed.clear();
  finished.clear();
  QVERIFY(pre->start(QStringLiteral("fuse cutout"), s.doc->classes().front().id, {s.photo()}));
  QVERIFY(finished.wait(kModelWait) || !finished.isEmpty());
  QVERIFY(!failed.isEmpty());
  QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("missing")),
           qPrintable(failed.last().at(0).toString()));
}

QTEST_MAIN(TestSmartPolygon)
#include "tst_smart_polygon.moc"
