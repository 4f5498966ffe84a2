#pragma once
// The main window arranges panels and actions; it owns no model, file or thread logic.
// Modes (Annotate, Train, Review) share the photo list and the project.
#include <QMainWindow>

#include <memory>

#include "ui/app_context.h"

class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;

namespace sam3::ui {

class ActionRegistry;
class AnnotationWorkspace;
class CheckpointBrowser;
class ResultsMenu;
class LanguageManager;
class ProjectDocument;
class RecentProjects;
class ReviewPage;
class SmartTools;
class WelcomePage;
struct ExportRequest;
struct ImportRequest;
struct TaskOutcome;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum class Mode { Annotate = 0, Train = 1, Review = 2 };

  MainWindow(AppContext context, LanguageManager* languages, QWidget* parent = nullptr);
  ~MainWindow() override;
  Mode mode() const;
  void setMode(Mode mode);
  // Opens the project folder and shows it in every panel; on failure keeps the current project,
  // shows the reason (a dialog unless `quiet`) and returns false.
  bool openProject(const QString& dir, bool quiet = false);
  // Creates the demo project in the user's data folder when absent (a worker with a progress
  // dialog), then opens it. Returns false when it could not be created or opened.
  bool openDemoProject(bool quiet = false);
  // Runs the import / export in a worker with a progress dialog; on a finished import the project
  // is reopened to show what came in. `quiet`: the outcome goes to the status bar only.
  TaskOutcome runImport(const ImportRequest& request, bool quiet = false);
  TaskOutcome runExport(const ExportRequest& request, bool quiet = false);
  ProjectDocument* document() const { return m_document.get(); }
  AnnotationWorkspace* workspace() const { return m_workspace; }
  SmartTools* smartTools() const { return m_smart; }
  ActionRegistry* actionRegistry() const { return m_registry; }
  RecentProjects* recentProjects() const { return m_recent; }
  WelcomePage* welcomePage() const { return m_welcome; }
  ReviewPage* reviewPage() const { return m_review; }
  CheckpointBrowser* checkpointsPanel() const { return m_checkpoints; }
  ResultsMenu* resultsMenu() const { return m_results; }
  void showShortcutsHelp();
  void showShortcutSettings();

 Q_SIGNALS:
  void modeChanged(sam3::ui::MainWindow::Mode mode);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void createPages();
  void createDocks();
  void createActions();
  void createMenus();
  void registerActions();
  void closeDocument();  // disconnects the undo stack, then closes the project
  void retranslate();
  void chooseProject();
  void newProject();
  void importData();
  void exportData();
  void rebuildRecentMenu();
  void showPageForMode();
  void sizeDocks();
  void reportOutcome(const QString& title, const TaskOutcome& outcome, bool quiet,
                     bool announceSuccess = true);
  void bindUndoStack();
  void showCursor(QPointF photoPixel, bool insidePhoto);

  AppContext m_context;
  LanguageManager* m_languages;
  QStackedWidget* m_pages = nullptr;
  WelcomePage* m_welcome = nullptr;
  ActionRegistry* m_registry = nullptr;
  RecentProjects* m_recent = nullptr;
  Mode m_mode = Mode::Annotate;
  bool m_docksSized = false;
  AnnotationWorkspace* m_workspace = nullptr;
  ReviewPage* m_review = nullptr;
  SmartTools* m_smart = nullptr;  // smart polygon and pre-labelling (ui/smart)
  std::unique_ptr<ProjectDocument> m_document;
  QDockWidget* m_photosDock = nullptr;
  QDockWidget* m_classesDock = nullptr;
  QDockWidget* m_shapesDock = nullptr;
  QDockWidget* m_photoDock = nullptr;
  QDockWidget* m_checkpointsDock = nullptr;
  CheckpointBrowser* m_checkpoints = nullptr;
  ResultsMenu* m_results = nullptr;
  QActionGroup* m_modeGroup = nullptr;
  QActionGroup* m_languageGroup = nullptr;
  QLabel* m_deviceLabel = nullptr;
  QLabel* m_coordsLabel = nullptr;
  QLabel* m_zoomLabel = nullptr;
  QLabel* m_modelLabel = nullptr;
  struct Actions;
  std::unique_ptr<Actions> m_actions;  // menus and actions themselves are QObject children
};

}  // namespace sam3::ui
