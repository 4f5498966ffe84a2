#include "ui/shell/action_registry.h"

#include <QAction>
#include <QCoreApplication>
#include <QSettings>

namespace sam3::ui {

namespace {
const QString kGroup = QStringLiteral("shortcuts");
}

ActionRegistry::ActionRegistry(QObject* parent) : QObject(parent) {}

bool ActionRegistry::add(const QString& id, const char* category, QAction* action) {
  if (!action || find(id)) return false;
  m_entries.push_back({id, category, action, action->shortcuts()});
  QSettings settings;
  settings.beginGroup(kGroup);
  if (settings.contains(id)) {
    action->setShortcut(
        QKeySequence::fromString(settings.value(id).toString(), QKeySequence::PortableText));
  }
  return true;
}

const ActionRegistry::Entry* ActionRegistry::find(const QString& id) const {
  for (const Entry& e : m_entries)
    if (e.id == id) return &e;
  return nullptr;
}

QKeySequence ActionRegistry::shortcut(const QString& id) const {
  const Entry* e = find(id);
  return e ? e->action->shortcut() : QKeySequence();
}

void ActionRegistry::addFixedKey(const QList<QKeySequence>& keys, const char* what) {
  m_fixed.push_back({keys, what});
}

QList<QAction*> ActionRegistry::unregisteredActions() const {
  QList<QAction*> out;
  if (!m_scope) return out;
  for (QAction* a : m_scope->findChildren<QAction*>()) {
    if (a->shortcut().isEmpty()) continue;
    bool known = false;
    for (const Entry& e : m_entries) known = known || e.action == a;
    if (!known) out << a;
  }
  return out;
}

QStringList ActionRegistry::conflicts(const QKeySequence& seq, const QString& exceptId) const {
  QStringList found;
  if (seq.isEmpty()) return found;
  for (const Entry& e : m_entries) {
    if (e.id == exceptId) continue;
    for (const QKeySequence& s : e.action->shortcuts())
      if (s == seq) found << e.id;
  }
  for (QAction* a : unregisteredActions())
    if (a->shortcuts().contains(seq)) found << QStringLiteral("action:") + a->text();
  for (const FixedKey& f : m_fixed)
    if (f.keys.contains(seq)) found << QStringLiteral("fixed:") + QString::fromLatin1(f.what);
  return found;
}

QString ActionRegistry::describeConflict(const QString& conflict) const {
  auto strip = [](QString t) { return t.remove(QLatin1Char('&')); };
  if (conflict.startsWith(QLatin1String("action:"))) return strip(conflict.mid(7));
  if (conflict.startsWith(QLatin1String("fixed:")))
    return QCoreApplication::translate("ActionRegistry", conflict.mid(6).toLatin1().constData());
  const Entry* e = find(conflict);
  return e ? strip(e->action->text()) : conflict;
}

bool ActionRegistry::setShortcut(const QString& id, const QKeySequence& seq) {
  const Entry* e = find(id);
  if (!e) return false;
  const bool isDefault = seq == e->defaults.value(0);
  if (isDefault)
    e->action->setShortcuts(e->defaults);
  else
    e->action->setShortcut(seq);
  QSettings settings;
  settings.beginGroup(kGroup);
  if (isDefault)
    settings.remove(id);
  else
    settings.setValue(id, seq.toString(QKeySequence::PortableText));
  Q_EMIT shortcutChanged(id, seq);
  return true;
}

void ActionRegistry::resetAll() {
  for (const Entry& e : m_entries) setShortcut(e.id, e.defaults.value(0));
}

QString ActionRegistry::categoryName(const char* category) {
  return QCoreApplication::translate("ActionRegistry", category);
}

}  // namespace sam3::ui
