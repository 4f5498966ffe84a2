#pragma once
// The application's named actions and their keyboard shortcuts. Each action has a stable id
// ("file.open"), a category for listings and its default shortcut; user overrides live in QSettings
// (group "shortcuts", key = id, value = portable key sequence text) and apply at once.
// GUI thread only; the registry does not own the actions (their parents do).
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QAction;

namespace sam3::ui {

class ActionRegistry : public QObject {
  Q_OBJECT
 public:
  struct Entry {
    QString id;
    const char* category;  // untranslated (context "ActionRegistry")
    QAction* action;
    QList<QKeySequence> defaults;  // the shortcuts the action had when registered
  };

  explicit ActionRegistry(QObject* parent = nullptr);
  // Registers `action` under `id` with its current shortcuts as the default, then applies a stored
  // override. Ids are unique (a second add of an id is ignored and returns false).
  bool add(const QString& id, const char* category, QAction* action);
  const QList<Entry>& entries() const { return m_entries; }
  const Entry* find(const QString& id) const;
  QKeySequence shortcut(const QString& id) const;

  // Keys that are not actions but still taken (the canvas's Enter, Esc, Delete, 1-9), each with
  // what it does (untranslated, context "ActionRegistry").
  struct FixedKey {
    QList<QKeySequence> keys;  // several: a range ("1" ... "9") or alternatives
    const char* what;
  };
  void addFixedKey(const QList<QKeySequence>& keys, const char* what);
  const QList<FixedKey>& fixedKeys() const { return m_fixed; }
  // Other actions whose shortcuts also count as taken: the QActions below `root` that are not
  // registered (panels' own actions such as next/previous photo).
  void setScope(QObject* root) { m_scope = root; }
  QList<QAction*> unregisteredActions() const;  // below the scope, with a shortcut

  // What `seq` would clash with, other than the action `exceptId`: registered ids, then the text
  // of unregistered actions and fixed keys. Empty sequences never conflict.
  QStringList conflicts(const QKeySequence& seq, const QString& exceptId = {}) const;
  QString describeConflict(const QString& conflict) const;  // translated, for messages
  // Sets and stores the shortcut (an empty sequence removes it; the default restores every default
  // shortcut of the action); returns false for unknown ids.
  bool setShortcut(const QString& id, const QKeySequence& seq);
  void resetAll();  // every shortcut back to its default; overrides removed from QSettings
  static QString categoryName(const char* category);  // translated

 Q_SIGNALS:
  void shortcutChanged(const QString& id, const QKeySequence& seq);

 private:
  QList<Entry> m_entries;
  QList<FixedKey> m_fixed;
  QObject* m_scope = nullptr;
};

}  // namespace sam3::ui
