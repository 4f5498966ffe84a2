#include "ui/commands/class_commands.h"

#include <set>

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

DeleteClassCommand::DeleteClassCommand(ProjectDocument* doc, project::ClassInfo cls,
                                       std::vector<project::Annotation> shapes, const QString& text)
    : QUndoCommand(text), m_doc(doc), m_class(std::move(cls)) {
  m_handle = doc->classHandles().handleOf(m_class.id);
  for (auto& a : shapes) {
    const auto h = doc->annotationHandles().handleOf(a.id);
    m_shapes.emplace_back(h, std::move(a));
  }
}

void DeleteClassCommand::redo() {
  auto& shapes = m_doc->annotationHandles();
  auto& classes = m_doc->classHandles();
  try {
    m_doc->store().batch([&] {
      for (const auto& [h, a] : m_shapes) m_doc->store().remove_annotation(shapes.idOf(h));
      m_doc->store().remove_class(classes.idOf(m_handle));
    });
  } catch (const sam3::Error& e) {
    fail(e);
    return;
  }
  for (const auto& [h, a] : m_shapes) shapes.unbind(h);
  classes.unbind(m_handle);
  notify(false);
}

void DeleteClassCommand::undo() {
  std::int64_t classId = 0;
  std::vector<std::int64_t> ids;
  try {
    m_doc->store().batch([&] {
      ids.clear();
      project::ClassInfo c = m_class;
      classId = m_doc->store().add_class(c);
      for (const auto& [h, stored] : m_shapes) {
        project::Annotation a = stored;  // keeps its area and metrics origin
        a.class_id = classId;
        ids.push_back(m_doc->store().add_annotation(a));
      }
    });
  } catch (const sam3::Error& e) {
    fail(e);
    return;
  }
  // Bound only after the commit: a rolled-back transaction leaves the handles unbound.
  m_doc->classHandles().bind(m_handle, classId);
  for (std::size_t i = 0; i < ids.size(); ++i)
    m_doc->annotationHandles().bind(m_shapes[i].first, ids[i]);
  notify(true);
}

// Views never see a shape whose class is missing: shapes go before their class, and come back
// after.
void DeleteClassCommand::notify(bool classesFirst) {
  if (classesFirst) m_doc->notifyClassesChanged();
  std::set<std::int64_t> photos;
  for (const auto& [h, a] : m_shapes) photos.insert(a.photo_id);
  for (const auto photo : photos) m_doc->notifyAnnotationsChanged(photo);
  if (!classesFirst) m_doc->notifyClassesChanged();
}

void DeleteClassCommand::fail(const std::exception& e) {
  setObsolete(true);
  m_doc->reportError(tr("%1 failed: %2").arg(text(), QString::fromStdString(e.what())));
}

}  // namespace sam3::ui
