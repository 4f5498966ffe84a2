#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStackedWidget>
#include <QtTest>

#include "ui/about_dialog.h"
#include "ui/language_manager.h"
#include "ui/main_window.h"

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

  static QStringList menuTitles(const MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
  }

 private Q_SLOTS:
  void hasThePanelsLaterIssuesFill() {
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    for (const char* name : {"photosDock", "classesDock", "shapesDock", "checkpointsDock"}) {
      QVERIFY2(w.findChild<QDockWidget*>(QString::fromLatin1(name)) != nullptr, name);
    }
    auto* pages = w.findChild<QStackedWidget*>(QStringLiteral("pages"));
    QVERIFY(pages);
    QCOMPARE(pages->count(), 3);
    QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"),
                                         QStringLiteral("&View"), QStringLiteral("&Mode"),
                                         QStringLiteral("&Language"), QStringLiteral("&Help")}));
  }

  void switchingModeKeepsDocksAndShowsCheckpoints() {
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.show();
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
    QVERIFY(!lang.setLanguage(QStringLiteral("xx")));  // unknown: keeps German
    QCOMPARE(lang.current(), QStringLiteral("de"));
    QVERIFY(lang.setLanguage(QStringLiteral("en")));
    QTRY_COMPARE(menuTitles(w).first(), QStringLiteral("&File"));
  }

  void screenshot() {
    sam3::ui::LanguageManager lang;
    MainWindow w(context(), &lang);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("SAM3_SCREENSHOT_DIR not set");
    QDir().mkpath(dir);
    QVERIFY(w.grab().save(dir + QStringLiteral("/main_window.png")));
  }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
