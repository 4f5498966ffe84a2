#include "ui/shell/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/shell/action_registry.h"

namespace sam3::ui {

namespace {
QString plainText(const QAction* a) {
  QString t = a->text();
  t.remove(QLatin1Char('&'));
  return t;
}
}  // namespace

ShortcutsDialog::ShortcutsDialog(ActionRegistry* registry, QWidget* parent)
    : QDialog(parent),
      m_registry(registry),
      m_table(new QTableWidget(this)),
      m_edit(new QKeySequenceEdit(this)),
      m_message(new QLabel(this)),
      m_clear(new QPushButton(tr("Clear"), this)),
      m_default(new QPushButton(tr("Default"), this)) {
  setObjectName(QStringLiteral("shortcutsDialog"));
  setWindowTitle(tr("Keyboard Shortcuts"));
  m_table->setColumnCount(3);
  m_table->setHorizontalHeaderLabels({tr("Area"), tr("Action"), tr("Shortcut")});
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_message->setWordWrap(true);
  auto* resetAll = new QPushButton(tr("Reset All"), this);
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Shortcut:"), this));
  row->addWidget(m_edit, 1);
  row->addWidget(m_clear);
  row->addWidget(m_default);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addButton(resetAll, QDialogButtonBox::ResetRole);
  auto* hint = new QLabel(tr("Select an action, click the field below and press the new keys. "
                             "A change applies at once and is kept for the next start."),
                          this);
  hint->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(hint);
  layout->addWidget(m_table, 1);
  layout->addLayout(row);
  layout->addWidget(m_message);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_table, &QTableWidget::itemSelectionChanged, this, &ShortcutsDialog::showSelected);
  connect(m_edit, &QKeySequenceEdit::editingFinished, this, [this] {
    if (!selectedId().isEmpty()) assign(selectedId(), m_edit->keySequence());
  });
  connect(m_clear, &QPushButton::clicked, this, [this] {
    if (!selectedId().isEmpty()) assign(selectedId(), QKeySequence());
  });
  connect(m_default, &QPushButton::clicked, this, [this] {
    if (const auto* e = m_registry->find(selectedId())) assign(e->id, e->defaults.value(0));
  });
  connect(resetAll, &QPushButton::clicked, this, [this] {
    m_registry->resetAll();
    fill();
    m_message->setText(tr("Every shortcut is back to its default."));
  });
  fill();
  resize(620, 520);
}

void ShortcutsDialog::fill() {
  const QString keep = selectedId();
  const auto& entries = m_registry->entries();
  m_table->setRowCount(static_cast<int>(entries.size()));
  for (int r = 0; r < entries.size(); ++r) {
    const auto& e = entries[r];
    auto* area = new QTableWidgetItem(ActionRegistry::categoryName(e.category));
    area->setData(Qt::UserRole, e.id);
    m_table->setItem(r, 0, area);
    m_table->setItem(r, 1, new QTableWidgetItem(plainText(e.action)));
    QStringList keys;
    for (const QKeySequence& k : e.action->shortcuts())
      keys << k.toString(QKeySequence::NativeText);
    m_table->setItem(r, 2, new QTableWidgetItem(keys.join(QStringLiteral(", "))));
    if (e.id == keep) m_table->selectRow(r);
  }
  m_table->resizeColumnsToContents();
  showSelected();
}

QString ShortcutsDialog::selectedId() const {
  const auto rows = m_table->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString()
                        : m_table->item(rows.first().row(), 0)->data(Qt::UserRole).toString();
}

void ShortcutsDialog::showSelected() {
  const auto* e = m_registry->find(selectedId());
  m_edit->setEnabled(e != nullptr);
  m_clear->setEnabled(e != nullptr);
  m_default->setEnabled(e != nullptr);
  m_edit->setKeySequence(e ? e->action->shortcut() : QKeySequence());
}

bool ShortcutsDialog::assign(const QString& id, const QKeySequence& seq) {
  const auto* e = m_registry->find(id);
  if (!e) return false;
  const QStringList taken = m_registry->conflicts(seq, id);
  if (!taken.isEmpty()) {
    m_message->setText(tr("%1 is already taken by \"%2\". Choose another key or change that one "
                          "first.")
                           .arg(seq.toString(QKeySequence::NativeText),
                                m_registry->describeConflict(taken.first())));
    m_edit->setKeySequence(e->action->shortcut());
    return false;
  }
  m_registry->setShortcut(id, seq);
  m_message->setText(seq.isEmpty()
                         ? tr("\"%1\" has no shortcut now.").arg(plainText(e->action))
                         : tr("\"%1\" is now %2.")
                               .arg(plainText(e->action), seq.toString(QKeySequence::NativeText)));
  fill();
  return true;
}

QString ShortcutsDialog::message() const {
  return m_message->text();
}

}  // namespace sam3::ui
