#pragma once
// The open project as a Document (Tiled's pattern): it owns the project store and a QUndoStack and
// emits change signals; every edit is a QUndoCommand whose redo/undo is one store transaction, so
// a crash loses nothing and undo keeps working after every save. Views only listen.
// GUI thread only. Edits that the store refuses leave the stack and the store unchanged and are
// reported through editFailed(); the edit call returns false.
#include <QObject>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/project/project.h"

class QColor;
class QVariant;
class QUndoCommand;
class QUndoStack;

namespace sam3::ui {

// Stable names for rows whose store id changes when undo deletes them and redo re-inserts them:
// commands hold handles, the store holds ids.
class HandleMap {
 public:
  using Id = std::int64_t;
  using Handle = std::uint64_t;
  Handle handleOf(Id id);  // the row's handle, created on first use
  Handle fresh() { return m_next++; }
  Id idOf(Handle h) const;  // 0 while the row does not exist
  void bind(Handle h, Id id);
  void unbind(Handle h);

 private:
  std::map<Id, Handle> m_byId;
  std::map<Handle, Id> m_byHandle;
  Handle m_next = 1;
};

class ProjectDocument : public QObject {
  Q_OBJECT
 public:
  using Id = std::int64_t;

  // Opens an existing project folder; throws sam3::Error (IoError when it holds no project).
  static std::unique_ptr<ProjectDocument> open(const QString& dir, QObject* parent = nullptr);
  explicit ProjectDocument(project::Project store, QObject* parent = nullptr);
  ~ProjectDocument() override;

  QString dir() const;
  QString name() const;  // the project's name, else its folder name
  QUndoStack* undoStack() const { return m_undo; }

  const std::vector<project::Photo>& photos() const { return m_photos; }  // ordered by id
  std::optional<project::Photo> photo(Id id) const;
  QString photoPath(const project::Photo& p) const;  // the stored, EXIF-corrected file
  const std::vector<project::ClassInfo>& classes() const { return m_classes; }  // ordered by id
  std::optional<project::ClassInfo> classInfo(Id id) const;
  std::vector<project::Annotation> annotations(Id photoId) const;  // ordered by id
  int annotationCount(Id photoId) const;

  // Annotation edits; `current` is the annotation as the store holds it now.
  bool addAnnotation(project::Annotation a);
  bool removeAnnotation(const project::Annotation& current);
  bool moveVertex(const project::Annotation& current, int ring, int index, project::Point to);
  bool insertVertex(const project::Annotation& current, int ring, int index, project::Point at);
  bool removeVertex(const project::Annotation& current, int ring, int index);
  bool setAnnotationClass(const project::Annotation& current, Id classId);
  // Class edits.
  bool addClass(project::ClassInfo c);
  bool renameClass(Id classId, const QString& name);
  bool recolourClass(Id classId, const QColor& color);
  bool setClassPrompt(Id classId, const QString& prompt);
  // Removes the class and every shape that uses it (one undo step; undo restores them all).
  bool deleteClass(Id classId);
  int classUsage(Id classId) const;                   // shapes that use the class
  std::vector<Id> photosWithClass(Id classId) const;  // ascending

  // Photo-level fields, one undo step each; consecutive edits of one field of a photo merge. Adding
  // the first shape to an unlabeled photo makes it "in progress" in the same undo step.
  bool setPhotoStatus(Id photoId, project::PhotoStatus status);
  bool setPhotoSplit(Id photoId, project::Split split);
  bool setConfirmedNegative(Id photoId, bool negative);
  bool setPhotoVerdict(Id photoId, project::Verdict verdict);
  bool setPhotoNote(Id photoId, const QString& note);
  // Replaces a shape's key/value attributes (keys must be non-empty).
  bool setAnnotationAttributes(const project::Annotation& current,
                               std::map<std::string, std::string> attributes);

  // For the commands: the store, handle maps and the notifications they trigger.
  project::Project& store() { return m_store; }
  HandleMap& annotationHandles() { return m_annotationHandles; }
  HandleMap& classHandles() { return m_classHandles; }
  void notifyAnnotationsChanged(Id photoId);
  void notifyClassesChanged();
  void notifyPhotoChanged(Id photoId);  // re-reads the photo from the store
  void reportError(const QString& message);

 Q_SIGNALS:
  void annotationsChanged(qint64 photoId);
  void classesChanged();
  void photosChanged();
  void photoChanged(qint64 photoId);  // a photo-level field changed
  void editFailed(const QString& message);

 private:
  bool push(QUndoCommand* command);  // takes ownership
  bool editGeometry(const project::Annotation& current, project::Annotation changed,
                    const QString& text);
  bool editClass(Id classId, const QString& text,
                 const std::function<void(project::ClassInfo&)>& change);
  bool editPhoto(Id photoId, int field, const QVariant& value, const QString& text);

  project::Project m_store;
  QUndoStack* m_undo;
  std::vector<project::Photo> m_photos;
  std::vector<project::ClassInfo> m_classes;
  HandleMap m_annotationHandles;
  HandleMap m_classHandles;
  bool m_lastEditFailed = false;
};

}  // namespace sam3::ui
