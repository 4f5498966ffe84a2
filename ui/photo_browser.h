#pragma once
// The Photos dock: a filterable list of the project's photos with thumbnails and status/split
// badges. D / A (like labelme) go to the next / previous photo of the filtered list from anywhere
// in the window. Emits currentPhotoChanged(0) when no photo is selected.
#include <QWidget>

class QComboBox;
class QLineEdit;
class QListView;

namespace sam3::ui {

class PhotoFilterModel;
class PhotoListModel;
class ProjectDocument;

class PhotoBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit PhotoBrowser(QWidget* parent = nullptr);
  void setDocument(ProjectDocument* doc);
  qint64 currentPhotoId() const;
  bool selectPhoto(qint64 photoId);  // false when the photo is filtered out or absent
  PhotoListModel* model() const { return m_model; }

 public Q_SLOTS:
  void next();
  void previous();

 Q_SIGNALS:
  void currentPhotoChanged(qint64 photoId);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void step(int delta);
  void retranslate();

  PhotoListModel* m_model;
  PhotoFilterModel* m_filter;
  QLineEdit* m_search;
  QComboBox* m_category;
  QListView* m_list;
};

}  // namespace sam3::ui
