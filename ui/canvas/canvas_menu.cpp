// AnnotationCanvas: the context menu, so every edit the keys make can also be found by the mouse.
#include <QActionGroup>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPixmap>

#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/shape_item.h"
#include "ui/project_document.h"
#include "ui/smart/proposal_commands.h"

namespace sam3::ui {

QMenu* AnnotationCanvas::contextMenuAt(QPointF scenePos) {
  if (m_tool == Tool::Select) {
    ShapeItem* item = shapeAt(scenePos);
    if (item && item->annotation().id != m_selectedId) selectAnnotation(item->annotation().id);
  }
  auto* menu = new QMenu(this);
  const auto selected = selectedAnnotation();
  QAction* copy = menu->addAction(selected ? tr("Copy shape") : tr("Copy all shapes of the photo"),
                                  this, &AnnotationCanvas::copySelection);
  copy->setShortcut(QKeySequence::Copy);
  copy->setEnabled(m_doc && m_photoId);
  QAction* paste = menu->addAction(tr("Paste %n shape(s)", nullptr, clipboardSize()), this,
                                   &AnnotationCanvas::paste);
  paste->setShortcut(QKeySequence::Paste);
  paste->setEnabled(m_doc && m_photoId && !m_clipboard.empty());
  QAction* remove = menu->addAction(tr("Delete shape"), this, [this] {
    m_activeVertex.reset();  // the whole shape, whatever vertex was clicked last
    deleteSelection();
  });
  remove->setShortcut(QKeySequence::Delete);
  remove->setEnabled(selected.has_value());
  QAction* hole = menu->addAction(tr("Cut a hole…"), this, [this] { setTool(Tool::Hole); });
  hole->setShortcut(QKeySequence(Qt::Key_H));
  hole->setEnabled(selected && selected->kind == project::ShapeKind::Polygon);
  if (selected && selected->source == project::Source::Model && m_doc) {
    // A model proposal: accept it as a confirmed shape or reject it (both undoable).
    menu->addSeparator();
    const project::Annotation proposal = *selected;
    QAction* accept = menu->addAction(tr("Accept proposal"), this, [this, proposal] {
      proposal_commands::accept(*m_doc, {proposal});
    });
    accept->setShortcut(QKeySequence(Qt::Key_Y));
    QAction* reject = menu->addAction(tr("Reject proposal"), this, [this, proposal] {
      proposal_commands::reject(*m_doc, {proposal});
    });
    reject->setShortcut(QKeySequence(Qt::Key_N));
  }
  if (m_doc && m_photoId && proposal_commands::pending(*m_doc, m_photoId).size() > 0) {
    const auto pending = proposal_commands::pending(*m_doc, m_photoId);
    menu->addAction(tr("Accept all %n proposal(s)", nullptr, static_cast<int>(pending.size())),
                    this, [this, pending] { proposal_commands::accept(*m_doc, pending); });
    menu->addAction(tr("Reject all %n proposal(s)", nullptr, static_cast<int>(pending.size())),
                    this, [this, pending] { proposal_commands::reject(*m_doc, pending); });
    menu->addSeparator();
  }
  QMenu* classes = menu->addMenu(tr("Class"));
  classes->setEnabled(selected && m_doc && !m_doc->classes().empty());
  if (selected && m_doc) {
    auto* group = new QActionGroup(classes);
    int n = 0;
    for (const auto& c : m_doc->classes()) {
      QPixmap swatch(12, 12);
      swatch.fill(QColor(QString::fromStdString(c.color)));
      QAction* a = classes->addAction(QIcon(swatch), QString::fromStdString(c.name));
      a->setCheckable(true);
      a->setChecked(c.id == selected->class_id);
      a->setActionGroup(group);
      if (++n <= 9) a->setShortcut(QKeySequence(Qt::Key_0 + n));
      const qint64 id = c.id;
      connect(a, &QAction::triggered, this, [this, id] { assignClassToSelection(id); });
    }
  }
  return menu;
}

void AnnotationCanvas::contextMenuEvent(QContextMenuEvent* event) {
  // Right clicks while drawing must not leave the tool; the smart tool takes them as negative
  // points.
  if (!m_draft.empty() || m_tool == Tool::Smart) return;
  QMenu* menu = contextMenuAt(mapToScene(event->pos()));
  menu->setAttribute(Qt::WA_DeleteOnClose);
  menu->popup(event->globalPos());
  event->accept();
}

}  // namespace sam3::ui
