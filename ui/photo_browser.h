#pragma once
// The Photos dock: a filterable list of the project's photos with thumbnails and status/split
// badges. Filters: name search, a category (status, negatives, split) and a class (photos holding
// a shape of it); a line says how many photos pass. The photo being edited stays listed while
// its own status changes, until another photo is chosen. D / A (like labelme) go to the next /
// previous photo of the filtered list from anywhere in the window (text fields keep their
// letters). Emits currentPhotoChanged(0) when no photo is selected.
#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
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
  // The photos selected in the list (Ctrl/Shift+click), ascending; the current one when none is.
  QList<qint64> selectedPhotoIds() const;
  bool selectPhoto(qint64 photoId);  // false when the photo is filtered out or absent
  PhotoListModel* model() const { return m_model; }
  PhotoFilterModel* filterModel() const { return m_filter; }

 public Q_SLOTS:
  void next();
  void previous();

 Q_SIGNALS:
  void currentPhotoChanged(qint64 photoId);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void buildActions();  // D / A
  void step(int delta);
  void retranslate();
  void rebuildClasses();
  void applyClassFilter();
  void annotationsChanged(qint64 photoId);
  void filterChanged();  // after the user changed a filter
  void updateCount();

  PhotoListModel* m_model;
  PhotoFilterModel* m_filter;
  QLineEdit* m_search;
  QComboBox* m_category;
  QComboBox* m_class;
  QLabel* m_count;
  QListView* m_list;
  ProjectDocument* m_doc = nullptr;
  qint64 m_filterClass = 0;    // 0: any class
  QSet<qint64> m_classPhotos;  // photos holding m_filterClass
};

}  // namespace sam3::ui
