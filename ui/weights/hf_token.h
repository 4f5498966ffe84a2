#pragma once
// Where the Hugging Face access token comes from, and where it is kept. No widgets.
//
// Lookup order: the system keychain (QtKeychain, when SAM3 Studio was built with it: service
// "SAM3 Studio", key "huggingface-token"), else the HF_TOKEN environment variable, else the token
// file that `huggingface-cli login` writes: $HF_TOKEN_PATH, else $HF_HOME/token, else
// $XDG_CACHE_HOME/huggingface/token, else ~/.cache/huggingface/token. The token itself is never
// logged or shown; only where it came from.
#include <QObject>
#include <QString>
#include <functional>

namespace sam3::ui {

struct HfToken {
  QString token;   // empty when none was found
  QString source;  // "system keychain", "HF_TOKEN", or the token file's path
};

// HF_TOKEN, else the token file (first line, trimmed). Synchronous.
HfToken hfTokenFromEnvironment();
// The token file path that huggingface_hub uses (whether or not it exists).
QString hfTokenFilePath();

class HfTokenStore : public QObject {
  Q_OBJECT
 public:
  explicit HfTokenStore(QObject* parent = nullptr);
  // Whether this build can use the system keychain (built with QtKeychain).
  static bool keychainAvailable();
  // The token by the lookup order above; `done` runs once, on this object's thread (at once when
  // there is no keychain, else when the keychain answered). For load, save and forget: a store
  // destroyed before the keychain answered never calls `done`; the keychain job finishes alone.
  void load(std::function<void(const HfToken&)> done);
  // Saves the token to the keychain; `done(ok, message)` (message names the keychain's error,
  // never the token).
  void save(const QString& token, std::function<void(bool, const QString&)> done);
  // Removes it from the keychain.
  void forget(std::function<void(bool, const QString&)> done);
};

}  // namespace sam3::ui
