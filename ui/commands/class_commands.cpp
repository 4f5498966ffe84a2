#include "ui/commands/class_commands.h"

#include "core/util/errors.h"

namespace sam3::ui {

ClassCommand::ClassCommand(ProjectDocument* doc, std::optional<project::ClassInfo> before,
                           std::optional<project::ClassInfo> after, const QString& text)
    : QUndoCommand(text), m_doc(doc), m_before(std::move(before)), m_after(std::move(after)) {
  Q_ASSERT(m_before || m_after);
  auto& handles = doc->classHandles();
  m_handle = m_before ? handles.handleOf(m_before->id) : handles.fresh();
}

void ClassCommand::redo() {
  apply(m_before, m_after);
}
void ClassCommand::undo() {
  apply(m_after, m_before);
}

void ClassCommand::apply(const std::optional<project::ClassInfo>& from,
                         const std::optional<project::ClassInfo>& to) {
  auto& handles = m_doc->classHandles();
  try {
    if (!to) {
      // Only an added class is ever removed, and only after the edits that used it were undone.
      m_doc->store().remove_class(handles.idOf(m_handle));
      handles.unbind(m_handle);
    } else if (from) {
      project::ClassInfo c = *to;
      c.id = handles.idOf(m_handle);
      m_doc->store().update_class(c);
    } else {
      handles.bind(m_handle, m_doc->store().add_class(*to));
    }
  } catch (const sam3::Error& e) {
    setObsolete(true);
    m_doc->reportError(tr("%1 failed: %2").arg(text(), QString::fromStdString(e.what())));
    return;
  }
  m_doc->notifyClassesChanged();
}

}  // namespace sam3::ui
