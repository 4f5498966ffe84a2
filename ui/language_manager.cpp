#include "ui/language_manager.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

namespace sam3::ui {

LanguageManager::LanguageManager(QObject* parent) : QObject(parent) {}

QStringList LanguageManager::availableLanguages() {
  QStringList codes{QStringLiteral("en")};
  const auto files = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("sam3studio_*.qm")});
  for (const QString& f : files) {
    codes << f.mid(QStringLiteral("sam3studio_").size()).chopped(3);
  }
  return codes;
}

QString LanguageManager::nativeName(const QString& code) {
  const QString name = QLocale(code).nativeLanguageName();
  return name.isEmpty() ? code : name.left(1).toUpper() + name.mid(1);
}

bool LanguageManager::setLanguage(const QString& code) {
  if (code == m_current) return true;
  if (code == QLatin1String("en")) {
    QCoreApplication::removeTranslator(&m_translator);
  } else {
    QTranslator next;
    if (!next.load(QStringLiteral(":/i18n/sam3studio_%1.qm").arg(code))) return false;
    QCoreApplication::removeTranslator(&m_translator);
    if (!m_translator.load(QStringLiteral(":/i18n/sam3studio_%1.qm").arg(code))) return false;
    QCoreApplication::installTranslator(&m_translator);
  }
  m_current = code;
  Q_EMIT languageChanged(code);
  return true;
}

}  // namespace sam3::ui
