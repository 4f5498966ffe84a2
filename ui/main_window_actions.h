#pragma once
// MainWindow's menus and actions (shared by main_window.cpp and main_window_project.cpp).
#include <QAction>
#include <QMenu>
#include <QToolBar>

#include "ui/main_window.h"

namespace sam3::ui {

struct MainWindow::Actions {
  QMenu* file = nullptr;
  QMenu* edit = nullptr;
  QMenu* view = nullptr;
  QMenu* modeMenu = nullptr;
  QMenu* language = nullptr;
  QMenu* settings = nullptr;
  QMenu* help = nullptr;
  QMenu* recent = nullptr;
  QToolBar* toolbar = nullptr;
  QAction* newProject = nullptr;
  QAction* openProject = nullptr;
  QAction* openDemo = nullptr;
  QAction* clearRecent = nullptr;
  QAction* importData = nullptr;
  QAction* exportData = nullptr;
  QAction* quit = nullptr;
  QAction* undo = nullptr;
  QAction* redo = nullptr;
  QAction* annotate = nullptr;
  QAction* train = nullptr;
  QAction* review = nullptr;
  QAction* about = nullptr;
  QAction* shortcutsHelp = nullptr;
  QAction* shortcutSettings = nullptr;
  QAction* getWeights = nullptr;  // download facebook/sam3 into the Hugging Face cache
};

}  // namespace sam3::ui
