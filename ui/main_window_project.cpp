// MainWindow: opening, creating, importing into and exporting the project. The work itself runs
// in jobs (ui/shell/project_tasks.h) on a worker thread behind a TaskDialog.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>

#include "core/project/project.h"
#include "core/util/errors.h"
#include "ui/annotation_workspace.h"
#include "ui/evaluation/results_menu.h"
#include "ui/main_window.h"
#include "ui/main_window_actions.h"
#include "ui/smart/smart_tools.h"
#include "ui/project_document.h"
#include "ui/shell/project_dialogs.h"
#include "ui/shell/project_tasks.h"
#include "ui/shell/recent_projects.h"
#include "ui/shell/task_runner.h"
#include "ui/shell/welcome_page.h"
#include "ui/training/checkpoint_browser.h"

namespace sam3::ui {

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
    if (!QFileInfo::exists(dir)) m_recent->remove(dir);  // gone: no use offering it again
    if (!quiet) QMessageBox::warning(this, tr("Open Project"), reason);
    return false;
  }
  m_workspace->setDocument(nullptr);
  m_smart->setDocument(nullptr);
  closeDocument();  // the old undo stack no longer updates Undo/Redo while it is destroyed
  m_document = std::move(doc);
  m_workspace->setDocument(m_document.get());
  m_smart->setDocument(m_document.get());
  m_recent->add(dir);
  m_checkpoints->setProjectDir(dir);
  m_results->setProjectDir(dir);
  m_actions->importData->setEnabled(true);
  m_actions->exportData->setEnabled(true);
  bindUndoStack();
  showPageForMode();
  retranslate();
  return true;
}

void MainWindow::newProject() {
  const QString base = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  NewProjectDialog dialog(base.isEmpty() ? QDir::homePath() : base, this);
  if (dialog.exec() != QDialog::Accepted) return;
  try {
    QDir().mkpath(dialog.folder());
    project::Project::create(dialog.folder().toStdString(), dialog.name().toStdString());
  } catch (const sam3::Error& e) {
    QMessageBox::warning(this, tr("New Project"),
                         tr("Could not create the project:\n%1").arg(QString::fromUtf8(e.what())));
    return;
  }
  if (openProject(dialog.folder())) importData();  // a new project starts with its photos
}

void MainWindow::importData() {
  if (!m_document) return;
  ImportDialog dialog(m_document->dir(), this);
  if (dialog.exec() == QDialog::Accepted) runImport(dialog.request());
}

void MainWindow::exportData() {
  if (!m_document) return;
  ExportDialog dialog(m_document->dir(), this);
  if (dialog.exec() == QDialog::Accepted) runExport(dialog.request());
}

TaskOutcome MainWindow::runImport(const ImportRequest& request, bool quiet) {
  const TaskOutcome outcome = TaskDialog::run(tr("Import"), importJob(request), this);
  // Reopen the project so that every panel shows what came in (the undo history starts afresh:
  // an import is not an undoable edit).
  if (outcome.status == TaskOutcome::Status::Done) openProject(request.projectDir, quiet);
  reportOutcome(tr("Import"), outcome, quiet);
  return outcome;
}

TaskOutcome MainWindow::runExport(const ExportRequest& request, bool quiet) {
  const TaskOutcome outcome = TaskDialog::run(tr("Export"), exportJob(request), this);
  reportOutcome(tr("Export"), outcome, quiet);
  return outcome;
}

bool MainWindow::openDemoProject(bool quiet) {
  const QString dir = demoProjectFolder();
  if (!project::Project::exists(dir.toStdString())) {
    QDir().mkpath(QFileInfo(dir).absolutePath());
    const TaskOutcome outcome =
        TaskDialog::run(tr("Creating the Demo Project"), demoJob(dir), this);
    reportOutcome(tr("Demo Project"), outcome, quiet, false);
    if (outcome.status != TaskOutcome::Status::Done) return false;
  }
  return openProject(dir, quiet);
}

void MainWindow::reportOutcome(const QString& title, const TaskOutcome& outcome, bool quiet,
                               bool announceSuccess) {
  statusBar()->showMessage(outcome.message, 15000);
  if (quiet) return;
  if (outcome.status == TaskOutcome::Status::Failed)
    QMessageBox::warning(this, title, outcome.message);
  else if (outcome.status == TaskOutcome::Status::Done && announceSuccess)
    QMessageBox::information(this, title, outcome.message);
}

void MainWindow::rebuildRecentMenu() {
  QMenu* menu = m_actions->recent;
  menu->clear();
  const QStringList folders = m_recent->folders();
  for (const QString& f : folders) {
    QAction* act = menu->addAction(QDir::toNativeSeparators(f));
    connect(act, &QAction::triggered, this, [this, f] { openProject(f); });
  }
  if (!folders.isEmpty()) menu->addSeparator();
  menu->addAction(m_actions->clearRecent);
  m_actions->clearRecent->setEnabled(!folders.isEmpty());
  m_welcome->setRecentProjects(folders);
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

}  // namespace sam3::ui
