#pragma once
// The Model A/B tab's widgets: the second model's chooser and its predict button, the list of
// photos where the two models disagree, and the photo drawn twice side by side (A left, B right).
// Layout and texts only; the review page fills it. GUI thread only.
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace sam3::ui {

class ReviewView;

class ModelCompare : public QWidget {
  Q_OBJECT
 public:
  explicit ModelCompare(QWidget* parent = nullptr);
  QComboBox* modelB() const { return m_modelB; }
  QPushButton* predictButton() const { return m_predict; }
  QListWidget* list() const { return m_list; }
  QLabel* summary() const { return m_summary; }
  QLabel* modelALabel() const { return m_modelA; }
  ReviewView* viewA() const { return m_viewA; }
  ReviewView* viewB() const { return m_viewB; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QLabel* m_modelA;
  QLabel* m_modelBLabel;
  QComboBox* m_modelB;
  QPushButton* m_predict;
  QLabel* m_listTitle;
  QListWidget* m_list;
  QLabel* m_summary;
  ReviewView* m_viewA;
  ReviewView* m_viewB;
};

}  // namespace sam3::ui
