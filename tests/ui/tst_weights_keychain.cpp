// The Hugging Face token in the system keychain through the app's own code (HfTokenStore, and the
// weights dialog's "Remember the token"), against a real Secret Service: a private D-Bus session
// with its own gnome-keyring, started by with_secret_service.sh (CTest runs the test through it).
// Stored, read back, preferred over HF_TOKEN, deleted, and saved by a store that is gone before
// the keychain answered (that crashed); checked independently over D-Bus (the
// Secret Service holds exactly the token while stored, nothing after the delete), and never
// written to QSettings or any other file under the test's HOME but the keyring's own.
// Skips with the reason when this build has no QtKeychain or no private Secret Service runs.
#include <QCheckBox>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDirIterator>
#include <QLabel>
#include <QLibrary>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "tst_weights_download_hub.h"
#include "ui/weights/hf_token.h"
#include "ui/weights/weights_dialog.h"

using sam3::ui::HfDownloader;
using sam3::ui::HfToken;
using sam3::ui::HfTokenStore;
using sam3::ui::WeightsDialog;

// org.freedesktop.Secret.Secret: (session, parameters, value, content type).
struct DBusSecret {
  QDBusObjectPath session;
  QByteArray parameters, value;
  QString contentType;
};
Q_DECLARE_METATYPE(DBusSecret)
QDBusArgument& operator<<(QDBusArgument& a, const DBusSecret& s) {
  a.beginStructure();
  a << s.session << s.parameters << s.value << s.contentType;
  a.endStructure();
  return a;
}
const QDBusArgument& operator>>(const QDBusArgument& a, DBusSecret& s) {
  a.beginStructure();
  a >> s.session >> s.parameters >> s.value >> s.contentType;
  a.endStructure();
  return a;
}

namespace {

const QString kToken = QStringLiteral("hf_KeychainSecret5Tz8Qw2Pm");
const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kPath = QStringLiteral("/org/freedesktop/secrets");

// The values the Secret Service holds for SAM3 Studio's entry, read over D-Bus (not QtKeychain).
QStringList secretServiceValues() {
  QDBusInterface service(kService, kPath, QStringLiteral("org.freedesktop.Secret.Service"));
  QDBusMessage opened = service.call(QStringLiteral("OpenSession"), QStringLiteral("plain"),
                                     QVariant::fromValue(QDBusVariant(QString())));
  if (opened.type() != QDBusMessage::ReplyMessage) return {QStringLiteral("OpenSession failed")};
  const auto session = opened.arguments().at(1).value<QDBusObjectPath>();
  const QMap<QString, QString> attributes{
      {QStringLiteral("server"), QStringLiteral("SAM3 Studio")},
      {QStringLiteral("user"), QStringLiteral("huggingface-token")}};
  QDBusMessage found = service.call(QStringLiteral("SearchItems"), QVariant::fromValue(attributes));
  if (found.type() != QDBusMessage::ReplyMessage) return {QStringLiteral("SearchItems failed")};
  QStringList values;
  for (int i = 0; i < 2; ++i) {  // unlocked, locked
    QList<QDBusObjectPath> items;
    found.arguments().at(i).value<QDBusArgument>() >> items;
    for (const QDBusObjectPath& item : items) {
      QDBusInterface it(kService, item.path(), QStringLiteral("org.freedesktop.Secret.Item"));
      const QDBusReply<DBusSecret> secret =
          it.call(QStringLiteral("GetSecret"), QVariant::fromValue(session));
      values << (secret.isValid()
                     ? QString::fromUtf8(secret.value().value)
                     : QStringLiteral("GetSecret failed: ") + secret.error().message());
    }
  }
  return values;
}

// Files under `dirs` holding `needle`, except the keyring's own (where the token belongs).
QStringList filesHolding(const QStringList& dirs, const QString& needle) {
  QSettings().sync();
  QStringList found;
  for (const QString& dir : dirs) {
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      if (path.contains(QLatin1String("/keyrings/"))) continue;
      QFile f(path);
      if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle.toUtf8())) found << path;
    }
  }
  return found;
}

}  // namespace

class TestWeightsKeychain : public QObject {
  Q_OBJECT

  QTemporaryDir home;
  // QSettings and the cache (home), and the private session's HOME (with_secret_service.sh).
  QStringList dirs() const { return {home.path(), qEnvironmentVariable("HOME")}; }

  HfToken load(HfTokenStore& store) {
    HfToken result{QStringLiteral("(no answer)"), {}};
    bool answered = false;
    store.load([&](const HfToken& t) {
      result = t;
      answered = true;
    });
    (void)QTest::qWaitFor([&] { return answered; }, 15000);
    return result;  // "(no answer)" after the timeout
  }
  QString save(HfTokenStore& store, const QString& token) {
    QString outcome = QStringLiteral("(no answer)");
    store.save(token, [&](bool ok, const QString& why) {
      outcome = ok ? QStringLiteral("ok") : QStringLiteral("failed: ") + why;
    });
    (void)QTest::qWaitFor([&] { return outcome != QLatin1String("(no answer)"); }, 15000);
    return outcome;  // "(no answer)" after the timeout
  }
  QString forget(HfTokenStore& store) {
    QString outcome = QStringLiteral("(no answer)");
    store.forget([&](bool ok, const QString& why) {
      outcome = ok ? QStringLiteral("ok") : QStringLiteral("failed: ") + why;
    });
    (void)QTest::qWaitFor([&] { return outcome != QLatin1String("(no answer)"); }, 15000);
    return outcome;  // "(no answer)" after the timeout
  }

 private Q_SLOTS:
  void initTestCase() {
    if (!HfTokenStore::keychainAvailable())
      QSKIP("this build has no QtKeychain (Debian: qtkeychain-qt6-dev); nothing to test");
    if (qEnvironmentVariable("SAM3_PRIVATE_SECRET_SERVICE") != QLatin1String("1"))
      QSKIP(
          "no private Secret Service: run through tests/ui/with_secret_service.sh (CTest does), "
          "which starts a D-Bus session and gnome-keyring-daemon (Debian: dbus, gnome-keyring); "
          "this test never touches your own keychain");
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()->isServiceRegistered(kService))
      QSKIP(
          "the private D-Bus session has no org.freedesktop.secrets (gnome-keyring-daemon "
          "did not start)");
    if (!QLibrary(QStringLiteral("secret-1"), 0).load())
      QSKIP(
          "libsecret-1.so.0 is missing (Debian: libsecret-1-0); QtKeychain needs it to reach "
          "the Secret Service");
    qDBusRegisterMetaType<DBusSecret>();
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QVERIFY(home.isValid());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("HF_HOME", home.filePath(QStringLiteral("hf")).toUtf8());  // no token file
    qunsetenv("HF_TOKEN_PATH");
    qunsetenv("HF_TOKEN");
    QCoreApplication::setOrganizationName(QStringLiteral("SAM3 Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("sam3studio"));
    QSettings().setValue(QStringLiteral("marker"), QStringLiteral("written by the test"));
    QSettings().sync();
    QVERIFY2(QSettings().fileName().startsWith(home.path()), qPrintable(QSettings().fileName()));
    HfTokenStore store;
    QCOMPARE(forget(store), QStringLiteral("ok"));  // a clean keyring
    QCOMPARE(secretServiceValues(), QStringList());
  }

  void storesReadsBackAndDeletes() {
    HfTokenStore store;
    QCOMPARE(save(store, kToken), QStringLiteral("ok"));
    QCOMPARE(secretServiceValues(), QStringList{kToken});  // really in the Secret Service
    const HfToken stored = load(store);
    QCOMPARE(stored.token, kToken);
    QCOMPARE(stored.source, QStringLiteral("system keychain"));
    // The keychain comes before HF_TOKEN.
    qputenv("HF_TOKEN", "hf_fromTheEnvironment");
    QCOMPARE(load(store).token, kToken);
    QVERIFY2(filesHolding(dirs(), kToken).isEmpty(),
             qPrintable(filesHolding(dirs(), kToken).join(QLatin1Char('\n'))));
    QCOMPARE(forget(store), QStringLiteral("ok"));
    QCOMPARE(secretServiceValues(), QStringList());
    QCOMPARE(load(store).source, QStringLiteral("HF_TOKEN"));  // the keychain has none now
    qunsetenv("HF_TOKEN");
    const HfToken none = load(store);
    QVERIFY2(none.token.isEmpty() && none.source.isEmpty(), qPrintable(none.source));
    QCOMPARE(forget(store), QStringLiteral("ok"));  // deleting what is not there is fine
  }

  // A dialog closed right after "Download" (its store gone before the Secret Service answered):
  // the keychain job used to die with the store, and the answer then crashed the application.
  void aStoreGoneBeforeTheKeychainAnswersIsSafe() {
    bool called = false;
    {
      HfTokenStore store;
      store.save(kToken, [&](bool, const QString&) { called = true; });
    }
    QTRY_COMPARE_WITH_TIMEOUT(secretServiceValues(), QStringList{kToken}, 10000);
    QTest::qWait(200);
    QVERIFY(!called);  // nobody is left to tell
    HfTokenStore store;
    QCOMPARE(forget(store), QStringLiteral("ok"));
    QCOMPARE(secretServiceValues(), QStringList());
  }

  void theDialogRemembersTheToken() {
    FakeHub hub;
    hub.token = kToken.toUtf8();
    hub.files = {{QStringLiteral("config.json"), QByteArray("{}\n"), false}};
    QNetworkAccessManager network;
    HfDownloader::Options o;
    o.endpoint = hub.endpoint();
    o.repoId = hub.repo;
    o.hubCache = home.filePath(QStringLiteral("hf/hub"));
    {
      WeightsDialog dialog(&network, o);
      dialog.show();
      auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
      auto* remember = dialog.findChild<QCheckBox*>();
      QVERIFY(token && remember && remember->isEnabled());
      QTest::qWait(300);  // the keychain's (empty) answer
      QVERIFY(token->text().isEmpty());
      token->setText(kToken);
      remember->setChecked(true);
      QSignalSpy downloaded(&dialog, &WeightsDialog::downloaded);
      QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("download")), Qt::LeftButton);
      QVERIFY(downloaded.wait(20000));
    }
    QTRY_COMPARE_WITH_TIMEOUT(secretServiceValues(), QStringList{kToken}, 10000);
    {
      WeightsDialog dialog(&network, o);  // the next time: taken from the keychain
      dialog.show();
      auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("token"));
      QTRY_COMPARE_WITH_TIMEOUT(token->text(), kToken, 10000);
      QString labels;
      for (QLabel* l : dialog.findChildren<QLabel*>()) labels += l->text() + QLatin1Char('\n');
      QVERIFY2(labels.contains(QLatin1String("Token taken from system keychain")),
               qPrintable(labels));
      QVERIFY(!labels.contains(kToken));
    }
    QVERIFY2(filesHolding(dirs(), kToken).isEmpty(),
             qPrintable(filesHolding(dirs(), kToken).join(QLatin1Char('\n'))));
    HfTokenStore store;
    QCOMPARE(forget(store), QStringLiteral("ok"));
    QCOMPARE(secretServiceValues(), QStringList());
  }
};

QTEST_MAIN(TestWeightsKeychain)
#include "tst_weights_keychain.moc"
