#include "ui/project_document.h"

#include <QColor>
#include <QDir>
#include <QUndoStack>
#include <QVariant>

#include <algorithm>

#include "core/util/errors.h"
#include "ui/commands/annotation_commands.h"
#include "ui/commands/class_commands.h"
#include "ui/commands/photo_commands.h"

namespace sam3::ui {

HandleMap::Handle HandleMap::handleOf(Id id) {
  auto it = m_byId.find(id);
  if (it != m_byId.end()) return it->second;
  const Handle h = fresh();
  bind(h, id);
  return h;
}

HandleMap::Id HandleMap::idOf(Handle h) const {
  auto it = m_byHandle.find(h);
  return it == m_byHandle.end() ? 0 : it->second;
}

void HandleMap::bind(Handle h, Id id) {
  unbind(h);
  m_byId[id] = h;  // a re-used id now names this row
  m_byHandle[h] = id;
}

void HandleMap::unbind(Handle h) {
  auto it = m_byHandle.find(h);
  if (it == m_byHandle.end()) return;
  auto byId = m_byId.find(it->second);
  if (byId != m_byId.end() && byId->second == h) m_byId.erase(byId);
  m_byHandle.erase(it);
}

std::unique_ptr<ProjectDocument> ProjectDocument::open(const QString& dir, QObject* parent) {
  return std::make_unique<ProjectDocument>(
      project::Project::open(QDir(dir).absolutePath().toStdString()), parent);
}

ProjectDocument::ProjectDocument(project::Project store, QObject* parent)
    : QObject(parent), m_store(std::move(store)), m_undo(new QUndoStack(this)) {
  m_photos = m_store.photos();
  m_classes = m_store.classes();
}

ProjectDocument::~ProjectDocument() {
  // Commands refer to this document; they go before the store does.
  m_undo->clear();
}

QString ProjectDocument::dir() const {
  return QString::fromStdString(m_store.dir().string());
}

QString ProjectDocument::name() const {
  const std::string n = m_store.meta("name");
  return n.empty() ? QDir(dir()).dirName() : QString::fromStdString(n);
}

std::optional<project::Photo> ProjectDocument::photo(Id id) const {
  // Ordered by id: 10,000 photos are a binary search away.
  auto it = std::lower_bound(m_photos.begin(), m_photos.end(), id,
                             [](const project::Photo& p, Id v) { return p.id < v; });
  if (it == m_photos.end() || it->id != id) return std::nullopt;
  return *it;
}

QString ProjectDocument::photoPath(const project::Photo& p) const {
  return QString::fromStdString(m_store.photo_path(p).string());
}

std::optional<project::ClassInfo> ProjectDocument::classInfo(Id id) const {
  for (const auto& c : m_classes)
    if (c.id == id) return c;
  return std::nullopt;
}

std::vector<project::Annotation> ProjectDocument::annotations(Id photoId) const {
  return m_store.annotations(photoId);
}

int ProjectDocument::annotationCount(Id photoId) const {
  return static_cast<int>(m_store.annotations(photoId).size());
}

bool ProjectDocument::addAnnotation(project::Annotation a) {
  a.id = 0;
  a.area.reset();
  a.metrics_origin = project::MetricsOrigin::Computed;
  const QString text = a.kind == project::ShapeKind::Box ? tr("Draw box") : tr("Draw polygon");
  auto edit = std::make_unique<AnnotationCommand>(this, std::nullopt, a, text);
  const auto p = photo(a.photo_id);
  if (!p || p->status != project::PhotoStatus::Unlabeled) return push(edit.release());
  auto status = std::make_unique<PhotoCommand>(
      this, p->id, PhotoCommand::Field::Status, static_cast<int>(p->status),
      static_cast<int>(project::PhotoStatus::InProgress), tr("Set status"));
  return push(new ShapeStatusCommand(std::move(edit), std::move(status)));
}

bool ProjectDocument::removeAnnotation(const project::Annotation& current) {
  return push(new AnnotationCommand(this, current, std::nullopt, tr("Delete shape")));
}

bool ProjectDocument::editGeometry(const project::Annotation& current, project::Annotation changed,
                                   const QString& text) {
  changed.area.reset();  // geometry changed: bbox and area are recomputed by the store
  changed.metrics_origin = project::MetricsOrigin::Computed;
  return push(new AnnotationCommand(this, current, std::move(changed), text));
}

bool ProjectDocument::moveVertex(const project::Annotation& current, int ring, int index,
                                 project::Point to) {
  if (ring < 0 || ring >= static_cast<int>(current.rings.size())) return false;
  auto& r = current.rings[static_cast<std::size_t>(ring)];
  if (index < 0 || index >= static_cast<int>(r.size())) return false;
  project::Annotation changed = current;
  changed.rings[static_cast<std::size_t>(ring)][static_cast<std::size_t>(index)] = to;
  return editGeometry(current, std::move(changed), tr("Move vertex"));
}

bool ProjectDocument::insertVertex(const project::Annotation& current, int ring, int index,
                                   project::Point at) {
  if (ring < 0 || ring >= static_cast<int>(current.rings.size())) return false;
  auto& r = current.rings[static_cast<std::size_t>(ring)];
  if (index < 0 || index > static_cast<int>(r.size())) return false;
  project::Annotation changed = current;
  auto& cr = changed.rings[static_cast<std::size_t>(ring)];
  cr.insert(cr.begin() + index, at);
  return editGeometry(current, std::move(changed), tr("Insert vertex"));
}

bool ProjectDocument::removeVertex(const project::Annotation& current, int ring, int index) {
  if (ring < 0 || ring >= static_cast<int>(current.rings.size())) return false;
  auto& r = current.rings[static_cast<std::size_t>(ring)];
  // A polygon keeps at least three points; delete the shape instead.
  if (index < 0 || index >= static_cast<int>(r.size()) || r.size() <= 3) return false;
  project::Annotation changed = current;
  auto& cr = changed.rings[static_cast<std::size_t>(ring)];
  cr.erase(cr.begin() + index);
  return editGeometry(current, std::move(changed), tr("Delete vertex"));
}

bool ProjectDocument::setAnnotationClass(const project::Annotation& current, Id classId) {
  if (current.class_id == classId || !classInfo(classId)) return false;
  project::Annotation changed = current;
  changed.class_id = classId;
  return push(new AnnotationCommand(this, current, std::move(changed), tr("Change class")));
}

bool ProjectDocument::addClass(project::ClassInfo c) {
  c.id = 0;
  if (c.name.empty()) {
    reportError(tr("A class needs a name."));
    return false;
  }
  return push(new ClassCommand(this, std::nullopt, std::move(c), tr("Add class")));
}

bool ProjectDocument::editClass(Id classId, const QString& text,
                                const std::function<void(project::ClassInfo&)>& change) {
  auto current = classInfo(classId);
  if (!current) return false;
  project::ClassInfo changed = *current;
  change(changed);
  if (changed.name == current->name && changed.color == current->color &&
      changed.prompt == current->prompt)
    return false;
  return push(new ClassCommand(this, current, std::move(changed), text));
}

bool ProjectDocument::renameClass(Id classId, const QString& name) {
  if (name.trimmed().isEmpty()) {
    reportError(tr("A class needs a name."));
    return false;
  }
  return editClass(classId, tr("Rename class"),
                   [&](project::ClassInfo& c) { c.name = name.trimmed().toStdString(); });
}

bool ProjectDocument::recolourClass(Id classId, const QColor& color) {
  if (!color.isValid()) return false;
  return editClass(classId, tr("Recolour class"), [&](project::ClassInfo& c) {
    c.color = color.name(QColor::HexRgb).toStdString();
  });
}

bool ProjectDocument::setClassPrompt(Id classId, const QString& prompt) {
  return editClass(classId, tr("Edit prompt"),
                   [&](project::ClassInfo& c) { c.prompt = prompt.trimmed().toStdString(); });
}

bool ProjectDocument::deleteClass(Id classId) {
  auto c = classInfo(classId);
  if (!c) return false;
  return push(new DeleteClassCommand(this, *c, m_store.class_annotations(classId),
                                     tr("Delete class %1").arg(QString::fromStdString(c->name))));
}

int ProjectDocument::classUsage(Id classId) const {
  return static_cast<int>(m_store.class_annotations(classId).size());
}

std::vector<ProjectDocument::Id> ProjectDocument::photosWithClass(Id classId) const {
  return m_store.photos_with_class(classId);
}

bool ProjectDocument::editPhoto(Id photoId, int field, const QVariant& value, const QString& text) {
  const auto p = photo(photoId);
  if (!p) return false;
  const auto f = static_cast<PhotoCommand::Field>(field);
  const QVariant before = PhotoCommand::valueOf(*p, f);
  if (before == value) return false;
  return push(new PhotoCommand(this, photoId, f, before, value, text));
}

bool ProjectDocument::setPhotoStatus(Id photoId, project::PhotoStatus status) {
  return editPhoto(photoId, static_cast<int>(PhotoCommand::Field::Status), static_cast<int>(status),
                   tr("Set status"));
}

bool ProjectDocument::setPhotoSplit(Id photoId, project::Split split) {
  return editPhoto(photoId, static_cast<int>(PhotoCommand::Field::Split), static_cast<int>(split),
                   tr("Set split"));
}

bool ProjectDocument::setConfirmedNegative(Id photoId, bool negative) {
  return editPhoto(photoId, static_cast<int>(PhotoCommand::Field::Negative), negative,
                   negative ? tr("Mark as negative") : tr("Unmark negative"));
}

bool ProjectDocument::setPhotoVerdict(Id photoId, project::Verdict verdict) {
  return editPhoto(photoId, static_cast<int>(PhotoCommand::Field::Verdict),
                   static_cast<int>(verdict), tr("Set verdict"));
}

bool ProjectDocument::setPhotoNote(Id photoId, const QString& note) {
  return editPhoto(photoId, static_cast<int>(PhotoCommand::Field::Note), note, tr("Edit note"));
}

bool ProjectDocument::setAnnotationAttributes(const project::Annotation& current,
                                              std::map<std::string, std::string> attributes) {
  for (const auto& [key, value] : attributes)
    if (QString::fromStdString(key).trimmed().isEmpty()) {
      reportError(tr("An attribute needs a name."));
      return false;
    }
  if (attributes == current.attributes) return false;
  project::Annotation changed = current;
  changed.attributes = std::move(attributes);
  return push(new AnnotationCommand(this, current, std::move(changed), tr("Edit attributes")));
}

void ProjectDocument::notifyPhotoChanged(Id photoId) {
  auto it = std::lower_bound(m_photos.begin(), m_photos.end(), photoId,
                             [](const project::Photo& p, Id v) { return p.id < v; });
  const auto stored = m_store.photo(photoId);
  if (it == m_photos.end() || it->id != photoId || !stored) return;
  *it = *stored;
  Q_EMIT photoChanged(photoId);
}

void ProjectDocument::notifyAnnotationsChanged(Id photoId) {
  Q_EMIT annotationsChanged(photoId);
}

void ProjectDocument::notifyClassesChanged() {
  m_classes = m_store.classes();
  Q_EMIT classesChanged();
}

bool ProjectDocument::push(QUndoCommand* command) {
  // A command whose first redo fails reports, marks itself obsolete and QUndoStack deletes it.
  m_lastEditFailed = false;
  m_undo->push(command);
  return !m_lastEditFailed;
}

void ProjectDocument::reportError(const QString& message) {
  m_lastEditFailed = true;
  Q_EMIT editFailed(message);
}

}  // namespace sam3::ui
