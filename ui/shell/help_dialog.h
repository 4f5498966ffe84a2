#pragma once
// Help > Keyboard Shortcuts (F1): every shortcut in force, read live from the actions, so an
// edited shortcut shows its new key. GUI thread only.
#include <QDialog>
#include <QList>
#include <QString>

class QTreeWidget;

namespace sam3::ui {

class ActionRegistry;

struct ShortcutRow {
  QString area;      // translated
  QString action;    // translated, without mnemonic '&'
  QString shortcut;  // native text; several joined by ", "
};

// Registered actions by category, then the panels' own actions, then the fixed keys.
QList<ShortcutRow> shortcutRows(const ActionRegistry& registry);

class HelpDialog : public QDialog {
  Q_OBJECT
 public:
  explicit HelpDialog(const ActionRegistry& registry, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return m_tree; }

 private:
  QTreeWidget* m_tree;
};

}  // namespace sam3::ui
