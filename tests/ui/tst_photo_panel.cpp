// The Photo dock and the photo browser driven like a user: photo-level fields through the real
// widgets (undoable, in the store at once, badges following), the status rule for a first shape,
// filters, search, D/A navigation and the on-disk thumbnail cache (pruned and bounded).
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "tests/ui/project_fixture.h"
#include "ui/image_loader.h"
#include "ui/panels/photo_panel.h"
#include "ui/photo_browser.h"
#include "ui/photo_list_model.h"
#include "ui/project_document.h"

using namespace sam3::ui;
using namespace sam3::ui::testing;
namespace proj = sam3::project;

namespace {

// A browser beside a photo panel, wired as the workspace wires them.
struct Host {
  QWidget window;
  PhotoBrowser* browser = new PhotoBrowser;
  PhotoPanel* panel = new PhotoPanel;
  explicit Host(ProjectDocument* doc) {
    auto* layout = new QHBoxLayout(&window);
    layout->addWidget(browser);
    layout->addWidget(panel);
    QObject::connect(browser, &PhotoBrowser::currentPhotoChanged, panel, &PhotoPanel::setPhoto);
    panel->setDocument(doc);
    browser->setDocument(doc);
    window.resize(700, 500);
    window.show();
  }
  template <typename T>
  T* find(const char* name) const {
    return window.findChild<T*>(QString::fromLatin1(name));
  }
  QListView* list() const { return find<QListView>("photoList"); }
  QStringList listed() const {
    QStringList names;
    for (int r = 0; r < list()->model()->rowCount(); ++r)
      names << list()->model()->index(r, 0).data().toString();
    return names;
  }
};

QStringList toList(std::initializer_list<const char*> names) {
  QStringList out;
  for (const char* n : names) out << QString::fromUtf8(n);
  return out;
}

// Picks a combo box item the way a user does with the keyboard (Up/Down emit activated()).
void chooseByKeys(QComboBox* box, int index) {
  box->setFocus();
  while (box->currentIndex() < index) QTest::keyClick(box, Qt::Key_Down);
  while (box->currentIndex() > index) QTest::keyClick(box, Qt::Key_Up);
}

}  // namespace

class TestPhotoPanel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_tmp;
  int m_projects = 0;

  QString newProject(std::initializer_list<const char*> names) {
    const QString dir = m_tmp.filePath(QStringLiteral("p%1").arg(++m_projects));
    makeProject(dir, dir + QStringLiteral("-src"), toList(names));
    return dir;
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(m_tmp.isValid()); }

  void photoFieldsAreUndoableAndStoredAtOnce() {
    const QString dir = newProject({"a.png", "b.png"});
    auto doc = ProjectDocument::open(dir);
    const qint64 a = doc->photos()[0].id;
    Host host(doc.get());
    QVERIFY(QTest::qWaitForWindowExposed(&host.window));
    QCOMPARE(host.panel->photoId(), a);
    QCOMPARE(host.find<QLabel>("photoTitle")->text(), QStringLiteral("a.png"));
    QVERIFY(host.find<QLabel>("photoDetails")->text().contains(QStringLiteral("320 × 240")));
    PhotoListModel* model = host.browser->model();
    QSignalSpy badge(model, &QAbstractItemModel::dataChanged);

    chooseByKeys(host.find<QComboBox>("photoStatus"), 2);  // Done
    QCOMPARE(proj::Project::open(dir.toStdString()).photo(a)->status, proj::PhotoStatus::Done);
    QCOMPARE(model->data(model->index(0), PhotoListModel::StatusRole).toInt(),
             static_cast<int>(proj::PhotoStatus::Done));
    QVERIFY(badge.count() >= 1);                          // the row repaints its badge
    chooseByKeys(host.find<QComboBox>("photoSplit"), 1);  // Train
    auto* negative = host.find<QCheckBox>("photoNegative");
    QTest::mouseClick(negative, Qt::LeftButton, {}, QPoint(8, negative->height() / 2));
    QVERIFY(negative->isChecked());
    chooseByKeys(host.find<QComboBox>("photoVerdict"), 2);  // Fail
    QCOMPARE(model->data(model->index(0), PhotoListModel::VerdictRole).toInt(),
             static_cast<int>(proj::Verdict::Defect));  // the list's verdict badge
    QVERIFY(model->data(model->index(0), PhotoListModel::NegativeRole).toBool());
    {
      const auto stored = proj::Project::open(dir.toStdString()).photo(a);
      QCOMPARE(stored->split, proj::Split::Train);
      QVERIFY(stored->confirmed_negative);
      QCOMPARE(stored->verdict, proj::Verdict::Defect);
    }
    QCOMPARE(model->data(model->index(0), PhotoListModel::SplitRole).toInt(),
             static_cast<int>(proj::Split::Train));

    // The note: typed, committed when focus leaves (Tab), then again when typing pauses; the
    // two commits are one undo step. Letters typed into it never navigate (D/A).
    auto* note = host.find<QPlainTextEdit>("photoNote");
    note->setFocus();
    QTest::keyClicks(note, QStringLiteral("loose bolt"));
    QCOMPARE(host.browser->currentPhotoId(), a);
    QTest::keyClick(note, Qt::Key_Tab);
    QCOMPARE(doc->photo(a)->note, std::string("loose bolt"));
    const int depth = doc->undoStack()->count();
    note->setFocus();
    note->moveCursor(QTextCursor::End);
    QTest::keyClicks(note, QStringLiteral(", upper arm"));
    QTRY_COMPARE(doc->photo(a)->note, std::string("loose bolt, upper arm"));
    QCOMPARE(doc->undoStack()->count(), depth);
    QCOMPARE(proj::Project::open(dir.toStdString()).photo(a)->note,
             std::string("loose bolt, upper arm"));

    // Undo walks back note, verdict, negative, split, status (stepping through a combo box with
    // the arrow keys is one step); the widgets follow the store.
    QCOMPARE(doc->undoStack()->count(), 5);
    for (int i = 0; i < 5; ++i) doc->undoStack()->undo();
    const auto stored = proj::Project::open(dir.toStdString()).photo(a);
    QCOMPARE(stored->status, proj::PhotoStatus::Unlabeled);
    QCOMPARE(stored->split, proj::Split::None);
    QVERIFY(!stored->confirmed_negative);
    QCOMPARE(stored->verdict, proj::Verdict::None);
    QCOMPARE(stored->note, std::string());
    QCOMPARE(host.find<QComboBox>("photoStatus")->currentIndex(), 0);
    QVERIFY(!negative->isChecked());
    QCOMPARE(note->toPlainText(), QString());
    QCOMPARE(model->data(model->index(0), PhotoListModel::StatusRole).toInt(), 0);
    doc->undoStack()->redo();
    QCOMPARE(host.find<QComboBox>("photoStatus")->currentIndex(), 2);

    // A note being typed belongs to its photo even when the user switches photos at once.
    note->setFocus();
    QTest::keyClicks(note, QStringLiteral("rust"));
    host.browser->next();
    QCOMPARE(host.panel->photoId(), doc->photos()[1].id);
    QCOMPARE(doc->photo(a)->note, std::string("rust"));
    QCOMPARE(note->toPlainText(), QString());
    // No photo: the panel is disabled and edits nothing.
    host.panel->setPhoto(0);
    QVERIFY(!host.panel->isEnabled());
    QVERIFY(!doc->setPhotoStatus(999999, proj::PhotoStatus::Done));  // unknown photo
  }

  void firstShapeMakesThePhotoInProgressInOneUndoStep() {
    const QString dir = newProject({"a.png", "b.png"});
    qint64 cls = 0;
    {
      auto p = proj::Project::open(dir.toStdString());
      cls = p.add_class({0, "fuse", "#ff0000", ""});
      auto b = *p.photo(p.photos()[1].id);
      b.status = proj::PhotoStatus::Done;
      p.update_photo(b);
    }
    auto doc = ProjectDocument::open(dir);
    const qint64 a = doc->photos()[0].id, b = doc->photos()[1].id;
    Host host(doc.get());
    PhotoListModel* model = host.browser->model();
    QVERIFY(doc->addAnnotation(triangle(a, cls)));
    QCOMPARE(doc->photo(a)->status, proj::PhotoStatus::InProgress);
    QCOMPARE(proj::Project::open(dir.toStdString()).photo(a)->status,
             proj::PhotoStatus::InProgress);
    QCOMPARE(model->data(model->index(0), PhotoListModel::StatusRole).toInt(),
             static_cast<int>(proj::PhotoStatus::InProgress));
    QCOMPARE(host.find<QComboBox>("photoStatus")->currentIndex(), 1);
    QCOMPARE(doc->undoStack()->count(), 1);
    // A second shape leaves the status alone; so does a shape on a photo that is done.
    QVERIFY(doc->addAnnotation(triangle(a, cls, 80)));
    QVERIFY(doc->addAnnotation(triangle(b, cls)));
    QCOMPARE(doc->photo(b)->status, proj::PhotoStatus::Done);
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->photo(a)->status, proj::PhotoStatus::InProgress);
    doc->undoStack()->undo();  // shape and status together
    QCOMPARE(doc->annotationCount(a), 0);
    QCOMPARE(doc->photo(a)->status, proj::PhotoStatus::Unlabeled);
    QCOMPARE(model->data(model->index(0), PhotoListModel::StatusRole).toInt(), 0);
    doc->undoStack()->redo();
    QCOMPARE(doc->annotationCount(a), 1);
    QCOMPARE(proj::Project::open(dir.toStdString()).photo(a)->status,
             proj::PhotoStatus::InProgress);
    // A refused shape (no class) changes nothing, status included.
    auto bad = triangle(a, 424242);
    QVERIFY(!doc->addAnnotation(bad));
    QCOMPARE(doc->annotationCount(a), 1);
  }

  void browserFiltersSearchesAndNavigates() {
    const QString dir =
        newProject({"pole_01.png", "pole_02.png", "yard_01.png", "yard_02.png", "yard_03.png"});
    qint64 fuse = 0, bolt = 0;
    std::vector<qint64> ids;
    {
      auto p = proj::Project::open(dir.toStdString());
      for (const auto& ph : p.photos()) ids.push_back(ph.id);
      fuse = p.add_class({0, "fuse", "#ff0000", ""});
      bolt = p.add_class({0, "bolt", "#00ff00", ""});
      p.add_annotation(triangle(ids[1], fuse));
      p.add_annotation(triangle(ids[3], bolt));
      auto set = [&](qint64 id, auto change) {
        auto ph = *p.photo(id);
        change(ph);
        p.update_photo(ph);
      };
      set(ids[1], [](proj::Photo& ph) { ph.status = proj::PhotoStatus::Done; });
      set(ids[2], [](proj::Photo& ph) { ph.confirmed_negative = true; });
      set(ids[3], [](proj::Photo& ph) {
        ph.status = proj::PhotoStatus::Reviewed;
        ph.split = proj::Split::Valid;
      });
    }
    auto doc = ProjectDocument::open(dir);
    Host host(doc.get());
    QVERIFY(QTest::qWaitForWindowExposed(&host.window));
    auto* category = host.find<QComboBox>("photoCategory");
    auto* cls = host.find<QComboBox>("photoClass");
    auto* count = host.find<QLabel>("photoCount");
    QCOMPARE(count->text(), QStringLiteral("5 photos"));

    category->setCurrentIndex(PhotoFilterModel::Unlabeled);
    QCOMPARE(host.listed(), toList({"pole_01.png", "yard_01.png", "yard_03.png"}));
    QCOMPARE(count->text(), QStringLiteral("3 of 5 photos"));
    category->setCurrentIndex(PhotoFilterModel::Done);
    QCOMPARE(host.listed(), toList({"pole_02.png"}));
    QCOMPARE(host.browser->currentPhotoId(), ids[1]);  // the shown photo was filtered out
    category->setCurrentIndex(PhotoFilterModel::Reviewed);
    QCOMPARE(host.listed(), toList({"yard_02.png"}));
    category->setCurrentIndex(PhotoFilterModel::Negative);
    QCOMPARE(host.listed(), toList({"yard_01.png"}));
    category->setCurrentIndex(PhotoFilterModel::Valid);
    QCOMPARE(host.listed(), toList({"yard_02.png"}));
    category->setCurrentIndex(PhotoFilterModel::Train);
    QCOMPARE(host.listed(), QStringList());
    QCOMPARE(count->text(), QStringLiteral("0 of 5 photos"));
    QCOMPARE(host.browser->currentPhotoId(), 0);
    category->setCurrentIndex(PhotoFilterModel::All);

    // Class filter: the classes are listed after "Any class"; combined with the search.
    QCOMPARE(cls->count(), 3);
    cls->setCurrentIndex(cls->findText(QStringLiteral("fuse")));
    QCOMPARE(host.listed(), toList({"pole_02.png"}));
    cls->setCurrentIndex(cls->findText(QStringLiteral("bolt")));
    QCOMPARE(host.listed(), toList({"yard_02.png"}));
    // A bolt drawn on another photo brings it into the list.
    QVERIFY(doc->addAnnotation(triangle(ids[4], bolt)));
    QCOMPARE(host.listed(), toList({"yard_02.png", "yard_03.png"}));
    cls->setCurrentIndex(0);
    QTest::keyClicks(host.find<QLineEdit>("photoSearch"), QStringLiteral("YARD_0"));
    QCOMPARE(host.listed(), toList({"yard_01.png", "yard_02.png", "yard_03.png"}));
    host.find<QLineEdit>("photoSearch")->clear();
    QCOMPARE(host.listed().size(), 5);

    // D / A step through the filtered list from the list (window shortcuts), and stop at its ends.
    QVERIFY(host.browser->selectPhoto(ids[0]));
    host.list()->setFocus();
    QTest::keyClick(host.list(), Qt::Key_D);
    QCOMPARE(host.browser->currentPhotoId(), ids[1]);
    QTest::keyClick(host.list(), Qt::Key_A);
    QTest::keyClick(host.list(), Qt::Key_A);
    QCOMPARE(host.browser->currentPhotoId(), ids[0]);
    // The photo being edited stays listed when its own status leaves the filter; D moves on
    // and then it goes.
    category->setCurrentIndex(PhotoFilterModel::Unlabeled);
    QCOMPARE(host.browser->currentPhotoId(), ids[0]);
    QVERIFY(doc->setPhotoStatus(ids[0], proj::PhotoStatus::Done));
    QCOMPARE(host.listed(), toList({"pole_01.png", "yard_01.png"}));
    QCOMPARE(host.browser->currentPhotoId(), ids[0]);
    QTest::keyClick(host.list(), Qt::Key_D);
    QCOMPARE(host.browser->currentPhotoId(), ids[2]);
    QCOMPARE(host.listed(), toList({"yard_01.png"}));
    QTest::keyClick(host.list(), Qt::Key_D);
    QCOMPARE(host.browser->currentPhotoId(), ids[2]);  // the end of the list
    // Deleting the class in the filter switches the class filter off.
    category->setCurrentIndex(PhotoFilterModel::All);
    cls->setCurrentIndex(cls->findText(QStringLiteral("fuse")));
    QVERIFY(doc->deleteClass(fuse));
    QCOMPARE(cls->currentIndex(), 0);
    QCOMPARE(host.listed().size(), 5);
  }

  void browserOrdersByNameWithNumbersByValue() {
    const QString dir =
        newProject({"img_10.png", "img_9.png", "IMG_2.png", "img_009b.png",
                    "zz_a_long_file_name_as_roboflow_writes_them_rf_0123456789.jpg"});
    auto doc = ProjectDocument::open(dir);
    Host host(doc.get());
    QCOMPARE(host.listed().mid(0, 4),
             toList({"IMG_2.png", "img_9.png", "img_009b.png", "img_10.png"}));
    QCOMPARE(host.browser->currentPhotoId(), doc->photos()[2].id);  // the first listed
    host.browser->next();
    QCOMPARE(host.browser->currentPhotoId(), doc->photos()[1].id);
    // Rows fit the list's width (a long name is elided), so the badges at the right stay visible.
    QVERIFY(QTest::qWaitForWindowExposed(&host.window));
    const QRect longRow = host.list()->visualRect(host.list()->model()->index(4, 0));
    QVERIFY(longRow.isValid());
    QVERIFY(longRow.right() < host.list()->viewport()->width());
    QVERIFY(PhotoFilterModel::naturalCompare(QStringLiteral("a2"), QStringLiteral("a10")) < 0);
    QVERIFY(PhotoFilterModel::naturalCompare(QStringLiteral("a010"), QStringLiteral("a9")) > 0);
    QCOMPARE(PhotoFilterModel::naturalCompare(QStringLiteral("A7"), QStringLiteral("a007")), 0);
    QVERIFY(PhotoFilterModel::naturalCompare(QStringLiteral("a"), QStringLiteral("ab")) < 0);
    QVERIFY(PhotoFilterModel::naturalCompare(QStringLiteral("99999999999999999999999"),
                                             QStringLiteral("100000000000000000000000")) < 0);
    // The sort key (what the list sorts by) agrees with the comparison.
    const QStringList names{
        QStringLiteral("img_10.png"),   QStringLiteral("img_9.png"), QStringLiteral("IMG_2.png"),
        QStringLiteral("img_009b.png"), QStringLiteral("img_9.jpg"), QStringLiteral("a1"),
        QStringLiteral("ab"),           QStringLiteral("A7"),        QStringLiteral("a007")};
    for (const QString& a : names)
      for (const QString& b : names) {
        const int byKey =
            PhotoFilterModel::naturalSortKey(a).compare(PhotoFilterModel::naturalSortKey(b));
        const int direct = PhotoFilterModel::naturalCompare(a, b);
        QVERIFY2((byKey < 0) == (direct < 0) && (byKey > 0) == (direct > 0),
                 qPrintable(a + QStringLiteral(" vs ") + b));
      }
  }

  void thumbnailQueueServesTheNewestAndDropsTheOldest() {
    ThumbnailQueue queue(3);
    for (quint64 id = 1; id <= 3; ++id) QVERIFY(queue.push({id, {}, {}, {}, 0}).empty());
    QCOMPARE(queue.push({4, {}, {}, {}, 0}), std::vector<quint64>{1});
    QCOMPARE(queue.push({5, {}, {}, {}, 0}), std::vector<quint64>{2});
    QCOMPARE(queue.takeNewest()->id, quint64{5});
    QCOMPARE(queue.takeNewest()->id, quint64{4});
    QCOMPARE(queue.takeNewest()->id, quint64{3});
    QVERIFY(!queue.takeNewest());

    // Through the loader: every request ends loaded or dropped, exactly once, and only requests
    // older than the queue's last kThumbnailQueue are ever dropped.
    const QString dir = newProject({"q.png"});
    auto doc = ProjectDocument::open(dir);
    const QString photo = doc->photoPath(doc->photos()[0]);
    ImageLoader loader;
    QSignalSpy loaded(&loader, &ImageLoader::loaded);
    QSignalSpy dropped(&loader, &ImageLoader::thumbnailDropped);
    constexpr int kRequests = 200;
    for (int i = 0; i < kRequests; ++i)
      loader.requestThumbnail(photo, {}, QSize(64, 48), PhotoListModel::kThumbnailSide);
    QTRY_COMPARE(loaded.count() + dropped.count(), kRequests);
    QSet<quint64> seen;
    for (const auto& args : loaded) seen.insert(args.at(0).toULongLong());
    for (const auto& args : dropped) {
      const quint64 id = args.at(0).toULongLong();
      QVERIFY(!seen.contains(id));
      seen.insert(id);
      QVERIFY(id <= kRequests - ImageLoader::kThumbnailQueue);
    }
    QCOMPARE(seen.size(), kRequests);
    QCOMPARE(qvariant_cast<QImage>(loaded.at(0).at(1)).size(), QSize(64, 48));
  }

  void thumbnailsAreCachedOnDiskAndRemadeWhenBroken() {
    const QString dir = newProject({"wide.png"});
    auto doc = ProjectDocument::open(dir);
    const qint64 id = doc->photos()[0].id;
    const QSize expected(PhotoListModel::kThumbnailSide, PhotoListModel::kThumbnailSide * 3 / 4);
    auto thumbnailOf = [&](PhotoListModel& model) {
      (void)model.data(model.index(0), Qt::DecorationRole);  // asks the worker
      QImage image;
      [&] {
        QTRY_VERIFY(
            (image =
                 qvariant_cast<QPixmap>(model.data(model.index(0), Qt::DecorationRole)).toImage())
                    .size() == expected &&
            image.pixelColor(0, 0) != QColor(0x50, 0x50, 0x50));  // not the placeholder
      }();
      return image;
    };
    QString cacheFile;
    QImage made;
    {
      PhotoListModel model;
      model.setDocument(doc.get());
      cacheFile = model.thumbnailCacheFile(id);
      QVERIFY(cacheFile.startsWith(dir + QStringLiteral("/cache/thumbnails/")));
      QVERIFY(cacheFile.contains(QString::fromStdString(doc->photos()[0].sha256)));
      QVERIFY(!QFile::exists(cacheFile));
      made = thumbnailOf(model);
    }
    QVERIFY(QFile::exists(cacheFile));
    QCOMPARE(QImage(cacheFile).size(), expected);
    // The cache is what a fresh model reads: a different picture in it shows up.
    QImage marker(expected, QImage::Format_RGB888);
    marker.fill(QColor(200, 0, 0));
    QVERIFY(marker.save(cacheFile, "PNG"));
    {
      PhotoListModel model;
      model.setDocument(doc.get());
      QCOMPARE(thumbnailOf(model).pixelColor(5, 5), QColor(200, 0, 0));
    }
    // Corrupt, stale (wrong size) or missing: made again from the photo and written back.
    for (int broken = 0; broken < 3; ++broken) {
      if (broken == 0) {
        QFile f(cacheFile);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("\x89PNG\r\n\x1a\n garbage");
      } else if (broken == 1) {
        QVERIFY(QImage(QSize(10, 10), QImage::Format_RGB888).save(cacheFile, "PNG"));
      } else {
        QVERIFY(QFile::remove(cacheFile));
      }
      PhotoListModel model;
      model.setDocument(doc.get());
      QCOMPARE(thumbnailOf(model), made);
      QCOMPARE(QImage(cacheFile).convertToFormat(QImage::Format_RGB888),
               made.convertToFormat(QImage::Format_RGB888));
    }
    QCOMPARE(ImageLoader::thumbnailSize(QSize(4000, 3000), 64), QSize(64, 48));
    QCOMPARE(ImageLoader::thumbnailSize(QSize(30, 20), 64), QSize(30, 20));  // never enlarged
    QCOMPARE(ImageLoader::thumbnailSize(QSize(), 64), QSize());
  }

  // The disk cache forgets photos removed from the project (and other sizes, temporaries, strays)
  // when a project is opened, and stays within its byte budget, dropping the least recently used
  // thumbnails first (a cache hit counts as a use).
  void thumbnailCacheDropsRemovedPhotosAndStaysBounded() {
    const QString dir = newProject({"a.png", "b.png", "c.png"});
    QStringList files;
    QStringList hashes;
    {
      auto doc = ProjectDocument::open(dir);
      PhotoListModel model;
      model.setDocument(doc.get());
      for (int row = 0; row < 3; ++row) {
        const auto& p = doc->photos()[static_cast<std::size_t>(row)];
        files << model.thumbnailCacheFile(p.id);
        hashes << QString::fromStdString(p.sha256);
        (void)model.data(model.index(row), Qt::DecorationRole);
      }
      QTRY_VERIFY(QFile::exists(files[0]) && QFile::exists(files[1]) && QFile::exists(files[2]));
    }
    {
      auto store = proj::Project::open(dir.toStdString());  // removed by another tool (the CLI)
      store.remove_photo(store.photo_by_hash(hashes[1].toStdString())->id);
    }
    const QString cache = QFileInfo(files[0]).absolutePath() + QLatin1Char('/');
    const QStringList strays{cache + hashes[0] + QStringLiteral("-128.png"),        // another size
                             cache + hashes[2] + QStringLiteral("-64.png.Ab12Cd"),  // temporary
                             cache + QStringLiteral("notes.txt")};
    for (const QString& f : strays) {
      QFile out(f);
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write("x");
    }
    // a older than c; then a is shown again (a cache hit): now c is the least recently used.
    const auto setAge = [](const QString& f, int secondsAgo) {
      QFile file(f);
      QVERIFY(file.open(QIODevice::ReadWrite));
      QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-secondsAgo),
                               QFileDevice::FileModificationTime));
    };
    setAge(files[0], 7200);
    setAge(files[2], 3600);
    auto doc = ProjectDocument::open(dir);
    PhotoListModel model;
    QSignalSpy pruned(model.loader(), &ImageLoader::thumbnailCachePruned);
    model.setDocument(doc.get());
    QVERIFY(pruned.wait(10000));
    QCOMPARE(pruned.first().first().toInt(), 4);  // b's thumbnail and the three strays
    QCOMPARE(QDir(cache).entryList(QDir::Files | QDir::Hidden),
             QStringList({QFileInfo(files[0]).fileName(), QFileInfo(files[2]).fileName()}));
    const qint64 before = QFileInfo(files[0]).lastModified().toSecsSinceEpoch();
    QSignalSpy loaded(model.loader(), &ImageLoader::loaded);
    (void)model.data(model.index(model.rowOf(doc->photos()[0].id)), Qt::DecorationRole);
    QVERIFY(loaded.wait(10000));
    QVERIFY(QFileInfo(files[0]).lastModified().toSecsSinceEpoch() > before);
    // A budget of one thumbnail keeps the most recently used one.
    const QSet<QString> keep{hashes[0], hashes[2]};
    QCOMPARE(ImageLoader::pruneThumbnailCache(cache, keep, PhotoListModel::kThumbnailSide,
                                              QFileInfo(files[0]).size()),
             1);
    QVERIFY(QFile::exists(files[0]));
    QVERIFY(!QFile::exists(files[2]));
    QCOMPARE(ImageLoader::pruneThumbnailCache(cache, keep, PhotoListModel::kThumbnailSide, 0), 1);
    QVERIFY(QDir(cache).isEmpty());
    QCOMPARE(ImageLoader::pruneThumbnailCache(cache + QStringLiteral("missing"), keep, 64, 0), 0);
  }
};

QTEST_MAIN(TestPhotoPanel)
#include "tst_photo_panel.moc"
