// The evaluation view, the batch prediction dialog and the inspection report driven through their
// real widgets: hand-worked COCO / image-level numbers shown for two models side by side, a real
// evaluation of two seeded sam3-tiny models on a demo project's valid split, batch prediction of a
// split into results.json and overlays, and the report built, previewed and exported as CSV, HTML
// and PDF (and refused, naming the file, when a photo file is missing). Model runs need the CLIP
// vocabulary from ../shared (skipped with a message without it). Screenshots go to
// $SAM3_SCREENSHOT_DIR when it is set.
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>
#include "tests/support/test_paths.h"

#include "core/demo/demo_project.h"
#include "core/eval/coco_data.h"
#include "core/project/project.h"
#include "ui/evaluation/batch_predict_dialog.h"
#include "ui/evaluation/evaluation_view.h"
#include "ui/report/report_dialog.h"
#include "ui/training/qcp.h"

using namespace sam3::ui;

namespace {

QString vocabulary() {
  return (QString::fromUtf8(::sam3::test::shared_dir()) +
          QStringLiteral("/reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz"));
}

QString makeDemo(const QTemporaryDir& tmp, int photos = 10) {
  sam3::demo::DemoOptions o;
  o.num_photos = photos;  // 10: 7 train, 2 valid, 1 test
  o.width = 160;
  o.height = 120;
  const QString dir = tmp.filePath(QStringLiteral("demo"));
  sam3::demo::create_demo_project(dir.toStdString(), o);
  return dir;
}

void screenshot(QWidget* w, const QString& name) {
  const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

// Photo 1: two fuses; photo 2: one insulator; photo 3: a negative photo.
const char* kGt = R"({
  "images": [{"id": 1, "width": 200, "height": 200}, {"id": 2, "width": 200, "height": 200},
             {"id": 3, "width": 200, "height": 200}],
  "categories": [{"id": 1, "name": "fuse"}, {"id": 2, "name": "insulator"}],
  "annotations": [
    {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 40, 40], "area": 1600, "iscrowd": 0},
    {"id": 2, "image_id": 1, "category_id": 1, "bbox": [100, 100, 40, 40], "area": 1600,
     "iscrowd": 0},
    {"id": 3, "image_id": 2, "category_id": 2, "bbox": [10, 10, 50, 50], "area": 2500,
     "iscrowd": 0}]})";
// Fine-tuned: both fuses (.9, .7), a false fuse on the negative photo (.6), the insulator (.8).
const char* kTuned = R"([
  {"image_id": 1, "category_id": 1, "bbox": [0, 0, 40, 40], "score": 0.9},
  {"image_id": 1, "category_id": 1, "bbox": [100, 100, 40, 40], "score": 0.7},
  {"image_id": 3, "category_id": 1, "bbox": [50, 50, 30, 30], "score": 0.6},
  {"image_id": 2, "category_id": 2, "bbox": [10, 10, 50, 50], "score": 0.8}])";
// Base: one fuse found weakly (.3), nothing else.
const char* kBase = R"([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 40, 40], "score": 0.3}])";

std::shared_ptr<const ModelEvaluation> handMade(const QString& label, const char* dets) {
  sam3::train::EvaluationOutcome o;
  o.gt = sam3::eval::parse_ground_truth(kGt, "gt.json");
  o.detections = sam3::eval::parse_detections(dets, "dt.json", o.gt);
  o.photos = 3;
  return summarize(label, QStringLiteral("valid"), o);
}

}  // namespace

class TestEvaluation : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sam3studio-tests"));
  }

  void viewShowsTwoModelsSideBySide() {
    EvaluationView view;
    view.resize(1100, 700);
    const auto tuned = handMade(QStringLiteral("fine-tuned"), kTuned);
    const auto base = handMade(QStringLiteral("base"), kBase);
    view.showResults(tuned, base);
    QTableWidget* stats = view.statsTable();
    QCOMPARE(stats->rowCount(), 12);
    QCOMPARE(stats->columnCount(), 4);  // boxes and masks of each model in one table
    QVERIFY(stats->horizontalHeaderItem(0)->text().startsWith(QStringLiteral("fine-tuned")));
    QVERIFY(stats->horizontalHeaderItem(2)->text().startsWith(QStringLiteral("base")));
    QCOMPARE(stats->item(1, 0)->text(), QString::number(tuned->bbox.stats[1], 'f', 3));
    QCOMPARE(stats->item(1, 2)->text(), QString::number(base->bbox.stats[1], 'f', 3));
    QCOMPARE(stats->item(1, 1)->text(), QStringLiteral("no masks"));  // boxes-only detections
    // Fine-tuned AP50: fuse 1.0 (hits ranked first), insulator 1.0 -> 1.0; base: fuse 0.5 ->
    // mean over classes with ground truth (insulator 0) = 0.25.
    QCOMPARE(stats->item(1, 0)->text(), QStringLiteral("1.000"));
    QCOMPARE(stats->item(1, 2)->text(), QStringLiteral("0.252"));
    QTableWidget* classes = view.classTable();
    QCOMPARE(classes->rowCount(), 2);
    QCOMPARE(classes->item(0, 0)->text(), QStringLiteral("fuse"));
    QCOMPARE(classes->columnCount(), 1 + 2 + 2);
    QCOMPARE(view.prPlot()->graphCount(), 2 * 3);  // mean + 2 classes per model
    // Photos, any class, threshold .5: photos 1 and 2 found, the negative photo a false alarm.
    view.thresholdSpin()->setValue(0.5);
    QTableWidget* confusion = view.confusionTable();
    QCOMPARE(confusion->item(0, 0)->text(), QStringLiteral("2 found"));
    QCOMPARE(confusion->item(0, 1)->text(), QStringLiteral("0 missed"));
    QCOMPARE(confusion->item(1, 0)->text(), QStringLiteral("1 false alarms"));
    QCOMPARE(confusion->item(1, 1)->text(), QStringLiteral("0 correctly empty"));
    view.thresholdSpin()->setValue(0.65);  // above the false alarm
    QCOMPARE(confusion->item(1, 1)->text(), QStringLiteral("1 correctly empty"));
    // Target recall 1: the highest threshold finding both positive photos is .8 (photo 2's .8).
    view.targetRecallSpin()->setValue(1.0);
    QVERIFY2(view.recommendation()->text().contains(QStringLiteral("0.80")),
             qPrintable(view.recommendation()->text()));
    view.imageClassCombo()->setCurrentIndex(1);  // fuse alone: photo 1 (.9)
    QVERIFY2(view.recommendation()->text().contains(QStringLiteral("0.90")),
             qPrintable(view.recommendation()->text()));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.tabs()->setCurrentIndex(3);
    screenshot(&view, QStringLiteral("evaluation_photos.png"));
  }

  void evaluatesSeededTinyModelsOnTheDemo() {
    if (!QFile::exists(vocabulary()))
      QSKIP(qPrintable(QStringLiteral("needs %1 (../shared absent)").arg(vocabulary())));
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp);
    EvaluationView view;
    view.resize(1100, 700);
    view.setProjectDir(project);
    view.setVocabulary(vocabulary());
    for (int seed : {3, 4}) {
      ModelChoice c;
      c.label = QStringLiteral("sam3-tiny seed %1").arg(seed);
      c.model.model_config = "sam3-tiny";
      c.model.seed = std::uint64_t(seed);
      view.addModel(c, seed == 4);
    }
    QVERIFY2(view.evaluate(), qPrintable(view.status()->text()));
    QCOMPARE(view.statsTable()->columnCount(), 4);
    QVERIFY2(view.status()->text().contains(QStringLiteral("2 labelled photo")),
             qPrintable(view.status()->text()));
    QVERIFY(view.statsTable()->item(0, 1)->text() != QStringLiteral("no masks"));
    QCOMPARE(view.classTable()->rowCount(), 2);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    screenshot(&view, QStringLiteral("evaluation_stats.png"));
    view.tabs()->setCurrentIndex(2);
    screenshot(&view, QStringLiteral("evaluation_pr.png"));
  }

  void batchDialogPredictsASplit() {
    if (!QFile::exists(vocabulary()))
      QSKIP(qPrintable(QStringLiteral("needs %1 (../shared absent)").arg(vocabulary())));
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp);
    BatchPredictDialog dialog(project, QString());
    ModelChoice c;
    c.label = QStringLiteral("sam3-tiny seed 2");
    c.model.model_config = "sam3-tiny";
    c.model.seed = 2;
    dialog.addModel(c);
    dialog.setSplit(QStringLiteral("valid"));
    dialog.setOutputDir(tmp.filePath(QStringLiteral("out")));
    dialog.setVocabulary(vocabulary());
    dialog.setThreshold(0.0);
    const TaskOutcome outcome = dialog.run();
    QVERIFY2(outcome.status == TaskOutcome::Status::Done, qPrintable(outcome.message));
    QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("out/results.json"))));
    QCOMPARE(QDir(tmp.filePath(QStringLiteral("out/overlays"))).entryList(QDir::Files).size(), 2);
    QVERIFY(dialog.result()->text().contains(QStringLiteral("2 photo")));
  }

  void reportBuildsPreviewsAndExports() {
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp, 6);
    {
      auto store = sam3::project::Project::open(project.toStdString());
      auto photo = store.photos().front();
      photo.verdict = sam3::project::Verdict::Defect;
      photo.note = "cracked <housing>, replace";
      store.update_photo(photo);
    }
    ReportDialog dialog(project);
    QVERIFY2(dialog.build(), qPrintable(dialog.status()->text()));
    QCOMPARE(int(dialog.report()->photos.size()), 6);
    QVERIFY(!dialog.thumbnails().isEmpty());
    const QString preview = dialog.preview()->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("cracked <housing>, replace")), qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("Fail")));  // the verdict as the photo panel names it
    QVERIFY(dialog.exportCsv(tmp.filePath(QStringLiteral("r.csv"))));
    QVERIFY(dialog.exportHtml(tmp.filePath(QStringLiteral("r.html"))));
    QVERIFY(dialog.exportPdf(tmp.filePath(QStringLiteral("r.pdf"))));
    QFile csv(tmp.filePath(QStringLiteral("r.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readAll().contains("\"cracked <housing>, replace\""));
    QCOMPARE(QDir(tmp.filePath(QStringLiteral("r_thumbnails"))).entryList(QDir::Files).size(),
             dialog.thumbnails().size());
    QFile pdf(tmp.filePath(QStringLiteral("r.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(4) == "%PDF");
    dialog.resize(900, 700);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    screenshot(&dialog, QStringLiteral("inspection_report.png"));

    // A missing photo file: no report, the file named.
    const auto store = sam3::project::Project::open(project.toStdString());
    const auto gone = store.photo_path(store.photos().back());
    QVERIFY(QFile::remove(QString::fromStdString(gone.string())));
    QVERIFY(!dialog.build());
    QVERIFY2(dialog.status()->text().contains(QString::fromStdString(gone.filename().string())),
             qPrintable(dialog.status()->text()));
  }
};

QTEST_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
