#pragma once
// Undoable photo-level edits: status, split, "confirmed negative", inspection verdict and note.
// Each command changes one field; redo and undo read the photo from the store, set the field and
// write it back in one transaction, so edits of other fields in between are kept. Consecutive
// edits of one field of one photo (typing a note, stepping through a combo box with the arrow
// keys) merge into one undo step. ShapeStatusCommand pairs a shape edit with the
// status rule "a photo that gets its first shape is in progress", as one undo step.
// Failures mark the command obsolete (QUndoStack drops it) and are reported through the document.
#include <QCoreApplication>
#include <QUndoCommand>
#include <QVariant>

#include <memory>

#include "core/project/types.h"
#include "ui/project_document.h"

namespace sam3::ui {

class PhotoCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(PhotoCommand)

 public:
  enum class Field { Status, Split, Negative, Verdict, Note };
  static constexpr int kMergeIdBase = 0x5100;  // + field

  // `before` and `after` hold the field's value: an int for the enums, bool, or QString.
  PhotoCommand(ProjectDocument* doc, qint64 photoId, Field field, QVariant before, QVariant after,
               const QString& text);
  void redo() override;
  void undo() override;
  int id() const override { return kMergeIdBase + static_cast<int>(m_field); }
  bool mergeWith(const QUndoCommand* other) override;

  static QVariant valueOf(const project::Photo& p, Field field);

 private:
  void apply(const QVariant& value);

  ProjectDocument* m_doc;
  qint64 m_photoId;
  Field m_field;
  QVariant m_before;
  QVariant m_after;
};

class ShapeStatusCommand : public QUndoCommand {
 public:
  // Runs `edit` first; then, when it succeeded, `status` (either may be null: then it is skipped).
  ShapeStatusCommand(std::unique_ptr<QUndoCommand> edit, std::unique_ptr<PhotoCommand> status);
  void redo() override;
  void undo() override;

 private:
  std::unique_ptr<QUndoCommand> m_edit;
  std::unique_ptr<PhotoCommand> m_status;
};

}  // namespace sam3::ui
