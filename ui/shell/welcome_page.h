#pragma once
// The first-run page, shown while no project is open: three steps to get going (bring in photos
// or a Roboflow export, label, train), where SAM3's weights come from, and the recent projects.
// It only emits requests; the main window acts on them. GUI thread only.
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace sam3::ui {

class WelcomePage : public QWidget {
  Q_OBJECT
 public:
  explicit WelcomePage(QWidget* parent = nullptr);
  void setRecentProjects(const QStringList& folders);
  QListWidget* recentList() const { return m_recent; }

 Q_SIGNALS:
  void newProjectRequested();
  void openProjectRequested();
  void demoRequested();
  void shortcutsRequested();
  void recentProjectRequested(const QString& folder);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  QLabel* m_title;
  QLabel* m_intro;
  QLabel* m_stepTitles[3];
  QLabel* m_stepTexts[3];
  QLabel* m_weights;
  QLabel* m_recentTitle;
  QListWidget* m_recent;
  QPushButton* m_new;
  QPushButton* m_open;
  QPushButton* m_demo;
  QPushButton* m_shortcuts;
};

}  // namespace sam3::ui
