#pragma once
// Installs the translator for the chosen language. English is the source language; others come
// from :/i18n/sam3studio_<code>.qm built from translations/. Lives on the GUI thread.
#include <QObject>
#include <QStringList>
#include <QTranslator>

namespace sam3::ui {

class LanguageManager : public QObject {
  Q_OBJECT
 public:
  explicit LanguageManager(QObject* parent = nullptr);
  static QStringList availableLanguages();  // {"en", "de", ...}
  static QString nativeName(const QString& code);
  QString current() const { return m_current; }
  // Returns false (and keeps the current language) when no translation exists for `code`.
  bool setLanguage(const QString& code);

 Q_SIGNALS:
  void languageChanged(const QString& code);

 private:
  QTranslator m_translator;
  QString m_current = QStringLiteral("en");
};

}  // namespace sam3::ui
