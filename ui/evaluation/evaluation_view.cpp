#include "ui/evaluation/evaluation_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/shell/task_runner.h"
#include "ui/training/qcp.h"

namespace sam3::ui {
namespace {

const QString kVocabKey = QStringLiteral("training/vocabulary");  // shared with the Train view

QString errorText(const sam3::train::SessionError& e) {
  QString text = QString::fromStdString(e.message);
  if (!e.advice.empty()) text += QLatin1Char(' ') + QString::fromStdString(e.advice);
  return text;
}

}  // namespace

EvaluationView::EvaluationView(QWidget* parent)
    : QWidget(parent),
      m_splitLabel(new QLabel(this)),
      m_split(new QComboBox(this)),
      m_modelLabel(new QLabel(this)),
      m_model(new QComboBox(this)),
      m_compareLabel(new QLabel(this)),
      m_compare(new QComboBox(this)),
      m_file(new QPushButton(this)),
      m_vocabLabel(new QLabel(this)),
      m_vocab(new QLineEdit(this)),
      m_vocabBrowse(new QPushButton(this)),
      m_run(new QPushButton(this)),
      m_status(new QLabel(this)),
      m_tabs(new QTabWidget(this)),
      m_stats(new QTableWidget(this)),
      m_classes(new QTableWidget(this)),
      m_pr(new QCustomPlot(this)),
      m_imageClassLabel(new QLabel(this)),
      m_imageClass(new QComboBox(this)),
      m_thresholdLabel(new QLabel(this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_targetLabel(new QLabel(this)),
      m_targetRecall(new QDoubleSpinBox(this)),
      m_confusion(new QTableWidget(2, 2, this)),
      m_imageMetrics(new QLabel(this)),
      m_recommend(new QLabel(this)),
      m_useRecommended(new QPushButton(this)) {
  m_split->addItem(QString(), QStringLiteral("valid"));
  m_split->addItem(QString(), QStringLiteral("test"));
  m_model->setMinimumContentsLength(28);
  m_compare->setMinimumContentsLength(28);
  m_vocab->setText(QSettings().value(kVocabKey).toString());
  m_status->setWordWrap(true);
  m_status->setObjectName(QStringLiteral("evaluationStatus"));

  auto* form = new QGridLayout;
  form->addWidget(m_splitLabel, 0, 0);
  form->addWidget(m_split, 0, 1);
  form->addWidget(m_modelLabel, 0, 2);
  form->addWidget(m_model, 0, 3);
  form->addWidget(m_file, 0, 4);
  form->addWidget(m_vocabLabel, 1, 0);
  form->addWidget(m_vocab, 1, 1);
  form->addWidget(m_vocabBrowse, 1, 1, Qt::AlignRight);
  form->addWidget(m_compareLabel, 1, 2);
  form->addWidget(m_compare, 1, 3);
  form->addWidget(m_run, 1, 4);
  form->setColumnStretch(3, 1);
  form->setColumnStretch(1, 1);

  for (QTableWidget* t : {m_stats, m_classes, m_confusion}) {
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
  }
  m_stats->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_stats->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_classes->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_pr->xAxis->setRange(0, 1);
  m_pr->yAxis->setRange(0, 1.02);
  m_pr->legend->setVisible(true);
  m_pr->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_tabs->addTab(m_stats, QString());
  m_tabs->addTab(m_classes, QString());
  m_tabs->addTab(m_pr, QString());
  m_tabs->addTab(buildImageTab(), QString());

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_status);
  layout->addWidget(m_tabs, 1);

  connect(m_run, &QPushButton::clicked, this, [this] { evaluate(); });
  connect(m_file, &QPushButton::clicked, this, &EvaluationView::chooseWeightsFile);
  connect(m_vocabBrowse, &QPushButton::clicked, this, &EvaluationView::chooseVocabulary);
  connect(m_vocab, &QLineEdit::editingFinished, this,
          [this] { QSettings().setValue(kVocabKey, m_vocab->text()); });
  retranslate();
  fillStats();
}

QWidget* EvaluationView::buildImageTab() {
  auto* page = new QWidget(this);
  m_threshold->setRange(0, 1);
  m_threshold->setSingleStep(0.05);
  m_threshold->setDecimals(2);
  m_threshold->setValue(0.5);
  m_targetRecall->setRange(0.01, 1);
  m_targetRecall->setSingleStep(0.01);
  m_targetRecall->setDecimals(2);
  m_targetRecall->setValue(0.95);
  m_confusion->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_confusion->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_confusion->setMinimumHeight(140);
  m_imageMetrics->setWordWrap(true);
  m_recommend->setWordWrap(true);
  m_recommend->setObjectName(QStringLiteral("recommendedThreshold"));
  auto* controls = new QHBoxLayout;
  controls->addWidget(m_imageClassLabel);
  controls->addWidget(m_imageClass, 1);
  controls->addWidget(m_thresholdLabel);
  controls->addWidget(m_threshold);
  controls->addWidget(m_targetLabel);
  controls->addWidget(m_targetRecall);
  auto* recommend = new QHBoxLayout;
  recommend->addWidget(m_recommend, 1);
  recommend->addWidget(m_useRecommended);
  auto* layout = new QVBoxLayout(page);
  layout->addLayout(controls);
  layout->addWidget(m_confusion);
  layout->addWidget(m_imageMetrics);
  layout->addLayout(recommend);
  layout->addStretch(1);
  connect(m_imageClass, &QComboBox::currentIndexChanged, this, [this] { fillImageLevel(); });
  connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this] { fillImageLevel(); });
  connect(m_targetRecall, &QDoubleSpinBox::valueChanged, this, [this] { fillImageLevel(); });
  connect(m_useRecommended, &QPushButton::clicked, this, &EvaluationView::useRecommended);
  return page;
}

void EvaluationView::setProjectDir(const QString& dir, const QString& activeModel) {
  m_project = dir;
  m_activeModel = activeModel;
  refreshModels();
}

void EvaluationView::setVocabulary(const QString& path) {
  m_vocab->setText(path);
}

void EvaluationView::refreshModels() {
  QVector<ModelChoice> files;  // weights files the user added survive a refresh
  for (const auto& c : m_choices)
    if (c.label.startsWith(QLatin1Char('['))) files.push_back(c);
  m_choices = ModelChoices::forProject(m_project, m_activeModel);
  m_choices += files;
  ModelChoices::fill(m_model, m_choices);
  const QString compare = m_compare->currentText();
  ModelChoices::fill(m_compare, m_choices);
  m_compare->insertItem(0, tr("(nothing)"), -1);
  const int keep = m_compare->findText(compare);
  m_compare->setCurrentIndex(keep >= 0 ? keep : 0);
  m_run->setEnabled(!m_choices.isEmpty());
  if (m_choices.isEmpty())
    m_status->setText(
        tr("No model to evaluate yet: train one (Train view) or add a weights file."));
}

void EvaluationView::addWeightsFile(const QString& weights, const QString& modelConfig) {
  ModelChoice c = ModelChoices::forFile(weights, modelConfig);
  c.label = QStringLiteral("[%1]").arg(c.label);
  c.model.label = c.label.toStdString();
  addModel(c);
}

void EvaluationView::addModel(const ModelChoice& choice, bool asComparison) {
  m_choices.push_back(choice);
  m_model->addItem(choice.label, int(m_choices.size() - 1));
  m_compare->addItem(choice.label, int(m_choices.size() - 1));
  QComboBox* select = asComparison ? m_compare : m_model;
  select->setCurrentIndex(select->count() - 1);
  m_run->setEnabled(true);
}

void EvaluationView::chooseWeightsFile() {
  const QString file =
      QFileDialog::getOpenFileName(this, tr("Weights to evaluate"), m_project,
                                   tr("Weights (*.safetensors *.pt);;All files (*)"));
  if (file.isEmpty()) return;
  std::filesystem::path card = file.toStdString();
  card.replace_extension(".json");
  QString config = QStringLiteral("sam3");
  if (!std::filesystem::exists(card)) {  // not our checkpoint: which model size is it?
    bool ok = false;
    config =
        QInputDialog::getItem(this, tr("Model size"), tr("Model config of these weights:"),
                              {QStringLiteral("sam3"), QStringLiteral("sam3-tiny")}, 0, false, &ok);
    if (!ok) return;
  }
  addWeightsFile(file, config);
}

void EvaluationView::chooseVocabulary() {
  const QString file =
      QFileDialog::getOpenFileName(this, tr("CLIP vocabulary"), m_vocab->text(),
                                   tr("CLIP vocabulary (*.txt.gz vocab.json);;All files (*)"));
  if (file.isEmpty()) return;
  m_vocab->setText(file);
  QSettings().setValue(kVocabKey, file);
}

const ModelChoice* EvaluationView::choiceAt(QComboBox* combo) const {
  const int i = combo->currentData().toInt();
  if (combo->currentIndex() < 0 || i < 0 || i >= m_choices.size()) return nullptr;
  return &m_choices[i];
}

bool EvaluationView::evaluate() {
  QVector<const ModelChoice*> picked;
  if (const ModelChoice* a = choiceAt(m_model)) picked.push_back(a);
  if (const ModelChoice* b = choiceAt(m_compare); b && !picked.isEmpty() && b != picked[0])
    picked.push_back(b);
  if (picked.isEmpty()) {
    m_status->setText(tr("Choose a model to evaluate."));
    return false;
  }
  for (const ModelChoice* c : picked)
    if (!c->ok()) {
      m_status->setText(tr("%1 cannot be evaluated: %2").arg(c->label, c->error));
      return false;
    }
  const QString split = m_split->currentData().toString();
  QVector<sam3::train::EvaluationRequest> requests;
  QStringList labels;
  for (const ModelChoice* c : picked) {
    sam3::train::EvaluationRequest r;
    r.project = m_project.toStdString();
    r.split = split.toStdString();
    r.model = c->model;
    r.vocabulary = m_vocab->text().toStdString();
    requests.push_back(r);
    labels << c->label;
  }
  auto results = std::make_shared<QVector<std::shared_ptr<const ModelEvaluation>>>();
  TaskJob job = [requests, labels, split, results](TaskControl& control) -> TaskOutcome {
    for (int i = 0; i < requests.size(); ++i) {
      const QString stage = tr("Evaluating %1 on the %2 split").arg(labels[i], split);
      control.progress(stage, 0, 0);
      const auto outcome =
          sam3::train::evaluate_split(requests[i], [&](std::size_t done, std::size_t total) {
            control.progress(stage, int(done), int(total));
            return !control.cancelled();
          });
      if (outcome.cancelled) return {TaskOutcome::Status::Cancelled, tr("Evaluation cancelled.")};
      if (!outcome.error.ok())
        return {TaskOutcome::Status::Failed,
                tr("%1 could not be evaluated: %2").arg(labels[i], errorText(outcome.error))};
      if (outcome.photos == 0)
        return {TaskOutcome::Status::Failed,
                tr("The %1 split has no labelled photo to evaluate on.").arg(split)};
      control.progress(tr("COCO statistics of %1").arg(labels[i]), 0, 0, false);
      try {
        results->push_back(summarize(labels[i], split, outcome));
      } catch (const std::exception& e) {
        return {TaskOutcome::Status::Failed, QString::fromUtf8(e.what())};
      }
    }
    return {TaskOutcome::Status::Done, tr("Evaluated.")};
  };
  const TaskOutcome outcome = TaskDialog::run(tr("Evaluate"), job, this);
  if (outcome.status != TaskOutcome::Status::Done) {
    m_status->setText(outcome.message);
    return false;
  }
  showResults(results->value(0), results->value(1));
  return true;
}

void EvaluationView::showResults(std::shared_ptr<const ModelEvaluation> a,
                                 std::shared_ptr<const ModelEvaluation> b) {
  m_a = std::move(a);
  m_b = std::move(b);
  if (m_a) {
    QString text = tr("%1: %n labelled photo(s) of the %2 split", nullptr, int(m_a->photos))
                       .arg(m_a->label, m_a->split);
    if (m_a->unlabelled > 0)
      text += QLatin1String("; ") +
              tr("%n unlabelled photo(s) left out", nullptr, int(m_a->unlabelled));
    if (m_b) text += QLatin1String("; ") + tr("compared with %1").arg(m_b->label);
    m_status->setText(text + QLatin1Char('.'));
  }
  const int keepClass = m_imageClass->currentIndex();
  m_imageClass->blockSignals(true);
  m_imageClass->clear();
  m_imageClass->addItem(tr("Any class"));
  if (m_a)
    for (const auto& name : m_a->bbox.category_names)
      m_imageClass->addItem(QString::fromStdString(name));
  m_imageClass->setCurrentIndex(keepClass > 0 && keepClass < m_imageClass->count() ? keepClass : 0);
  m_imageClass->blockSignals(false);
  fillStats();
  fillClasses();
  fillCurves();
  fillImageLevel();
  Q_EMIT evaluated();
}

void EvaluationView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void EvaluationView::retranslate() {
  m_splitLabel->setText(tr("Split:"));
  m_split->setItemText(0, tr("valid"));
  m_split->setItemText(1, tr("test"));
  m_modelLabel->setText(tr("Model:"));
  m_compareLabel->setText(tr("Compare with:"));
  if (m_compare->count() > 0 && m_compare->itemData(0).toInt() == -1)
    m_compare->setItemText(0, tr("(nothing)"));
  m_file->setText(tr("Weights file…"));
  m_file->setToolTip(tr("Evaluate a weights file that is not one of this project's checkpoints"));
  m_vocabLabel->setText(tr("Vocabulary:"));
  m_vocab->setPlaceholderText(tr("CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz)"));
  m_vocabBrowse->setText(tr("…"));
  m_run->setText(tr("Evaluate"));
  m_tabs->setTabText(0, tr("COCO statistics"));
  m_tabs->setTabText(1, tr("AP per class"));
  m_tabs->setTabText(2, tr("Precision–recall"));
  m_tabs->setTabText(3, tr("Photos: found or missed"));
  m_imageClassLabel->setText(tr("Class:"));
  m_thresholdLabel->setText(tr("Score threshold:"));
  m_targetLabel->setText(tr("Target photo recall:"));
  m_useRecommended->setText(tr("Use this threshold"));
  m_pr->xAxis->setLabel(tr("Recall"));
  m_pr->yAxis->setLabel(tr("Precision"));
  fillStats();
  fillClasses();
  fillCurves();
  fillImageLevel();
}

}  // namespace sam3::ui
