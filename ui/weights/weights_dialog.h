#pragma once
// "Download SAM3 weights": explains Hugging Face's gated access in plain words, takes the access
// token (prefilled from the keychain, HF_TOKEN or the token file; hf_token.h), downloads the model
// into the Hugging Face cache with HfDownloader (progress, cancel, resume on the next try) and
// says where it went. The model finders (core/weights, the training page) see it from then on.
#include <QDialog>

#include "ui/weights/hf_downloader.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;

namespace sam3::ui {

class HfTokenStore;

class WeightsDialog : public QDialog {
  Q_OBJECT
 public:
  // `defaults` sets the endpoint, repository, revision and cache (the token field overrides its
  // token). `network` may be null: the dialog then makes its own.
  explicit WeightsDialog(QNetworkAccessManager* network = nullptr,
                         const HfDownloader::Options& defaults = {}, QWidget* parent = nullptr);
  QString snapshotDir() const { return m_downloader->snapshotDir(); }
  HfDownloader* downloader() const { return m_downloader; }

 Q_SIGNALS:
  void downloaded(const QString& snapshotDir);

 protected:
  void reject() override;  // Cancel stops a running download first
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void startDownload();
  void onProgress(qint64 done, qint64 total, const QString& file);
  void onFinished(bool ok);
  void setRunning(bool running);

  HfDownloader::Options m_defaults;
  HfDownloader* m_downloader;
  HfTokenStore* m_tokens;
  QString m_tokenSource;
  QLabel* m_explain;
  QLabel* m_tokenLabel;
  QLineEdit* m_token;
  QLabel* m_tokenInfo;
  QCheckBox* m_remember;
  QLabel* m_cache;
  QProgressBar* m_progress;
  QLabel* m_status;
  QDialogButtonBox* m_buttons;
  QPushButton* m_download;
};

}  // namespace sam3::ui
