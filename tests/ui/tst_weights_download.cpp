// HfDownloader against a Hub on loopback (tst_weights_download_hub.h): listing, redirects to a
// storage host without the token, 401/403, resume after a broken transfer with a Range request,
// a server that ignores Range, a wrong sha256, cancel; the result is the Hugging Face cache layout
// and core/weights' own cache finder picks it up.
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "core/weights/model_dir.h"
#include "tst_weights_download_hub.h"
#include "ui/weights/hf_downloader.h"
#include "ui/weights/hf_token.h"

using sam3::ui::HfDownloader;

namespace {

QByteArray randomBytes(int n, quint32 seed) {
  QRandomGenerator gen(seed);
  QByteArray b(n, Qt::Uninitialized);
  for (char& c : b) c = static_cast<char>(gen.generate() & 0xff);
  return b;
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestWeightsDownload : public QObject {
  Q_OBJECT

  QNetworkAccessManager network;
  std::unique_ptr<FakeHub> hub;
  std::unique_ptr<QTemporaryDir> cache;

  HfDownloader::Options options(const QString& token = QStringLiteral("hf_good")) const {
    HfDownloader::Options o;
    o.endpoint = hub->endpoint();
    o.repoId = hub->repo;
    o.hubCache = cache->path();
    o.token = token;
    return o;
  }
  QString repoDir() const { return cache->filePath(QStringLiteral("models--acme--tiny-sam")); }
  QString snapshot() const { return repoDir() + QStringLiteral("/snapshots/") + hub->commit; }

  // Runs a download to its end; returns finished()'s argument.
  bool run(HfDownloader& d, const HfDownloader::Options& o) {
    QSignalSpy done(&d, &HfDownloader::finished);
    d.start(o);
    if (done.isEmpty() && !done.wait(20000)) return false;
    return done.first().first().toBool();
  }

 private Q_SLOTS:
  void init() {
    hub = std::make_unique<FakeHub>();
    hub->files = {
        {QStringLiteral("config.json"), QByteArray("{\"model_type\": \"sam3\"}\n"), false},
        {QStringLiteral("tokenizer/vocab.json"), QByteArray("{\"a\": 0}\n"), false},
        {QStringLiteral("model.safetensors"), randomBytes(300000, 1), true},
        {QStringLiteral("sam3.pt"), randomBytes(5000, 2), true},
    };
    cache = std::make_unique<QTemporaryDir>();
    QVERIFY(cache->isValid());
  }

  void downloadsIntoTheHfCacheLayout() {
    HfDownloader d(&network);
    QSignalSpy progress(&d, &HfDownloader::progress);
    QVERIFY2(run(d, options()), qPrintable(d.errorString()));
    QCOMPARE(d.error(), HfDownloader::Error::None);
    QCOMPARE(d.snapshotDir(), snapshot());
    QCOMPARE(readAll(repoDir() + QStringLiteral("/refs/main")), hub->commit.toLatin1());
    for (const QString& p : {QStringLiteral("config.json"), QStringLiteral("tokenizer/vocab.json"),
                             QStringLiteral("model.safetensors")}) {
      const HubFile* f = hub->file(p);
      const QFileInfo link(snapshot() + QLatin1Char('/') + p);
      QVERIFY2(link.isSymLink(), qPrintable(p));
      const auto target = std::filesystem::read_symlink(link.filePath().toStdString());
      QVERIFY2(target.is_relative(), target.c_str());  // the cache can move, as huggingface_hub's
      const QString blob =
          repoDir() + QStringLiteral("/blobs/") + (f->lfs ? f->sha256() : f->blobId());
      QCOMPARE(link.canonicalFilePath(), QFileInfo(blob).canonicalFilePath());
      QCOMPARE(readAll(link.filePath()), f->bytes);
    }
    // The PyTorch pickle is the same weights again: not fetched when safetensors exist.
    QVERIFY(!QFileInfo::exists(snapshot() + QStringLiteral("/sam3.pt")));
    QVERIFY(hub->requestsFor(QStringLiteral("sam3.pt")).isEmpty());
    QVERIFY(QDir(repoDir() + QStringLiteral("/blobs"))
                .entryList({QStringLiteral("*.incomplete")}, QDir::Files)
                .isEmpty());
    // The token goes to the Hub, never to the storage host behind the redirect.
    for (const HubRequest& r : hub->requests) {
      if (r.server == QLatin1String("cdn"))
        QVERIFY2(r.authorization.isEmpty(), qPrintable(r.path));
      else if (r.path.contains(QLatin1String("/resolve/")))
        QCOMPARE(r.authorization, QByteArray("Bearer hf_good"));
    }
    QCOMPARE(hub->requestsFor(QStringLiteral("/cdn/")).size(), 1);
    QVERIFY(hub->requestsFor(QStringLiteral("/cdn/")).first().authorization.isEmpty());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    // core/weights finds the snapshot the way the app and the CLI look for SAM3.
    const auto found = sam3::weights::hf_snapshot(cache->path().toStdString(), "acme/tiny-sam");
    QVERIFY(found.has_value());
    QCOMPARE(QString::fromStdString(found->string()), snapshot());
    // A second run finds every blob in place and downloads nothing.
    const auto before = hub->requests.size();
    HfDownloader again(&network);
    QVERIFY(run(again, options()));
    QCOMPARE(hub->requests.size(), before + 1);  // the listing only
  }

  void withoutTokenIsRefusedWith401() {
    HfDownloader d(&network);
    QVERIFY(!run(d, options(QString())));
    QCOMPARE(d.error(), HfDownloader::Error::Unauthorized);
    QVERIFY2(d.errorString().contains(QLatin1String("401")), qPrintable(d.errorString()));
    QVERIFY(d.errorString().contains(QLatin1String("settings/tokens")));
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/snapshots")));
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/refs/main")));
  }

  void tokenWithoutAccessExplainsTheLicence() {
    HfDownloader d(&network);
    QVERIFY(!run(d, options(QStringLiteral("hf_not_granted"))));
    QCOMPARE(d.error(), HfDownloader::Error::Forbidden);
    QVERIFY(d.errorString().contains(QLatin1String("accept the licence")));
    QVERIFY(!d.errorString().contains(QLatin1String("hf_not_granted")));  // never the token
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/snapshots")));
  }

  void brokenTransferResumesWithARangeRequest() {
    hub->cutOnce = QStringLiteral("model.safetensors");
    HfDownloader d(&network);
    QVERIFY2(run(d, options()), qPrintable(d.errorString()));
    // The first transfer starts at 0; the one that completes the file asks for the rest from the
    // half that arrived. (Qt may itself re-send a request whose connection closed early, so there
    // can be an extra plain request in between.)
    const auto cdn = hub->requestsFor(QStringLiteral("/cdn/"));
    QVERIFY(cdn.size() >= 2);
    QVERIFY(cdn.first().range.isEmpty());
    QCOMPARE(cdn.last().range, QByteArray("bytes=150000-"));
    QCOMPARE(readAll(snapshot() + QStringLiteral("/model.safetensors")),
             hub->file(QStringLiteral("model.safetensors"))->bytes);
  }

  void brokenTransferWithoutRetriesResumesOnTheNextStart() {
    hub->cutOnce = QStringLiteral("model.safetensors");
    HfDownloader::Options o = options();
    o.retries = 0;
    HfDownloader first(&network);
    QVERIFY(!run(first, o));
    QCOMPARE(first.error(), HfDownloader::Error::Network);
    const HubFile* f = hub->file(QStringLiteral("model.safetensors"));
    const QFileInfo partial(repoDir() + QStringLiteral("/blobs/") + f->sha256() +
                            QStringLiteral(".incomplete"));
    QVERIFY(partial.exists());
    QVERIFY(partial.size() > 0 && partial.size() < f->bytes.size());
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/refs/main")));
    HfDownloader second(&network);
    QVERIFY2(run(second, o), qPrintable(second.errorString()));
    QCOMPARE(hub->requestsFor(QStringLiteral("/cdn/")).last().range,
             "bytes=" + QByteArray::number(partial.size()) + '-');
    QCOMPARE(readAll(snapshot() + QStringLiteral("/model.safetensors")), f->bytes);
  }

  void serverIgnoringRangeStartsTheFileOver() {
    hub->cutOnce = QStringLiteral("model.safetensors");
    hub->ignoreRange = true;
    HfDownloader d(&network);
    QVERIFY2(run(d, options()), qPrintable(d.errorString()));
    QCOMPARE(readAll(snapshot() + QStringLiteral("/model.safetensors")),
             hub->file(QStringLiteral("model.safetensors"))->bytes);
  }

  void wrongShaIsAnErrorAndLeavesNothingInTheSnapshot() {
    hub->wrongShaFor = QStringLiteral("model.safetensors");
    HfDownloader d(&network);
    QVERIFY(!run(d, options()));
    QCOMPARE(d.error(), HfDownloader::Error::Integrity);
    QVERIFY2(d.errorString().contains(QLatin1String("model.safetensors")) &&
                 d.errorString().contains(QString(64, QLatin1Char('e'))),
             qPrintable(d.errorString()));
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/snapshots")));
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/refs/main")));
    const QStringList blobs = QDir(repoDir() + QStringLiteral("/blobs")).entryList(QDir::Files);
    for (const QString& b : blobs) QVERIFY2(!b.startsWith(QLatin1String("eeee")), qPrintable(b));
    QVERIFY(!blobs.join(QLatin1Char(' ')).contains(QLatin1String(".incomplete")));
  }

  void cancelKeepsThePartialFile() {
    hub->stall = QStringLiteral("model.safetensors");
    HfDownloader d(&network);
    connect(&d, &HfDownloader::progress, &d, [&d](qint64 done, qint64 total, const QString& f) {
      if (f == QLatin1String("model.safetensors") && done < total) d.cancel();
    });
    QVERIFY(!run(d, options()));
    QCOMPARE(d.error(), HfDownloader::Error::Cancelled);
    QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/refs/main")));
    const HubFile* f = hub->file(QStringLiteral("model.safetensors"));
    QVERIFY(QFileInfo::exists(repoDir() + QStringLiteral("/blobs/") + f->sha256() +
                              QStringLiteral(".incomplete")));
  }

  void badListingsAreRejectedWithTheField() {
    QString error;
    QVERIFY(!sam3::ui::parseRepoInfo("not json", &error));
    QVERIFY(error.contains(QLatin1String("JSON")));
    QVERIFY(!sam3::ui::parseRepoInfo(R"({"sha":"abc","siblings":[]})", &error));
    QVERIFY(error.contains(QLatin1String("sha")));
    const QByteArray sha = R"("sha":"0123456789abcdef0123456789abcdef01234567")";
    QVERIFY(!sam3::ui::parseRepoInfo(
        "{" + sha +
            R"(,"siblings":[{"rfilename":"../x","size":1,"blobId":"0123456789abcdef0123456789abcdef01234567"}]})",
        &error));
    QVERIFY(error.contains(QLatin1String("rfilename")));
    QVERIFY(!sam3::ui::parseRepoInfo(
        "{" + sha +
            R"(,"siblings":[{"rfilename":"a","blobId":"0123456789abcdef0123456789abcdef01234567"}]})",
        &error));
    QVERIFY(error.contains(QLatin1String("size")));
    QVERIFY(!sam3::ui::parseRepoInfo(
        "{" + sha + R"(,"siblings":[{"rfilename":"a","size":1,"lfs":{"sha256":"xyz"}}]})", &error));
    QVERIFY(error.contains(QLatin1String("lfs.sha256")));
    QVERIFY(sam3::ui::parseRepoInfo(
        "{" + sha +
            R"(,"siblings":[{"rfilename":"a","size":1,"blobId":"0123456789abcdef0123456789abcdef01234567"}]})",
        &error));
  }

  void tokenComesFromHfTokenThenTheTokenFile() {
    QTemporaryDir home;
    qputenv("HF_HOME", home.path().toUtf8());
    qunsetenv("HF_TOKEN_PATH");
    qunsetenv("HF_TOKEN");
    QCOMPARE(sam3::ui::hfTokenFromEnvironment().token, QString());
    QFile file(home.filePath(QStringLiteral("token")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hf_from_file\n");
    file.close();
    auto t = sam3::ui::hfTokenFromEnvironment();
    QCOMPARE(t.token, QStringLiteral("hf_from_file"));
    QCOMPARE(t.source, file.fileName());
    qputenv("HF_TOKEN", "hf_from_env");
    t = sam3::ui::hfTokenFromEnvironment();
    QCOMPARE(t.token, QStringLiteral("hf_from_env"));
    QCOMPARE(t.source, QStringLiteral("HF_TOKEN"));
    qunsetenv("HF_TOKEN");
    qunsetenv("HF_HOME");
  }
};

QTEST_MAIN(TestWeightsDownload)
#include "tst_weights_download.moc"
