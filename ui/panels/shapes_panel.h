#pragma once
// The Shapes dock: the current photo's shapes (class colour and name, kind and vertex count) with
// the selection kept in step with the canvas both ways, and the selected shape's key/value
// attributes, edited in place. Model proposals (pre-labelling) show their score; a row of buttons
// accepts or rejects the selected one or all of the photo's. Every edit (attributes, delete) is an
// undoable document command. GUI thread only.
#include <QWidget>

#include <map>
#include <optional>
#include <string>

#include "core/project/types.h"

class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace sam3::ui {

class ProjectDocument;

class ShapesPanel : public QWidget {
  Q_OBJECT
 public:
  enum Column { ClassColumn = 0, ShapeColumn = 1 };
  enum AttributeColumn { KeyColumn = 0, ValueColumn = 1 };

  explicit ShapesPanel(QWidget* parent = nullptr);
  void setDocument(ProjectDocument* doc);
  qint64 photoId() const { return m_photoId; }
  qint64 selectedShape() const;  // 0: none
  QTableWidget* shapesTable() const { return m_shapes; }
  QTableWidget* attributesTable() const { return m_attributes; }

 public Q_SLOTS:
  void setPhoto(qint64 photoId);          // 0: none
  void setSelectedShape(qint64 shapeId);  // from the canvas; emits nothing

 Q_SIGNALS:
  void shapeSelected(qint64 shapeId);  // the user picked a row (0: none)

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void rebuild();
  void rebuildAttributes();
  void attributeEdited(QTableWidgetItem* item);
  void addAttribute();
  void removeAttribute();
  void deleteShape();
  std::optional<project::Annotation> selectedAnnotation() const;
  void updateProposalButtons();
  void proposalButton(int which);  // accept, reject, accept all, reject all
  void retranslate();

  ProjectDocument* m_doc = nullptr;
  qint64 m_photoId = 0;
  QTableWidget* m_shapes;
  QLabel* m_attributesLabel;
  QTableWidget* m_attributes;
  QPushButton* m_delete;
  QPushButton* m_addAttribute;
  QPushButton* m_removeAttribute;
  QLabel* m_proposalsLabel;
  QPushButton* m_proposalButtons[4] = {};
};

}  // namespace sam3::ui
