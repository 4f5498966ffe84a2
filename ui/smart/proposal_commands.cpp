#include "ui/smart/proposal_commands.h"

#include <QCoreApplication>
#include <QUndoStack>

#include "ui/commands/annotation_commands.h"
#include "ui/commands/shape_commands.h"
#include "ui/project_document.h"

namespace sam3::ui::proposal_commands {
namespace {

QString trText(const char* text, int n) {
  return QCoreApplication::translate("ProposalCommands", text, nullptr, n);
}

// The shapes of `shapes` that the store still holds as proposals (their current state).
std::vector<project::Annotation> stillPending(const ProjectDocument& doc,
                                              const std::vector<project::Annotation>& shapes) {
  std::vector<project::Annotation> out;
  for (const auto& s : shapes) {
    for (const auto& a : doc.annotations(s.photo_id))
      if (a.id == s.id && a.source == project::Source::Model) out.push_back(a);
  }
  return out;
}

}  // namespace

std::vector<project::Annotation> pending(const ProjectDocument& doc, qint64 photoId) {
  std::vector<project::Annotation> out;
  for (auto& a : doc.annotations(photoId))
    if (a.source == project::Source::Model) out.push_back(std::move(a));
  return out;
}

int add(ProjectDocument& doc, std::vector<project::Annotation> proposals, const QString& text) {
  for (auto& a : proposals) a.source = project::Source::Model;
  return shape_commands::addShapes(doc, std::move(proposals), text);
}

int accept(ProjectDocument& doc, const std::vector<project::Annotation>& shapes) {
  const auto todo = stillPending(doc, shapes);
  if (todo.empty()) return 0;
  const QString text = trText(QT_TRANSLATE_N_NOOP("ProposalCommands", "Accept %n proposal(s)"),
                              static_cast<int>(todo.size()));
  QUndoStack* stack = doc.undoStack();
  const int before = stack->count();
  stack->beginMacro(text);
  for (const auto& a : todo) {
    project::Annotation accepted = a;
    accepted.source = project::Source::Accepted;  // the score stays: where it came from
    stack->push(new AnnotationCommand(&doc, a, accepted, text));
  }
  stack->endMacro();
  // Commands the store refused made themselves obsolete; count what the store now holds.
  int changed = 0;
  for (const auto& a : todo)
    for (const auto& now : doc.annotations(a.photo_id))
      if (now.id == a.id && now.source == project::Source::Accepted) ++changed;
  if (changed == 0 && stack->count() > before) {
    auto* macro = const_cast<QUndoCommand*>(stack->command(stack->index() - 1));
    macro->setObsolete(true);
    stack->undo();
  }
  return changed;
}

int reject(ProjectDocument& doc, const std::vector<project::Annotation>& shapes) {
  const auto todo = stillPending(doc, shapes);
  if (todo.empty()) return 0;
  return shape_commands::removeShapes(
      doc, todo,
      trText(QT_TRANSLATE_N_NOOP("ProposalCommands", "Reject %n proposal(s)"),
             static_cast<int>(todo.size())));
}

}  // namespace sam3::ui::proposal_commands
