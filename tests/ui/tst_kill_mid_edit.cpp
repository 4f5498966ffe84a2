// Nothing committed is lost when the app dies: a child process (this program with --child-edits)
// edits a project through ProjectDocument without pause and reports each edit on stdout once the
// call returned (the store has committed it); the test kills it with SIGKILL in the middle of its
// work, reopens the project and finds every reported edit, undo included.
#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

#include "tests/ui/project_fixture.h"
#include "ui/project_document.h"

using namespace sam3::ui;
using namespace sam3::ui::testing;
namespace proj = sam3::project;

namespace {

constexpr int kPhotos = 3;

// Edit i, by i % 4: 0 adds a shape tagged edit=i; 1 appends "i;" to a photo's note; 2 sets
// checked=i on the shape of edit i-2; 3 adds a shape tagged edit=i and undoes it.
std::string tag(int i) {
  return std::to_string(i);
}

bool doEdit(ProjectDocument& doc, int i, qint64 cls) {
  const auto& photos = doc.photos();
  const qint64 photo = photos[static_cast<std::size_t>(i % kPhotos)].id;
  auto shapeOf = [&](int edit) -> std::optional<proj::Annotation> {
    for (const auto& p : photos)
      for (const auto& a : doc.annotations(p.id))
        if (a.attributes.count("edit") && a.attributes.at("edit") == tag(edit)) return a;
    return std::nullopt;
  };
  switch (i % 4) {
    case 0:
    case 3: {
      auto a = triangle(photo, cls, 5 + i % 50);
      a.attributes = {{"edit", tag(i)}};
      if (!doc.addAnnotation(a)) return false;
      if (i % 4 == 3) doc.undoStack()->undo();
      return true;
    }
    case 1: {
      const auto p = doc.photo(photo);
      return doc.setPhotoNote(photo, QString::fromStdString(p->note + tag(i) + ";"));
    }
    default: {
      const auto a = shapeOf(i - 2);
      if (!a) return false;
      auto attributes = a->attributes;
      attributes["checked"] = tag(i);
      return doc.setAnnotationAttributes(*a, attributes);
    }
  }
}

int runChild(const char* dir) {
  auto doc = ProjectDocument::open(QString::fromLocal8Bit(dir));
  const qint64 cls = doc->classes().front().id;
  for (int i = 0; i < 100000 && getppid() != 1; ++i) {
    if (!doEdit(*doc, i, cls)) {
      std::printf("failed %d\n", i);
      std::fflush(stdout);
      return 2;
    }
    std::printf("committed %d\n", i);  // only after the store returned from its commit
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

class TestKillMidEdit : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyReportedEditSurvivesSigkill() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("p"));
    {
      auto p =
          makeProject(dir, tmp.filePath(QStringLiteral("src")),
                      {QStringLiteral("a.png"), QStringLiteral("b.png"), QStringLiteral("c.png")});
      p.add_class({0, "fuse", "#ff0000", ""});
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child-edits"), dir});
    QVERIFY(child.waitForStarted());
    int last = -1;
    QByteArray pending;
    // Kill once 60 edits were reported; the child is busy with the next ones by then.
    while (last < 60) {
      if (!child.waitForReadyRead(30000)) QFAIL("the child stopped reporting edits");
      pending += child.readAll();
      qsizetype nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const QByteArray line = pending.left(nl);
        pending.remove(0, nl + 1);
        QVERIFY2(line.startsWith("committed "), line.constData());
        last = line.mid(10).toInt();
      }
    }
    QCOMPARE(::kill(static_cast<pid_t>(child.processId()), SIGKILL), 0);
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    pending += child.readAll();  // reported before the kill: committed too
    for (const QByteArray& line : pending.split('\n'))
      if (line.startsWith("committed ")) last = std::max(last, line.mid(10).toInt());
    qInfo("child killed after %d reported edits", last + 1);

    // Reopen (SQLite recovers the write-ahead log) and check every reported edit.
    auto store = proj::Project::open(dir.toStdString());
    std::map<std::string, proj::Annotation> byEdit;
    for (const auto& a : store.all_annotations()) byEdit[a.attributes.at("edit")] = a;
    const auto photos = store.photos();
    for (int i = 0; i <= last; ++i) {
      const auto& photo = photos[static_cast<std::size_t>(i % kPhotos)];
      switch (i % 4) {
        case 0:
          QVERIFY2(byEdit.count(tag(i)), qPrintable(QStringLiteral("shape of edit %1").arg(i)));
          QCOMPARE(byEdit[tag(i)].photo_id, photo.id);
          break;
        case 1:
          QVERIFY2(QString::fromStdString(photo.note)
                       .split(QLatin1Char(';'))
                       .contains(QString::number(i)),
                   qPrintable(QStringLiteral("note of edit %1").arg(i)));
          break;
        case 2:
          QCOMPARE(byEdit[tag(i - 2)].attributes["checked"], tag(i));
          break;
        case 3:
          QVERIFY2(!byEdit.count(tag(i)), qPrintable(QStringLiteral("undone edit %1").arg(i)));
          break;
      }
    }
    // The first shape of each photo made it "in progress" (same undo step, also committed).
    for (const auto& p : photos) QCOMPARE(p.status, proj::PhotoStatus::InProgress);
  }
};

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--child-edits") {
    QCoreApplication app(argc, argv);
    return runChild(argv[2]);
  }
  QCoreApplication app(argc, argv);
  // CTest starts every ui test with "-platform offscreen" (sam3_qtest); only a QGuiApplication
  // consumes it, and QTest refuses options it does not know, so it is dropped here.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "-platform" && i + 1 < argc) {
      ++i;
      continue;
    }
    args.push_back(argv[i]);
  }
  TestKillMidEdit test;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&test, static_cast<int>(args.size()), args.data());
}

#include "tst_kill_mid_edit.moc"
