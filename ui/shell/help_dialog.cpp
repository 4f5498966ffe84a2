#include "ui/shell/help_dialog.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/shell/action_registry.h"

namespace sam3::ui {

namespace {
QString keys(const QList<QKeySequence>& seqs) {
  QStringList parts;
  for (const QKeySequence& s : seqs) parts << s.toString(QKeySequence::NativeText);
  return parts.join(QStringLiteral(", "));
}
QString plain(QString text) {
  return text.remove(QLatin1Char('&'));
}
}  // namespace

QList<ShortcutRow> shortcutRows(const ActionRegistry& registry) {
  QList<ShortcutRow> rows;
  for (const auto& e : registry.entries()) {
    if (e.action->shortcuts().isEmpty()) continue;
    rows.push_back({ActionRegistry::categoryName(e.category), plain(e.action->text()),
                    keys(e.action->shortcuts())});
  }
  const QString panels = HelpDialog::tr("Panels");
  for (QAction* a : registry.unregisteredActions()) {
    const QString text = plain(a->text().isEmpty() ? a->toolTip() : a->text());
    if (!text.isEmpty()) rows.push_back({panels, text, keys(a->shortcuts())});
  }
  for (const auto& f : registry.fixedKeys())
    rows.push_back({HelpDialog::tr("Canvas"), QCoreApplication::translate("ActionRegistry", f.what),
                    f.keys.size() > 2 ? HelpDialog::tr("%1 to %2")
                                            .arg(f.keys.first().toString(QKeySequence::NativeText),
                                                 f.keys.last().toString(QKeySequence::NativeText))
                                      : keys(f.keys)});
  return rows;
}

HelpDialog::HelpDialog(const ActionRegistry& registry, QWidget* parent)
    : QDialog(parent), m_tree(new QTreeWidget(this)) {
  setObjectName(QStringLiteral("helpDialog"));
  setWindowTitle(tr("Keyboard Shortcuts"));
  m_tree->setColumnCount(2);
  m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
  m_tree->setRootIsDecorated(false);
  QTreeWidgetItem* group = nullptr;
  for (const ShortcutRow& r : shortcutRows(registry)) {
    if (!group || group->text(0) != r.area) {
      group = new QTreeWidgetItem(m_tree, {r.area});
      QFont f = group->font(0);
      f.setBold(true);
      group->setFont(0, f);
      group->setFirstColumnSpanned(true);
      group->setExpanded(true);
    }
    new QTreeWidgetItem(group, {r.action, r.shortcut});
  }
  m_tree->expandAll();
  m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  auto* hint = new QLabel(tr("Change them in Settings > Change Keyboard Shortcuts."), this);
  hint->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_tree, 1);
  layout->addWidget(hint);
  layout->addWidget(buttons);
  resize(700, 640);
}

}  // namespace sam3::ui
