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
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include "core/util/errors.h"
#include "ui/about_dialog.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"
#include "ui/language_manager.h"
#include "ui/panel_placeholder.h"
#include "ui/training/training_page.h"

namespace sam3::ui {

struct MainWindow::Actions {
  QMenu* file = nullptr;
  QMenu* edit = nullptr;
  QMenu* view = nullptr;
  QMenu* modeMenu = nullptr;
  QMenu* language = nullptr;
  QMenu* help = nullptr;
  QToolBar* toolbar = nullptr;
  QAction* openProject = nullptr;
  QAction* importData = nullptr;
  QAction* exportData = nullptr;
  QAction* quit = nullptr;
  QAction* undo = nullptr;
  QAction* redo = nullptr;
  QAction* annotate = nullptr;
  QAction* train = nullptr;
  QAction* review = nullptr;
  QAction* about = nullptr;
};

MainWindow::MainWindow(AppContext context, LanguageManager* languages, QWidget* parent)
    : QMainWindow(parent),
      m_context(std::move(context)),
      m_languages(languages),
      m_actions(std::make_unique<Actions>()) {
  setObjectName(QStringLiteral("MainWindow"));
  setDockNestingEnabled(true);
  createPages();
  createDocks();
  createActions();
  createMenus();

  m_coordsLabel = new QLabel(this);
  m_zoomLabel = new QLabel(this);
  m_deviceLabel = new QLabel(this);
  statusBar()->addWidget(m_coordsLabel, 1);
  statusBar()->addPermanentWidget(m_zoomLabel);
  statusBar()->addPermanentWidget(m_deviceLabel);
  retranslate();
  m_checkpointsDock->setVisible(false);  // Annotate is the start mode
  resize(1400, 860);
}

MainWindow::~MainWindow() {
  // The panels let go of the document before it closes.
  m_workspace->setDocument(nullptr);
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
  m_pages->addWidget(new TrainingPage(m_workspace, this));
  m_pages->addWidget(new PanelPlaceholder(
      QT_TRANSLATE_NOOP("Panels", "Review"),
      QT_TRANSLATE_NOOP("Panels",
                        "The fine-tuned model's detections, photo by photo, to accept or fix."),
      this));
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
  m_classesDock =
      makeDock("classesDock", m_workspace->classesPanel(), nullptr, Qt::RightDockWidgetArea);
  m_shapesDock = makeDock("shapesDock", nullptr,
                          QT_TRANSLATE_NOOP("Panels", "The polygons and boxes of this photo."),
                          Qt::RightDockWidgetArea);
  m_checkpointsDock = makeDock("checkpointsDock", nullptr,
                               QT_TRANSLATE_NOOP("Panels", "Training runs and their checkpoints."),
                               Qt::RightDockWidgetArea);
  resizeDocks({m_photosDock}, {260}, Qt::Horizontal);
  resizeDocks({m_classesDock}, {300}, Qt::Horizontal);
}

void MainWindow::createActions() {
  auto& a = *m_actions;
  a.openProject = new QAction(this);
  a.openProject->setShortcut(QKeySequence::Open);
  a.importData = new QAction(this);
  a.importData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  a.exportData = new QAction(this);
  a.exportData->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  a.quit = new QAction(this);
  a.quit->setShortcut(QKeySequence::Quit);
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
  // Actions without a handler yet stay disabled rather than doing nothing when clicked.
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
}

void MainWindow::createMenus() {
  auto& a = *m_actions;
  a.file = menuBar()->addMenu(QString());
  a.file->addActions({a.openProject, a.importData, a.exportData});
  a.file->addSeparator();
  a.file->addAction(a.quit);
  a.edit = menuBar()->addMenu(QString());
  a.edit->addActions({a.undo, a.redo});
  a.view = menuBar()->addMenu(QString());
  for (auto* dock : {m_photosDock, m_classesDock, m_shapesDock, m_checkpointsDock}) {
    a.view->addAction(dock->toggleViewAction());
  }
  a.modeMenu = menuBar()->addMenu(QString());
  a.modeMenu->addActions(m_modeGroup->actions());

  a.language = menuBar()->addMenu(QString());
  m_languageGroup = new QActionGroup(this);
  for (const QString& code : LanguageManager::availableLanguages()) {
    auto* act = a.language->addAction(LanguageManager::nativeName(code));
    act->setCheckable(true);
    act->setData(code);
    act->setChecked(code == m_languages->current());
    m_languageGroup->addAction(act);
  }
  connect(m_languageGroup, &QActionGroup::triggered, this,
          [this](QAction* act) { m_languages->setLanguage(act->data().toString()); });

  a.help = menuBar()->addMenu(QString());
  a.help->addAction(a.about);

  a.toolbar = addToolBar(QString());
  a.toolbar->setObjectName(QStringLiteral("mainToolbar"));
  a.toolbar->addActions({a.openProject, a.importData, a.exportData});
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
  return static_cast<Mode>(m_pages->currentIndex());
}

void MainWindow::setMode(Mode mode) {
  if (mode == this->mode()) return;
  m_pages->setCurrentIndex(static_cast<int>(mode));
  m_modeGroup->actions().at(static_cast<int>(mode))->setChecked(true);
  // The checkpoint browser belongs to training and review, not to annotation.
  m_checkpointsDock->setVisible(mode != Mode::Annotate);
  Q_EMIT modeChanged(mode);
}

void MainWindow::chooseProject() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"));
  if (!dir.isEmpty()) openProject(dir);
}

bool MainWindow::openProject(const QString& dir, bool quiet) {
  std::unique_ptr<ProjectDocument> doc;
  try {
    doc = ProjectDocument::open(dir);
  } catch (const sam3::Error& e) {
    const QString reason =
        tr("Could not open the project %1:\n%2")
            .arg(QDir::toNativeSeparators(dir), QString::fromStdString(e.what()));
    statusBar()->showMessage(reason, 10000);
    if (!quiet) QMessageBox::warning(this, tr("Open Project"), reason);
    return false;
  }
  m_workspace->setDocument(nullptr);
  m_document = std::move(doc);
  m_workspace->setDocument(m_document.get());
  bindUndoStack();
  retranslate();
  return true;
}

void MainWindow::bindUndoStack() {
  QUndoStack* stack = m_document->undoStack();
  auto update = [this, stack] {
    auto& acts = *m_actions;
    acts.undo->setEnabled(stack->canUndo());
    acts.redo->setEnabled(stack->canRedo());
    acts.undo->setToolTip(stack->canUndo() ? tr("Undo %1").arg(stack->undoText()) : QString());
    acts.redo->setToolTip(stack->canRedo() ? tr("Redo %1").arg(stack->redoText()) : QString());
  };
  connect(stack, &QUndoStack::indexChanged, this, update);
  connect(stack, &QUndoStack::cleanChanged, this, update);
  update();
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
  a.help->setTitle(tr("&Help"));
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
  m_checkpointsDock->setWindowTitle(tr("Checkpoints"));
  m_coordsLabel->setText(m_document ? QString() : tr("No project open"));
  const QString device = rt.torch_has_cuda ? QStringLiteral("CUDA") : QStringLiteral("CPU");
  m_modelLabel->setText(tr("Model: none loaded (%1)").arg(device));
  m_deviceLabel->setText(rt.torch_has_cuda && !rt.gpus.empty()
                             ? tr("Device: %1 (CUDA)").arg(QString::fromStdString(rt.gpus[0].name))
                             : tr("Device: CPU"));
}

}  // namespace sam3::ui
