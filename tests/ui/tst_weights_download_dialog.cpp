// The "Download SAM3 Weights" dialog against the loopback Hub (tst_weights_download_hub.h): the
// gated-access explanation, the token taken from HF_TOKEN (never shown), a download started with
// the button that ends in the cache, a 401 shown in plain words, Cancel. Screenshots.
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tst_weights_download_hub.h"
#include "ui/weights/weights_dialog.h"

using sam3::ui::HfDownloader;
using sam3::ui::WeightsDialog;

namespace {

void screenshot(QWidget* w, const QString& name) {
  const QString dir = qEnvironmentVariable("SAM3_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

QString allLabelText(QWidget* w) {
  QString text;
  for (QLabel* l : w->findChildren<QLabel*>()) text += l->text() + QLatin1Char('\n');
  return text;
}

}  // namespace

class TestWeightsDialog : public QObject {
  Q_OBJECT

  QNetworkAccessManager network;
  std::unique_ptr<FakeHub> hub;
  std::unique_ptr<QTemporaryDir> cache, home;

  HfDownloader::Options defaults() const {
    HfDownloader::Options o;
    o.endpoint = hub->endpoint();
    o.repoId = hub->repo;
    o.hubCache = cache->path();
    return o;
  }

 private Q_SLOTS:
  void init() {
    hub = std::make_unique<FakeHub>();
    hub->files = {{QStringLiteral("config.json"), QByteArray("{}\n"), false},
                  {QStringLiteral("model.safetensors"), QByteArray(200000, 'w'), true}};
    cache = std::make_unique<QTemporaryDir>();
    home = std::make_unique<QTemporaryDir>();
    qputenv("HF_HOME", home->path().toUtf8());  // no token file, no keychain entry expected
    qunsetenv("HF_TOKEN_PATH");
  }
  void cleanup() {
    qunsetenv("HF_TOKEN");
    qunsetenv("HF_HOME");
  }

  void downloadsWithTheTokenFromHfToken() {
    qputenv("HF_TOKEN", "hf_good");
    WeightsDialog dialog(&network, defaults());
    dialog.resize(640, 560);
    dialog.show();
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
    QVERIFY(token);
    // The keychain (if any) answers asynchronously; HF_TOKEN fills the field when it has none.
    QTRY_COMPARE_WITH_TIMEOUT(token->text(), QStringLiteral("hf_good"), 10000);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    const QString before = allLabelText(&dialog);
    QVERIFY(before.contains(QLatin1String("gated")));
    QVERIFY(before.contains(QLatin1String("settings/tokens")));
    QVERIFY(before.contains(QLatin1String("accepting its licence")));
    QVERIFY(!before.contains(QLatin1String("hf_good")));
    screenshot(&dialog, QStringLiteral("weights_dialog.png"));

    QSignalSpy downloaded(&dialog, &WeightsDialog::downloaded);
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("download"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(downloaded.wait(20000));
    const QString snapshot =
        cache->filePath(QStringLiteral("models--acme--tiny-sam/snapshots/") + hub->commit);
    QCOMPARE(downloaded.first().first().toString(), snapshot);
    QVERIFY(QFileInfo(snapshot + QStringLiteral("/model.safetensors")).isFile());
    QVERIFY(allLabelText(&dialog).contains(QLatin1String("Done.")));
    QCOMPARE(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close)->text(),
             QStringLiteral("Close"));
    QCoreApplication::sendPostedEvents();  // the status label re-wraps its new text
    QCoreApplication::processEvents();
    screenshot(&dialog, QStringLiteral("weights_dialog_done.png"));
  }

  void aWrongTokenIsExplained() {
    WeightsDialog dialog(&network, defaults());
    dialog.show();
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
    QTest::qWait(50);
    token->setText(QStringLiteral("hf_wrong"));
    QSignalSpy finished(dialog.downloader(), &HfDownloader::finished);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(dialog.downloader()->error(), HfDownloader::Error::Unauthorized);
    const QString text = allLabelText(&dialog);
    QVERIFY2(text.contains(QLatin1String("401")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("hf_wrong")));
    QVERIFY(
        !QFileInfo::exists(cache->filePath(QStringLiteral("models--acme--tiny-sam/refs/main"))));
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("download"))->isEnabled());
  }

  void cancelStopsTheDownloadAndKeepsTheDialog() {
    hub->stall = QStringLiteral("model.safetensors");  // half arrives, then nothing
    qputenv("HF_TOKEN", "hf_good");
    WeightsDialog dialog(&network, defaults());
    dialog.show();
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
    QTRY_COMPARE_WITH_TIMEOUT(token->text(), QStringLiteral("hf_good"), 10000);
    QSignalSpy progress(dialog.downloader(), &HfDownloader::progress);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(2).toString() ==
                                                        QLatin1String("model.safetensors"),
                             10000);
    auto* close = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close);
    QCOMPARE(close->text(), QStringLiteral("Cancel"));
    QTest::mouseClick(close, Qt::LeftButton);
    QCOMPARE(dialog.downloader()->error(), HfDownloader::Error::Cancelled);
    QVERIFY(dialog.isVisible());  // the first Cancel stops the download, not the dialog
    QCOMPARE(close->text(), QStringLiteral("Close"));
    QVERIFY(allLabelText(&dialog).contains(QLatin1String("continues from there")));
  }

  void noTokenAsksForOne() {
    WeightsDialog dialog(&network, defaults());
    dialog.show();
    QTest::qWait(50);
    dialog.findChild<QLineEdit*>(QStringLiteral("token"))->clear();
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
    QVERIFY(!dialog.downloader()->isRunning());
    QVERIFY(allLabelText(&dialog).contains(QLatin1String("Enter an access token")));
    QVERIFY(hub->requests.isEmpty());
  }
};

QTEST_MAIN(TestWeightsDialog)
#include "tst_weights_download_dialog.moc"
