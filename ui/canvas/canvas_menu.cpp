// AnnotationCanvas: the context menu, so every edit the keys make can also be found by the mouse.
#include <QActionGroup>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPixmap>

#include "ui/canvas/annotation_canvas.h"
#include "ui/canvas/shape_item.h"
#include "ui/project_document.h"

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
  if (!m_draft.empty()) return;  // right-clicks while drawing must not leave the tool
  QMenu* menu = contextMenuAt(mapToScene(event->pos()));
  menu->setAttribute(Qt::WA_DeleteOnClose);
  menu->popup(event->globalPos());
  event->accept();
}

}  // namespace sam3::ui
