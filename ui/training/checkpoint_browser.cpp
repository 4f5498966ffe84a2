#include "ui/training/checkpoint_browser.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDesktopServices>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/training/curve_plots.h"

namespace sam3::ui {

namespace {

enum Column { Name, Step, Epoch, BoxAp, BoxAp50, MaskAp, Size, Date, ColumnCount };
constexpr int kRunRole = Qt::UserRole;
constexpr int kCheckpointRole = Qt::UserRole + 1;

QString settingsKey(const QString& project) {
  const QByteArray hash =
      QCryptographicHash::hash(project.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
  return QStringLiteral("training/activeModel/") + QString::fromLatin1(hash);
}

QString metricText(const std::optional<std::array<double, 12>>& stats, int index) {
  if (!stats || (*stats)[static_cast<std::size_t>(index)] < 0) return QStringLiteral("–");
  return QString::number((*stats)[static_cast<std::size_t>(index)], 'f', 3);
}

QString when(std::time_t t) {
  return t == 0 ? QString()
                : QLocale().toString(QDateTime::fromSecsSinceEpoch(t), QLocale::ShortFormat);
}

}  // namespace

CheckpointBrowser::CheckpointBrowser(QWidget* parent)
    : QWidget(parent),
      m_tree(new QTreeWidget(this)),
      m_details(new QTabWidget(this)),
      m_overlay(new CurvePlots(CurvePlots::Mode::Overlay, this)),
      m_card(new QPlainTextEdit(this)),
      m_status(new QLabel(this)),
      m_active(new QLabel(this)),
      m_refresh(new QPushButton(this)),
      m_setActive(new QPushButton(this)),
      m_export(new QPushButton(this)),
      m_delete(new QPushButton(this)),
      m_open(new QPushButton(this)) {
  setObjectName(QStringLiteral("CheckpointBrowser"));
  m_tree->setObjectName(QStringLiteral("runs"));
  m_tree->setColumnCount(ColumnCount);
  m_tree->setAlternatingRowColors(true);
  m_tree->setUniformRowHeights(true);
  m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_tree->header()->setStretchLastSection(false);
  m_card->setReadOnly(true);
  m_card->setObjectName(QStringLiteral("modelCard"));
  m_status->setObjectName(QStringLiteral("status"));
  m_status->setWordWrap(true);
  m_active->setObjectName(QStringLiteral("activeModel"));
  m_active->setWordWrap(true);
  m_details->addTab(m_overlay, QString());
  m_details->addTab(m_card, QString());

  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {m_refresh, m_setActive, m_export, m_delete, m_open}) buttons->addWidget(b);
  buttons->addStretch(1);
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addLayout(buttons);
  leftLayout->addWidget(m_tree, 1);
  leftLayout->addWidget(m_active);
  leftLayout->addWidget(m_status);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(m_details);
  split->setSizes({700, 600});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &CheckpointBrowser::selectionChanged);
  connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column == Name && !item->parent()) updateOverlay();
  });
  connect(m_refresh, &QPushButton::clicked, this, &CheckpointBrowser::refresh);
  connect(m_setActive, &QPushButton::clicked, this, &CheckpointBrowser::setActiveModel);
  connect(m_export, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export weights to"));
    if (!dir.isEmpty()) exportSelected(dir);
  });
  connect(m_delete, &QPushButton::clicked, this, &CheckpointBrowser::deleteSelected);
  connect(m_open, &QPushButton::clicked, this, &CheckpointBrowser::openFolder);
  m_confirm = [this](const QString& question) {
    return QMessageBox::question(this, tr("Delete"), question) == QMessageBox::Yes;
  };
  retranslate();
  updateButtons();
}

QString CheckpointBrowser::activeModel(const QString& projectDir) {
  return QSettings().value(settingsKey(projectDir)).toString();
}

void CheckpointBrowser::setProjectDir(const QString& dir) {
  if (dir == m_project && !m_runs.empty()) return;
  m_project = dir;
  refresh();
}

void CheckpointBrowser::refresh() {
  m_runs = m_project.isEmpty() ? std::vector<train::RunInfo>{}
                               : train::list_runs(m_project.toStdString());
  fill();
  Q_EMIT runsChanged();
}

void CheckpointBrowser::fill() {
  const QSignalBlocker block(m_tree);
  m_tree->clear();
  const QString active = activeModel(m_project);
  for (std::size_t r = 0; r < m_runs.size(); ++r) {
    const auto& run = m_runs[r];
    auto* top = new QTreeWidgetItem(m_tree);
    top->setText(Name, QString::fromStdString(run.name));
    top->setToolTip(Name, QString::fromStdString(run.dir.string()));
    top->setText(Step, run.finished ? tr("%1 (finished)").arg(run.last_logged_step)
                                    : tr("%1 (stopped)").arg(run.last_logged_step));
    top->setText(Epoch, QString::fromStdString(run.model_config));
    top->setText(Size, QLocale().formattedDataSize(run.bytes));
    top->setText(Date, when(run.modified));
    top->setData(Name, kRunRole, static_cast<int>(r));
    top->setData(Name, kCheckpointRole, -1);
    top->setFlags(top->flags() | Qt::ItemIsUserCheckable);
    top->setCheckState(Name, r < 2 ? Qt::Checked : Qt::Unchecked);  // the newest two overlaid
    for (std::size_t c = 0; c < run.checkpoints.size(); ++c) {
      const auto& ck = run.checkpoints[c];
      auto* item = new QTreeWidgetItem(top);
      const bool isActive = QString::fromStdString(ck.weights.string()) == active;
      item->setText(Name,
                    QString::fromStdString(ck.label()) + (isActive ? tr("  ★ active") : QString()));
      item->setText(Step, ck.step >= 0 ? QString::number(ck.step) : QString());
      item->setText(Epoch, ck.epoch >= 0 ? QString::number(ck.epoch + 1) : QString());
      item->setText(BoxAp, metricText(ck.bbox, 0));
      item->setText(BoxAp50, metricText(ck.bbox, 1));
      item->setText(MaskAp, metricText(ck.segm, 0));
      item->setText(Size, QLocale().formattedDataSize(ck.bytes));
      item->setText(Date, when(ck.modified));
      item->setData(Name, kRunRole, static_cast<int>(r));
      item->setData(Name, kCheckpointRole, static_cast<int>(c));
    }
    top->setExpanded(r == 0);
  }
  m_active->setText(active.isEmpty() ? tr("Active model: none chosen (the base model is used).")
                                     : tr("Active model: %1").arg(active));
  if (m_runs.empty())
    m_status->setText(m_project.isEmpty() ? tr("Open a project to see its training runs.")
                                          : tr("No training run in this project yet."));
  updateOverlay();
  selectionChanged();
}

const train::RunInfo* CheckpointBrowser::selectedRun() const {
  const auto items = m_tree->selectedItems();
  if (items.isEmpty()) return nullptr;
  const int r = items.front()->data(Name, kRunRole).toInt();
  return r >= 0 && r < static_cast<int>(m_runs.size()) ? &m_runs[static_cast<std::size_t>(r)]
                                                       : nullptr;
}

const train::CheckpointInfo* CheckpointBrowser::selectedCheckpoint() const {
  const train::RunInfo* run = selectedRun();
  if (!run) return nullptr;
  const int c = m_tree->selectedItems().front()->data(Name, kCheckpointRole).toInt();
  return c >= 0 && c < static_cast<int>(run->checkpoints.size())
             ? &run->checkpoints[static_cast<std::size_t>(c)]
             : nullptr;
}

bool CheckpointBrowser::select(int run, int checkpoint) {
  if (run < 0 || run >= m_tree->topLevelItemCount()) return false;
  QTreeWidgetItem* item = m_tree->topLevelItem(run);
  if (checkpoint >= 0) {
    if (checkpoint >= item->childCount()) return false;
    item = item->child(checkpoint);
  }
  m_tree->setCurrentItem(item);
  return true;
}

void CheckpointBrowser::setOverlay(int run, bool on) {
  if (run >= 0 && run < m_tree->topLevelItemCount())
    m_tree->topLevelItem(run)->setCheckState(Name, on ? Qt::Checked : Qt::Unchecked);
}

void CheckpointBrowser::selectionChanged() {
  const train::CheckpointInfo* ck = selectedCheckpoint();
  const train::RunInfo* run = selectedRun();
  if (ck)
    m_card->setPlainText(QString::fromStdString(ck->card_json));
  else if (run)
    m_card->setPlainText(
        tr("Run %1 (%2): select a checkpoint for its model card.")
            .arg(QString::fromStdString(run->name), QString::fromStdString(run->dir.string())));
  else
    m_card->clear();
  updateButtons();
}

void CheckpointBrowser::updateOverlay() {
  std::vector<CurvePlots::Run> runs;
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    if (m_tree->topLevelItem(i)->checkState(Name) != Qt::Checked) continue;
    const auto& run = m_runs[static_cast<std::size_t>(i)];
    runs.push_back({QString::fromStdString(run.name), train::read_curves(run.dir)});
  }
  m_overlay->setRuns(runs);
}

void CheckpointBrowser::updateButtons() {
  const bool ck = selectedCheckpoint() != nullptr;
  m_setActive->setEnabled(ck);
  m_export->setEnabled(ck);
  m_delete->setEnabled(selectedRun() != nullptr);
  m_open->setEnabled(selectedRun() != nullptr);
}

bool CheckpointBrowser::setActiveModel() {
  const train::CheckpointInfo* ck = selectedCheckpoint();
  if (!ck) return false;
  const QString weights = QString::fromStdString(ck->weights.string());
  QSettings().setValue(settingsKey(m_project), weights);
  m_status->setText(tr("%1 is now the active model of this project.").arg(weights));
  const int run = m_tree->currentItem()->data(Name, kRunRole).toInt();
  const int c = m_tree->currentItem()->data(Name, kCheckpointRole).toInt();
  fill();
  select(run, c);
  Q_EMIT activeModelChanged(weights);
  return true;
}

bool CheckpointBrowser::exportSelected(const QString& outDir) {
  const train::CheckpointInfo* ck = selectedCheckpoint();
  if (!ck) return false;
  std::filesystem::path written;
  const auto e = train::export_weights(*selectedRun(), *ck, outDir.toStdString(), &written);
  m_status->setText(e.ok() ? tr("Exported the weights (without optimizer state) to %1.")
                                 .arg(QString::fromStdString(written.string()))
                           : tr("Export failed: %1").arg(QString::fromStdString(e.message)));
  return e.ok();
}

bool CheckpointBrowser::deleteSelected() {
  const train::RunInfo* run = selectedRun();
  if (!run) return false;
  const train::CheckpointInfo* ck = selectedCheckpoint();
  const QString what =
      ck ? tr("checkpoint %1 of run %2")
               .arg(QString::fromStdString(ck->label()), QString::fromStdString(run->name))
         : tr("the whole run %1").arg(QString::fromStdString(run->name));
  const qint64 bytes = ck ? ck->bytes : run->bytes;
  if (!m_confirm(tr("Delete %1? This frees %2 and cannot be undone.")
                     .arg(what, QLocale().formattedDataSize(bytes))))
    return false;
  std::int64_t freed = 0;
  const auto e = ck ? train::delete_checkpoint(*ck, &freed) : train::delete_run(run->dir, &freed);
  const QString message =
      e.ok() ? tr("Deleted %1: %2 freed.").arg(what, QLocale().formattedDataSize(freed))
             : tr("Could not delete %1: %2").arg(what, QString::fromStdString(e.message));
  refresh();
  m_status->setText(message);
  return e.ok();
}

void CheckpointBrowser::openFolder() {
  if (const train::RunInfo* run = selectedRun())
    QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(run->dir.string())));
}

void CheckpointBrowser::retranslate() {
  m_tree->setHeaderLabels({tr("Run / checkpoint"), tr("Step"), tr("Epoch / model"), tr("Box mAP"),
                           tr("Box AP50"), tr("Mask mAP"), tr("Size"), tr("Date")});
  m_details->setTabText(0, tr("Curves of the checked runs"));
  m_details->setTabText(1, tr("Model card"));
  m_refresh->setText(tr("Refresh"));
  m_setActive->setText(tr("Set as active model"));
  m_export->setText(tr("Export weights…"));
  m_export->setToolTip(tr("Copy the deployment weights and model card, without optimizer state"));
  m_delete->setText(tr("Delete…"));
  m_open->setText(tr("Open folder"));
}

void CheckpointBrowser::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

}  // namespace sam3::ui
