#pragma once
// Downloads one revision of a Hugging Face model repository into the Hugging Face cache with Qt
// Network, the way huggingface_hub does, so that core/weights' cache finder picks it up. No
// widgets.
//
// 1. GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true: the commit, every file's
//    size and hash (hf_repo_info.h). Which files: filesToDownload().
// 2. Per file not yet in blobs/: GET {endpoint}/{repo}/resolve/{commit}/{path} into
//    blobs/<etag>.incomplete. Redirects (301/302/303/307/308, at most 10) are followed by hand: the
//    token goes only to the endpoint's own host, never to the storage host a redirect names. A
//    partial .incomplete file is resumed with "Range: bytes=N-" (a 206 must start at N; a 200
//    starts the file over). An interrupted transfer is resumed up to Options::retries times.
// 3. Size and hash (SHA-256 for LFS files, git blob id otherwise) are checked before the file is
//    renamed to blobs/<etag>; a mismatch deletes the .incomplete file and fails with the file's
//    name, the expected and the received value.
// 4. Only when every file is in blobs/: snapshots/<commit>/<path> links, then refs/<revision>.
// Nothing reaches snapshots/ or refs/ unless every file was verified.
//
// The token is sent as "Authorization: Bearer" and never appears in a message or log: every error
// text and log line (sam3::log, info and warning) passes through redacted(), which shows URLs
// without user info, query or fragment (signed storage links carry their signature in the query)
// and blanks the token and any "Bearer" value. Failures
// end with finished(false); error() says which kind (a 401 means no or a wrong token, a 403 that
// the account has not been granted the gated model). cancel() stops at once and keeps the
// .incomplete file for a later resume.
#include <QCryptographicHash>
#include <QFile>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <memory>

#include "ui/weights/hf_repo_info.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace sam3::ui {

class HfDownloader : public QObject {
  Q_OBJECT
 public:
  struct Options {
    QUrl endpoint{QStringLiteral("https://huggingface.co")};
    QString repoId{QStringLiteral("facebook/sam3")};
    QString revision{QStringLiteral("main")};  // a branch or tag name without '/'
    QString hubCache;                          // empty: defaultHubCache()
    QString token;                             // empty: anonymous requests
    int retries = 3;                           // resumes after an interrupted transfer, per file
  };
  enum class Error {
    None,
    Unauthorized,
    Forbidden,
    NotFound,
    Network,
    Protocol,
    Integrity,
    Io,
    Cancelled
  };

  explicit HfDownloader(QNetworkAccessManager* network, QObject* parent = nullptr);
  ~HfDownloader() override;

  // Starts a download; ignored while one runs. Ends with exactly one finished().
  void start(const Options& options);
  void cancel();
  bool isRunning() const { return m_running; }

  Error error() const { return m_error; }
  QString errorString() const { return m_errorString; }  // plain words; never holds the token
  QString snapshotDir() const { return m_snapshotDir; }  // set on success
  static QUrl listingUrl(const Options& options);
  // scheme://host[:port]/path: no user info, query or fragment.
  static QString displayUrl(const QUrl& url);

 Q_SIGNALS:
  void listed(int fileCount, qint64 totalBytes);
  void progress(qint64 bytesDone, qint64 bytesTotal, const QString& file);
  void finished(bool ok);

 private:
  void onListingFinished();
  void nextFile();
  void requestFile(const QUrl& url);
  bool openPartial();
  void onFileData();
  void onFileFinished();
  bool acceptResponse(int status);
  void finishFile();
  void fail(Error error, const QString& message);
  QNetworkReply* get(const QUrl& url, qint64 rangeFrom);
  QString httpFailure(QNetworkReply* reply, const QString& what) const;
  QString redacted(QString text) const;
  void logInfo(const QString& message) const;
  bool isEndpoint(const QUrl& url) const;  // the token goes only there

  QNetworkAccessManager* m_network;
  Options m_options;
  std::unique_ptr<HfCacheLayout> m_layout;
  HfRepoInfo m_info;
  QList<HfFile> m_files;
  int m_index = 0;
  qint64 m_doneBytes = 0;  // complete files
  qint64 m_totalBytes = 0;
  QPointer<QNetworkReply> m_reply;
  QFile m_partial;
  std::unique_ptr<QCryptographicHash> m_hash;
  qint64 m_offset = 0;  // bytes of the current file on disk
  bool m_responseChecked = false;
  int m_redirects = 0;
  int m_retriesLeft = 0;
  bool m_running = false;
  Error m_error = Error::None;
  QString m_errorString;
  QString m_snapshotDir;
};

}  // namespace sam3::ui
