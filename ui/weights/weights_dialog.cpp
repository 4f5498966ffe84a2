#include "ui/weights/weights_dialog.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/weights/hf_token.h"

namespace sam3::ui {
namespace {

QLabel* wrapped(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setTextFormat(Qt::RichText);
  l->setOpenExternalLinks(true);
  return l;
}

}  // namespace

WeightsDialog::WeightsDialog(QNetworkAccessManager* network, const HfDownloader::Options& defaults,
                             QWidget* parent)
    : QDialog(parent),
      m_defaults(defaults),
      m_downloader(new HfDownloader(network ? network : new QNetworkAccessManager(this), this)),
      m_tokens(new HfTokenStore(this)),
      m_explain(wrapped(this)),
      m_tokenLabel(new QLabel(this)),
      m_token(new QLineEdit(this)),
      m_tokenInfo(new QLabel(this)),
      m_remember(new QCheckBox(this)),
      m_cache(wrapped(this)),
      m_progress(new QProgressBar(this)),
      m_status(wrapped(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this)) {
  if (m_defaults.hubCache.isEmpty()) m_defaults.hubCache = defaultHubCache();
  setObjectName(QStringLiteral("weightsDialog"));
  m_token->setObjectName(QStringLiteral("token"));
  m_token->setEchoMode(QLineEdit::Password);
  m_token->setClearButtonEnabled(true);
  m_remember->setEnabled(HfTokenStore::keychainAvailable());
  m_progress->setRange(0, 1000);
  m_progress->setValue(0);
  m_download = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
  m_download->setObjectName(QStringLiteral("download"));

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_explain);
  layout->addWidget(m_tokenLabel);
  layout->addWidget(m_token);
  layout->addWidget(m_tokenInfo);
  layout->addWidget(m_remember);
  layout->addWidget(m_cache);
  layout->addWidget(m_progress);
  layout->addWidget(m_status);
  layout->addStretch();
  layout->addWidget(m_buttons);
  setMinimumWidth(560);

  connect(m_download, &QPushButton::clicked, this, &WeightsDialog::startDownload);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &WeightsDialog::reject);
  connect(m_downloader, &HfDownloader::progress, this, &WeightsDialog::onProgress);
  connect(m_downloader, &HfDownloader::finished, this, &WeightsDialog::onFinished);
  retranslate();
  m_tokens->load([this](const HfToken& t) {
    if (!m_token->text().isEmpty()) return;  // typed while the keychain answered
    m_token->setText(t.token);
    m_tokenSource = t.source;
    retranslate();
  });
}

void WeightsDialog::retranslate() {
  setWindowTitle(tr("Download SAM3 Weights"));
  const QString page = QStringLiteral("https://huggingface.co/") + m_defaults.repoId;
  m_explain->setText(
      tr("<p>Meta publishes SAM3's weights on Hugging Face as <a href=\"%1\">%2</a>. The model is "
         "<b>gated</b>: you download it with your own Hugging Face account after accepting its "
         "licence, once.</p><ol><li>Sign in at huggingface.co (or create a free account).</li>"
         "<li>Open <a href=\"%1\">the model page</a>, read the licence and request access. Meta "
         "approves requests; the page says when you have access.</li><li>Create an access token "
         "of type <i>Read</i> at <a href=\"https://huggingface.co/settings/tokens\">"
         "huggingface.co/settings/tokens</a> and paste it below.</li></ol>")
          .arg(page, m_defaults.repoId));
  m_tokenLabel->setText(tr("Access token:"));
  m_token->setPlaceholderText(tr("hf_…"));
  m_tokenInfo->setText(
      m_tokenSource.isEmpty()
          ? tr("No token found in the keychain, HF_TOKEN or %1.").arg(hfTokenFilePath())
          : tr("Token taken from %1.").arg(m_tokenSource));
  m_remember->setText(HfTokenStore::keychainAvailable()
                          ? tr("Remember the token in the system keychain")
                          : tr("Remember the token (this build has no keychain support)"));
  m_cache->setText(tr("The files go to the Hugging Face cache, <code>%1</code>, where SAM3 "
                      "Studio and Python tools find them. An interrupted download continues "
                      "where it stopped.")
                       .arg(m_defaults.hubCache.toHtmlEscaped()));
  m_download->setText(tr("Download"));
  setRunning(m_downloader->isRunning());
}

void WeightsDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(event);
}

void WeightsDialog::startDownload() {
  HfDownloader::Options o = m_defaults;
  o.token = m_token->text().trimmed();
  if (o.token.isEmpty()) {
    m_status->setText(tr("Enter an access token first (step 3 above)."));
    return;
  }
  if (m_remember->isChecked() && m_remember->isEnabled())
    m_tokens->save(o.token, [this](bool ok, const QString& why) {
      if (!ok) m_status->setText(tr("The keychain did not keep the token: %1").arg(why));
    });
  setRunning(true);
  m_status->setText(tr("Listing the files of %1…").arg(o.repoId));
  m_downloader->start(o);
}

void WeightsDialog::onProgress(qint64 done, qint64 total, const QString& file) {
  m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
  const QLocale locale;
  m_status->setText(tr("%1: %2 of %3")
                        .arg(file.toHtmlEscaped(), locale.formattedDataSize(done),
                             locale.formattedDataSize(total)));
}

void WeightsDialog::onFinished(bool ok) {
  setRunning(false);
  if (ok) {
    m_progress->setValue(1000);
    const QString dir = m_downloader->snapshotDir();
    m_status->setText(tr("Done. %1 is in the Hugging Face cache (revision %2); SAM3 Studio uses "
                         "it from now on.")
                          .arg(m_defaults.repoId, QFileInfo(dir).fileName().left(12)));
    m_status->setToolTip(QDir::toNativeSeparators(dir));
    Q_EMIT downloaded(m_downloader->snapshotDir());
  } else {
    m_status->setText(m_downloader->errorString().toHtmlEscaped());
  }
}

void WeightsDialog::setRunning(bool running) {
  m_download->setEnabled(!running);
  m_token->setEnabled(!running);
  m_buttons->button(QDialogButtonBox::Close)->setText(running ? tr("Cancel") : tr("Close"));
}

void WeightsDialog::reject() {
  if (m_downloader->isRunning()) {
    m_downloader->cancel();
    return;
  }
  QDialog::reject();
}

}  // namespace sam3::ui
