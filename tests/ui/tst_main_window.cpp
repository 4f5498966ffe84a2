#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "core/project/photo_import.h"
#include "core/project/project.h"
#include "core/util/image_io.h"

#include "ui/about_dialog.h"
#include "ui/language_manager.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/main_window.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"
#include "ui/shell/action_registry.h"
#include "ui/shell/help_dialog.h"
#include "ui/shell/project_dialogs.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/recent_projects.h"
#include "ui/shell/welcome_page.h"

using sam3::ui::MainWindow;

class TestMainWindow : public QObject {
  Q_OBJECT

 private:
  static sam3::ui::AppContext context() {
    sam3::ui::AppContext c;
    c.runtime.version = "1.2.3";
    c.runtime.git_sha = "abc123def456";
    c.runtime.torch_version = "9.8.7";
    c.runtime.torch_has_cuda = false;
    return c;
  }

  // A project of two generated 400 x 300 photos and one class, made through the core API.
  static QString makeProject(const QTemporaryDir& tmp) {
    std::vector<std::filesystem::path> files;
    for (int k = 0; k < 2; ++k) {
      sam3::Image img;
      img.width = 400;
      img.height = 300;
      img.rgb.resize(static_cast<std::size_t>(img.width * img.height * 3));
      for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
          auto* px = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
          const bool part = x > 120 + 80 * k && x < 260 + 80 * k && y > 90 && y < 200;
          px[0] = static_cast<std::uint8_t>(part ? 30 : 90 + x / 5);
          px[1] = static_cast<std::uint8_t>(part ? 30 : 100 + y / 4);
          px[2] = static_cast<std::uint8_t>(part ? 35 : 120);
        }
      files.push_back(tmp.filePath(QStringLiteral("photo_%1.png").arg(k)).toStdString());
      sam3::save_image(img, files.back());
    }
    const QString dir = tmp.filePath(QStringLiteral("project"));
    auto p = sam3::project::Project::create(dir.toStdString(), "demo panels");
    sam3::project::import_photo_files(p, files);
    const auto cls = p.add_class({0, "fuse cutout", "#e6194b", ""});
    sam3::project::Annotation a;
    a.photo_id = p.photos().front().id;
    a.class_id = cls;
    a.rings = {{{120, 90}, {260, 90}, {260, 200}, {120, 200}}};
    p.add_annotation(a);
    return dir;
  }

  static QStringList menuTitles(const MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
  }

 private Q_SLOTS:
  void initTestCase() {
    // Settings and the data folder (demo project) go to test locations, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sam3studio-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
  }
  void init() { QSettings().clear(); }

  void hasThePanelsLaterIssuesFill() {
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    for (const char* name :
         {"photosDock", "classesDock", "shapesDock", "photoDock", "checkpointsDock"}) {
      QVERIFY2(w.findChild<QDockWidget*>(QString::fromLatin1(name)) != nullptr, name);
    }
    auto* pages = w.findChild<QStackedWidget*>(QStringLiteral("pages"));
    QVERIFY(pages);
    QCOMPARE(pages->count(), 4);  // annotate, train, review, first-run page
    QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"),
                                         QStringLiteral("&View"), QStringLiteral("&Mode"),
                                         QStringLiteral("&Results"), QStringLiteral("&Language"),
                                         QStringLiteral("&Settings"), QStringLiteral("&Help")}));
  }

  void switchingModeKeepsDocksAndShowsCheckpoints() {
    QTemporaryDir tmp;
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.show();
    QVERIFY(w.openProject(makeProject(tmp), true));
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy spy(&w, &MainWindow::modeChanged);
    auto* checkpoints = w.findChild<QDockWidget*>(QStringLiteral("checkpointsDock"));
    QCOMPARE(w.mode(), MainWindow::Mode::Annotate);
    QVERIFY(!checkpoints->isVisible());  // checkpoints belong to Train and Review
    w.setMode(MainWindow::Mode::Train);
    QCOMPARE(w.mode(), MainWindow::Mode::Train);
    QCOMPARE(spy.count(), 1);
    QVERIFY(checkpoints->isVisible());
    w.setMode(MainWindow::Mode::Annotate);
    QVERIFY(!checkpoints->isVisible());
    QVERIFY(w.findChild<QDockWidget*>(QStringLiteral("photosDock"))->isVisible());
    w.setMode(MainWindow::Mode::Annotate);  // no-op, no signal
    QCOMPARE(spy.count(), 2);
  }

  void aboutShowsVersionShaTorchAndCuda() {
    auto c = context();
    const QString text = sam3::ui::aboutText(c.runtime);
    QVERIFY(text.contains(QStringLiteral("1.2.3")));
    QVERIFY(text.contains(QStringLiteral("abc123def456")));
    QVERIFY(text.contains(QStringLiteral("9.8.7")));
    QVERIFY(text.contains(QStringLiteral("CUDA: no")));
    c.runtime.torch_has_cuda = true;
    c.runtime.gpus.push_back({0, "NVIDIA H100", 80ull << 30, 9, 0});
    const QString gpu = sam3::ui::aboutText(c.runtime);
    QVERIFY(gpu.contains(QStringLiteral("CUDA: yes")));
    QVERIFY(gpu.contains(QStringLiteral("NVIDIA H100")));
  }

  void languageSwitchTranslatesMenusAndBack() {
    sam3::ui::LanguageManager lang;
    QVERIFY(sam3::ui::LanguageManager::availableLanguages().contains(QStringLiteral("de")));
    MainWindow w(context(), &lang);
    QVERIFY(lang.setLanguage(QStringLiteral("de")));
    QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("&Datei"));
    auto* welcomeTitle = w.welcomePage()->findChildren<QLabel*>().first();
    QCOMPARE(welcomeTitle->text(), QStringLiteral("Willkommen bei SAM3 Studio"));
    QVERIFY(!lang.setLanguage(QStringLiteral("xx")));  // unknown: keeps German
    QCOMPARE(lang.current(), QStringLiteral("de"));
    QVERIFY(lang.setLanguage(QStringLiteral("en")));
    QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("&File"));
    QCOMPARE(welcomeTitle->text(), QStringLiteral("Welcome to SAM3 Studio"));
  }

  void firstRunPageUntilAProjectOpensThenRecentProjects() {
    QTemporaryDir tmp;
    const QString dir = makeProject(tmp);
    sam3::ui::LanguageManager lang;
    QStackedWidget* pages = nullptr;
    {
      MainWindow w(context(), &lang);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      pages = w.findChild<QStackedWidget*>(QStringLiteral("pages"));
      QCOMPARE(pages->currentWidget(), w.welcomePage());
      auto* photos = w.findChild<QDockWidget*>(QStringLiteral("photosDock"));
      QVERIFY(!photos->isVisible());  // no panels without a project
      auto* importAction = w.actionRegistry()->find(QStringLiteral("file.import"))->action;
      QVERIFY(!importAction->isEnabled());
      w.setMode(MainWindow::Mode::Train);
      QCOMPARE(pages->currentWidget(), w.welcomePage());  // every mode: first the project
      w.setMode(MainWindow::Mode::Annotate);
      QVERIFY(w.openProject(dir, true));
      QVERIFY(pages->currentWidget() != w.welcomePage());
      QVERIFY(photos->isVisible());
      QVERIFY(importAction->isEnabled());
      w.setMode(MainWindow::Mode::Review);
      QCOMPARE(pages->currentIndex(), 2);
    }
    // The next session offers it in File > Open Recent and on the first-run page.
    MainWindow w(context(), &lang);
    QCOMPARE(w.recentProjects()->folders(), QStringList{QDir(dir).absolutePath()});
    auto* recentMenu = w.findChild<QMenu*>(QStringLiteral("recentMenu"));
    QVERIFY(recentMenu);
    QCOMPARE(recentMenu->actions().first()->text(), QDir::toNativeSeparators(dir));
    QCOMPARE(w.welcomePage()->recentList()->count(), 1);
    recentMenu->actions().first()->trigger();
    QVERIFY(w.document() != nullptr);
    QCOMPARE(w.document()->dir(), QDir(dir).absolutePath());
    // A folder that is gone leaves the list when it fails to open.
    w.recentProjects()->add(tmp.filePath(QStringLiteral("gone")));
    QVERIFY(!w.openProject(tmp.filePath(QStringLiteral("gone")), true));
    QCOMPARE(w.recentProjects()->folders().size(), 1);
  }

  void demoProjectIsCreatedOnceInTheDataFolderAndOpened() {
    const QString dir = sam3::ui::demoProjectFolder();
    QVERIFY(dir.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QDir(dir).removeRecursively();
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // As a user does it: the first-run page's button (the worker's dialog runs modally inside).
    auto* demoButton = w.welcomePage()->findChild<QPushButton*>(QStringLiteral("welcomeDemo"));
    QVERIFY(demoButton && demoButton->isVisible());
    QTest::mouseClick(demoButton, Qt::LeftButton);
    QVERIFY(w.document());
    QCOMPARE(w.document()->dir(), QDir(dir).absolutePath());
    QCOMPARE(int(w.document()->photos().size()), 24);
    QCOMPARE(int(w.document()->classes().size()), 2);
    QCOMPARE(w.document()->classes()[0].prompt, std::string("fuse cutout"));
    QTRY_VERIFY(w.workspace()->canvas()->isPhotoLoaded());
    // Opened again, it is not generated again.
    const QString photo = w.document()->photoPath(w.document()->photos().front());
    const QDateTime written = QFileInfo(photo).lastModified();
    MainWindow again(context(), &lang);
    QVERIFY(again.openDemoProject(true));
    QCOMPARE(QFileInfo(photo).lastModified(), written);
    QDir(dir).removeRecursively();
  }

  void f1ShowsEveryShortcutIncludingTheCanvasKeys() {
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    const auto* registry = w.actionRegistry();
    QCOMPARE(registry->shortcut(QStringLiteral("file.open")), QKeySequence(QKeySequence::Open));
    QCOMPARE(registry->shortcut(QStringLiteral("tool.polygon")), QKeySequence(Qt::Key_P));
    QCOMPARE(registry->shortcut(QStringLiteral("help.shortcuts")), QKeySequence(Qt::Key_F1));
    bool sawEnter = false;
    for (const auto& row : sam3::ui::shortcutRows(*registry))
      sawEnter = sawEnter || row.action == QStringLiteral("Close the polygon or hole being drawn");
    QVERIFY(sawEnter);
    QString shown;
    QTimer::singleShot(100, &w, [&shown] {
      if (auto* d = qobject_cast<sam3::ui::HelpDialog*>(QApplication::activeModalWidget())) {
        shown = d->windowTitle();
        d->reject();
      }
    });
    QTest::keyClick(&w, Qt::Key_F1);
    QCOMPARE(shown, QStringLiteral("Keyboard Shortcuts"));
  }

  void openProjectFillsPanelsAndBindsUndo() {
    QTemporaryDir tmp;
    const QString dir = makeProject(tmp);
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(!w.openProject(tmp.filePath(QStringLiteral("nothing here")), true));
    QVERIFY(w.document() == nullptr);
    QVERIFY(w.openProject(dir, true));
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("demo panels")));
    auto* photos = w.findChild<QDockWidget*>(QStringLiteral("photosDock"));
    QVERIFY(qobject_cast<sam3::ui::PhotoBrowser*>(photos->widget()));
    auto* canvas = w.workspace()->canvas();
    QTRY_VERIFY(canvas->isPhotoLoaded());
    auto* doc = w.document();
    const qint64 photo = canvas->photoId();
    QCOMPARE(doc->annotationCount(photo), 1);
    QAction* undo = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
      if (a->shortcut() == QKeySequence::Undo) undo = a;
    QVERIFY(undo && !undo->isEnabled());
    QVERIFY(doc->removeAnnotation(doc->annotations(photo).at(0)));
    QCOMPARE(doc->annotationCount(photo), 0);
    QVERIFY(undo->isEnabled());
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);  // the window's Undo action
    QCOMPARE(doc->annotationCount(photo), 1);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(doc->annotationCount(photo), 0);
    QTest::keyClick(canvas, Qt::Key_Y, Qt::ControlModifier);  // nothing left to redo
    QCOMPARE(doc->undoStack()->index(), 1);
  }

  void screenshot() {
    QTemporaryDir tmp;
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openProject(makeProject(tmp), true));
    QTRY_VERIFY(w.workspace()->canvas()->isPhotoLoaded());
    QTest::qWait(300);  // thumbnails arrive from their thread
    const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("SAM3_SCREENSHOT_DIR not set");
    QDir().mkpath(dir);
    QVERIFY(w.grab().save(dir + QStringLiteral("/main_window.png")));
    // The shell's dialogs, to look at.
    sam3::ui::HelpDialog help(*w.actionRegistry(), &w);
    help.show();
    QVERIFY(QTest::qWaitForWindowExposed(&help));
    QVERIFY(help.grab().save(dir + QStringLiteral("/help_dialog.png")));
    sam3::ui::ImportDialog import(w.document()->dir(), &w);
    import.setSource(tmp.path());
    import.show();
    QVERIFY(QTest::qWaitForWindowExposed(&import));
    QVERIFY(import.grab().save(dir + QStringLiteral("/import_dialog.png")));
    sam3::ui::ExportDialog exportDialog(w.document()->dir(), &w);
    exportDialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&exportDialog));
    QVERIFY(exportDialog.grab().save(dir + QStringLiteral("/export_dialog.png")));
    sam3::ui::ShortcutsDialog shortcuts(w.actionRegistry(), &w);
    shortcuts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shortcuts));
    QVERIFY(shortcuts.grab().save(dir + QStringLiteral("/shortcuts_dialog.png")));
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
