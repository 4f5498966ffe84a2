#include "ui/training/training_page.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/annotation_workspace.h"
#include "ui/project_document.h"
#include "ui/training/checkpoint_browser.h"
#include "ui/training/curve_plots.h"
#include "ui/training/model_chooser.h"
#include "ui/training/process_training.h"
#include "ui/training/training_form.h"
#include "ui/training/training_presets.h"
#include "ui/training/training_worker.h"

namespace sam3::ui {

namespace {

QLabel* title(QWidget* parent, QList<QLabel*>& titles) {
  auto* label = new QLabel(parent);
  QFont f = label->font();
  f.setBold(true);
  f.setPointSizeF(f.pointSizeF() * 1.1);
  label->setFont(f);
  titles << label;
  return label;
}

}  // namespace

TrainingPage::TrainingPage(AnnotationWorkspace* workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(workspace),
      m_thread(new TrainingThread(this)),
      m_tabs(new QTabWidget(this)),
      m_chooser(new ModelChooser(this)),
      m_presets(new QComboBox(this)),
      m_gpus(new QComboBox(this)),
      m_gpusLabel(new QLabel(this)),
      m_processRun(new ProcessTraining(this)),
      m_presetHint(new QLabel(this)),
      m_form(new TrainingForm(this)),
      m_yaml(new QPlainTextEdit(this)),
      m_yamlStatus(new QLabel(this)),
      m_yamlTimer(new QTimer(this)),
      m_preflight(new QTreeWidget(this)),
      m_check(new QPushButton(this)),
      m_start(new QPushButton(this)),
      m_pause(new QPushButton(this)),
      m_cancel(new QPushButton(this)),
      m_resume(new QPushButton(this)),
      m_plots(new CurvePlots(CurvePlots::Mode::Live, this)),
      m_progress(new QProgressBar(this)),
      m_stats(new QLabel(this)),
      m_banner(new QLabel(this)),
      m_log(new QPlainTextEdit(this)),
      m_refresh(new QTimer(this)),
      m_browser(new CheckpointBrowser(this)) {
  setObjectName(QStringLiteral("TrainingPage"));
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(buildSetup());
  splitter->addWidget(buildMonitor());
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({760, 740});
  m_tabs->addTab(splitter, QString());
  m_tabs->addTab(m_browser, QString());
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_tabs);

  for (const auto& p : trainingPresets()) m_presets->addItem(p.title, p.id);
  m_presets->setObjectName(QStringLiteral("presets"));
  connect(m_presets, &QComboBox::activated, this,
          [this] { applyPreset(m_presets->currentData().toString()); });
  connect(m_form, &TrainingForm::edited, this, &TrainingPage::configEdited);
  connect(m_chooser, &ModelChooser::changed, this, &TrainingPage::configEdited);
  m_yamlTimer->setSingleShot(true);
  m_yamlTimer->setInterval(300);
  connect(m_yaml, &QPlainTextEdit::textChanged, this, [this] {
    if (!m_writingYaml) m_yamlTimer->start();
  });
  connect(m_yamlTimer, &QTimer::timeout, this, &TrainingPage::yamlEdited);
  connect(m_check, &QPushButton::clicked, this, &TrainingPage::runCheck);
  connect(m_start, &QPushButton::clicked, this, &TrainingPage::start);
  connect(m_pause, &QPushButton::clicked, this, &TrainingPage::pause);
  connect(m_cancel, &QPushButton::clicked, this, &TrainingPage::cancel);
  connect(m_resume, &QPushButton::clicked, this, &TrainingPage::resumeLast);

  TrainingWorker* w = m_thread->worker();
  connect(w, &TrainingWorker::preflightDone, this, &TrainingPage::onPreflight);
  connect(w, &TrainingWorker::finished, this, &TrainingPage::onFinished);
  connect(w, &TrainingWorker::validated, this, &TrainingPage::onValidation);
  connect(w, &TrainingWorker::message, this, [this](const QString& m) { appendLog(m); });
  connect(m_processRun, &ProcessTraining::finished, this, &TrainingPage::onFinished);
  connect(m_processRun, &ProcessTraining::validated, this, &TrainingPage::onValidation);
  connect(m_processRun, &ProcessTraining::message, this,
          [this](const QString& m) { appendLog(m); });
  m_gpus->setObjectName(QStringLiteral("gpus"));
  m_gpus->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_refresh->setInterval(100);  // <= 10 redraws a second
  connect(m_refresh, &QTimer::timeout, this, &TrainingPage::drainSteps);
  connect(m_browser, &CheckpointBrowser::runsChanged, m_chooser,
          [this] { m_chooser->setProject(projectDir()); });

  const train::GpuMemory gpu = train::query_gpu_memory(0);
  applyPreset(suggestedPreset(gpu.available ? gpu.total_bytes : 0));
  if (!gpu.available) m_chooser->setSource(ModelChooser::Source::TinyRandom);
  retranslate();
  setState(State::Idle);
}

TrainingPage::~TrainingPage() = default;

QWidget* TrainingPage::buildSetup() {
  auto* setup = new QWidget(this);
  auto* left = new QWidget(setup);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->addWidget(title(left, m_titles));
  leftLayout->addWidget(m_chooser);
  leftLayout->addWidget(title(left, m_titles));
  leftLayout->addWidget(m_presets);
  m_presetHint->setWordWrap(true);
  leftLayout->addWidget(m_presetHint);
  leftLayout->addWidget(title(left, m_titles));
  leftLayout->addWidget(m_form);
  leftLayout->addStretch(1);
  auto* scroll = new QScrollArea(setup);
  scroll->setWidget(left);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(left->sizeHint().width() +
                          scroll->verticalScrollBar()->sizeHint().width() + 4);

  auto* right = new QWidget(setup);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->addWidget(title(right, m_titles));
  m_yaml->setObjectName(QStringLiteral("yaml"));
  m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
  rightLayout->addWidget(m_yaml, 3);
  m_yamlStatus->setObjectName(QStringLiteral("yamlStatus"));
  m_yamlStatus->setWordWrap(true);
  m_yamlStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
  rightLayout->addWidget(m_yamlStatus);
  rightLayout->addWidget(title(right, m_titles));
  m_preflight->setObjectName(QStringLiteral("preflight"));
  m_preflight->setColumnCount(1);
  m_preflight->setRootIsDecorated(false);
  m_preflight->setHeaderHidden(true);
  m_preflight->setTextElideMode(Qt::ElideNone);
  rightLayout->addWidget(m_preflight, 2);

  auto* split = new QSplitter(Qt::Horizontal, setup);
  split->addWidget(scroll);
  split->addWidget(right);
  split->setSizes({scroll->minimumWidth(), 360});
  auto* layout = new QHBoxLayout(setup);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);
  return setup;
}

QWidget* TrainingPage::buildMonitor() {
  auto* monitor = new QWidget(this);
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {m_check, m_start, m_pause, m_cancel, m_resume}) buttons->addWidget(b);
  buttons->addStretch(1);
  buttons->addWidget(m_gpusLabel);
  buttons->addWidget(m_gpus);
  m_gpusLabel->setBuddy(m_gpus);
  m_gpusLabel->hide();
  m_gpus->hide();
  m_start->setDefault(true);
  m_check->setObjectName(QStringLiteral("check"));
  m_start->setObjectName(QStringLiteral("start"));
  m_pause->setObjectName(QStringLiteral("pause"));
  m_cancel->setObjectName(QStringLiteral("cancel"));
  m_resume->setObjectName(QStringLiteral("resume"));
  m_banner->setObjectName(QStringLiteral("banner"));
  m_banner->setWordWrap(true);
  m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_banner->setStyleSheet(QStringLiteral(
      "QLabel { background: #fde2e1; color: #611a15; border: 1px solid #f5c2c0; padding: 6px; "
      "border-radius: 4px; }"));
  m_banner->hide();
  m_progress->setObjectName(QStringLiteral("progress"));
  m_progress->setTextVisible(true);
  m_stats->setObjectName(QStringLiteral("stats"));
  m_log->setObjectName(QStringLiteral("log"));
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(5000);
  m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  auto* layout = new QVBoxLayout(monitor);
  layout->addLayout(buttons);
  layout->addWidget(m_banner);
  layout->addWidget(m_plots, 3);
  auto* progressRow = new QHBoxLayout;
  progressRow->addWidget(m_progress, 1);
  layout->addLayout(progressRow);
  layout->addWidget(m_stats);
  layout->addWidget(title(monitor, m_titles));
  layout->addWidget(m_log, 1);
  return monitor;
}

void TrainingPage::retranslate() {
  const QStringList titles = {tr("Model"),
                              tr("Preset"),
                              tr("Settings"),
                              tr("Effective config (YAML, editable)"),
                              tr("Pre-flight check"),
                              tr("Log")};
  for (int i = 0; i < m_titles.size() && i < titles.size(); ++i) m_titles[i]->setText(titles[i]);
  m_tabs->setTabText(0, tr("Train"));
  m_tabs->setTabText(1, tr("Runs and checkpoints"));
  m_check->setText(tr("Check"));
  m_check->setToolTip(tr("Run the pre-flight check without starting"));
  m_start->setText(tr("Start training"));
  m_pause->setText(m_state == State::Paused ? tr("Continue") : tr("Pause"));
  m_cancel->setText(tr("Cancel"));
  m_cancel->setToolTip(tr("Stop after the current step; a checkpoint to resume from is written"));
  m_resume->setText(tr("Resume last run"));
  m_resume->setToolTip(tr("Continue the newest unfinished run from its last checkpoint"));
  m_gpusLabel->setText(tr("Train on"));
  for (int i = 0; i < m_gpus->count(); ++i)
    m_gpus->setItemText(i, i == 0 ? tr("1 GPU") : tr("%1 GPUs").arg(i + 1));
  m_gpus->setToolTip(
      tr("Several GPUs train data-parallel, one process each (sam3studio-cli); "
         "such a run can be cancelled and resumed, not paused"));
  const auto presets = trainingPresets();
  for (int i = 0; i < m_presets->count() && i < static_cast<int>(presets.size()); ++i)
    m_presets->setItemText(i, presets[static_cast<std::size_t>(i)].title);
  if (m_stats->text().isEmpty()) m_stats->setText(tr("Not running."));
}

void TrainingPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void TrainingPage::showEvent(QShowEvent* event) {
  syncProject();
  QWidget::showEvent(event);
}

QString TrainingPage::projectDir() const {
  if (!m_project.isEmpty()) return m_project;
  if (m_workspace && m_workspace->document()) return m_workspace->document()->dir();
  return {};
}

void TrainingPage::setProjectDir(const QString& dir) {
  m_project = dir;
  syncProject();
}

void TrainingPage::syncProject() {
  const QString dir = projectDir();
  m_chooser->setProject(dir);
  m_browser->setProjectDir(dir);
  configEdited();
}

void TrainingPage::setGpuCount(int count) {
  m_gpuCount = std::max(0, count);
  m_gpus->clear();
  for (int i = 1; i <= m_gpuCount; ++i) m_gpus->addItem(QString(), i);
  m_gpus->setCurrentIndex(m_gpus->count() - 1);
  const bool offer = m_gpuCount > 1;
  m_gpus->setVisible(offer);
  m_gpusLabel->setVisible(offer);
  retranslate();
}

int TrainingPage::gpusChosen() const {
  return m_gpuCount > 1 ? std::max(1, m_gpus->currentData().toInt()) : 1;
}

void TrainingPage::setGpusChosen(int gpus) {
  const int i = m_gpus->findData(gpus);
  if (i >= 0) m_gpus->setCurrentIndex(i);
}

int TrainingPage::refreshIntervalMs() const {
  return m_refresh->interval();
}

void TrainingPage::applyPreset(const QString& id) {
  const auto presets = trainingPresets();
  for (std::size_t i = 0; i < presets.size(); ++i) {
    if (presets[i].id != id) continue;
    m_presets->setCurrentIndex(static_cast<int>(i));
    m_presetHint->setText(presets[i].description);
  }
  m_form->setConfig(presetConfig(id));
  if (id == QStringLiteral("cpu-tiny")) m_chooser->setSource(ModelChooser::Source::TinyRandom);
  configEdited();
}

// Form or model chooser changed: the config gets the chosen model and the project, the YAML
// view shows the complete effective config.
void TrainingPage::configEdited() {
  train::TrainConfig c = m_form->config();
  c.model.config = m_chooser->modelConfig().toStdString();
  c.model.weights = m_chooser->weights().toStdString();
  c.data.project = projectDir().toStdString();
  m_form->setConfig(c);
  m_writingYaml = true;
  m_yaml->setPlainText(QString::fromStdString(train::to_yaml(c)));
  m_writingYaml = false;
  yamlEdited();
}

// The YAML view changed (typed, or rewritten from the form): strict check, form follows.
void TrainingPage::yamlEdited() {
  train::TrainConfig parsed;
  const train::SessionError e =
      train::check_config(m_yaml->toPlainText().toStdString(), &parsed, "YAML view");
  m_yamlValid = e.ok();
  if (e.ok()) {
    m_form->setConfig(parsed);
    m_form->markProblem({});
    m_yamlStatus->setStyleSheet(QStringLiteral("color: #1b5e20;"));
    m_yamlStatus->setText(
        tr("Valid: %1 keys, every default written out.").arg(train::train_config_keys().size()));
  } else {
    m_form->markProblem(QString::fromStdString(e.key));
    m_yamlStatus->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    QString where;
    if (e.line > 0) where = tr("Line %1").arg(e.line);
    if (!e.key.empty())
      where += (where.isEmpty() ? QString() : QStringLiteral(", ")) +
               tr("key %1").arg(QString::fromStdString(e.key));
    m_yamlStatus->setText((where.isEmpty() ? QString() : where + QStringLiteral(": ")) +
                          QString::fromStdString(e.message));
  }
  setState(m_state);  // Start follows the validity
}

}  // namespace sam3::ui
