#pragma once
// Model proposals (annotations with source = model, added by text pre-labelling) and what the
// inspector does with them: accept (the shape becomes source = accepted, a human-confirmed
// annotation that export includes) or reject (the shape goes). Several shapes are one undo step
// (a QUndoStack macro on the document's stack); every command writes the store at once.
// Proposals are added as new rows beside the human shapes, never replacing or moving them.
// GUI thread only. Shapes that are not proposals (as the store holds them now) are skipped.
#include <QString>

#include <vector>

#include "core/project/types.h"

namespace sam3::ui {

class ProjectDocument;

namespace proposal_commands {

// The photo's pending proposals, ordered by id.
std::vector<project::Annotation> pending(const ProjectDocument& doc, qint64 photoId);
// Adds `proposals` (ids ignored; source set to model) as one undo step; returns how many.
int add(ProjectDocument& doc, std::vector<project::Annotation> proposals, const QString& text);
// Accepts / rejects the proposals among `shapes`; returns how many changed.
int accept(ProjectDocument& doc, const std::vector<project::Annotation>& shapes);
int reject(ProjectDocument& doc, const std::vector<project::Annotation>& shapes);

}  // namespace proposal_commands
}  // namespace sam3::ui
