#include "ui/weights/hf_downloader.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

#include "core/util/log.h"

namespace sam3::ui {
namespace {

constexpr int kMaxRedirects = 10;
constexpr qint64 kChunk = 1 << 20;

int statusOf(QNetworkReply* r) {
  return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
bool isRedirect(int s) {
  return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

QCryptographicHash::Algorithm algorithmOf(const HfFile& f) {
  return f.isLfs() ? QCryptographicHash::Sha256 : QCryptographicHash::Sha1;
}
// A git blob id hashes "blob <size>\0" before the content.
void addPrefix(QCryptographicHash& h, const HfFile& f) {
  if (!f.isLfs()) h.addData(QByteArray(QByteArray("blob ") + QByteArray::number(f.size) + '\0'));
}

}  // namespace

QString HfDownloader::displayUrl(const QUrl& url) {
  // Signed storage links carry their credentials in the query (X-Amz-Signature, Expires, ...).
  if (!url.isValid()) return QStringLiteral("[unreadable URL]");
  return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
      .toString(QUrl::FullyEncoded);
}

QString HfDownloader::redacted(QString text) const {
  // Qt's own error strings name the full URL ("Error transferring <url> - server replied: ...").
  static const QRegularExpression url(QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+"));
  QString out;
  qsizetype from = 0;
  for (auto it = url.globalMatch(text); it.hasNext();) {
    const auto m = it.next();
    out += QStringView(text).mid(from, m.capturedStart() - from);
    out += displayUrl(QUrl(m.captured()));
    from = m.capturedEnd();
  }
  out += QStringView(text).mid(from);
  if (!m_options.token.isEmpty()) out.replace(m_options.token, QStringLiteral("[token]"));
  static const QRegularExpression bearer(QStringLiteral("Bearer\\s+\\S+"));
  out.replace(bearer, QStringLiteral("Bearer [token]"));
  return out;
}

void HfDownloader::logInfo(const QString& message) const {
  sam3::log::info(redacted(message).toStdString());
}

bool HfDownloader::isEndpoint(const QUrl& url) const {
  const QUrl& ep = m_options.endpoint;
  const auto port = [](const QUrl& u) {
    return u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
  };
  return url.scheme() == ep.scheme() && url.host() == ep.host() && port(url) == port(ep);
}

HfDownloader::HfDownloader(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network) {}

HfDownloader::~HfDownloader() {
  if (m_reply) {
    disconnect(m_reply, nullptr, this, nullptr);
    m_reply->abort();
    m_reply->deleteLater();
  }
}

QUrl HfDownloader::listingUrl(const Options& o) {
  QUrl url = o.endpoint;
  url.setPath(url.path() + QStringLiteral("/api/models/%1/revision/%2").arg(o.repoId, o.revision));
  url.setQuery(QStringLiteral("blobs=true"));
  return url;
}

void HfDownloader::start(const Options& options) {
  if (m_running) return;
  m_options = options;
  if (m_options.hubCache.isEmpty()) m_options.hubCache = defaultHubCache();
  m_running = true;
  m_error = Error::None;
  m_errorString.clear();
  m_snapshotDir.clear();
  m_index = 0;
  m_doneBytes = m_totalBytes = 0;
  if (m_options.revision.isEmpty() || m_options.revision.contains(QLatin1Char('/')) ||
      !m_options.repoId.contains(QLatin1Char('/'))) {
    fail(Error::Protocol, tr("Repository \"%1\" or revision \"%2\" is not valid.")
                              .arg(m_options.repoId, m_options.revision));
    return;
  }
  m_layout = std::make_unique<HfCacheLayout>(m_options.hubCache, m_options.repoId);
  logInfo(QStringLiteral("weights download: %1 revision %2 from %3 (%4) into %5")
              .arg(m_options.repoId, m_options.revision, displayUrl(m_options.endpoint),
                   m_options.token.isEmpty() ? QStringLiteral("anonymous")
                                             : QStringLiteral("with an access token"),
                   m_options.hubCache));
  m_reply = get(listingUrl(m_options), 0);
  connect(m_reply, &QNetworkReply::finished, this, &HfDownloader::onListingFinished);
}

void HfDownloader::cancel() {
  if (m_running)
    fail(Error::Cancelled, tr("Cancelled. What was downloaded is kept and the next download "
                              "continues from there."));
}

QNetworkReply* HfDownloader::get(const QUrl& url, qint64 rangeFrom) {
  QNetworkRequest req(url);
  req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
  req.setRawHeader("User-Agent", "sam3studio");
  req.setRawHeader("Accept-Encoding", "identity");  // byte offsets must be the file's
  if (isEndpoint(url) && !m_options.token.isEmpty())
    req.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
  if (rangeFrom > 0) req.setRawHeader("Range", "bytes=" + QByteArray::number(rangeFrom) + '-');
  return m_network->get(req);
}

QString HfDownloader::httpFailure(QNetworkReply* reply, const QString& what) const {
  switch (statusOf(reply)) {
    case 401:
      return tr("%1: the Hub answered 401 Unauthorized: no access token was given, or it is not "
                "valid. Create a read token at https://huggingface.co/settings/tokens and enter "
                "it here.")
          .arg(what);
    case 403:
      return tr("%1: the Hub answered 403 Forbidden: this account has not been given access to "
                "%2 yet. Open https://huggingface.co/%2, accept the licence and wait until the "
                "request is approved.")
          .arg(what, m_options.repoId);
    case 404:
      return tr("%1: the Hub answered 404 Not Found: there is no %2 at revision %3.")
          .arg(what, m_options.repoId, m_options.revision);
    default:
      return tr("%1: %2 (%3)")
          .arg(what,
               statusOf(reply)
                   ? tr("HTTP %1 %2")
                         .arg(statusOf(reply))
                         .arg(QString::fromUtf8(
                             reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                 .toByteArray()))
                   : reply->errorString(),
               displayUrl(reply->url()));
  }
}

void HfDownloader::onListingFinished() {
  QNetworkReply* reply = m_reply;
  m_reply = nullptr;
  reply->deleteLater();
  const int status = statusOf(reply);
  if (status != 200) {
    const Error e = status == 401   ? Error::Unauthorized
                    : status == 403 ? Error::Forbidden
                    : status == 404 ? Error::NotFound
                    : status == 0   ? Error::Network
                                    : Error::Protocol;
    fail(e, httpFailure(reply, tr("Listing the files of %1").arg(m_options.repoId)));
    return;
  }
  QString parseError;
  const auto info = parseRepoInfo(reply->readAll(), &parseError);
  if (!info) {
    fail(Error::Protocol, parseError);
    return;
  }
  m_info = *info;
  m_files = filesToDownload(m_info);
  for (const HfFile& f : m_files) m_totalBytes += f.size;
  Q_EMIT listed(static_cast<int>(m_files.size()), m_totalBytes);
  nextFile();
}

void HfDownloader::nextFile() {
  while (m_index < m_files.size() && m_layout->hasBlob(m_files[m_index])) {
    m_doneBytes += m_files[m_index].size;
    Q_EMIT progress(m_doneBytes, m_totalBytes, m_files[m_index].path);
    ++m_index;
  }
  if (m_index == m_files.size()) {
    QString error;
    if (!m_layout->finalize(m_info.commit, m_files, m_options.revision, &error)) {
      fail(Error::Io, error);
      return;
    }
    m_snapshotDir = m_layout->snapshotDir(m_info.commit);
    logInfo(
        QStringLiteral("weights download: %1 complete in %2").arg(m_options.repoId, m_snapshotDir));
    m_running = false;
    Q_EMIT finished(true);
    return;
  }
  m_retriesLeft = m_options.retries;
  if (!openPartial()) return;
  if (m_offset == m_files[m_index].size) {
    finishFile();  // every byte arrived before an interruption: verify
    return;
  }
  m_redirects = 0;
  const HfFile& f = m_files[m_index];
  QUrl url = m_options.endpoint;
  url.setPath(
      url.path() + QStringLiteral("/%1/resolve/%2/%3").arg(m_options.repoId, m_info.commit, f.path),
      QUrl::DecodedMode);
  requestFile(url);
}

bool HfDownloader::openPartial() {
  const HfFile& f = m_files[m_index];
  QDir().mkpath(m_layout->repoDir() + QStringLiteral("/blobs"));
  m_partial.close();
  m_partial.setFileName(m_layout->incompletePath(f));
  if (!m_partial.open(QIODevice::ReadWrite)) {
    fail(Error::Io, tr("Cannot write %1: %2").arg(m_partial.fileName(), m_partial.errorString()));
    return false;
  }
  m_offset = m_partial.size();
  if (m_offset > f.size) {
    m_partial.resize(0);
    m_offset = 0;
  }
  m_hash = std::make_unique<QCryptographicHash>(algorithmOf(f));
  addPrefix(*m_hash, f);
  // A resumed file: hash what is already there (read once, in chunks).
  for (qint64 left = m_offset; left > 0;) {
    const QByteArray chunk = m_partial.read(std::min(left, kChunk));
    if (chunk.isEmpty()) {
      fail(Error::Io, tr("Cannot read %1: %2").arg(m_partial.fileName(), m_partial.errorString()));
      return false;
    }
    m_hash->addData(chunk);
    left -= chunk.size();
  }
  m_partial.seek(m_offset);
  return true;
}

void HfDownloader::requestFile(const QUrl& url) {
  m_responseChecked = false;
  m_reply = get(url, m_offset);
  connect(m_reply, &QNetworkReply::readyRead, this, &HfDownloader::onFileData);
  connect(m_reply, &QNetworkReply::finished, this, &HfDownloader::onFileFinished);
}

bool HfDownloader::acceptResponse(int status) {
  if (status == 206) {
    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
    const auto m = range.match(QString::fromLatin1(m_reply->rawHeader("Content-Range")));
    if (!m.hasMatch() || m.captured(1).toLongLong() != m_offset) {
      fail(Error::Protocol,
           tr("%1: the server resumed at the wrong place (Content-Range \"%2\", "
              "expected bytes %3-)")
               .arg(m_files[m_index].path, QString::fromLatin1(m_reply->rawHeader("Content-Range")))
               .arg(m_offset));
      return false;
    }
    return true;
  }
  if (status == 200) {
    if (m_offset > 0) {  // the server ignored the Range header: start the file over
      m_partial.resize(0);
      m_partial.seek(0);
      m_offset = 0;
      m_hash->reset();
      addPrefix(*m_hash, m_files[m_index]);
    }
    return true;
  }
  return false;
}

void HfDownloader::onFileData() {
  if (!m_reply || !m_running) return;
  if (!m_responseChecked) {
    const int status = statusOf(m_reply);
    if (status != 200 && status != 206) {
      m_reply->readAll();  // a redirect's or an error's body; onFileFinished decides
      return;
    }
    if (!acceptResponse(status)) return;
    m_responseChecked = true;
  }
  const HfFile& f = m_files[m_index];
  const QByteArray data = m_reply->readAll();
  if (m_offset + data.size() > f.size) {
    QFile::remove(m_partial.fileName());
    fail(Error::Integrity,
         tr("%1: the server sent more than the %2 bytes the Hub lists.").arg(f.path).arg(f.size));
    return;
  }
  if (m_partial.write(data) != data.size()) {
    fail(Error::Io, tr("Cannot write %1: %2").arg(m_partial.fileName(), m_partial.errorString()));
    return;
  }
  m_hash->addData(data);
  m_offset += data.size();
  Q_EMIT progress(m_doneBytes + m_offset, m_totalBytes, f.path);
}

void HfDownloader::onFileFinished() {
  if (!m_reply || !m_running) return;
  onFileData();  // whatever is still buffered
  if (!m_running) return;
  QNetworkReply* reply = m_reply;
  m_reply = nullptr;
  reply->deleteLater();
  const HfFile& f = m_files[m_index];
  const int status = statusOf(reply);
  if (isRedirect(status)) {
    const QUrl target =
        reply->url().resolved(QUrl(QString::fromUtf8(reply->rawHeader("Location"))));
    if (++m_redirects > kMaxRedirects || !target.isValid() || target.isEmpty()) {
      fail(Error::Protocol, tr("%1: too many or broken redirects (the last from %2).")
                                .arg(f.path, displayUrl(reply->url())));
      return;
    }
    logInfo(QStringLiteral("weights download: %1: HTTP %2, redirected to %3")
                .arg(f.path)
                .arg(status)
                .arg(displayUrl(target)));
    requestFile(target);
    return;
  }
  if ((status == 401 || status == 403 || status == 404) && !isEndpoint(reply->url())) {
    // The storage host a redirect named: its signed link expired or was refused. The next
    // download asks the Hub for a fresh one and resumes.
    fail(Error::Network,
         tr("Downloading %1: the storage server answered HTTP %2 for %3. Start the download "
            "again to continue from there.")
             .arg(f.path)
             .arg(status)
             .arg(displayUrl(reply->url())));
    return;
  }
  if (status == 401 || status == 403 || status == 404) {
    fail(status == 401   ? Error::Unauthorized
         : status == 403 ? Error::Forbidden
                         : Error::NotFound,
         httpFailure(reply, tr("Downloading %1").arg(f.path)));
    return;
  }
  m_partial.flush();
  if (m_offset == f.size && m_responseChecked) {
    finishFile();
    return;
  }
  // Interrupted (or refused by a proxy/server error): resume from what is on disk.
  const bool transient = status == 0 || m_responseChecked || status >= 500;
  if (transient && m_retriesLeft-- > 0) {
    logInfo(QStringLiteral("weights download: %1 interrupted at byte %2 (%3); resuming")
                .arg(f.path)
                .arg(m_offset)
                .arg(status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString()));
    m_redirects = 0;
    QUrl url = m_options.endpoint;
    url.setPath(
        url.path() +
            QStringLiteral("/%1/resolve/%2/%3").arg(m_options.repoId, m_info.commit, f.path),
        QUrl::DecodedMode);
    requestFile(url);
    return;
  }
  fail(Error::Network, tr("Downloading %1 stopped at %2 of %3 bytes (%4). Start the download "
                          "again to continue from there.")
                           .arg(f.path)
                           .arg(m_offset)
                           .arg(f.size)
                           .arg(status ? tr("HTTP %1").arg(status) : reply->errorString()));
}

void HfDownloader::finishFile() {
  const HfFile& f = m_files[m_index];
  m_partial.close();
  const QString got = QString::fromLatin1(m_hash->result().toHex());
  if (m_offset != f.size || got != f.etag()) {
    QFile::remove(m_partial.fileName());
    fail(Error::Integrity,
         m_offset != f.size
             ? tr("%1: received %2 bytes, the Hub lists %3. The partial file was deleted.")
                   .arg(f.path)
                   .arg(m_offset)
                   .arg(f.size)
             : tr("%1: %2 is %3, the Hub lists %4. The damaged file was deleted; nothing was "
                  "added to the cache.")
                   .arg(f.path, f.isLfs() ? tr("SHA-256") : tr("git blob id"), got, f.etag()));
    return;
  }
  const QString blob = m_layout->blobPath(f);
  QFile::remove(blob);
  if (!QFile::rename(m_partial.fileName(), blob)) {
    fail(Error::Io, tr("Cannot rename %1 to %2.").arg(m_partial.fileName(), blob));
    return;
  }
  m_doneBytes += f.size;
  ++m_index;
  nextFile();
}

void HfDownloader::fail(Error error, const QString& message) {
  if (m_reply) {
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
  }
  m_partial.close();
  m_running = false;
  m_error = error;
  m_errorString = redacted(message);
  sam3::log::warning(
      QStringLiteral("weights download failed: %1").arg(m_errorString).toStdString());
  Q_EMIT finished(false);
}

}  // namespace sam3::ui
