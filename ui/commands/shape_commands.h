#pragma once
// Whole-shape edits the canvas makes beyond ProjectDocument's vertex edits: new geometry (move,
// holes), class changes of several shapes, pasting several shapes. Each is one undo step on the
// document's stack (several shapes: one QUndoStack macro of AnnotationCommands) and every command
// writes the store in its own transaction at once, like the document's own edits.
// Return false (and leave stack and store as they were for that shape) when the store refuses;
// the document reports why through editFailed().
#include <QString>

#include <vector>

#include "core/project/types.h"

namespace sam3::ui {

class ProjectDocument;

namespace shape_commands {

// Replaces the geometry of `current` (rings or bbox of `changed`); area and bbox are recomputed
// by the store. False when nothing changed.
bool setGeometry(ProjectDocument& doc, const project::Annotation& current,
                 project::Annotation changed, const QString& text);
// Adds `shapes` (ids ignored, metrics recomputed) as one undo step; returns how many were stored.
int addShapes(ProjectDocument& doc, std::vector<project::Annotation> shapes, const QString& text);
// Removes `shapes` (as the store holds them) as one undo step; returns how many were removed.
int removeShapes(ProjectDocument& doc, const std::vector<project::Annotation>& shapes,
                 const QString& text);

}  // namespace shape_commands
}  // namespace sam3::ui
