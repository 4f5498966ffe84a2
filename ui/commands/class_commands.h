#pragma once
// Undoable class edits (add, rename, recolour, prompt). Like AnnotationCommand: before/after
// states, one store transaction per redo/undo, the class named by a handle.
#include <QCoreApplication>
#include <QUndoCommand>

#include <optional>

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

}  // namespace sam3::ui
