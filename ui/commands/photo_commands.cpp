#include "ui/commands/photo_commands.h"

#include "core/util/errors.h"

namespace sam3::ui {

PhotoCommand::PhotoCommand(ProjectDocument* doc, qint64 photoId, Field field, QVariant before,
                           QVariant after, const QString& text)
    : QUndoCommand(text),
      m_doc(doc),
      m_photoId(photoId),
      m_field(field),
      m_before(std::move(before)),
      m_after(std::move(after)) {}

QVariant PhotoCommand::valueOf(const project::Photo& p, Field field) {
  switch (field) {
    case Field::Status:
      return static_cast<int>(p.status);
    case Field::Split:
      return static_cast<int>(p.split);
    case Field::Negative:
      return p.confirmed_negative;
    case Field::Verdict:
      return static_cast<int>(p.verdict);
    case Field::Note:
      return QString::fromStdString(p.note);
  }
  return {};
}

void PhotoCommand::redo() {
  apply(m_after);
}
void PhotoCommand::undo() {
  apply(m_before);
}

bool PhotoCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = dynamic_cast<const PhotoCommand*>(other);
  if (!o || o->m_photoId != m_photoId || o->m_field != m_field) return false;
  m_after = o->m_after;
  // Back at the value it started from: nothing left to undo.
  if (m_after == m_before) setObsolete(true);
  return true;
}

void PhotoCommand::apply(const QVariant& value) {
  try {
    auto p = m_doc->store().photo(m_photoId);
    if (!p) throw InvalidInput("no photo with id " + std::to_string(m_photoId));
    switch (m_field) {
      case Field::Status:
        p->status = static_cast<project::PhotoStatus>(value.toInt());
        break;
      case Field::Split:
        p->split = static_cast<project::Split>(value.toInt());
        break;
      case Field::Negative:
        p->confirmed_negative = value.toBool();
        break;
      case Field::Verdict:
        p->verdict = static_cast<project::Verdict>(value.toInt());
        break;
      case Field::Note:
        p->note = value.toString().toStdString();
        break;
    }
    m_doc->store().update_photo(*p);
  } catch (const sam3::Error& e) {
    setObsolete(true);
    m_doc->reportError(tr("%1 failed: %2").arg(text(), QString::fromStdString(e.what())));
    return;
  }
  m_doc->notifyPhotoChanged(m_photoId);
}

ShapeStatusCommand::ShapeStatusCommand(std::unique_ptr<QUndoCommand> edit,
                                       std::unique_ptr<PhotoCommand> status)
    : QUndoCommand(edit ? edit->text() : QString()),
      m_edit(std::move(edit)),
      m_status(std::move(status)) {}

void ShapeStatusCommand::redo() {
  if (m_edit) {
    m_edit->redo();
    if (m_edit->isObsolete()) {
      setObsolete(true);
      return;
    }
  }
  if (m_status && !m_status->isObsolete()) m_status->redo();
}

void ShapeStatusCommand::undo() {
  if (m_status && !m_status->isObsolete()) m_status->undo();
  if (m_edit) {
    m_edit->undo();
    if (m_edit->isObsolete()) setObsolete(true);
  }
}

}  // namespace sam3::ui
