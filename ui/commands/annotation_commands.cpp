#include "ui/commands/annotation_commands.h"

#include "core/util/errors.h"

namespace sam3::ui {

AnnotationCommand::AnnotationCommand(ProjectDocument* doc,
                                     std::optional<project::Annotation> before,
                                     std::optional<project::Annotation> after, const QString& text)
    : QUndoCommand(text), m_doc(doc) {
  Q_ASSERT(before || after);
  auto& handles = doc->annotationHandles();
  m_handle = before ? handles.handleOf(before->id) : handles.fresh();
  m_before = capture(before);
  m_after = capture(after);
}

std::optional<AnnotationCommand::State> AnnotationCommand::capture(
    const std::optional<project::Annotation>& a) {
  if (!a) return std::nullopt;
  return State{*a, m_doc->classHandles().handleOf(a->class_id)};
}

void AnnotationCommand::redo() {
  apply(m_before, m_after);
}
void AnnotationCommand::undo() {
  apply(m_after, m_before);
}

void AnnotationCommand::apply(const std::optional<State>& from, const std::optional<State>& to) {
  auto& handles = m_doc->annotationHandles();
  const auto photoId = to ? to->annotation.photo_id : from->annotation.photo_id;
  try {
    if (!to) {
      m_doc->store().remove_annotation(handles.idOf(m_handle));
      handles.unbind(m_handle);
    } else {
      project::Annotation a = to->annotation;
      a.class_id = m_doc->classHandles().idOf(to->classHandle);
      if (from) {
        a.id = handles.idOf(m_handle);
        m_doc->store().update_annotation(a);
      } else {
        handles.bind(m_handle, m_doc->store().add_annotation(a));
      }
    }
  } catch (const sam3::Error& e) {
    setObsolete(true);
    m_doc->reportError(tr("%1 failed: %2").arg(text(), QString::fromStdString(e.what())));
    return;
  }
  m_doc->notifyAnnotationsChanged(photoId);
}

}  // namespace sam3::ui
