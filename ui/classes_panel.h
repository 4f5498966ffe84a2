#pragma once
// The Classes dock: each class with its colour swatch, name and the SAM3 text prompt, both
// editable in place (each edit an undoable document command); a warning icon marks a name or
// prompt that still carries a Roboflow-generated suffix. The current row is the class new shapes
// get; "Assign" gives it to the canvas' selected shape (assignRequested). "Delete" (or the Delete
// key in the table) asks first, naming how many shapes use the class; the shapes go with it and
// undo brings both back.
#include <QWidget>

class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace sam3::ui {

class ProjectDocument;

class ClassesPanel : public QWidget {
  Q_OBJECT
 public:
  enum Column { NameColumn = 0, PromptColumn = 1 };
  explicit ClassesPanel(QWidget* parent = nullptr);
  void setDocument(ProjectDocument* doc);
  qint64 currentClassId() const;
  void setCurrentClassId(qint64 classId);
  QTableWidget* table() const { return m_table; }
  static bool hasRoboflowSuffix(const QString& text);

 Q_SIGNALS:
  void currentClassChanged(qint64 classId);
  void assignRequested(qint64 classId);

 protected:
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void rebuild();
  void itemEdited(QTableWidgetItem* item);
  void addClass();
  void chooseColour();
  void deleteClass();
  void retranslate();

  ProjectDocument* m_doc = nullptr;
  QTableWidget* m_table;
  QPushButton* m_add;
  QPushButton* m_colour;
  QPushButton* m_assign;
  QPushButton* m_delete;
};

}  // namespace sam3::ui
