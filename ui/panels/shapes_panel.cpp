#include "ui/panels/shapes_panel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/project/types.h"
#include "ui/project_document.h"
#include "ui/smart/proposal_commands.h"

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

QTableWidget* makeTable(QWidget* parent, const char* name) {
  auto* t = new QTableWidget(0, 2, parent);
  t->setObjectName(QString::fromLatin1(name));
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setSelectionMode(QAbstractItemView::SingleSelection);
  t->verticalHeader()->hide();
  t->horizontalHeader()->setStretchLastSection(true);
  return t;
}
}  // namespace

ShapesPanel::ShapesPanel(QWidget* parent)
    : QWidget(parent),
      m_shapes(makeTable(this, "shapesTable")),
      m_attributesLabel(new QLabel(this)),
      m_attributes(makeTable(this, "attributesTable")),
      m_delete(new QPushButton(this)),
      m_addAttribute(new QPushButton(this)),
      m_removeAttribute(new QPushButton(this)),
      m_proposalsLabel(new QLabel(this)) {
  for (int i = 0; i < 4; ++i) {
    m_proposalButtons[i] = new QPushButton(this);
    connect(m_proposalButtons[i], &QPushButton::clicked, this, [this, i] { proposalButton(i); });
  }
  m_proposalButtons[0]->setObjectName(QStringLiteral("acceptProposal"));
  m_proposalButtons[1]->setObjectName(QStringLiteral("rejectProposal"));
  m_proposalButtons[2]->setObjectName(QStringLiteral("acceptAllProposals"));
  m_proposalButtons[3]->setObjectName(QStringLiteral("rejectAllProposals"));
  setObjectName(QStringLiteral("shapesPanel"));
  m_shapes->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_shapes->verticalHeader()->show();  // row numbers name the shapes
  m_shapes->horizontalHeader()->setSectionResizeMode(ClassColumn, QHeaderView::ResizeToContents);
  m_attributes->setEditTriggers(QAbstractItemView::DoubleClicked |
                                QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::AnyKeyPressed);
  m_attributes->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
  m_attributes->setColumnWidth(KeyColumn, 110);
  m_delete->setObjectName(QStringLiteral("deleteShape"));
  m_addAttribute->setObjectName(QStringLiteral("addAttribute"));
  m_removeAttribute->setObjectName(QStringLiteral("removeAttribute"));

  auto* shapeButtons = new QHBoxLayout;
  shapeButtons->addStretch(1);
  shapeButtons->addWidget(m_delete);
  // Model proposals: one row that shows only while the photo has some.
  auto* proposalButtons = new QHBoxLayout;
  proposalButtons->addStretch(1);
  for (QPushButton* b : m_proposalButtons) proposalButtons->addWidget(b);
  auto* attributeButtons = new QHBoxLayout;
  attributeButtons->addStretch(1);
  attributeButtons->addWidget(m_addAttribute);
  attributeButtons->addWidget(m_removeAttribute);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_shapes, 3);
  layout->addLayout(shapeButtons);
  layout->addWidget(m_proposalsLabel);
  layout->addLayout(proposalButtons);
  layout->addWidget(m_attributesLabel);
  layout->addWidget(m_attributes, 2);
  layout->addLayout(attributeButtons);

  connect(m_shapes, &QTableWidget::currentCellChanged, this, [this] {
    rebuildAttributes();
    updateProposalButtons();
    Q_EMIT shapeSelected(selectedShape());
  });
  connect(m_attributes, &QTableWidget::itemChanged, this, &ShapesPanel::attributeEdited);
  connect(m_delete, &QPushButton::clicked, this, &ShapesPanel::deleteShape);
  connect(m_addAttribute, &QPushButton::clicked, this, &ShapesPanel::addAttribute);
  connect(m_removeAttribute, &QPushButton::clicked, this, &ShapesPanel::removeAttribute);
  retranslate();
  rebuild();
}

void ShapesPanel::setDocument(ProjectDocument* doc) {
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_photoId = 0;
  if (m_doc) {
    // Queued: an attribute edit commits from inside the table's editor, which must outlive it.
    connect(
        m_doc, &ProjectDocument::annotationsChanged, this,
        [this](qint64 photoId) {
          if (photoId == m_photoId) rebuild();
        },
        Qt::QueuedConnection);
    connect(m_doc, &ProjectDocument::classesChanged, this, &ShapesPanel::rebuild,
            Qt::QueuedConnection);
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_doc = nullptr;
      m_photoId = 0;
      rebuild();
    });
  }
  rebuild();
}

void ShapesPanel::setPhoto(qint64 photoId) {
  if (photoId == m_photoId) return;
  m_photoId = photoId;
  {
    const QSignalBlocker block(m_shapes);
    m_shapes->setRowCount(0);  // another photo: no selection carries over
  }
  rebuild();
}

qint64 ShapesPanel::selectedShape() const {
  const int row = m_shapes->currentRow();
  if (row < 0 || !m_shapes->item(row, ClassColumn)) return 0;
  return m_shapes->item(row, ClassColumn)->data(kIdRole).toLongLong();
}

void ShapesPanel::setSelectedShape(qint64 shapeId) {
  const QSignalBlocker block(m_shapes);
  m_shapes->setCurrentCell(-1, -1);
  for (int row = 0; row < m_shapes->rowCount(); ++row)
    if (m_shapes->item(row, ClassColumn)->data(kIdRole).toLongLong() == shapeId) {
      m_shapes->setCurrentCell(row, ClassColumn);
      m_shapes->scrollToItem(m_shapes->item(row, ClassColumn));
    }
  rebuildAttributes();
  updateProposalButtons();
}

void ShapesPanel::rebuild() {
  const qint64 selected = selectedShape();
  {
    const QSignalBlocker block(m_shapes);
    m_shapes->setRowCount(0);
    if (m_doc && m_photoId) {
      for (const auto& a : m_doc->annotations(m_photoId)) {
        const int row = m_shapes->rowCount();
        m_shapes->insertRow(row);
        const auto c = m_doc->classInfo(a.class_id);
        auto* cls = new QTableWidgetItem(
            swatch(QColor(QString::fromStdString(c ? c->color : std::string("#808080")))),
            c ? QString::fromStdString(c->name) : tr("(no class)"));
        cls->setData(kIdRole, QVariant::fromValue<qint64>(a.id));
        QString shape;
        if (a.kind == project::ShapeKind::Box) {
          shape = tr("box %1 × %2").arg(qRound(a.bbox[2])).arg(qRound(a.bbox[3]));
        } else {
          shape = tr("polygon, %1 points").arg(a.rings[0].size());
          if (a.rings.size() == 2) shape += tr(", 1 hole");
          if (a.rings.size() > 2) shape += tr(", %1 holes").arg(a.rings.size() - 1);
        }
        if (a.source == project::Source::Model)
          shape += a.score ? tr(" · proposal %1").arg(*a.score, 0, 'f', 2) : tr(" · proposal");
        else if (a.source == project::Source::Accepted)
          shape += tr(" · model, accepted");
        auto* kind = new QTableWidgetItem(shape);
        if (!a.attributes.empty()) kind->setToolTip(tr("Attributes: %1").arg(a.attributes.size()));
        m_shapes->setItem(row, ClassColumn, cls);
        m_shapes->setItem(row, ShapeColumn, kind);
      }
    }
    for (int row = 0; row < m_shapes->rowCount(); ++row)
      if (selected && m_shapes->item(row, ClassColumn)->data(kIdRole).toLongLong() == selected)
        m_shapes->setCurrentCell(row, ClassColumn);
  }
  m_delete->setEnabled(m_shapes->rowCount() > 0);
  updateProposalButtons();
  rebuildAttributes();
}

std::optional<project::Annotation> ShapesPanel::selectedAnnotation() const {
  const qint64 id = selectedShape();
  if (!m_doc || !id) return std::nullopt;
  for (const auto& a : m_doc->annotations(m_photoId))
    if (a.id == id) return a;
  return std::nullopt;
}

void ShapesPanel::updateProposalButtons() {
  const auto pending =
      m_doc && m_photoId ? proposal_commands::pending(*m_doc, m_photoId).size() : 0;
  const auto selected = selectedAnnotation();
  const bool one = selected && selected->source == project::Source::Model;
  m_proposalsLabel->setText(tr("%n proposal(s) to review", nullptr, static_cast<int>(pending)));
  m_proposalsLabel->setVisible(pending > 0);
  m_proposalButtons[0]->setEnabled(one);
  m_proposalButtons[1]->setEnabled(one);
  for (QPushButton* b : m_proposalButtons) b->setVisible(pending > 0);
}

void ShapesPanel::proposalButton(int which) {
  if (!m_doc || !m_photoId) return;
  std::vector<project::Annotation> shapes;
  if (which < 2) {
    if (const auto a = selectedAnnotation()) shapes.push_back(*a);
  } else {
    shapes = proposal_commands::pending(*m_doc, m_photoId);
  }
  if (which == 0 || which == 2)
    proposal_commands::accept(*m_doc, shapes);
  else
    proposal_commands::reject(*m_doc, shapes);
}

void ShapesPanel::rebuildAttributes() {
  const qint64 id = selectedShape();
  const QSignalBlocker block(m_attributes);
  m_attributes->setRowCount(0);
  m_addAttribute->setEnabled(id != 0);
  m_removeAttribute->setEnabled(false);
  m_attributesLabel->setText(id ? tr("Attributes of the selected shape")
                                : tr("Select a shape to see its attributes"));
  if (!m_doc || !id) return;
  for (const auto& a : m_doc->annotations(m_photoId)) {
    if (a.id != id) continue;
    for (const auto& [key, value] : a.attributes) {
      const int row = m_attributes->rowCount();
      m_attributes->insertRow(row);
      m_attributes->setItem(row, KeyColumn, new QTableWidgetItem(QString::fromStdString(key)));
      m_attributes->setItem(row, ValueColumn, new QTableWidgetItem(QString::fromStdString(value)));
    }
  }
  m_removeAttribute->setEnabled(m_attributes->rowCount() > 0);
}

void ShapesPanel::attributeEdited(QTableWidgetItem*) {
  const qint64 id = selectedShape();
  if (!m_doc || !id) return;
  std::map<std::string, std::string> attributes;
  bool duplicate = false;
  for (int row = 0; row < m_attributes->rowCount(); ++row) {
    const std::string key = m_attributes->item(row, KeyColumn)->text().trimmed().toStdString();
    duplicate |= attributes.count(key) > 0;
    attributes[key] = m_attributes->item(row, ValueColumn)->text().toStdString();
  }
  bool changed = false;
  if (duplicate) {
    m_doc->reportError(tr("Each attribute of a shape needs its own name."));
  } else {
    for (const auto& a : m_doc->annotations(m_photoId))
      if (a.id == id) changed = m_doc->setAnnotationAttributes(a, attributes);
  }
  // Refused or unchanged: show the stored attributes again once the editor has closed.
  if (!changed)
    QMetaObject::invokeMethod(this, &ShapesPanel::rebuildAttributes, Qt::QueuedConnection);
}

void ShapesPanel::addAttribute() {
  const qint64 id = selectedShape();
  if (!m_doc || !id) return;
  for (const auto& a : m_doc->annotations(m_photoId)) {
    if (a.id != id) continue;
    auto attributes = a.attributes;
    QString key;
    for (int n = 1; key.isEmpty() || attributes.count(key.toStdString()); ++n)
      key = tr("attribute %1").arg(n);
    attributes[key.toStdString()] = {};
    if (!m_doc->setAnnotationAttributes(a, attributes)) return;
    // Queued behind the rebuild the edit triggers, so that the editor it opens survives it.
    QMetaObject::invokeMethod(
        this,
        [this, key] {
          for (int row = 0; row < m_attributes->rowCount(); ++row)
            if (m_attributes->item(row, KeyColumn)->text() == key) {
              m_attributes->setCurrentCell(row, KeyColumn);
              m_attributes->editItem(m_attributes->item(row, KeyColumn));
            }
        },
        Qt::QueuedConnection);
    return;
  }
}

void ShapesPanel::removeAttribute() {
  const qint64 id = selectedShape();
  const int row = m_attributes->currentRow();
  if (!m_doc || !id || row < 0) return;
  const std::string key = m_attributes->item(row, KeyColumn)->text().toStdString();
  for (const auto& a : m_doc->annotations(m_photoId)) {
    if (a.id != id) continue;
    auto attributes = a.attributes;
    attributes.erase(key);
    m_doc->setAnnotationAttributes(a, attributes);
  }
}

void ShapesPanel::deleteShape() {
  const qint64 id = selectedShape();
  if (!m_doc || !id) return;
  for (const auto& a : m_doc->annotations(m_photoId))
    if (a.id == id) m_doc->removeAnnotation(a);
}

void ShapesPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ShapesPanel::retranslate() {
  m_shapes->setHorizontalHeaderLabels({tr("Class"), tr("Shape")});
  m_attributes->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
  m_delete->setText(tr("Delete shape"));
  m_delete->setToolTip(tr("Delete the selected shape"));
  m_addAttribute->setText(tr("Add attribute"));
  m_removeAttribute->setText(tr("Remove"));
  m_removeAttribute->setToolTip(tr("Remove the selected attribute"));
  m_proposalButtons[0]->setText(tr("Accept"));
  m_proposalButtons[0]->setToolTip(tr("Accept the selected proposal as a confirmed shape (Y)"));
  m_proposalButtons[1]->setText(tr("Reject"));
  m_proposalButtons[1]->setToolTip(tr("Reject the selected proposal (N)"));
  m_proposalButtons[2]->setText(tr("Accept all"));
  m_proposalButtons[2]->setToolTip(tr("Accept every proposal of this photo (Shift+Y)"));
  m_proposalButtons[3]->setText(tr("Reject all"));
  m_proposalButtons[3]->setToolTip(tr("Reject every proposal of this photo (Shift+N)"));
  rebuild();
}

}  // namespace sam3::ui
