#include "ui/weights/hf_repo_info.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <filesystem>
#include <system_error>

namespace sam3::ui {
namespace {

bool isHex(const QString& s, int length) {
  static const QRegularExpression hex(QStringLiteral("^[0-9a-f]+$"));
  return s.size() == length && hex.match(s).hasMatch();
}

bool safeRelativePath(const QString& p) {
  if (p.isEmpty() || p.startsWith(QLatin1Char('/')) || p.contains(QLatin1Char('\\'))) return false;
  for (const QString& part : p.split(QLatin1Char('/')))
    if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String("..")) return false;
  return true;
}

std::optional<HfFile> parseSibling(const QJsonObject& s, int index, QString* error) {
  HfFile f;
  f.path = s.value(QStringLiteral("rfilename")).toString();
  const QString where = QStringLiteral("siblings[%1] (%2)").arg(index).arg(f.path);
  if (!safeRelativePath(f.path)) {
    *error = where + QStringLiteral(": rfilename must be a relative path inside the repository");
    return std::nullopt;
  }
  const QJsonValue size = s.value(QStringLiteral("size"));
  if (!size.isDouble() || size.toDouble() < 0) {
    *error = where + QStringLiteral(": expected a non-negative \"size\"");
    return std::nullopt;
  }
  f.size = static_cast<qint64>(size.toDouble());
  f.blobId = s.value(QStringLiteral("blobId")).toString().toLower();
  const QJsonObject lfs = s.value(QStringLiteral("lfs")).toObject();
  if (!lfs.isEmpty()) {
    f.sha256 = lfs.value(QStringLiteral("sha256")).toString().toLower();
    if (!isHex(f.sha256, 64)) {
      *error = where + QStringLiteral(": expected lfs.sha256 of 64 hex digits, got \"%1\"")
                           .arg(lfs.value(QStringLiteral("sha256")).toString());
      return std::nullopt;
    }
    if (lfs.contains(QStringLiteral("size")) &&
        static_cast<qint64>(lfs.value(QStringLiteral("size")).toDouble()) != f.size) {
      *error = where + QStringLiteral(": lfs.size differs from size");
      return std::nullopt;
    }
  } else if (!isHex(f.blobId, 40)) {
    *error = where + QStringLiteral(": expected blobId of 40 hex digits, got \"%1\"").arg(f.blobId);
    return std::nullopt;
  }
  return f;
}

}  // namespace

std::optional<HfRepoInfo> parseRepoInfo(const QByteArray& json, QString* error) {
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
    *error = QStringLiteral("model listing: not a JSON object (%1)").arg(pe.errorString());
    return std::nullopt;
  }
  const QJsonObject root = doc.object();
  HfRepoInfo info;
  info.commit = root.value(QStringLiteral("sha")).toString().toLower();
  if (!isHex(info.commit, 40)) {
    *error = QStringLiteral("model listing: expected \"sha\" of 40 hex digits, got \"%1\"")
                 .arg(root.value(QStringLiteral("sha")).toString());
    return std::nullopt;
  }
  const QJsonValue siblings = root.value(QStringLiteral("siblings"));
  if (!siblings.isArray() || siblings.toArray().isEmpty()) {
    *error = QStringLiteral("model listing: expected a non-empty \"siblings\" array");
    return std::nullopt;
  }
  int i = 0;
  for (const QJsonValue& v : siblings.toArray()) {
    auto f = parseSibling(v.toObject(), i++, error);
    if (!f) return std::nullopt;
    info.files.push_back(*f);
  }
  return info;
}

QList<HfFile> filesToDownload(const HfRepoInfo& info) {
  bool hasSafetensors = false;
  for (const HfFile& f : info.files)
    hasSafetensors |= f.path.endsWith(QLatin1String(".safetensors"));
  QList<HfFile> out;
  for (const HfFile& f : info.files) {
    const bool pickle = f.path.endsWith(QLatin1String(".pt")) ||
                        f.path.endsWith(QLatin1String(".pth")) ||
                        f.path.endsWith(QLatin1String(".bin"));
    if (!(pickle && hasSafetensors)) out.push_back(f);
  }
  return out;
}

QString defaultHubCache() {
  for (const char* name : {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"})
    if (const QString v = qEnvironmentVariable(name); !v.isEmpty()) return v;
  if (const QString home = qEnvironmentVariable("HF_HOME"); !home.isEmpty())
    return home + QStringLiteral("/hub");
  if (const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME"); !xdg.isEmpty())
    return xdg + QStringLiteral("/huggingface/hub");
  return QDir::homePath() + QStringLiteral("/.cache/huggingface/hub");
}

HfCacheLayout::HfCacheLayout(const QString& hubCache, const QString& repoId)
    : m_repoDir(QDir(hubCache).filePath(
          QStringLiteral("models--") +
          QString(repoId).replace(QLatin1Char('/'), QStringLiteral("--")))) {}

QString HfCacheLayout::blobPath(const HfFile& f) const {
  return m_repoDir + QStringLiteral("/blobs/") + f.etag();
}

QString HfCacheLayout::snapshotDir(const QString& commit) const {
  return m_repoDir + QStringLiteral("/snapshots/") + commit;
}

bool HfCacheLayout::hasBlob(const HfFile& f) const {
  const QFileInfo fi(blobPath(f));
  return fi.isFile() && fi.size() == f.size;
}

bool HfCacheLayout::finalize(const QString& commit, const QList<HfFile>& files,
                             const QString& revision, QString* error) const {
  namespace fs = std::filesystem;
  const QString snap = snapshotDir(commit);
  for (const HfFile& f : files) {
    if (!hasBlob(f)) {
      *error = QStringLiteral("%1: blob %2 missing or of the wrong size").arg(f.path, blobPath(f));
      return false;
    }
    const fs::path link = QString(snap + QLatin1Char('/') + f.path).toStdString();
    const fs::path blob = blobPath(f).toStdString();
    std::error_code ec;
    fs::create_directories(link.parent_path(), ec);
    fs::remove(link, ec);  // a stale link from an earlier, interrupted finalize
    fs::create_symlink(fs::relative(blob, link.parent_path()), link, ec);
    if (ec) {  // no symlinks here (some Windows setups): huggingface_hub copies then, too
      ec.clear();
      fs::copy_file(blob, link, fs::copy_options::overwrite_existing, ec);
    }
    if (ec) {
      *error = QStringLiteral("%1: cannot write %2: %3")
                   .arg(f.path, QString::fromStdString(link.string()),
                        QString::fromStdString(ec.message()));
      return false;
    }
  }
  QDir().mkpath(m_repoDir + QStringLiteral("/refs"));
  QSaveFile ref(m_repoDir + QStringLiteral("/refs/") + revision);
  if (!ref.open(QIODevice::WriteOnly) || ref.write(commit.toLatin1()) != commit.size() ||
      !ref.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(ref.fileName(), ref.errorString());
    return false;
  }
  return true;
}

}  // namespace sam3::ui
