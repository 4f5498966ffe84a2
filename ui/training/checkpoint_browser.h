#pragma once
// The project's training runs and their checkpoints (core/train/training_runs.h): a tree of runs
// (checkable: the checked runs' curves are overlaid) with their step checkpoints and best.*,
// showing step, epoch, validation metrics, size and date; the selected checkpoint's model card;
// actions: set the active model (QSettings, per project: activeModel()), export the weights
// (no optimizer state) to a folder, delete a checkpoint or a whole run (the space freed is
// shown), open the run folder in the file manager. Reading happens on refresh() (the folders
// are small); nothing is cached across refreshes.
#include <QString>
#include <QWidget>

#include <functional>
#include <vector>

#include "core/train/training_runs.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace sam3::ui {

class CurvePlots;

class CheckpointBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit CheckpointBrowser(QWidget* parent = nullptr);

  void setProjectDir(const QString& dir);
  void refresh();
  const std::vector<sam3::train::RunInfo>& runs() const { return m_runs; }

  // Selection: run index and checkpoint index (-1: the run itself).
  bool select(int run, int checkpoint = -1);
  void setOverlay(int run, bool on);  // check a run for the curve overlay
  bool setActiveModel();              // the selected checkpoint; false when none is selected
  bool exportSelected(const QString& outDir);
  // Deletes the selection (a checkpoint or a run) after `confirm` agrees (default: a dialog).
  bool deleteSelected();
  void openFolder();
  // Replaces the confirmation dialog (tests): gets the question, returns yes / no.
  void setConfirm(std::function<bool(const QString&)> confirm) { m_confirm = std::move(confirm); }

  // The active model's weights file of a project ("" when none is set).
  static QString activeModel(const QString& projectDir);

  QTreeWidget* tree() const { return m_tree; }
  CurvePlots* overlay() const { return m_overlay; }
  QPlainTextEdit* card() const { return m_card; }
  QLabel* status() const { return m_status; }

 Q_SIGNALS:
  void activeModelChanged(const QString& weights);
  void runsChanged();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void fill();
  void selectionChanged();
  void updateOverlay();
  void updateButtons();
  void retranslate();
  const sam3::train::RunInfo* selectedRun() const;
  const sam3::train::CheckpointInfo* selectedCheckpoint() const;

  QString m_project;
  std::vector<sam3::train::RunInfo> m_runs;
  std::function<bool(const QString&)> m_confirm;
  QTreeWidget* m_tree;
  QTabWidget* m_details;
  CurvePlots* m_overlay;
  QPlainTextEdit* m_card;
  QLabel* m_status;
  QLabel* m_active;
  QPushButton* m_refresh;
  QPushButton* m_setActive;
  QPushButton* m_export;
  QPushButton* m_delete;
  QPushButton* m_open;
};

}  // namespace sam3::ui
