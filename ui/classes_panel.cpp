#include "ui/classes_panel.h"

#include <QColorDialog>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QKeyEvent>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/project/interchange_util.h"  // roboflow_clean_name: the rule validate() applies
#include "ui/project_document.h"

namespace sam3::ui {
namespace {
constexpr int kIdRole = Qt::UserRole + 1;

QIcon swatch(const QColor& colour) {
  QPixmap pm(14, 14);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setPen(QColor(0, 0, 0, 120));
  p.setBrush(colour);
  p.drawRoundedRect(QRectF(0.5, 0.5, 13, 13), 3, 3);
  return QIcon(pm);
}
}  // namespace

ClassesPanel::ClassesPanel(QWidget* parent)
    : QWidget(parent),
      m_table(new QTableWidget(0, 2, this)),
      m_add(new QPushButton(this)),
      m_colour(new QPushButton(this)),
      m_assign(new QPushButton(this)),
      m_delete(new QPushButton(this)) {
  setObjectName(QStringLiteral("classesPanel"));
  m_table->setObjectName(QStringLiteral("classesTable"));
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
  m_add->setObjectName(QStringLiteral("addClass"));
  m_colour->setObjectName(QStringLiteral("recolourClass"));
  m_assign->setObjectName(QStringLiteral("assignClass"));
  m_delete->setObjectName(QStringLiteral("deleteClass"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_add);
  buttons->addWidget(m_colour);
  buttons->addWidget(m_assign);
  buttons->addWidget(m_delete);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_table, 1);
  layout->addLayout(buttons);

  connect(m_table, &QTableWidget::itemChanged, this, &ClassesPanel::itemEdited);
  connect(m_table, &QTableWidget::currentCellChanged, this,
          [this] { Q_EMIT currentClassChanged(currentClassId()); });
  connect(m_add, &QPushButton::clicked, this, &ClassesPanel::addClass);
  connect(m_colour, &QPushButton::clicked, this, &ClassesPanel::chooseColour);
  connect(m_delete, &QPushButton::clicked, this, &ClassesPanel::deleteClass);
  m_table->installEventFilter(this);  // the Delete key
  connect(m_assign, &QPushButton::clicked, this, [this] {
    if (currentClassId()) Q_EMIT assignRequested(currentClassId());
  });
  retranslate();
}

void ClassesPanel::setDocument(ProjectDocument* doc) {
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  if (m_doc) {
    // Queued: an in-place edit commits from inside the table's editor, which must outlive it.
    connect(m_doc, &ProjectDocument::classesChanged, this, &ClassesPanel::rebuild,
            Qt::QueuedConnection);
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_doc = nullptr;
      rebuild();
    });
  }
  rebuild();
  if (m_table->rowCount() > 0) m_table->setCurrentCell(0, NameColumn);
}

bool ClassesPanel::hasRoboflowSuffix(const QString& text) {
  const std::string s = text.toStdString();
  return project::roboflow_clean_name(s) != s;
}

qint64 ClassesPanel::currentClassId() const {
  const int row = m_table->currentRow();
  if (row < 0) return 0;
  return m_table->item(row, NameColumn)->data(kIdRole).toLongLong();
}

void ClassesPanel::setCurrentClassId(qint64 classId) {
  for (int row = 0; row < m_table->rowCount(); ++row)
    if (m_table->item(row, NameColumn)->data(kIdRole).toLongLong() == classId)
      m_table->setCurrentCell(row, NameColumn);
}

void ClassesPanel::rebuild() {
  const qint64 current = currentClassId();
  {
    const QSignalBlocker block(m_table);
    m_table->setRowCount(0);
    if (m_doc) {
      const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
      for (const auto& c : m_doc->classes()) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* name = new QTableWidgetItem(swatch(QColor(QString::fromStdString(c.color))),
                                          QString::fromStdString(c.name));
        name->setData(kIdRole, QVariant::fromValue<qint64>(c.id));
        auto* prompt = new QTableWidgetItem(QString::fromStdString(c.prompt));
        if (hasRoboflowSuffix(prompt->text()) || hasRoboflowSuffix(name->text())) {
          prompt->setIcon(warning);
          prompt->setToolTip(
              tr("This still carries a Roboflow-generated suffix; SAM3 would "
                 "read it as a word. Edit the prompt to plain words."));
        } else {
          prompt->setToolTip(tr("The text SAM3 is prompted with for this class"));
        }
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(row, PromptColumn, prompt);
      }
    }
  }
  if (current) setCurrentClassId(current);
  if (m_table->currentRow() < 0 && m_table->rowCount() > 0) m_table->setCurrentCell(0, NameColumn);
  Q_EMIT currentClassChanged(currentClassId());
}

void ClassesPanel::itemEdited(QTableWidgetItem* item) {
  if (!m_doc) return;
  const qint64 id = m_table->item(item->row(), NameColumn)->data(kIdRole).toLongLong();
  const bool changed = item->column() == NameColumn ? m_doc->renameClass(id, item->text())
                                                    : m_doc->setClassPrompt(id, item->text());
  // Refused or unchanged: show the stored value again, once the editor has closed.
  if (!changed) QMetaObject::invokeMethod(this, &ClassesPanel::rebuild, Qt::QueuedConnection);
}

void ClassesPanel::addClass() {
  if (!m_doc) return;
  // A fresh unique name the user renames in place.
  QString name;
  for (int n = 1;; ++n) {
    name = tr("class %1").arg(n);
    bool taken = false;
    for (const auto& c : m_doc->classes()) taken |= QString::fromStdString(c.name) == name;
    if (!taken) break;
  }
  static const char* const palette[] = {"#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231",
                                        "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe"};
  project::ClassInfo c;
  c.name = name.toStdString();
  c.color = palette[m_doc->classes().size() % std::size(palette)];
  if (!m_doc->addClass(c)) return;
  // Queued behind the rebuild that the new class triggers, so that the editor survives it.
  const qint64 id = m_doc->classes().back().id;
  QMetaObject::invokeMethod(
      this,
      [this, id] {
        setCurrentClassId(id);
        if (currentClassId() == id)
          m_table->editItem(m_table->item(m_table->currentRow(), NameColumn));
      },
      Qt::QueuedConnection);
}

void ClassesPanel::chooseColour() {
  const qint64 id = currentClassId();
  if (!m_doc || !id) return;
  const auto c = m_doc->classInfo(id);
  const QColor chosen =
      QColorDialog::getColor(QColor(QString::fromStdString(c->color)), this, tr("Class colour"));
  if (chosen.isValid()) m_doc->recolourClass(id, chosen);
}

void ClassesPanel::deleteClass() {
  const qint64 id = currentClassId();
  const auto c = m_doc && id ? m_doc->classInfo(id) : std::nullopt;
  if (!c) return;
  const QString name = QString::fromStdString(c->name);
  const int shapes = m_doc->classUsage(id);
  QMessageBox box(
      QMessageBox::Warning, tr("Delete class"),
      shapes == 1 ? tr("Delete the class “%1” and the shape that uses it?").arg(name)
      : shapes > 1
          ? tr("Delete the class “%1” and the %2 shapes that use it?").arg(name).arg(shapes)
          : tr("Delete the class “%1”? No shape uses it.").arg(name),
      QMessageBox::Yes | QMessageBox::Cancel, this);
  box.setObjectName(QStringLiteral("confirmDeleteClass"));
  box.setInformativeText(tr("Undo (Ctrl+Z) brings them back."));
  box.button(QMessageBox::Yes)->setText(tr("Delete"));
  box.setDefaultButton(QMessageBox::Cancel);
  if (box.exec() == QMessageBox::Yes) m_doc->deleteClass(id);
}

bool ClassesPanel::eventFilter(QObject* watched, QEvent* event) {
  // The table's own keys only: an open name or prompt editor gets its Delete key itself.
  if (watched == m_table && event->type() == QEvent::KeyPress &&
      static_cast<QKeyEvent*>(event)->key() == Qt::Key_Delete) {
    deleteClass();
    return true;
  }
  return QWidget::eventFilter(watched, event);
}

void ClassesPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ClassesPanel::retranslate() {
  m_table->setHorizontalHeaderLabels({tr("Class"), tr("SAM3 prompt")});
  m_add->setText(tr("Add"));
  m_add->setToolTip(tr("Add a class"));
  m_colour->setText(tr("Colour…"));
  m_assign->setText(tr("Assign"));
  m_assign->setToolTip(tr("Give the selected shape this class"));
  m_delete->setText(tr("Delete…"));
  m_delete->setToolTip(tr("Delete this class and the shapes that use it (Delete)"));
}

}  // namespace sam3::ui
