#pragma once
// What the Hugging Face Hub says about one revision of a model repository, and where its files go
// in the Hugging Face cache. Plain Qt Core, no networking, no widgets.
//
// The listing is the Hub's model API with file metadata,
// GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true, which answers
//   {"sha": "<40-hex commit>", "siblings": [{"rfilename": "config.json", "size": 1234,
//    "blobId": "<40-hex git blob id>"}, {"rfilename": "model.safetensors", "size": 3440000000,
//    "blobId": "...", "lfs": {"sha256": "<64 hex>", "size": 3440000000, "pointerSize": 135}}]}
// A file stored in LFS is verified by its SHA-256, any other by its git blob id (SHA-1 of
// "blob <size>\0" + content); either is also the file's name under blobs/ (huggingface_hub's etag).
//
// Cache layout (as huggingface_hub writes it, and as core/weights/model_dir.h reads it):
//   <hub cache>/models--<org>--<name>/blobs/<etag>            the file's bytes
//   <hub cache>/models--<org>--<name>/blobs/<etag>.incomplete  a download in progress
//   <hub cache>/models--<org>--<name>/snapshots/<commit>/<path> link to ../../blobs/<etag>
//   <hub cache>/models--<org>--<name>/refs/<revision>          the commit, no newline
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sam3::ui {

struct HfFile {
  QString path;  // relative path in the repository ("model.safetensors", "sub/x.json")
  qint64 size = 0;
  QString sha256;  // lowercase hex, LFS files only
  QString blobId;  // lowercase hex git blob id
  bool isLfs() const { return !sha256.isEmpty(); }
  QString etag() const { return isLfs() ? sha256 : blobId; }
};

struct HfRepoInfo {
  QString commit;  // 40 hex digits
  QList<HfFile> files;
};

// Parses the listing. nullopt with *error set (naming the field and what was expected) when the
// JSON is malformed, the commit is not 40 hex digits, a path is absolute or climbs out ("..") or
// a file lacks a size or a valid hash.
std::optional<HfRepoInfo> parseRepoInfo(const QByteArray& json, QString* error);

// The files worth downloading: every file, except that PyTorch pickles (*.pt, *.pth, *.bin) are
// left out when the revision also has a *.safetensors file (the same weights, twice the bytes).
QList<HfFile> filesToDownload(const HfRepoInfo& info);

// The hub cache that huggingface_hub writes to: $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else
// $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub (the order
// core/weights/model_dir.h searches).
QString defaultHubCache();

class HfCacheLayout {
 public:
  HfCacheLayout(const QString& hubCache, const QString& repoId);
  QString repoDir() const { return m_repoDir; }
  QString blobPath(const HfFile& f) const;
  QString incompletePath(const HfFile& f) const {
    return blobPath(f) + QStringLiteral(".incomplete");
  }
  QString snapshotDir(const QString& commit) const;
  // True when blobs/<etag> exists with the expected size (it was verified before it got there).
  bool hasBlob(const HfFile& f) const;
  // Links snapshots/<commit>/<path> to its blob for every file (relative symlinks, a copy where
  // the file system has none), then writes refs/<revision> atomically. False with *error set when
  // a blob is missing or a write fails.
  bool finalize(const QString& commit, const QList<HfFile>& files, const QString& revision,
                QString* error) const;

 private:
  QString m_repoDir;
};

}  // namespace sam3::ui
