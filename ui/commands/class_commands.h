#pragma once
// Undoable class edits (add, rename, recolour, prompt). Like AnnotationCommand: before/after
// states, one store transaction per redo/undo, the class named by a handle.
// DeleteClassCommand removes a class together with every shape that uses it (one transaction) and
// undo restores both, with new ids that the handles follow (earlier commands stay valid).
#include <QCoreApplication>
#include <QUndoCommand>

#include <optional>
#include <vector>

#include "core/project/types.h"
#include "ui/project_document.h"

namespace sam3::ui {

class ClassCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(ClassCommand)

 public:
  ClassCommand(ProjectDocument* doc, std::optional<project::ClassInfo> before,
               std::optional<project::ClassInfo> after, const QString& text);
  void redo() override;
  void undo() override;

 private:
  void apply(const std::optional<project::ClassInfo>& from,
             const std::optional<project::ClassInfo>& to);

  ProjectDocument* m_doc;
  HandleMap::Handle m_handle;
  std::optional<project::ClassInfo> m_before;
  std::optional<project::ClassInfo> m_after;
};

class DeleteClassCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(DeleteClassCommand)

 public:
  // `shapes`: every annotation of the class as the store holds it now.
  DeleteClassCommand(ProjectDocument* doc, project::ClassInfo cls,
                     std::vector<project::Annotation> shapes, const QString& text);
  void redo() override;
  void undo() override;
  int shapeCount() const { return static_cast<int>(m_shapes.size()); }

 private:
  void notify(bool classesFirst);
  void fail(const std::exception& e);

  ProjectDocument* m_doc;
  HandleMap::Handle m_handle;
  project::ClassInfo m_class;
  std::vector<std::pair<HandleMap::Handle, project::Annotation>> m_shapes;
};

}  // namespace sam3::ui
