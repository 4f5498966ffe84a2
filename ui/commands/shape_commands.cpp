#include "ui/commands/shape_commands.h"

#include <QUndoStack>

#include "ui/commands/annotation_commands.h"
#include "ui/project_document.h"

namespace sam3::ui::shape_commands {
namespace {

// Pushes `command`; false when its first redo failed (the document reported it and QUndoStack
// dropped the obsolete command).
bool push(ProjectDocument& doc, QUndoCommand* command) {
  bool failed = false;
  const auto connection =
      QObject::connect(&doc, &ProjectDocument::editFailed, [&failed] { failed = true; });
  doc.undoStack()->push(command);
  QObject::disconnect(connection);
  return !failed;
}

// Drops the macro just closed when none of its commands stuck: no empty step on the stack.
void dropEmptyMacro(QUndoStack* stack) {
  auto* macro = const_cast<QUndoCommand*>(stack->command(stack->index() - 1));
  macro->setObsolete(true);  // QUndoStack deletes an obsolete command on undo
  stack->undo();
}

void resetMetrics(project::Annotation& a) {
  a.area.reset();
  a.metrics_origin = project::MetricsOrigin::Computed;
}

}  // namespace

bool setGeometry(ProjectDocument& doc, const project::Annotation& current,
                 project::Annotation changed, const QString& text) {
  changed.id = current.id;
  changed.photo_id = current.photo_id;
  if (changed.rings == current.rings && changed.bbox == current.bbox &&
      changed.kind == current.kind)
    return false;
  resetMetrics(changed);
  return push(doc, new AnnotationCommand(&doc, current, std::move(changed), text));
}

int addShapes(ProjectDocument& doc, std::vector<project::Annotation> shapes, const QString& text) {
  if (shapes.empty()) return 0;
  int added = 0;
  doc.undoStack()->beginMacro(text);
  for (auto& a : shapes) {
    a.id = 0;
    resetMetrics(a);
    added += push(doc, new AnnotationCommand(&doc, std::nullopt, std::move(a), text)) ? 1 : 0;
  }
  doc.undoStack()->endMacro();
  if (added == 0) dropEmptyMacro(doc.undoStack());
  return added;
}

int removeShapes(ProjectDocument& doc, const std::vector<project::Annotation>& shapes,
                 const QString& text) {
  if (shapes.empty()) return 0;
  int removed = 0;
  doc.undoStack()->beginMacro(text);
  for (const auto& a : shapes)
    removed += push(doc, new AnnotationCommand(&doc, a, std::nullopt, text)) ? 1 : 0;
  doc.undoStack()->endMacro();
  if (removed == 0) dropEmptyMacro(doc.undoStack());
  return removed;
}

}  // namespace sam3::ui::shape_commands
