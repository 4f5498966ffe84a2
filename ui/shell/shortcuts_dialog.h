#pragma once
// Settings > Keyboard Shortcuts: every registered action with its shortcut, edited in place.
// A new shortcut applies and is stored at once; one that another action already uses is refused
// and the conflict named. GUI thread only.
#include <QDialog>

class QKeySequenceEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace sam3::ui {

class ActionRegistry;

class ShortcutsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ShortcutsDialog(ActionRegistry* registry, QWidget* parent = nullptr);
  // Assigns `seq` to the action `id`; returns false (and shows why) on a conflict.
  bool assign(const QString& id, const QKeySequence& seq);
  QString message() const;  // the last conflict or confirmation shown
  QKeySequenceEdit* editor() const { return m_edit; }
  QTableWidget* table() const { return m_table; }

 private:
  void fill();
  void showSelected();
  QString selectedId() const;

  ActionRegistry* m_registry;
  QTableWidget* m_table;
  QKeySequenceEdit* m_edit;
  QLabel* m_message;
  QPushButton* m_clear;
  QPushButton* m_default;
};

}  // namespace sam3::ui
