// The Train view driven through its real widgets: presets by GPU memory, the config form and its
// strict YAML view, the pre-flight check, the curves (smoothing, hover, PNG / CSV export), and a
// short sam3-tiny training on a generated demo project that is paused, cancelled, resumed and
// then browsed (checkpoints, active model, weights export, delete with the space freed); the same
// run on "2 GPUs" through sam3studio-cli (2 CPU ranks over Gloo standing in for the GPUs: the
// page, the CLI's events and its launcher are what is tested), with a killed rank and a missing
// CLI.
// The training test needs the CLIP vocabulary from ../shared (skipped with a message without it).
// Screenshots go to $SAM3_SCREENSHOT_DIR when it is set.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <csignal>

#include "tests/support/test_paths.h"

#include "core/demo/demo_project.h"
#include "core/train/train_config.h"
#include "ui/training/checkpoint_browser.h"
#include "ui/training/curve_plots.h"
#include "ui/training/model_chooser.h"
#include "ui/training/process_training.h"
#include "ui/training/qcp.h"
#include "ui/training/training_form.h"
#include "ui/training/training_page.h"
#include "ui/training/training_presets.h"

using namespace sam3::ui;

namespace {

constexpr int kTrainTimeoutMs = 600000;  // a loaded 2-core machine; not a timing assertion

QString vocabulary() {
  return (QString::fromUtf8(::sam3::test::shared_dir()) +
          QStringLiteral("/reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz"));
}

QString makeDemo(const QTemporaryDir& tmp) {
  sam3::demo::DemoOptions o;
  o.num_photos = 10;  // 7 train, 2 valid, 1 test
  o.width = 160;
  o.height = 120;
  o.num_classes = 1;
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

int errorRows(QTreeWidget* tree) {
  int n = 0;
  for (int i = 0; i < tree->topLevelItemCount(); ++i)
    n += tree->topLevelItem(i)->data(0, Qt::UserRole).toInt() == 2 ? 1 : 0;
  return n;
}

QString rowsText(QTreeWidget* tree) {
  QStringList out;
  for (int i = 0; i < tree->topLevelItemCount(); ++i)
    out << tree->topLevelItem(i)->toolTip(0);  // the row's full text (shown with line breaks)
  return out.join(QLatin1Char('\n'));
}

// The child processes of `pid` (the launcher's ranks).
QList<qint64> childrenOf(qint64 pid) {
  QFile f(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
  QList<qint64> out;
  if (!f.open(QIODevice::ReadOnly)) return out;
  for (const QByteArray& p : f.readAll().split(' '))
    if (!p.trimmed().isEmpty()) out << p.trimmed().toLongLong();
  return out;
}

// The cpu-tiny preset on the demo project, short: `steps` steps of one photo per rank.
void setUpShortRun(TrainingPage& page, const QString& project, int steps) {
  page.setProjectDir(project);
  page.applyPreset(QStringLiteral("cpu-tiny"));
  page.modelChooser()->setVocabulary(vocabulary());
  sam3::train::TrainConfig c = page.form()->config();
  c.train.batch_size = 1;
  c.train.max_steps = steps;
  c.data.prefetch_batches = 1;
  page.form()->setConfig(c);
  qobject_cast<QSpinBox*>(page.form()->field(QStringLiteral("train.epochs")))->setValue(50);
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sam3studio-test"));
    QSettings().clear();
  }

  void presetsFollowTheGpu() {
    constexpr qint64 GiB = qint64(1) << 30;
    QCOMPARE(suggestedPreset(0), QStringLiteral("cpu-tiny"));
    QCOMPARE(suggestedPreset(8 * GiB), QStringLiteral("lora"));
    QCOMPARE(suggestedPreset(qint64(15.6 * GiB)), QStringLiteral("frozen-text"));  // "16 GB"
    QCOMPARE(suggestedPreset(80 * GiB), QStringLiteral("full"));
    QCOMPARE(suggestedPreset(4 * GiB), QStringLiteral("lora"));  // the least memory there is
    QVERIFY(presetConfig(QStringLiteral("lora")).memory.lora.enabled);
    QVERIFY(presetConfig(QStringLiteral("frozen-text")).memory.freeze_text);
    QCOMPARE(presetConfig(QStringLiteral("cpu-tiny")).model.config, std::string("sam3-tiny"));
    QCOMPARE(presetConfig(QStringLiteral("no-such")), sam3::train::TrainConfig{});
  }

  void formAndYamlFollowEachOther() {
    QTemporaryDir tmp;
    TrainingPage page(nullptr);
    page.setProjectDir(tmp.path());
    page.applyPreset(QStringLiteral("cpu-tiny"));
    QVERIFY(page.yamlValid());
    auto* epochs = qobject_cast<QSpinBox*>(page.form()->field(QStringLiteral("train.epochs")));
    QVERIFY(epochs);
    epochs->setValue(7);
    QVERIFY(page.yamlView()->toPlainText().contains(QStringLiteral("epochs: 7")));
    QVERIFY(page.yamlView()->toPlainText().contains(QStringLiteral("config: sam3-tiny")));

    // An unknown key in the YAML: strict error with line and key, Start is refused.
    QString yaml = page.yamlView()->toPlainText();
    yaml.replace(QStringLiteral("epochs: 7"), QStringLiteral("epochs: 7\n  epoch_count: 3"));
    page.yamlView()->setPlainText(yaml);
    QTRY_VERIFY(!page.yamlValid());
    QVERIFY2(page.yamlStatus()->text().contains(QStringLiteral("train.epoch_count")),
             qPrintable(page.yamlStatus()->text()));
    QVERIFY(page.yamlStatus()->text().contains(QStringLiteral("Line ")));
    page.start();
    QCOMPARE(page.state(), TrainingPage::State::Idle);

    // An out-of-range value names its key and marks the form field.
    yaml.replace(QStringLiteral("\n  epoch_count: 3"), QString());
    yaml.replace(QStringLiteral("batch_size: 2"), QStringLiteral("batch_size: 0"));
    page.yamlView()->setPlainText(yaml);
    QTRY_VERIFY(page.yamlStatus()->text().contains(QStringLiteral("train.batch_size")));
    QVERIFY(!page.form()->field(QStringLiteral("train.batch_size"))->styleSheet().isEmpty());

    // A valid edit in the YAML reaches the form.
    yaml.replace(QStringLiteral("batch_size: 0"), QStringLiteral("batch_size: 3"));
    page.yamlView()->setPlainText(yaml);
    QTRY_VERIFY(page.yamlValid());
    QCOMPARE(page.form()->config().train.batch_size, 3);
    QVERIFY(page.form()->field(QStringLiteral("train.batch_size"))->styleSheet().isEmpty());
  }

  void preflightShowsWhatToChange() {
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp);
    TrainingPage page(nullptr);
    page.setProjectDir(project);
    page.applyPreset(QStringLiteral("cpu-tiny"));
    page.modelChooser()->setVocabulary(tmp.filePath(QStringLiteral("missing-vocab.txt.gz")));
    page.start();  // pre-flight first: the missing vocabulary blocks the start
    QTRY_COMPARE_WITH_TIMEOUT(page.state(), TrainingPage::State::Idle, 120000);
    QVERIFY(errorRows(page.preflightView()) >= 1);
    const QString rows = rowsText(page.preflightView());
    QVERIFY2(rows.contains(QStringLiteral("vocabulary")), qPrintable(rows));
    QVERIFY2(rows.contains(QStringLiteral("7 labelled train photos")), qPrintable(rows));
    QVERIFY2(rows.contains(QStringLiteral("checkpoints need up to")), qPrintable(rows));
    QVERIFY(page.banner()->isVisibleTo(&page));
    QVERIFY(QDir(project + QStringLiteral("/runs"))
                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                .isEmpty());  // nothing was started
  }

  void curvesSmoothHoverAndExport() {
    CurvePlots plots(CurvePlots::Mode::Live);
    plots.resize(800, 500);
    std::vector<sam3::train::StepPoint> steps;
    for (int i = 1; i <= 20; ++i) {
      sam3::train::StepPoint p;
      p.step = i;
      p.loss = 10.0 / i;
      p.terms = {{"loss_bbox", 1.0 / i}, {"loss_ce", 5.0 / i}, {"loss_ce_aux_0", 4.0 / i}};
      p.lr = {{"transformer", 1e-4 * i / 20}};
      steps.push_back(p);
    }
    plots.appendSteps(steps);
    sam3::train::ValidationPoint v;
    v.step = 10;
    v.epoch = 1;
    v.bbox = {0.5, 0.7, 0, 0, 0, 0, 0, 0, 0.6, 0, 0, 0};
    v.segm.fill(-1);  // masks not evaluated
    plots.appendValidation(v);
    QCOMPARE(plots.stepCount(), std::size_t(20));
    // total + faint raw + 2 main terms (aux hidden by default)
    QCOMPARE(plots.lossPlot()->graphCount(), 4);
    plots.findChild<QCheckBox*>(QStringLiteral("auxTerms"))->setChecked(true);
    QCOMPARE(plots.lossPlot()->graphCount(), 5);
    plots.setSmoothing(0);
    QCOMPARE(plots.lossPlot()->graphCount(), 4);  // no raw copy without smoothing
    QCOMPARE(plots.lossPlot()->graph(0)->data()->at(4)->value, 2.0);  // step 5: 10 / 5
    plots.setSmoothing(50);
    QVERIFY(plots.lossPlot()->graph(1)->data()->at(4)->value > 2.0);  // smoothed lags behind
    // A resumed run repeats steps after its checkpoint: they replace the old ones.
    plots.appendSteps({steps[17], steps[18]});
    QCOMPARE(plots.stepCount(), std::size_t(19));
    QCOMPARE(plots.validationPlot()->graphCount(), 3);  // mAP, AP50, recall

    plots.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plots));
    plots.lossPlot()->replot();
    const double x = plots.lossPlot()->xAxis->coordToPixel(5);
    const QString hover = plots.hoverAt(plots.lossPlot(), QPointF(x, 50));
    QVERIFY2(hover.startsWith(QStringLiteral("Step 5:")), qPrintable(hover));
    QVERIFY2(hover.contains(QStringLiteral("loss_ce")), qPrintable(hover));

    QTemporaryDir tmp;
    const QString png = tmp.filePath(QStringLiteral("loss.png"));
    QVERIFY(plots.exportPng(png, 640, 400));
    QCOMPARE(QImage(png).size(), QSize(640, 400));
    const QString csv = tmp.filePath(QStringLiteral("curves.csv"));
    QVERIFY(plots.exportCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 1 + 19 + 1);
    const int columns = int(lines[0].split(QLatin1Char(',')).size());
    QCOMPARE(columns, 5 + 3 + 1 + 24);
    for (const QString& line : lines) QCOMPARE(int(line.split(QLatin1Char(',')).size()), columns);
    QVERIFY(lines[0].startsWith(QStringLiteral("run,kind,step,epoch,loss,loss_bbox")));
    QVERIFY(lines.last().contains(QStringLiteral(",validation,10,1,")));
    QVERIFY(!plots.exportCsv(tmp.filePath(QStringLiteral("no/such/dir/x.csv"))));
  }

  void browserOverlaysRuns() {
    // Two run folders written by hand in the trainer's layout (no training needed).
    QTemporaryDir tmp;
    for (const char* name : {"20260101-100000", "20260102-100000"}) {
      const QString run = tmp.filePath(QStringLiteral("runs/") + QLatin1String(name));
      QVERIFY(QDir().mkpath(run));
      QFile config(run + QStringLiteral("/config.yaml"));
      QVERIFY(config.open(QIODevice::WriteOnly));
      config.write(QByteArray::fromStdString(sam3::train::to_yaml({})));
      config.close();
      QFile metrics(run + QStringLiteral("/metrics.jsonl"));
      QVERIFY(metrics.open(QIODevice::WriteOnly));
      for (int step = 1; step <= 5; ++step)
        metrics.write(QStringLiteral("{\"type\":\"step\",\"step\":%1,\"epoch\":0,\"loss\":%2}\n")
                          .arg(step)
                          .arg(10.0 / step)
                          .toUtf8());
      metrics.write(
          "{\"type\":\"validation\",\"step\":5,\"epoch\":0,\"bbox\":[0.4,0.6,0,0,0,0,0,0,0.5,"
          "0,0,0],\"segm\":[-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1]}\n");
    }
    CheckpointBrowser browser;
    browser.setProjectDir(tmp.path());
    QCOMPARE(int(browser.runs().size()), 2);
    QCOMPARE(browser.runs()[0].name, std::string("20260102-100000"));  // newest first
    QCOMPARE(browser.overlay()->stepCount(), std::size_t(10));         // both runs overlaid
    QCOMPARE(browser.overlay()->validationPlot()->graphCount(), 2);    // AP50 of each run
    QVERIFY(browser.overlay()->lossPlot()->graph(1)->name().startsWith(QStringLiteral("20260102")));
    browser.setOverlay(1, false);
    QCOMPARE(browser.overlay()->stepCount(), std::size_t(5));
    QCOMPARE(browser.overlay()->validationPlot()->graphCount(), 1);
    QVERIFY(browser.select(1));
    QVERIFY(!browser.setActiveModel());  // a run is no checkpoint
    QVERIFY(browser.card()->toPlainText().contains(QStringLiteral("20260101-100000")));
  }

  void trainPauseCancelResumeAndBrowse() {
    if (!QFile::exists(vocabulary()))
      QSKIP(qPrintable(QStringLiteral("needs %1 (../shared absent)").arg(vocabulary())));
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp);
    TrainingPage page(nullptr);
    page.resize(1500, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // 7 photos an epoch: validation and a checkpoint after step 7
    setUpShortRun(page, project, 9);
    qobject_cast<QSpinBox*>(page.form()->field(QStringLiteral("train.epochs")))->setValue(2);
    QVERIFY(page.yamlValid());
    QVERIFY(page.findChild<QComboBox*>(QStringLiteral("gpus"))->isHidden());  // one GPU or none
    QCOMPARE(page.gpusChosen(), 1);
    QCOMPARE(page.refreshIntervalMs(), 100);  // curves redrawn at most ten times a second

    QSignalSpy finished(&page, &TrainingPage::runFinished);
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.plots()->stepCount() >= 2, kTrainTimeoutMs);
    QCOMPARE(page.state(), TrainingPage::State::Running);
    QVERIFY(page.progressBar()->value() >= 2);
    QVERIFY2(page.statsLabel()->text().contains(QStringLiteral("images/s")),
             qPrintable(page.statsLabel()->text()));
    QVERIFY(page.plots()->lossPlot()->graphCount() >= 3);
    screenshot(&page, QStringLiteral("training.png"));

    // Pause holds the run after its step; cancel from there writes a resumable checkpoint.
    page.pause();
    QCOMPARE(page.state(), TrainingPage::State::Paused);
    QTRY_VERIFY_WITH_TIMEOUT(
        page.log()->toPlainText().contains(QStringLiteral("Paused after step")), kTrainTimeoutMs);
    page.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTrainTimeoutMs);
    QCOMPARE(finished[0][2].toBool(), true);  // cancelled
    QCOMPARE(page.state(), TrainingPage::State::Idle);
    const QString runDir = page.lastRunDir();
    auto runs = page.checkpoints()->runs();
    QCOMPARE(int(runs.size()), 1);
    QVERIFY(!runs[0].finished);
    QVERIFY(!runs[0].checkpoints.empty());
    const std::int64_t cancelledAt = runs[0].checkpoints.back().step;
    QVERIFY(cancelledAt >= 2 && cancelledAt < 9);

    page.resumeLast();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kTrainTimeoutMs);
    QVERIFY2(finished[1][1].toBool(), qPrintable(page.log()->toPlainText()));  // finished
    QCOMPARE(page.lastRunDir(), runDir);
    QCOMPARE(page.plots()->stepCount(), std::size_t(9));  // steps 1..9, resumed ones included
    QVERIFY(page.plots()->validationCount() >= 1);
    QCOMPARE(page.progressBar()->value(), 9);

    // The browser: the run finished, with its checkpoints and best.
    CheckpointBrowser* browser = page.checkpoints();
    runs = browser->runs();
    QCOMPARE(int(runs.size()), 1);
    QVERIFY(runs[0].finished);
    int last = -1;  // the step checkpoints come first (ascending), then best.* when written
    for (std::size_t i = 0; i < runs[0].checkpoints.size(); ++i)
      if (!runs[0].checkpoints[i].best) last = int(i);
    QVERIFY(last >= 0);
    QCOMPARE(runs[0].checkpoints[std::size_t(last)].step, 9);
    QVERIFY(runs[0].checkpoints[std::size_t(last)].epoch >= 0);
    QCOMPARE(browser->tree()->topLevelItemCount(), 1);
    QCOMPARE(browser->tree()->topLevelItem(0)->childCount(), int(runs[0].checkpoints.size()));
    QVERIFY(browser->overlay()->stepCount() == 9);  // the newest run's curves overlaid
    QVERIFY(browser->select(0, last));
    QVERIFY(browser->card()->toPlainText().contains(QStringLiteral("\"model_config\"")));
    QVERIFY(browser->setActiveModel());
    QCOMPARE(CheckpointBrowser::activeModel(project),
             QString::fromStdString(runs[0].checkpoints[std::size_t(last)].weights.string()));
    QTemporaryDir out;
    QVERIFY(browser->exportSelected(out.path()));
    QVERIFY(QFile::exists(
        out.filePath(QFileInfo(runDir).fileName() + QStringLiteral("_step_9.safetensors"))));
    page.tabs()->setCurrentIndex(1);
    screenshot(&page, QStringLiteral("checkpoints.png"));

    // Delete the first step checkpoint: refused once, then done with the space freed.
    QVERIFY(browser->select(0, 0));
    const auto first = runs[0].checkpoints.front();
    browser->setConfirm([](const QString&) { return false; });
    QVERIFY(!browser->deleteSelected());
    QVERIFY(QFile::exists(QString::fromStdString(first.weights.string())));
    QString question;
    browser->setConfirm([&question](const QString& q) {
      question = q;
      return true;
    });
    QVERIFY(browser->select(0, 0));
    QVERIFY(browser->deleteSelected());
    QVERIFY(question.contains(QStringLiteral("frees")));
    QVERIFY(!QFile::exists(QString::fromStdString(first.weights.string())));
    QVERIFY(browser->status()->text().contains(QStringLiteral("freed")));
    QCOMPARE(int(browser->runs()[0].checkpoints.size()), int(runs[0].checkpoints.size()) - 1);
    // The chooser offers the remaining checkpoints as starting weights.
    page.modelChooser()->setSource(ModelChooser::Source::RunCheckpoint);
    QCOMPARE(page.modelChooser()->entries()->count(), int(runs[0].checkpoints.size()) - 1);
    QCOMPARE(page.modelChooser()->modelConfig(), QStringLiteral("sam3-tiny"));
  }

  // "Train on 2 GPUs": the run goes through `sam3studio-cli train --gpus 2 --events`; curves,
  // progress, cancel and resume work as in one process, pause is not offered.
  void severalGpusTrainThroughTheCli() {
    if (!QFile::exists(vocabulary()))
      QSKIP(qPrintable(QStringLiteral("needs %1 (../shared absent)").arg(vocabulary())));
    const QString cli = QString::fromUtf8(::sam3::test::cli_path());
    if (cli.isEmpty()) QSKIP("this build has no sam3studio-cli");
    QTemporaryDir tmp;
    const QString project = makeDemo(tmp);
    TrainingPage page(nullptr);
    page.resize(1500, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.setGpuCount(2);
    auto* gpus = page.findChild<QComboBox*>(QStringLiteral("gpus"));
    QVERIFY(gpus && !gpus->isHidden());
    QCOMPARE(gpus->count(), 2);
    QCOMPARE(page.gpusChosen(), 2);  // all of them at first
    QCOMPARE(gpus->currentText(), QStringLiteral("2 GPUs"));
    page.processTraining()->setCliPath(cli);
    setUpShortRun(page, project, 40);  // global batch 2 (one photo on each rank)
    QVERIFY(page.yamlValid());

    QSignalSpy finished(&page, &TrainingPage::runFinished);
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.plots()->stepCount() >= 2, kTrainTimeoutMs);
    QVERIFY(page.trainsThroughCli());
    QCOMPARE(page.state(), TrainingPage::State::Running);
    QVERIFY(page.processTraining()->arguments().contains(QStringLiteral("--events")));
    QVERIFY2(page.log()->toPlainText().contains(
                 QStringLiteral("data-parallel: 2 ranks over gloo, global batch 2")),
             qPrintable(page.log()->toPlainText()));
    QVERIFY(page.progressBar()->value() >= 2);
    QVERIFY(page.statsLabel()->text().contains(QStringLiteral("images/s")));
    QVERIFY(!gpus->isEnabled());
    auto* pauseButton = page.findChild<QPushButton*>(QStringLiteral("pause"));
    QVERIFY(pauseButton);
    QCOMPARE(pauseButton->text(), QStringLiteral("Pause"));
    QVERIFY(!pauseButton->isEnabled());
    page.pause();  // refused: the ranks meet in every step
    QCOMPARE(page.state(), TrainingPage::State::Running);
    screenshot(&page, QStringLiteral("training_2gpus.png"));

    page.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kTrainTimeoutMs);
    QVERIFY2(finished[0][2].toBool(), qPrintable(page.log()->toPlainText()));  // cancelled
    QCOMPARE(page.state(), TrainingPage::State::Idle);
    auto runs = page.checkpoints()->runs();
    QCOMPARE(int(runs.size()), 1);
    QVERIFY(!runs[0].finished);
    QVERIFY(!runs[0].checkpoints.empty());
    QVERIFY(runs[0].checkpoints.back().step < 40);

    page.resumeLast();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kTrainTimeoutMs);
    QVERIFY2(finished[1][1].toBool(), qPrintable(page.log()->toPlainText()));  // finished
    QCOMPARE(page.plots()->stepCount(), std::size_t(40));
    QCOMPARE(page.progressBar()->value(), 40);
    runs = page.checkpoints()->runs();
    QVERIFY(runs[0].finished);
    QVERIFY(page.log()->toPlainText().contains(QStringLiteral("Finished after 40 steps")));

    // A rank killed mid-run: the others stop and the banner names the rank and how it ended.
    setUpShortRun(page, project, 100000);
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.processTraining()->launcherPid() > 0, kTrainTimeoutMs);
    const qint64 launcher = page.processTraining()->launcherPid();
    QTRY_VERIFY_WITH_TIMEOUT(page.plots()->stepCount() >= 1, kTrainTimeoutMs);
    QList<qint64> ranks;
    QTRY_VERIFY_WITH_TIMEOUT((ranks = childrenOf(launcher)).size() == 2, 30000);
    QCOMPARE(::kill(static_cast<pid_t>(ranks[1]), SIGKILL), 0);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 3, kTrainTimeoutMs);
    QVERIFY(!finished[2][1].toBool() && !finished[2][2].toBool());
    QVERIFY(page.banner()->isVisible());
    QVERIFY2(page.banner()->text().contains(QStringLiteral("rank 1")) &&
                 page.banner()->text().contains(QStringLiteral("killed by signal 9")),
             qPrintable(page.banner()->text()));
    QCOMPARE(page.state(), TrainingPage::State::Idle);
    screenshot(&page, QStringLiteral("training_2gpus_rank_killed.png"));

    // Cancel at once, while the CLI still starts: the cancel waits for its launcher, the ranks
    // keep it pending through their start-up and stop before the first step.
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.processTraining()->launcherPid() > 0, kTrainTimeoutMs);
    page.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 4, kTrainTimeoutMs);
    QVERIFY2(finished[3][2].toBool(), qPrintable(page.log()->toPlainText()));  // cancelled
    QVERIFY(page.log()->toPlainText().contains(QStringLiteral("cancelled before step 1")));
    QCOMPARE(page.state(), TrainingPage::State::Idle);

    // No CLI where the app looks for it: the pre-flight check stops the start and says which file
    // and what to do; the runner itself refuses the same (started without the check).
    const QString missing = tmp.filePath(QStringLiteral("no-such-cli"));
    page.processTraining()->setCliPath(missing);
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.state() == TrainingPage::State::Idle, kTrainTimeoutMs);
    QVERIFY(page.banner()->isVisible());
    QVERIFY2(rowsText(page.preflightView()).contains(missing) &&
                 rowsText(page.preflightView()).contains(QStringLiteral("SAM3STUDIO_CLI")),
             qPrintable(rowsText(page.preflightView())));
    QCOMPARE(errorRows(page.preflightView()), 1);
    QCOMPARE(finished.count(), 4);  // nothing started
    QSignalSpy direct(page.processTraining(), &ProcessTraining::finished);
    sam3::train::SessionRequest request;
    request.project = project.toStdString();
    request.run_dir = QString(project + QStringLiteral("/runs/never")).toStdString();
    page.processTraining()->start(99, request, 2);
    QCOMPARE(direct.count(), 1);
    const auto result = direct[0][1].value<sam3::train::SessionResult>();
    QVERIFY(!result.finished && !result.cancelled);
    QVERIFY2(QString::fromStdString(result.error.message).contains(missing),
             result.error.message.c_str());
    QVERIFY(!QFileInfo::exists(project + QStringLiteral("/runs/never")));
  }
};

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
