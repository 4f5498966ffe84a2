#pragma once
// The dialogs that ask what to import, where and how to export, and where a new project goes.
// They only collect a request; TaskDialog runs it (project_tasks.h). GUI thread only.
#include <QDialog>

#include "ui/shell/project_tasks.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sam3::ui {

// New Project: a name and a folder that does not exist yet (or is empty).
class NewProjectDialog : public QDialog {
  Q_OBJECT
 public:
  explicit NewProjectDialog(const QString& baseDir, QWidget* parent = nullptr);
  QString name() const;
  QString folder() const;   // the project folder: <location>/<name>
  QString problem() const;  // why OK is disabled (translated), or empty
  QLineEdit* nameEdit() const { return m_name; }
  QLineEdit* locationEdit() const { return m_location; }

 private:
  void validate();
  QLineEdit* m_name;
  QLineEdit* m_location;
  QLabel* m_folder;
  QDialogButtonBox* m_buttons;
  QString m_problem;
};

// Import: photos (files or a folder) or a dataset (COCO json, Roboflow/COCO folder, YOLO
// data.yaml, VOC folder, labelme); the detected format is shown before anything is read.
class ImportDialog : public QDialog {
  Q_OBJECT
 public:
  ImportDialog(const QString& projectDir, QWidget* parent = nullptr);
  void setSource(const QString& path);  // a dataset or a photo folder
  void setPhotoFiles(const QStringList& files);
  ImportRequest request() const;
  QString detected() const;  // the description shown (translated), or empty
  bool isAcceptable() const;

 private:
  void refresh();
  QString m_projectDir;
  QStringList m_paths;
  ImportRequest::Kind m_kind = ImportRequest::Kind::Dataset;
  QString m_detectedText;
  QLineEdit* m_source;
  QLabel* m_detected;
  QDialogButtonBox* m_buttons;
  QPushButton* m_importButton = nullptr;
};

// Export: format (COCO, Roboflow, YOLO, VOC), a new or empty folder, photos or not.
class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const QString& projectDir, QWidget* parent = nullptr);
  ExportRequest request() const;
  QComboBox* formatBox() const { return m_format; }
  QLineEdit* folderEdit() const { return m_out; }
  QString problem() const;  // why OK is disabled (translated), or empty

 private:
  void refresh();
  QString m_projectDir;
  QComboBox* m_format;
  QLineEdit* m_out;
  QCheckBox* m_photos;
  QLabel* m_hint;
  QLabel* m_problem;
  QDialogButtonBox* m_buttons;
  QPushButton* m_exportButton = nullptr;
};

}  // namespace sam3::ui
