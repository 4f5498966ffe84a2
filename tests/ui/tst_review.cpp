// The Review view driven through its real widgets with sam3-tiny at seeded random weights on a
// generated demo project: predict every photo (the cache is filled), move the threshold (what is
// shown changes, the model does not run again), false positives and misses on labelled photos,
// accept a detection (an annotation with source "accepted", undone), reject one (a review row),
// confirm a photo negative, the queue orders, a corrupt cache record (named, predicted again),
// and model A/B with the list of photos where two random models disagree.
// Random weights score low: the tests keep every detection (minimum score 0) and start at
// threshold 0, where each photo shows all 8 queries of each of the 2 class prompts.
// Needs the CLIP vocabulary from ../shared (skipped with a message without it).
// A screenshot goes to $SAM3_SCREENSHOT_DIR when it is set.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>
#include "tests/support/test_paths.h"

#include <algorithm>
#include <cmath>

#include "core/demo/demo_project.h"
#include "core/review/prediction_store.h"
#include "ui/project_document.h"
#include "ui/review/model_compare.h"
#include "ui/review/review_page.h"
#include "ui/review/review_view.h"

using namespace sam3::ui;
using Status = ReviewPage::Status;

namespace {

constexpr int kPredictTimeoutMs = 600000;  // a loaded 2-core machine; not a timing assertion

QString vocabulary() {
  return (QString::fromUtf8(::sam3::test::shared_dir()) +
          QStringLiteral("/reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz"));
}

ReviewModel tinyModel(quint64 seed) {
  ReviewModel m;
  m.label = QStringLiteral("sam3-tiny, random weights (seed %1)").arg(seed);
  m.config = QStringLiteral("sam3-tiny");
  m.random = true;
  m.seed = seed;
  m.vocabulary = vocabulary();
  m.device = QStringLiteral("cpu");
  return m;
}

void screenshot(QWidget* w, const QString& name) {
  const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

int countStatus(const ReviewPage& page, Status s) {
  return static_cast<int>(std::count_if(page.rows().begin(), page.rows().end(), [&](const auto& r) {
    return r.object >= 0 && r.status == s;
  }));
}

int missRows(const ReviewPage& page) {
  return static_cast<int>(std::count_if(page.rows().begin(), page.rows().end(),
                                        [](const auto& r) { return r.object < 0; }));
}

int firstRow(const ReviewPage& page, Status s) {
  for (std::size_t i = 0; i < page.rows().size(); ++i)
    if (page.rows()[i].object >= 0 && page.rows()[i].status == s) return static_cast<int>(i);
  return -1;
}

}  // namespace

class TestReview : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_tmp;
  QString m_dir;
  std::unique_ptr<ProjectDocument> m_doc;

  bool predict(ReviewPage& page, bool forB = false) {
    QSignalSpy done(&page, &ReviewPage::predictionFinished);
    forB ? page.predictB() : page.predictAll();
    if (!done.wait(kPredictTimeoutMs)) return false;
    const QString error = done.first().at(3).toString();
    if (!error.isEmpty()) qWarning() << "prediction failed:" << error;
    return error.isEmpty() && !done.first().at(2).toBool();
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sam3studio-test"));
    QSettings().clear();
    if (!QFile::exists(vocabulary()))
      QSKIP(qPrintable(QStringLiteral("needs %1 (../shared absent)").arg(vocabulary())));
    QVERIFY(m_tmp.isValid());
    sam3::demo::DemoOptions o;
    o.num_photos = 6;
    o.width = 480;
    o.height = 360;
    o.num_classes = 2;
    o.negative_fraction = 0.34;  // 2 of 6 photos hold no objects
    m_dir = m_tmp.filePath(QStringLiteral("demo"));
    sam3::demo::create_demo_project(m_dir.toStdString(), o);
    m_doc = ProjectDocument::open(m_dir);
  }

  void predictThresholdAcceptReject() {
    ReviewPage page(nullptr);
    page.resize(1500, 820);
    page.setDocument(m_doc.get());
    page.setMinScore(0.0);
    page.setThreshold(0.0);
    page.setModel(tinyModel(3));
    QCOMPARE(int(page.queue().size()), 6);
    QVERIFY(page.record(page.queue().front()) == nullptr);  // nothing predicted yet
    QVERIFY(predict(page));
    QCOMPARE(page.photosPredicted(), 6);
    // Every photo has its record under cache/predictions/<model key>/.
    const std::string key = tinyModel(3).key();
    for (const auto& p : m_doc->photos()) {
      QVERIFY(QFile::exists(
          QStringLiteral("%1/cache/predictions/%2/%3.json")
              .arg(m_dir, QString::fromStdString(key), QString::fromStdString(p.sha256))));
      QVERIFY(page.record(p.id) != nullptr);
      QCOMPARE(int(page.record(p.id)->objects.size()), 16);  // 8 queries x 2 prompts at 0
    }

    // A labelled photo with objects: at threshold 0 every detection is listed.
    qint64 photo = 0;
    for (const auto& p : m_doc->photos())
      if (m_doc->annotationCount(p.id) > 0) photo = p.id;
    QVERIFY(photo != 0);
    QVERIFY(page.showPhoto(photo));
    QCOMPARE(page.currentPhoto(), photo);
    const auto* rec = page.record(photo);
    QCOMPARE(countStatus(page, Status::FalsePositive) + countStatus(page, Status::Matched), 16);
    QCOMPARE(page.detectionList()->topLevelItemCount(), int(page.rows().size()));

    // The threshold filters the cached scores: the median keeps those at or above it.
    std::vector<float> scores;
    for (const auto& o : rec->objects) scores.push_back(o.score);
    std::sort(scores.begin(), scores.end());
    const double median = scores[8];
    const int expected = static_cast<int>(
        std::count_if(scores.begin(), scores.end(), [&](float s) { return s >= median; }));
    page.setThreshold(median);
    QCOMPARE(countStatus(page, Status::FalsePositive) + countStatus(page, Status::Matched),
             expected);
    QVERIFY(expected < 16);
    QCOMPARE(page.photosPredicted(), 6);  // no model run for a threshold change
    QVERIFY(!page.predicting());
    // The slider does the same.
    page.thresholdSlider()->setValue(100);
    QCOMPARE(page.threshold(), 1.0);
    // Above every score: nothing is detected and every ground-truth object is a miss.
    QCOMPARE(countStatus(page, Status::FalsePositive) + countStatus(page, Status::Matched), 0);
    QCOMPARE(missRows(page), m_doc->annotationCount(photo));
    const auto& overlays = page.view()->overlays();
    QCOMPARE(int(std::count_if(
                 overlays.begin(), overlays.end(),
                 [](const auto& o) { return o.kind == ReviewView::Overlay::Kind::Missed; })),
             m_doc->annotationCount(photo));
    page.setThreshold(0.0);

    // Ground truth beside: the second view shows each annotation.
    page.setTruthMode(ReviewPage::TruthMode::Beside);
    QVERIFY(page.truthView()->isVisibleTo(&page));
    QCOMPARE(int(page.truthView()->overlays().size()), m_doc->annotationCount(photo));
    page.setTruthMode(ReviewPage::TruthMode::Hidden);
    QVERIFY(!page.truthView()->isVisibleTo(&page));

    // Accept a false positive: it becomes an annotation with source "accepted"; undo removes it.
    const int before_count = m_doc->annotationCount(photo);
    const int fp = firstRow(page, Status::FalsePositive);
    QVERIFY(fp >= 0);
    const auto accepted = rec->objects[static_cast<std::size_t>(page.rows()[fp].object)];
    QVERIFY(page.selectRow(fp));
    QVERIFY(page.acceptSelected());
    QCOMPARE(m_doc->annotationCount(photo), before_count + 1);
    const auto added = m_doc->annotations(photo).back();
    QCOMPARE(added.source, sam3::project::Source::Accepted);
    QVERIFY(added.score.has_value());
    QCOMPARE(float(*added.score), accepted.score);
    QCOMPARE(added.class_id, accepted.class_id);
    QCOMPARE(countStatus(page, Status::Accepted), 1);  // it now matches its own annotation
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->annotationCount(photo), before_count);
    QCOMPARE(countStatus(page, Status::Accepted), 0);

    // Reject one: recorded as a review decision, shown as rejected.
    const int reject = firstRow(page, Status::FalsePositive);
    QVERIFY(page.selectRow(reject));
    QVERIFY(page.rejectSelected());
    const auto reviews = m_doc->store().reviews(photo);
    QCOMPARE(int(reviews.size()), 1);
    QCOMPARE(reviews[0].decision, sam3::project::Decision::Rejected);
    QVERIFY(QString::fromStdString(reviews[0].note).contains(QString::fromStdString(key)));
    QCOMPARE(countStatus(page, Status::Rejected), 1);

    // Keyboard: the accept action of the shortcut registry does the same as the button.
    QAction* acceptAction = nullptr;
    for (const auto& [id, action] : page.shortcutActions())
      if (id == QStringLiteral("review.accept")) acceptAction = action;
    QVERIFY(acceptAction);
    QCOMPARE(acceptAction->shortcut(), QKeySequence(Qt::Key_C));
    QVERIFY(page.selectRow(firstRow(page, Status::FalsePositive)));
    acceptAction->trigger();
    QCOMPARE(m_doc->annotationCount(photo), before_count + 1);
    m_doc->undoStack()->undo();

    // Confirm a photo negative (undoable like every photo edit). Not on a photo with shapes. The
    // demo's photos without objects are negatives already: one is unmarked first, then another
    // edit comes between (consecutive edits of one field of one photo merge into one undo step).
    QVERIFY(page.showPhoto(photo));
    QVERIFY(!page.confirmNegative());
    qint64 empty = 0;
    for (const auto& p : m_doc->photos())
      if (p.confirmed_negative) empty = p.id;
    QVERIFY(empty != 0);
    QVERIFY(m_doc->setConfirmedNegative(empty, false));
    QVERIFY(m_doc->setPhotoNote(photo, QStringLiteral("reviewed")));
    QVERIFY(page.showPhoto(empty));
    QVERIFY(page.confirmNegative());
    QVERIFY(m_doc->photo(empty)->confirmed_negative);
    m_doc->undoStack()->undo();
    QVERIFY(!m_doc->photo(empty)->confirmed_negative);
    m_doc->undoStack()->undo();  // the note
    m_doc->undoStack()->undo();  // the unmarking
    QVERIFY(m_doc->photo(empty)->confirmed_negative);
  }

  void queueOrders() {
    ReviewPage page(nullptr);
    page.setDocument(m_doc.get());
    page.setMinScore(0.0);
    page.setModel(tinyModel(3));  // cached by the previous test: loaded, not predicted
    QTRY_VERIFY_WITH_TIMEOUT(page.record(m_doc->photos().back().id) != nullptr, 60000);
    QCOMPARE(page.photosPredicted(), 0);
    std::vector<qint64> byId;
    for (const auto& p : m_doc->photos()) byId.push_back(p.id);
    page.setOrder(sam3::review::QueueOrder::PhotoOrder);
    QVERIFY(page.queue() == byId);

    // Uncertainty at the median of all scores: nearest score to the threshold first.
    const double t = 0.5 * (page.record(byId[0])->objects.front().score +
                            page.record(byId[0])->objects.back().score);
    page.setThreshold(t);
    page.setOrder(sam3::review::QueueOrder::Uncertainty);
    auto nearest = [&](qint64 id) {
      double best = 2;
      for (const auto& o : page.record(id)->objects) best = std::min(best, std::abs(o.score - t));
      return best;
    };
    const auto q = page.queue();
    QCOMPARE(int(q.size()), 6);
    for (std::size_t i = 1; i < q.size(); ++i) QVERIFY(nearest(q[i - 1]) <= nearest(q[i]));
    QCOMPARE(page.queueList()->count(), 6);
    QCOMPARE(page.queueList()->item(0)->data(Qt::UserRole).toLongLong(), q[0]);

    // Disagreement: labelled photos by false positives + misses, most first.
    page.setOrder(sam3::review::QueueOrder::Disagreement);
    std::vector<int> counts;
    for (qint64 id : page.queue()) {
      QVERIFY(page.showPhoto(id));
      counts.push_back(countStatus(page, Status::FalsePositive) +
                       countStatus(page, Status::Rejected) + missRows(page));
    }
    QVERIFY(std::is_sorted(counts.rbegin(), counts.rend()));
  }

  void corruptCacheRecordIsPredictedAgain() {
    ReviewPage page(nullptr);
    page.setDocument(m_doc.get());
    page.setMinScore(0.0);
    const auto& photo = m_doc->photos().front();
    const QString file = QStringLiteral("%1/cache/predictions/%2/%3.json")
                             .arg(m_dir, QString::fromStdString(tinyModel(3).key()),
                                  QString::fromStdString(photo.sha256));
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write("{\"format\": \"sam3studio.predictions\", \"detections\": [");
    }
    QSignalSpy messages(&page, &ReviewPage::statusMessage);
    page.setModel(tinyModel(3));
    QVERIFY(predict(page));
    QCOMPARE(page.photosPredicted(), 1);  // only the corrupt one ran again
    bool named = false;
    for (const auto& m : messages) named |= m.at(0).toString().contains(file);
    QVERIFY2(named, "the corrupt file is named in a message");
    // Rewritten and readable again.
    const sam3::review::PredictionStore store(m_dir.toStdString(), tinyModel(3).key());
    QVERIFY(store.load(photo.sha256).has_value());
  }

  void modelAB() {
    ReviewPage page(nullptr);
    page.resize(1500, 820);
    page.setDocument(m_doc.get());
    page.setMinScore(0.0);
    page.setThreshold(0.0);
    page.setModel(tinyModel(3));
    QTRY_VERIFY_WITH_TIMEOUT(page.record(m_doc->photos().back().id) != nullptr, 60000);
    page.setModelB(tinyModel(4));
    QVERIFY(predict(page, true));
    QCOMPARE(page.photosPredicted(), 6);
    // Random sam3-tiny masks cover most of the photo, so at IoU 0.5 the two models' detections
    // match wherever both keep one; they differ where one keeps more than the other. Find a
    // threshold (one of A's scores) where the kept counts differ on some photo.
    auto kept = [](const sam3::review::PhotoPredictions* r, double t) {
      return std::count_if(r->objects.begin(), r->objects.end(),
                           [&](const auto& o) { return o.score >= t; });
    };
    std::vector<qint64> countsDiffer;
    double t = -1;
    for (const auto& o : page.record(m_doc->photos().front().id)->objects) {
      countsDiffer.clear();
      for (const auto& p : m_doc->photos())
        if (kept(page.record(p.id), o.score) != kept(page.recordB(p.id), o.score))
          countsDiffer.push_back(p.id);
      if (!countsDiffer.empty()) {
        t = o.score;
        break;
      }
    }
    QVERIFY2(t >= 0, "the two random models keep different counts at one of A's scores");
    page.setThreshold(t);
    const auto differ = page.disagreements();
    for (qint64 id : countsDiffer)
      QVERIFY(std::find(differ.begin(), differ.end(), id) != differ.end());
    QCOMPARE(page.compare()->list()->count(), int(differ.size()));
    QVERIFY(
        page.compare()->summary()->text().contains(QStringLiteral("%1 of 6").arg(differ.size())));
    // The list names the photo; choosing it shows it with both models.
    page.compare()->list()->setCurrentRow(0);
    QCOMPARE(page.compare()->list()->item(0)->data(Qt::UserRole).toLongLong(), differ.front());
    // Above every score both find nothing: they agree everywhere.
    page.setThreshold(1.0);
    QVERIFY(page.disagreements().empty());
    QCOMPARE(page.compare()->list()->count(), 0);
    // A model compared with itself never disagrees.
    page.setThreshold(0.0);
    page.setModelB(tinyModel(3));
    QTRY_VERIFY_WITH_TIMEOUT(page.compare()->summary()->text().contains(QStringLiteral("0 of 6")),
                             60000);
    QVERIFY(page.disagreements().empty());
  }

  void screenshotOfTheReview() {
    ReviewPage page(nullptr);
    page.resize(1500, 820);
    page.setDocument(m_doc.get());
    page.setMinScore(0.0);
    page.setModel(tinyModel(3));
    QTRY_VERIFY_WITH_TIMEOUT(page.record(m_doc->photos().back().id) != nullptr, 60000);
    qint64 photo = 0;
    for (const auto& p : m_doc->photos())
      if (m_doc->annotationCount(p.id) > 1 && photo == 0) photo = p.id;
    QVERIFY(photo != 0);
    // A threshold that leaves the photo's top four detections.
    std::vector<float> scores;
    for (const auto& o : page.record(photo)->objects) scores.push_back(o.score);
    std::sort(scores.rbegin(), scores.rend());
    page.setThreshold(std::floor(scores[3] * 100) / 100);
    page.setTruthMode(ReviewPage::TruthMode::Beside);
    page.show();
    QVERIFY(page.showPhoto(photo));
    QTRY_VERIFY_WITH_TIMEOUT(page.view()->hasPhoto(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(page.truthView()->hasPhoto(), 30000);
    screenshot(&page, QStringLiteral("review.png"));
  }
};

QTEST_MAIN(TestReview)
#include "tst_review.moc"
