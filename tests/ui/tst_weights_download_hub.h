#pragma once
// A tiny Hugging Face Hub on loopback for the download tests, written for them (not by the code
// under test): QTcpServer, HTTP/1.1, one request per connection. It serves
//   GET /api/models/<repo>/revision/main?blobs=true   the listing (sizes, blob ids, LFS sha256)
//   GET /<repo>/resolve/<commit>/<path>               401 without "Bearer <token>", 403 for the
//       "no access" token; LFS files answer 302 to the storage server, others 200 with the bytes
//   GET /cdn/<sha256>                                 on a second port (another origin): the
//       bytes, honouring "Range: bytes=N-" with 206 + Content-Range
// Knobs: cut a file's first transfer after half its bytes; stall one after half its bytes; list a
// wrong sha256; ignore Range; where LFS files redirect to (e.g. a signed link with user info and an
// X-Amz-Signature query); a status the storage server answers instead of the bytes.
// Every request is recorded (path with query, Authorization header, Range header).
#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

struct HubFile {
  QString path;
  QByteArray bytes;
  bool lfs = false;
  QString sha256() const {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
  }
  QString blobId() const {  // git's object id of the content
    QByteArray obj = "blob " + QByteArray::number(bytes.size()) + '\0' + bytes;
    return QString::fromLatin1(QCryptographicHash::hash(obj, QCryptographicHash::Sha1).toHex());
  }
};

struct HubRequest {
  QString server;  // "hub" or "cdn"
  QString path;
  QByteArray authorization;
  QByteArray range;
};

class FakeHub : public QObject {
 public:
  QString repo = QStringLiteral("acme/tiny-sam");
  QString commit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
  QByteArray token = "hf_good";
  QByteArray tokenWithoutAccess = "hf_not_granted";
  QList<HubFile> files;
  QString cutOnce;      // path whose first storage transfer stops after half its bytes
  QString wrongShaFor;  // path whose listed sha256 is wrong
  bool ignoreRange = false;
  QString stall;  // path whose storage transfer sends half its bytes, then waits
  // Where LFS files redirect to: {port} the storage port, {sha} the sha256. Empty: the storage
  // server with "?signature=x".
  QString storageLocation;
  QByteArray storageFailure;  // e.g. "403 Forbidden": the storage server's answer instead
  QByteArray storageFailureBody;
  QList<HubRequest> requests;

  FakeHub() {
    hub.listen(QHostAddress::LocalHost);
    cdn.listen(QHostAddress::LocalHost);
    connect(&hub, &QTcpServer::newConnection, this,
            [this] { accept(&hub, QStringLiteral("hub")); });
    connect(&cdn, &QTcpServer::newConnection, this,
            [this] { accept(&cdn, QStringLiteral("cdn")); });
  }
  quint16 storagePort() const { return cdn.serverPort(); }
  QUrl endpoint() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(hub.serverPort()));
  }
  const HubFile* file(const QString& path) const {
    for (const HubFile& f : files)
      if (f.path == path) return &f;
    return nullptr;
  }
  QList<HubRequest> requestsFor(const QString& pathPart) const {
    QList<HubRequest> out;
    for (const HubRequest& r : requests)
      if (r.path.contains(pathPart)) out.push_back(r);
    return out;
  }

 private:
  QTcpServer hub, cdn;
  QHash<QString, int> transfers;  // storage transfers per sha256

  void accept(QTcpServer* server, const QString& name) {
    while (QTcpSocket* s = server->nextPendingConnection()) {
      connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
      connect(s, &QTcpSocket::readyRead, this, [this, s, name] {
        QByteArray buf = s->property("buf").toByteArray() + s->readAll();
        s->setProperty("buf", buf);
        if (!buf.contains("\r\n\r\n") || s->property("done").toBool()) return;
        s->setProperty("done", true);
        handle(s, name, buf.left(buf.indexOf("\r\n\r\n")));
      });
    }
  }

  static QByteArray header(const QList<QByteArray>& lines, const QByteArray& key) {
    for (const QByteArray& l : lines)
      if (l.toLower().startsWith(QByteArray(key.toLower() + ':')))
        return l.mid(key.size() + 1).trimmed();
    return {};
  }

  static void reply(QTcpSocket* s, const QByteArray& status, const QByteArray& body,
                    const QByteArray& extra = {}, qint64 sendOnly = -1, bool stall = false) {
    QByteArray head = "HTTP/1.1 " + status +
                      "\r\nContent-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n" + extra + "\r\n";
    s->write(head + (sendOnly >= 0 ? body.left(sendOnly) : body));
    s->flush();
    if (stall) return;  // the connection stays open, the rest never comes
    // Closes once everything written has gone out: a cut transfer ends early but cleanly, so the
    // client holds exactly the bytes sent (Qt itself re-sends a request only when none arrived).
    s->disconnectFromHost();
  }

  QByteArray listing() const {
    QJsonArray siblings;
    for (const HubFile& f : files) {
      QJsonObject o{{QStringLiteral("rfilename"), f.path},
                    {QStringLiteral("size"), static_cast<double>(f.bytes.size())},
                    {QStringLiteral("blobId"), f.blobId()}};
      if (f.lfs) {
        QString sha = f.sha256();
        if (f.path == wrongShaFor) sha = QString(64, QLatin1Char('e'));
        o.insert(QStringLiteral("lfs"),
                 QJsonObject{{QStringLiteral("sha256"), sha},
                             {QStringLiteral("size"), static_cast<double>(f.bytes.size())},
                             {QStringLiteral("pointerSize"), 134}});
      }
      siblings.append(o);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("id"), repo},
                                     {QStringLiteral("sha"), commit},
                                     {QStringLiteral("gated"), QStringLiteral("manual")},
                                     {QStringLiteral("siblings"), siblings}})
        .toJson();
  }

  void handle(QTcpSocket* s, const QString& server, const QByteArray& head) {
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    const QString path = QString::fromUtf8(first.value(1));
    HubRequest r{server, path, header(lines, "Authorization"), header(lines, "Range")};
    requests.push_back(r);
    if (server == QLatin1String("cdn")) return serveStorage(s, path, r.range);
    if (path == QStringLiteral("/api/models/%1/revision/main?blobs=true").arg(repo))
      return reply(s, "200 OK", listing(), "Content-Type: application/json\r\n");
    const QString resolve = QStringLiteral("/%1/resolve/%2/").arg(repo, commit);
    if (!path.startsWith(resolve)) return reply(s, "404 Not Found", "{}");
    if (r.authorization == "Bearer " + tokenWithoutAccess)
      return reply(s, "403 Forbidden", "{\"error\":\"Access to model is restricted\"}");
    if (r.authorization != "Bearer " + token)
      return reply(s, "401 Unauthorized", "{\"error\":\"Invalid credentials\"}");
    const HubFile* f = file(path.mid(resolve.size()));
    if (!f) return reply(s, "404 Not Found", "{}");
    if (!f->lfs) return reply(s, "200 OK", f->bytes);
    QString where = storageLocation.isEmpty()
                        ? QStringLiteral("http://127.0.0.1:{port}/cdn/{sha}?signature=x")
                        : storageLocation;
    const QByteArray location =
        where.replace(QStringLiteral("{port}"), QString::number(cdn.serverPort()))
            .replace(QStringLiteral("{sha}"), f->sha256())
            .toUtf8();
    reply(s, "302 Found", "redirecting", "Location: " + location + "\r\n");
  }

  void serveStorage(QTcpSocket* s, const QString& path, const QByteArray& range) {
    if (!storageFailure.isEmpty()) return reply(s, storageFailure, storageFailureBody);
    const QString sha = path.mid(5).section(QLatin1Char('?'), 0, 0);
    for (const HubFile& f : files) {
      if (f.sha256() != sha) continue;
      const int n = transfers[sha]++;
      const qint64 cut = (f.path == cutOnce && n == 0) ? f.bytes.size() / 2 : -1;
      if (!range.isEmpty() && !ignoreRange) {
        const qint64 from = range.mid(6, range.indexOf('-') - 6).toLongLong();
        const QByteArray part = f.bytes.mid(from);
        const QByteArray cr = "Content-Range: bytes " + QByteArray::number(from) + '-' +
                              QByteArray::number(f.bytes.size() - 1) + '/' +
                              QByteArray::number(f.bytes.size()) + "\r\n";
        return reply(s, "206 Partial Content", part, cr, cut >= 0 ? part.size() / 2 : -1);
      }
      if (f.path == stall) return reply(s, "200 OK", f.bytes, {}, f.bytes.size() / 2, true);
      return reply(s, "200 OK", f.bytes, {}, cut);
    }
    reply(s, "404 Not Found", "{}");
  }
};
