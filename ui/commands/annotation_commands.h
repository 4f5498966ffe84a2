#pragma once
// Undoable annotation edits. One command holds the annotation before and after (either empty for
// add/remove); redo and undo each write the store in one transaction. The annotation is named by a
// handle, so its id may change when undo deletes it and redo re-inserts it. Failures mark the
// command obsolete (QUndoStack drops it) and are reported through the document.
#include <QCoreApplication>
#include <QUndoCommand>

#include <optional>

#include "core/project/types.h"
#include "ui/project_document.h"

namespace sam3::ui {

class AnnotationCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(AnnotationCommand)

 public:
  // `before`/`after` carry current store ids; at least one of them is set.
  AnnotationCommand(ProjectDocument* doc, std::optional<project::Annotation> before,
                    std::optional<project::Annotation> after, const QString& text);
  void redo() override;
  void undo() override;

 private:
  struct State {
    project::Annotation annotation;
    HandleMap::Handle classHandle = 0;
  };
  std::optional<State> capture(const std::optional<project::Annotation>& a);
  void apply(const std::optional<State>& from, const std::optional<State>& to);

  ProjectDocument* m_doc;
  HandleMap::Handle m_handle;
  std::optional<State> m_before;
  std::optional<State> m_after;
};

}  // namespace sam3::ui
