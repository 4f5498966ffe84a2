#include "ui/main_window.h"

#include <cmath>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QMessageBox>
#include <QUndoStack>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>

#include "core/util/errors.h"
#include "ui/about_dialog.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"
#include "ui/language_manager.h"
#include "ui/main_window_actions.h"
#include "ui/panel_placeholder.h"
#include "ui/panels/photo_panel.h"
#include "ui/panels/shapes_panel.h"
#include "ui/training/training_page.h"
#include "ui/review/review_page.h"
#include "ui/review/review_models.h"
#include "ui/evaluation/results_menu.h"
#include "ui/training/checkpoint_browser.h"
#include "ui/weights/weights_dialog.h"
#include "ui/shell/action_registry.h"
#include "ui/shell/help_dialog.h"
#include "ui/shell/recent_projects.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/welcome_page.h"
#include "ui/smart/smart_tools.h"

namespace sam3::ui {

MainWindow::MainWindow(AppContext context, LanguageManager* languages, QWidget* parent)
    : QMainWindow(parent),
      m_context(std::move(context)),
      m_languages(languages),
      m_registry(new ActionRegistry(this)),
      m_recent(new RecentProjects(this)),
      m_actions(std::make_unique<Actions>()) {
  setObjectName(QStringLiteral("MainWindow"));
  setDockNestingEnabled(true);
  createPages();
  createDocks();
  createActions();
  createMenus();
  registerActions();

  m_coordsLabel = new QLabel(this);
  m_zoomLabel = new QLabel(this);
  m_deviceLabel = new QLabel(this);
  statusBar()->addWidget(m_coordsLabel, 1);
  statusBar()->addPermanentWidget(m_zoomLabel);
  statusBar()->addPermanentWidget(m_deviceLabel);
  retranslate();
  showPageForMode();
  resize(1400, 860);
}

MainWindow::~MainWindow() {
  // The panels let go of the document before it closes.
  m_smart->setDocument(nullptr);
  m_workspace->setDocument(nullptr);
  // The document closes here, while m_actions still exists: its undo stack's signals reached the
  // Undo/Redo update after m_actions (declared later) was gone (UBSan: null reference).
  closeDocument();
}

void MainWindow::closeDocument() {
  if (!m_document) return;
  disconnect(m_document->undoStack(), nullptr, this, nullptr);
  m_document.reset();
}

void MainWindow::createPages() {
  m_pages = new QStackedWidget(this);
  m_pages->setObjectName(QStringLiteral("pages"));
  m_workspace = new AnnotationWorkspace(this);
  m_pages->addWidget(m_workspace->canvasPage());
  connect(m_workspace->canvas(), &AnnotationCanvas::cursorMoved, this, &MainWindow::showCursor);
  connect(m_workspace->canvas(), &AnnotationCanvas::zoomChanged, this,
          [this](double zoom) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(zoom * 100))); });
  connect(m_workspace, &AnnotationWorkspace::statusMessage, this,
          [this](const QString& message) { statusBar()->showMessage(message, 8000); });
  m_smart = new SmartTools(m_workspace, this);
  m_smart->setActiveModelProvider(&CheckpointBrowser::activeModel);
  connect(m_smart, &SmartTools::statusMessage, this,
          [this](const QString& message) { statusBar()->showMessage(message, 8000); });
  connect(m_smart, &SmartTools::deviceChanged, this, [this](const QString& device) {
    m_deviceLabel->setText(tr("SAM3 on %1").arg(SmartTools::deviceName(device)));
  });
  // In a scroll area: the stacked pages share the largest minimum size, and the training form's
  // must not squeeze the docks beside the canvas.
  auto* trainScroll = new QScrollArea(this);
  trainScroll->setWidgetResizable(true);
  trainScroll->setFrameShape(QFrame::NoFrame);
  auto* training = new TrainingPage(m_workspace, trainScroll);
  const auto& rt = m_context.runtime;
  training->setGpuCount(rt.torch_has_cuda ? static_cast<int>(rt.gpus.size()) : 0);
  trainScroll->setWidget(training);
  m_pages->addWidget(trainScroll);
  m_review = new ReviewPage(m_workspace, this);
  m_review->setModelSource(&availableModels);
  m_pages->addWidget(m_review);
  connect(m_review, &ReviewPage::statusMessage, this,
          [this](const QString& message) { statusBar()->showMessage(message, 8000); });
  connect(m_review, &ReviewPage::editRequested, this, [this](qint64 photoId) {
    setMode(Mode::Annotate);
    m_workspace->photoBrowser()->selectPhoto(photoId);
  });
  m_welcome = new WelcomePage(this);
  m_pages->addWidget(m_welcome);
  connect(m_welcome, &WelcomePage::newProjectRequested, this, &MainWindow::newProject);
  connect(m_welcome, &WelcomePage::openProjectRequested, this, &MainWindow::chooseProject);
  connect(m_welcome, &WelcomePage::demoRequested, this, [this] { openDemoProject(); });
  connect(m_welcome, &WelcomePage::shortcutsRequested, this, &MainWindow::showShortcutsHelp);
  connect(m_welcome, &WelcomePage::recentProjectRequested, this,
          [this](const QString& dir) { openProject(dir); });
  setCentralWidget(m_pages);
}

void MainWindow::createDocks() {
  auto makeDock = [this](const char* name, QWidget* content, const char* hint,
                         Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(this);
    dock->setObjectName(QString::fromLatin1(name));
    // The dock's own title bar names it (see retranslate).
    dock->setWidget(content ? content : new PanelPlaceholder(nullptr, hint, dock));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    return dock;
  };
  m_photosDock =
      makeDock("photosDock", m_workspace->photoBrowser(), nullptr, Qt::LeftDockWidgetArea);
  // On a real X server the first layout gave the canvas toolbars' width first and squeezed the
  // photo list to its thumbnails' edge (names, badges and filters cut); keep names readable.
  m_workspace->photoBrowser()->setMinimumWidth(220);
  m_classesDock =
      makeDock("classesDock", m_workspace->classesPanel(), nullptr, Qt::RightDockWidgetArea);
  m_shapesDock =
      makeDock("shapesDock", m_workspace->shapesPanel(), nullptr, Qt::RightDockWidgetArea);
  m_photoDock = makeDock("photoDock", m_workspace->photoPanel(), nullptr, Qt::RightDockWidgetArea);
  m_checkpoints = new CheckpointBrowser(this);
  m_checkpointsDock = makeDock("checkpointsDock", m_checkpoints, nullptr, Qt::RightDockWidgetArea);
  // Runs change while the Train view trains: read them again whenever the dock is shown.
  connect(m_checkpointsDock, &QDockWidget::visibilityChanged, m_checkpoints, [this](bool shown) {
    if (shown) m_checkpoints->refresh();
  });
}

void MainWindow::sizeDocks() {
  // Docks hidden at construction lose the sizes given then: size them when they first appear.
  resizeDocks({m_photosDock}, {270}, Qt::Horizontal);
  resizeDocks({m_classesDock}, {340}, Qt::Horizontal);
  resizeDocks({m_classesDock, m_shapesDock, m_photoDock}, {190, 300, 320}, Qt::Vertical);
}

void MainWindow::createActions() {
  auto& a = *m_actions;
  a.newProject = new QAction(this);
  a.newProject->setShortcut(QKeySequence::New);
  a.openProject = new QAction(this);
  a.openProject->setShortcut(QKeySequence::Open);
  a.openDemo = new QAction(this);
  a.clearRecent = new QAction(this);
  connect(a.newProject, &QAction::triggered, this, &MainWindow::newProject);
  connect(a.openDemo, &QAction::triggered, this, [this] { openDemoProject(); });
  connect(a.clearRecent, &QAction::triggered, m_recent, &RecentProjects::clear);
  connect(m_recent, &RecentProjects::changed, this, &MainWindow::rebuildRecentMenu);
  a.importData = new QAction(this);
  a.importData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  a.exportData = new QAction(this);
  a.exportData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  a.quit = new QAction(this);
  a.quit->setShortcut(
      QKeySequence(Qt::CTRL | Qt::Key_Q));  // QKeySequence::Quit is empty on some platforms
  connect(a.quit, &QAction::triggered, this, &QWidget::close);
  a.undo = new QAction(this);
  a.undo->setShortcut(QKeySequence::Undo);
  a.undo->setEnabled(false);
  a.redo = new QAction(this);
  a.redo->setShortcuts(
      {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  a.redo->setEnabled(false);
  connect(a.openProject, &QAction::triggered, this, &MainWindow::chooseProject);
  connect(a.undo, &QAction::triggered, this, [this] {
    if (m_document) m_document->undoStack()->undo();
  });
  connect(a.redo, &QAction::triggered, this, [this] {
    if (m_document) m_document->undoStack()->redo();
  });
  connect(a.importData, &QAction::triggered, this, &MainWindow::importData);
  connect(a.exportData, &QAction::triggered, this, &MainWindow::exportData);
  // Import and export need an open project.
  a.importData->setEnabled(false);
  a.exportData->setEnabled(false);

  m_modeGroup = new QActionGroup(this);
  m_modeGroup->setExclusive(true);
  const Qt::Key keys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3};
  QAction** modes[] = {&a.annotate, &a.train, &a.review};
  for (int i = 0; i < 3; ++i) {
    auto* act = new QAction(m_modeGroup);
    act->setCheckable(true);
    act->setData(i);
    act->setShortcut(QKeySequence(Qt::CTRL | keys[i]));
    *modes[i] = act;
  }
  a.annotate->setChecked(true);
  connect(m_modeGroup, &QActionGroup::triggered, this,
          [this](QAction* act) { setMode(static_cast<Mode>(act->data().toInt())); });

  a.about = new QAction(this);
  connect(a.about, &QAction::triggered, this, [this] { showAboutDialog(this, m_context.runtime); });
  a.shortcutsHelp = new QAction(this);
  a.shortcutsHelp->setShortcut(QKeySequence::HelpContents);
  connect(a.shortcutsHelp, &QAction::triggered, this, &MainWindow::showShortcutsHelp);
  a.shortcutSettings = new QAction(this);
  a.shortcutSettings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
  connect(a.shortcutSettings, &QAction::triggered, this, &MainWindow::showShortcutSettings);
  a.getWeights = new QAction(this);
  a.getWeights->setObjectName(QStringLiteral("getWeightsAction"));
  connect(a.getWeights, &QAction::triggered, this, [this] {
    WeightsDialog dialog(nullptr, {}, this);
    dialog.exec();
  });
}

void MainWindow::registerActions() {
  auto& a = *m_actions;
  auto* r = m_registry;
  const char* file = QT_TRANSLATE_NOOP("ActionRegistry", "Project");
  r->add(QStringLiteral("file.new"), file, a.newProject);
  r->add(QStringLiteral("file.open"), file, a.openProject);
  r->add(QStringLiteral("file.demo"), file, a.openDemo);
  r->add(QStringLiteral("file.import"), file, a.importData);
  r->add(QStringLiteral("file.export"), file, a.exportData);
  r->add(QStringLiteral("file.quit"), file, a.quit);
  const char* edit = QT_TRANSLATE_NOOP("ActionRegistry", "Edit");
  r->add(QStringLiteral("edit.undo"), edit, a.undo);
  r->add(QStringLiteral("edit.redo"), edit, a.redo);
  const char* mode = QT_TRANSLATE_NOOP("ActionRegistry", "Modes");
  r->add(QStringLiteral("mode.annotate"), mode, a.annotate);
  r->add(QStringLiteral("mode.train"), mode, a.train);
  r->add(QStringLiteral("mode.review"), mode, a.review);
  const char* tools = QT_TRANSLATE_NOOP("ActionRegistry", "Drawing tools");
  const char* toolIds[] = {"tool.edit", "tool.polygon", "tool.box", "tool.hole", "tool.smart"};
  for (int i = 0; i < AnnotationWorkspace::kToolCount; ++i)
    if (QAction* t = m_workspace->toolAction(i)) r->add(QString::fromLatin1(toolIds[i]), tools, t);
  const char* proposals = QT_TRANSLATE_NOOP("ActionRegistry", "Model proposals");
  const char* proposalIds[] = {"proposal.accept", "proposal.reject", "proposal.acceptAll",
                               "proposal.rejectAll"};
  for (int i = 0; i < 4; ++i)
    r->add(QString::fromLatin1(proposalIds[i]), proposals,
           m_workspace->proposalAction(static_cast<AnnotationWorkspace::ProposalAction>(i)));
  const char* review = QT_TRANSLATE_NOOP("ActionRegistry", "Review");
  for (const auto& [id, action] : m_review->shortcutActions()) r->add(id, review, action);
  const char* help = QT_TRANSLATE_NOOP("ActionRegistry", "Help and settings");
  r->add(QStringLiteral("help.shortcuts"), help, a.shortcutsHelp);
  r->add(QStringLiteral("settings.shortcuts"), help, a.shortcutSettings);
  r->add(QStringLiteral("help.about"), help, a.about);
  // The canvas's own keys (not actions): listed in the help and refused as new shortcuts.
  r->addFixedKey({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)},
                 QT_TRANSLATE_NOOP("ActionRegistry", "Close the polygon or hole being drawn"));
  r->addFixedKey({QKeySequence(Qt::Key_Escape)},
                 QT_TRANSLATE_NOOP("ActionRegistry",
                                   "Cancel the shape being drawn, else clear the selection"));
  r->addFixedKey({QKeySequence(Qt::Key_Backspace)},
                 QT_TRANSLATE_NOOP("ActionRegistry",
                                   "Remove the last point while drawing, else delete the shape"));
  r->addFixedKey({QKeySequence(Qt::Key_Delete)},
                 QT_TRANSLATE_NOOP("ActionRegistry", "Delete the selected shape"));
  QList<QKeySequence> digits;
  for (int k = Qt::Key_1; k <= Qt::Key_9; ++k) digits << QKeySequence(k);
  r->addFixedKey(digits,
                 QT_TRANSLATE_NOOP("ActionRegistry", "Give the selected shape class 1 to 9"));
  r->addFixedKey({QKeySequence::Copy},
                 QT_TRANSLATE_NOOP("ActionRegistry", "Copy the selected shape"));
  r->addFixedKey({QKeySequence::Paste},
                 QT_TRANSLATE_NOOP("ActionRegistry", "Paste shapes onto this photo"));
  r->setScope(this);
}

void MainWindow::showShortcutsHelp() {
  HelpDialog dialog(*m_registry, this);
  dialog.exec();
}

void MainWindow::showShortcutSettings() {
  ShortcutsDialog dialog(m_registry, this);
  dialog.exec();
}

void MainWindow::createMenus() {
  auto& a = *m_actions;
  a.file = menuBar()->addMenu(QString());
  a.file->addActions({a.newProject, a.openProject});
  a.recent = a.file->addMenu(QString());
  a.recent->setObjectName(QStringLiteral("recentMenu"));
  a.file->addAction(a.openDemo);
  a.file->addSeparator();
  a.file->addActions({a.importData, a.exportData});
  a.file->addSeparator();
  a.file->addAction(a.getWeights);
  a.file->addSeparator();
  a.file->addAction(a.quit);
  rebuildRecentMenu();
  a.edit = menuBar()->addMenu(QString());
  a.edit->addActions({a.undo, a.redo});
  a.view = menuBar()->addMenu(QString());
  for (auto* dock : {m_photosDock, m_classesDock, m_shapesDock, m_photoDock, m_checkpointsDock}) {
    a.view->addAction(dock->toggleViewAction());
  }
  a.modeMenu = menuBar()->addMenu(QString());
  a.modeMenu->addActions(m_modeGroup->actions());
  m_results = new ResultsMenu(menuBar(), this);  // Evaluate, batch prediction, report

  a.language = menuBar()->addMenu(QString());
  m_languageGroup = new QActionGroup(this);
  for (const QString& code : LanguageManager::availableLanguages()) {
    auto* act = a.language->addAction(LanguageManager::nativeName(code));
    act->setCheckable(true);
    act->setData(code);
    act->setChecked(code == m_languages->current());
    m_languageGroup->addAction(act);
  }
  connect(m_languageGroup, &QActionGroup::triggered, this, [this](QAction* act) {
    // The choice is remembered for the next start (app/gui/main.cpp reads it).
    if (m_languages->setLanguage(act->data().toString()))
      QSettings().setValue(QStringLiteral("language"), act->data().toString());
  });

  a.settings = menuBar()->addMenu(QString());
  a.settings->addAction(a.shortcutSettings);
  a.help = menuBar()->addMenu(QString());
  a.help->addActions({a.shortcutsHelp, a.about});

  a.toolbar = addToolBar(QString());
  a.toolbar->setObjectName(QStringLiteral("mainToolbar"));
  a.toolbar->addActions({a.newProject, a.openProject, a.importData, a.exportData});
  a.toolbar->addSeparator();
  a.toolbar->addActions(m_modeGroup->actions());
  a.toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto* spacer = new QWidget(a.toolbar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  a.toolbar->addWidget(spacer);
  m_modelLabel = new QLabel(a.toolbar);
  m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
  m_modelLabel->setContentsMargins(8, 0, 8, 0);
  a.toolbar->addWidget(m_modelLabel);
}

MainWindow::Mode MainWindow::mode() const {
  return m_mode;
}

void MainWindow::setMode(Mode mode) {
  if (mode == m_mode) return;
  m_mode = mode;
  m_modeGroup->actions().at(static_cast<int>(mode))->setChecked(true);
  showPageForMode();
  Q_EMIT modeChanged(mode);
}

void MainWindow::showPageForMode() {
  // Without a project every mode shows the first-run page, and the panels stay out of the way.
  const bool open = m_document != nullptr;
  if (open)
    m_pages->setCurrentIndex(static_cast<int>(m_mode));
  else
    m_pages->setCurrentWidget(m_welcome);
  m_photosDock->setVisible(open);
  m_classesDock->setVisible(open);
  m_shapesDock->setVisible(open);
  m_photoDock->setVisible(open);
  if (open && !m_docksSized) {
    m_docksSized = true;
    sizeDocks();
    // Again once the layout has run; a photo that arrived meanwhile was fitted to the larger
    // view, so fit it again once the docks have their width.
    QTimer::singleShot(0, this, [this] {
      sizeDocks();
      QTimer::singleShot(0, this, [this] {
        if (m_workspace->canvas()->photoId() != 0) m_workspace->canvas()->zoomToFit();
      });
    });
  }
  // The checkpoint browser belongs to training and review, not to annotation.
  m_checkpointsDock->setVisible(open && m_mode != Mode::Annotate);
}

void MainWindow::showCursor(QPointF photoPixel, bool insidePhoto) {
  m_coordsLabel->setText(insidePhoto ? tr("x %1, y %2 px")
                                           .arg(static_cast<int>(std::floor(photoPixel.x())))
                                           .arg(static_cast<int>(std::floor(photoPixel.y())))
                                     : QString());
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
  auto& a = *m_actions;
  const auto& rt = m_context.runtime;
  setWindowTitle(m_document ? tr("%1 — SAM3 Studio").arg(m_document->name()) : tr("SAM3 Studio"));
  a.file->setTitle(tr("&File"));
  a.edit->setTitle(tr("&Edit"));
  a.view->setTitle(tr("&View"));
  a.modeMenu->setTitle(tr("&Mode"));
  a.language->setTitle(tr("&Language"));
  a.settings->setTitle(tr("&Settings"));
  a.help->setTitle(tr("&Help"));
  a.recent->setTitle(tr("Open &Recent"));
  a.newProject->setText(tr("&New Project…"));
  a.openDemo->setText(tr("Open the &Demo Project"));
  a.clearRecent->setText(tr("&Clear the List"));
  a.shortcutsHelp->setText(tr("&Keyboard Shortcuts"));
  a.shortcutSettings->setText(tr("Change &Keyboard Shortcuts…"));
  a.getWeights->setText(tr("Get SAM3 &Weights…"));
  a.toolbar->setWindowTitle(tr("Main toolbar"));
  a.openProject->setText(tr("&Open Project…"));
  a.importData->setText(tr("&Import…"));
  a.exportData->setText(tr("&Export…"));
  a.quit->setText(tr("&Quit"));
  a.undo->setText(tr("&Undo"));
  a.redo->setText(tr("&Redo"));
  a.annotate->setText(tr("Annotate"));
  a.train->setText(tr("Train"));
  a.review->setText(tr("Review"));
  a.about->setText(tr("&About SAM3 Studio"));
  m_photosDock->setWindowTitle(tr("Photos"));
  m_classesDock->setWindowTitle(tr("Classes"));
  m_shapesDock->setWindowTitle(tr("Shapes"));
  m_photoDock->setWindowTitle(tr("Photo"));
  m_checkpointsDock->setWindowTitle(tr("Checkpoints"));
  m_coordsLabel->setText(m_document ? QString() : tr("No project open"));
  const QString device = rt.torch_has_cuda ? QStringLiteral("CUDA") : QStringLiteral("CPU");
  m_modelLabel->setText(tr("Model: none loaded (%1)").arg(device));
  m_deviceLabel->setText(rt.torch_has_cuda && !rt.gpus.empty()
                             ? tr("Device: %1 (CUDA)").arg(QString::fromStdString(rt.gpus[0].name))
                             : tr("Device: CPU"));
  if (!m_smart->device().isEmpty())
    m_deviceLabel->setText(tr("SAM3 on %1").arg(SmartTools::deviceName(m_smart->device())));
}

}  // namespace sam3::ui
