// No Hugging Face token, Authorization header or signed link in what the weights download leaves
// behind (issue 11, secrets; the GUI half of Secrets.HfTokenNeverWritten). HF_TOKEN and the token
// file hold recognisable values; the dialog runs, as a user would, a download that succeeds, one
// that the Hub refuses with 401, and two whose redirect to a signed storage link (user info and an
// X-Amz-Signature query) fails: the storage server answers 403, or nobody listens there. After
// each, the sam3::log sink, Qt's messages, every error text, every visible text of the dialog and
// every file under the test's HOME (QSettings, the Hugging Face cache) are searched for the
// secrets. Controls show that the search finds them where they belong: in the request the fake Hub
// received, in the signed link it handed out, in the token file.
#include <QAbstractButton>
#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "core/util/log.h"
#include "tst_weights_download_hub.h"
#include "ui/weights/weights_dialog.h"

using sam3::ui::HfDownloader;
using sam3::ui::WeightsDialog;

namespace {

const QByteArray kEnvToken = "hf_EnvSecret7Qx2Lk9VbWw";
const QByteArray kFileToken = "hf_FileSecret3Mn8Zp4RtYy";
const QByteArray kSignature = "5ign4tureDeadBeef0042";
const QByteArray kCredential = "AKIAEXAMPLE7KEY";
const QByteArray kPassword = "cdnPassw0rd77";
// A signed storage link as the Hub's CDN hands them out, plus user info.
const QString kSignedLink =
    QStringLiteral(
        "http://cdnuser:%1@127.0.0.1:{port}/cdn/{sha}?X-Amz-Credential=%2"
        "&X-Amz-Signature=%3&Expires=1790000000")
        .arg(QString::fromLatin1(kPassword), QString::fromLatin1(kCredential),
             QString::fromLatin1(kSignature));

QMutex g_logMutex;
QStringList g_log;  // every sam3::log line and Qt message

void qtMessages(QtMsgType, const QMessageLogContext&, const QString& message) {
  QMutexLocker lock(&g_logMutex);
  g_log << QStringLiteral("qt: ") + message;
}

// Which secrets `text` holds, by name.
QStringList secretsIn(const QByteArray& text) {
  QStringList found;
  const std::pair<const char*, QByteArray> secrets[] = {
      {"HF_TOKEN value", kEnvToken},     {"token file value", kFileToken},
      {"signature", kSignature},         {"signing credential", kCredential},
      {"user-info password", kPassword}, {"Authorization header", "Authorization:"},
      {"Bearer value", "Bearer hf_"}};
  for (const auto& [name, value] : secrets)
    if (text.contains(value)) found << QString::fromLatin1(name);
  return found;
}
QStringList secretsIn(const QString& text) {
  return secretsIn(text.toUtf8());
}

QString visibleTexts(QWidget* dialog) {
  QString all = dialog->windowTitle() + QLatin1Char('\n');
  for (QWidget* w : dialog->findChildren<QWidget*>()) {
    all += w->toolTip() + QLatin1Char('\n') + w->accessibleName() + QLatin1Char('\n');
    if (auto* l = qobject_cast<QLabel*>(w)) all += l->text() + QLatin1Char('\n');
    if (auto* b = qobject_cast<QAbstractButton*>(w)) all += b->text() + QLatin1Char('\n');
    // The token field holds the token on purpose (masked); every other field is visible text.
    if (auto* e = qobject_cast<QLineEdit*>(w); e && e->objectName() != QLatin1String("token"))
      all += e->text() + QLatin1Char('\n');
  }
  return all;
}

}  // namespace

class TestWeightsSecrets : public QObject {
  Q_OBJECT

  QTemporaryDir root;  // HOME, XDG_CONFIG_HOME (QSettings), HF_HOME (token file), the cache
  QNetworkAccessManager network;
  std::unique_ptr<FakeHub> hub;
  QString tokenFile;

  HfDownloader::Options defaults() const {
    HfDownloader::Options o;
    o.endpoint = hub->endpoint();
    o.repoId = hub->repo;
    o.hubCache = root.filePath(QStringLiteral("hf/hub"));
    o.retries = 1;
    return o;
  }

  // Opens the dialog, waits for the token to be filled in from `expectedSource`, ticks
  // "Remember" (the keychain is unreachable here, so its failure path runs too), downloads.
  // Returns the finished() result; the dialog's texts go to `texts`.
  bool runDialog(const QByteArray& expectedToken, const QString& expectedSource, QString* texts,
                 QString* error) {
    WeightsDialog dialog(&network, defaults());
    dialog.show();
    auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
    if (!token) return false;
    const bool filled =
        QTest::qWaitFor([&] { return token->text() == QString::fromLatin1(expectedToken); }, 10000);
    if (!filled || !visibleTexts(&dialog).contains(expectedSource)) {
      *error = QStringLiteral("the token field was not filled in from ") + expectedSource;
      *texts = visibleTexts(&dialog);
      return false;
    }
    if (auto* remember = dialog.findChild<QCheckBox*>(); remember && remember->isEnabled())
      remember->setChecked(true);
    QSignalSpy finished(dialog.downloader(), &HfDownloader::finished);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
    if (!finished.wait(30000)) return false;
    QTest::qWait(200);  // the keychain's answer to "Remember", if any
    *texts = visibleTexts(&dialog);
    *error = dialog.downloader()->errorString();
    return finished.first().first().toBool();
  }

  // Every file under the test's HOME except the token file, where the token belongs.
  QStringList filesHoldingSecrets() const {
    QSettings().sync();
    QStringList found;
    QDirIterator it(root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      if (path == tokenFile) continue;
      QFile f(path);
      if (!f.open(QIODevice::ReadOnly)) return {path + QStringLiteral(": unreadable")};
      if (const QStringList s = secretsIn(f.readAll()); !s.isEmpty())
        found << path + QStringLiteral(": ") + s.join(QStringLiteral(", "));
    }
    return found;
  }

  void checkNothingLeaked(const QString& texts, const QString& error) {
    QVERIFY2(secretsIn(texts).isEmpty(), qPrintable(secretsIn(texts).join(QStringLiteral(", ")) +
                                                    QStringLiteral(" in ") + texts));
    QVERIFY2(secretsIn(error).isEmpty(), qPrintable(error));
    QMutexLocker lock(&g_logMutex);
    const QString log = g_log.join(QLatin1Char('\n'));
    QVERIFY2(secretsIn(log).isEmpty(), qPrintable(log));
    QVERIFY2(filesHoldingSecrets().isEmpty(),
             qPrintable(filesHoldingSecrets().join(QLatin1Char('\n'))));
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(root.isValid());
    qputenv("HOME", root.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", root.filePath(QStringLiteral("config")).toUtf8());
    qputenv("HF_HOME", root.filePath(QStringLiteral("hf")).toUtf8());
    qunsetenv("HF_TOKEN_PATH");
    qunsetenv("HUGGING_FACE_HUB_TOKEN");
    // Never the user's own keychain: no session bus, so "Remember" meets an unreachable keychain.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sam3-no-bus");
    QCoreApplication::setOrganizationName(QStringLiteral("SAM3 Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("sam3studio"));
    QSettings().setValue(QStringLiteral("marker"), QStringLiteral("written by the test"));
    QSettings().sync();
    QVERIFY2(
        QFileInfo::exists(QSettings().fileName()) && QSettings().fileName().startsWith(root.path()),
        qPrintable(QSettings().fileName()));
    tokenFile = root.filePath(QStringLiteral("hf/token"));
    QDir().mkpath(root.filePath(QStringLiteral("hf")));
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kFileToken + '\n');
    f.close();
    sam3::log::set_min_level(sam3::log::Level::Debug);
    sam3::log::set_sink([](sam3::log::Level level, std::string_view m) {
      QMutexLocker lock(&g_logMutex);
      g_log << QString::fromLatin1(sam3::log::level_name(level)) + QStringLiteral(": ") +
                   QString::fromUtf8(m.data(), static_cast<qsizetype>(m.size()));
    });
    qInstallMessageHandler(qtMessages);
  }
  void cleanupTestCase() {
    qInstallMessageHandler(nullptr);
    sam3::log::set_sink(nullptr);
    sam3::log::set_min_level(sam3::log::Level::Info);
  }

  void init() {
    hub = std::make_unique<FakeHub>();
    hub->token = kEnvToken;
    hub->files = {{QStringLiteral("config.json"), QByteArray("{}\n"), false},
                  {QStringLiteral("model.safetensors"), QByteArray(150000, 'w'), true}};
    QVERIFY(QDir(defaults().hubCache).removeRecursively());  // every download starts empty
    QMutexLocker lock(&g_logMutex);
    g_log.clear();
    qunsetenv("HF_TOKEN");
  }

  // The search finds each secret where it is on purpose.
  void controlTheSearchFindsTheSecrets() {
    QFile f(tokenFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(secretsIn(f.readAll()), QStringList{QStringLiteral("token file value")});
    QCOMPARE(secretsIn(QByteArray("Authorization: Bearer ") + kEnvToken).size(), 3);
    QCOMPARE(secretsIn(kSignedLink).size(), 3);
    sam3::log::info(std::string("control ") + kEnvToken.constData());
    QMutexLocker lock(&g_logMutex);
    QCOMPARE(secretsIn(g_log.join(QLatin1Char('\n'))),
             QStringList{QStringLiteral("HF_TOKEN value")});
    g_log.clear();
  }

  void aDownloadThatSucceeds() {
    qputenv("HF_TOKEN", kEnvToken);
    QString texts, error;
    QVERIFY2(runDialog(kEnvToken, QStringLiteral("Token taken from HF_TOKEN"), &texts, &error),
             qPrintable(error + texts));
    // Control: the token did go out, to the Hub only.
    const auto resolves = hub->requestsFor(QStringLiteral("/resolve/"));
    QVERIFY(!resolves.isEmpty());
    for (const HubRequest& r : resolves)
      QVERIFY(secretsIn(r.authorization).contains(QStringLiteral("HF_TOKEN value")));
    for (const HubRequest& r : hub->requestsFor(QStringLiteral("/cdn/")))
      QVERIFY(r.authorization.isEmpty());
    {
      QMutexLocker lock(&g_logMutex);  // the log does tell the story, without the token
      QVERIFY(g_log.join(QLatin1Char('\n')).contains(QLatin1String("with an access token")));
      QVERIFY(g_log.join(QLatin1Char('\n')).contains(QLatin1String("redirected to")));
    }
    checkNothingLeaked(texts, error);
  }

  void aTokenFileTokenThatGets401() {
    QString texts, error;
    QVERIFY(
        !runDialog(kFileToken, QStringLiteral("Token taken from ") + tokenFile, &texts, &error));
    QVERIFY2(error.contains(QLatin1String("401")), qPrintable(error));
    QVERIFY(texts.contains(QLatin1String("401")));
    // Control: the file's token reached the Hub.
    const auto resolves = hub->requestsFor(QStringLiteral("/resolve/"));
    QVERIFY(!resolves.isEmpty());
    QVERIFY(secretsIn(resolves.first().authorization).contains(QStringLiteral("token file value")));
    checkNothingLeaked(texts, error);
  }

  void aRedirectToASignedLinkThatIsRefused() {
    qputenv("HF_TOKEN", kEnvToken);
    hub->storageLocation = kSignedLink;
    hub->storageFailure = "403 Forbidden";
    hub->storageFailureBody = "<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>" +
                              kSignature + "</SignatureProvided></Error>";
    QString texts, error;
    QVERIFY(!runDialog(kEnvToken, QStringLiteral("HF_TOKEN"), &texts, &error));
    QCOMPARE(hub->requestsFor(QStringLiteral("/cdn/")).size(), 1);
    // Control: the signed link with its signature went to the storage server, without the token.
    const HubRequest cdn = hub->requestsFor(QStringLiteral("/cdn/")).first();
    QVERIFY2(secretsIn(cdn.path).contains(QStringLiteral("signature")), qPrintable(cdn.path));
    QVERIFY(!cdn.authorization.contains("Bearer"));
    // The error names the storage link, without its query or user info.
    QVERIFY2(error.contains(QLatin1String("storage server answered HTTP 403")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("http://127.0.0.1:%1/cdn/").arg(hub->storagePort())),
             qPrintable(error));
    checkNothingLeaked(texts, error);
  }

  void aRedirectToASignedLinkNobodyAnswers() {
    qputenv("HF_TOKEN", kEnvToken);
    QTcpServer closed;  // a port that was free a moment ago: connection refused
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    hub->storageLocation =
        QString(kSignedLink).replace(QStringLiteral("{port}"), QString::number(port));
    QString texts, error;
    QVERIFY(!runDialog(kEnvToken, QStringLiteral("HF_TOKEN"), &texts, &error));
    QVERIFY2(error.contains(QLatin1String("model.safetensors")), qPrintable(error));
    {
      QMutexLocker lock(&g_logMutex);  // the retry was logged, with the link stripped
      QVERIFY2(g_log.join(QLatin1Char('\n'))
                   .contains(QStringLiteral("redirected to http://127.0.0.1:%1/cdn/").arg(port)),
               qPrintable(g_log.join(QLatin1Char('\n'))));
    }
    checkNothingLeaked(texts, error);
  }
};

QTEST_MAIN(TestWeightsSecrets)
#include "tst_weights_secrets.moc"
