#include "ui/weights/hf_token.h"

#include <QDir>
#include <QFile>

#ifdef SAM3_WITH_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace sam3::ui {
namespace {

#ifdef SAM3_WITH_QTKEYCHAIN
const QString kService = QStringLiteral("SAM3 Studio");
const QString kKey = QStringLiteral("huggingface-token");

// A keychain job has no parent and deletes itself when it finished (QtKeychain's autoDelete):
// the libsecret backend calls back into the job from GLib when the Secret Service answers, so a
// job deleted with a closed dialog before that answer crashed the application. The answer goes
// to `done` only while the store that asked still exists (the connection's context).
template <typename Job>
Job* keychainJob(Job* job) {
  job->setAutoDelete(true);
  job->setKey(kKey);
  return job;
}
#endif

}  // namespace

QString hfTokenFilePath() {
  if (const QString p = qEnvironmentVariable("HF_TOKEN_PATH"); !p.isEmpty()) return p;
  if (const QString home = qEnvironmentVariable("HF_HOME"); !home.isEmpty())
    return home + QStringLiteral("/token");
  if (const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME"); !xdg.isEmpty())
    return xdg + QStringLiteral("/huggingface/token");
  return QDir::homePath() + QStringLiteral("/.cache/huggingface/token");
}

HfToken hfTokenFromEnvironment() {
  if (const QString t = qEnvironmentVariable("HF_TOKEN").trimmed(); !t.isEmpty())
    return {t, QStringLiteral("HF_TOKEN")};
  QFile file(hfTokenFilePath());
  if (file.open(QIODevice::ReadOnly)) {
    const QString t = QString::fromUtf8(file.readLine()).trimmed();
    if (!t.isEmpty()) return {t, file.fileName()};
  }
  return {};
}

HfTokenStore::HfTokenStore(QObject* parent) : QObject(parent) {}

bool HfTokenStore::keychainAvailable() {
#ifdef SAM3_WITH_QTKEYCHAIN
  return true;
#else
  return false;
#endif
}

void HfTokenStore::load(std::function<void(const HfToken&)> done) {
#ifdef SAM3_WITH_QTKEYCHAIN
  auto* job = keychainJob(new QKeychain::ReadPasswordJob(kService));
  connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
    const QString t = static_cast<QKeychain::ReadPasswordJob*>(j)->textData().trimmed();
    if (j->error() == QKeychain::NoError && !t.isEmpty())
      done({t, QStringLiteral("system keychain")});
    else
      done(hfTokenFromEnvironment());  // no entry, or no keychain service running
  });
  job->start();
#else
  done(hfTokenFromEnvironment());
#endif
}

void HfTokenStore::save(const QString& token, std::function<void(bool, const QString&)> done) {
#ifdef SAM3_WITH_QTKEYCHAIN
  auto* job = keychainJob(new QKeychain::WritePasswordJob(kService));
  job->setTextData(token);
  connect(job, &QKeychain::Job::finished, this,
          [done](QKeychain::Job* j) { done(j->error() == QKeychain::NoError, j->errorString()); });
  job->start();
#else
  Q_UNUSED(token);
  done(false, tr("This build of SAM3 Studio has no keychain support."));
#endif
}

void HfTokenStore::forget(std::function<void(bool, const QString&)> done) {
#ifdef SAM3_WITH_QTKEYCHAIN
  auto* job = keychainJob(new QKeychain::DeletePasswordJob(kService));
  connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
    done(j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound,
         j->errorString());
  });
  job->start();
#else
  done(true, QString());
#endif
}

}  // namespace sam3::ui
