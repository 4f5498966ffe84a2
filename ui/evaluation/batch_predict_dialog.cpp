#include "ui/evaluation/batch_predict_dialog.h"

#include <algorithm>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

#include "core/batch/batch_predict.h"
#include "core/batch/project_batch.h"

namespace sam3::ui {
namespace {

const QString kVocabKey = QStringLiteral("training/vocabulary");

QWidget* withBrowse(QLineEdit* edit, QPushButton* button) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  layout->addWidget(button);
  return row;
}

// The predictor options of a model choice (our checkpoints carry their config in the card).
sam3::PredictorOptions predictorOptions(const ModelChoice& c, const QString& vocab, double t) {
  sam3::PredictorOptions o;
  o.model_config = c.model.model_config;
  if (c.model.weights.empty()) {
    o.random_weights = true;  // a run that started from a random initialisation
    o.seed = c.model.seed;
  } else {
    o.model_path = c.model.weights;
  }
  if (!vocab.isEmpty()) o.vocab = vocab.toStdString();
  o.score_threshold = t;
  return o;
}

}  // namespace

BatchPredictDialog::BatchPredictDialog(const QString& projectDir, const QString& activeModel,
                                       QWidget* parent)
    : QDialog(parent),
      m_project(projectDir),
      m_choices(ModelChoices::forProject(projectDir, activeModel)),
      m_model(new QComboBox(this)),
      m_fromSplit(new QRadioButton(tr("Photos of the project's split:"), this)),
      m_split(new QComboBox(this)),
      m_fromFolder(new QRadioButton(tr("Photos in a folder:"), this)),
      m_folder(new QLineEdit(this)),
      m_output(new QLineEdit(this)),
      m_vocab(new QLineEdit(QSettings().value(kVocabKey).toString(), this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_start(new QPushButton(tr("Predict"), this)),
      m_result(new QLabel(this)) {
  setWindowTitle(tr("Batch prediction"));
  ModelChoices::fill(m_model, m_choices);
  m_split->addItem(tr("valid"), QStringLiteral("valid"));
  m_split->addItem(tr("test"), QStringLiteral("test"));
  m_split->addItem(tr("train"), QStringLiteral("train"));
  m_split->addItem(tr("all photos"), QStringLiteral("all"));
  m_fromSplit->setChecked(!projectDir.isEmpty());
  m_fromFolder->setChecked(projectDir.isEmpty());
  m_fromSplit->setEnabled(!projectDir.isEmpty());
  m_threshold->setRange(0, 1);
  m_threshold->setSingleStep(0.05);
  m_threshold->setValue(0.5);
  m_output->setPlaceholderText(tr("Folder for results.json and the overlay images"));
  m_vocab->setPlaceholderText(tr("CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz)"));
  m_result->setWordWrap(true);
  m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* folderBrowse = new QPushButton(tr("…"), this);
  auto* outputBrowse = new QPushButton(tr("…"), this);
  auto* vocabBrowse = new QPushButton(tr("…"), this);
  auto* form = new QFormLayout;
  form->addRow(tr("Model:"), m_model);
  form->addRow(m_fromSplit, m_split);
  form->addRow(m_fromFolder, withBrowse(m_folder, folderBrowse));
  form->addRow(tr("Output folder:"), withBrowse(m_output, outputBrowse));
  form->addRow(tr("Score threshold:"), m_threshold);
  form->addRow(tr("Vocabulary:"), withBrowse(m_vocab, vocabBrowse));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addButton(m_start, QDialogButtonBox::AcceptRole);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_result);
  layout->addWidget(buttons);

  connect(folderBrowse, &QPushButton::clicked, this, [this] { browse(m_folder, true); });
  connect(outputBrowse, &QPushButton::clicked, this, [this] { browse(m_output, true); });
  connect(vocabBrowse, &QPushButton::clicked, this, [this] { browse(m_vocab, false); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_start, &QPushButton::clicked, this, [this] { run(); });
  for (QLineEdit* e : {m_folder, m_output, m_vocab})
    connect(e, &QLineEdit::textChanged, this, &BatchPredictDialog::updateState);
  connect(m_fromFolder, &QRadioButton::toggled, this, &BatchPredictDialog::updateState);
  updateState();
  resize(620, sizeHint().height());
}

void BatchPredictDialog::setFolder(const QString& dir) {
  m_folder->setText(dir);
  m_fromFolder->setChecked(true);
}

void BatchPredictDialog::setSplit(const QString& split) {
  m_split->setCurrentIndex(std::max(0, m_split->findData(split)));
  m_fromSplit->setChecked(true);
}

void BatchPredictDialog::setOutputDir(const QString& dir) {
  m_output->setText(dir);
}
void BatchPredictDialog::setVocabulary(const QString& path) {
  m_vocab->setText(path);
}
void BatchPredictDialog::setThreshold(double threshold) {
  m_threshold->setValue(threshold);
}

void BatchPredictDialog::addModel(const ModelChoice& choice) {
  m_choices.push_back(choice);
  m_model->addItem(choice.label, int(m_choices.size() - 1));
  m_model->setCurrentIndex(m_model->count() - 1);
  updateState();
}

void BatchPredictDialog::browse(QLineEdit* edit, bool folder) {
  const QString start = edit->text().isEmpty() ? m_project : edit->text();
  const QString path = folder ? QFileDialog::getExistingDirectory(this, QString(), start)
                              : QFileDialog::getOpenFileName(this, QString(), start);
  if (!path.isEmpty()) edit->setText(path);
}

void BatchPredictDialog::updateState() {
  const bool source = m_fromSplit->isChecked() || !m_folder->text().isEmpty();
  m_start->setEnabled(m_model->count() > 0 && source && !m_output->text().isEmpty());
  if (m_model->count() == 0)
    m_result->setText(tr("No model yet: train one in the Train view first."));
}

TaskOutcome BatchPredictDialog::run() {
  const int index = m_model->currentData().toInt();
  if (index < 0 || index >= m_choices.size()) return {TaskOutcome::Status::Failed, QString()};
  const ModelChoice choice = m_choices[index];
  if (!choice.ok()) {
    m_result->setText(tr("%1 cannot be used: %2").arg(choice.label, choice.error));
    return {TaskOutcome::Status::Failed, m_result->text()};
  }
  const auto options = predictorOptions(choice, m_vocab->text(), m_threshold->value());
  const bool fromSplit = m_fromSplit->isChecked();
  const QString split = m_split->currentData().toString(), folder = m_folder->text();
  const QString project = m_project, out = m_output->text();
  QSettings().setValue(kVocabKey, m_vocab->text());
  TaskJob job = [=](TaskControl& control) -> TaskOutcome {
    try {
      control.progress(tr("Loading %1").arg(choice.label), 0, 0, false);
      sam3::Predictor predictor(options);
      std::vector<sam3::batch::BatchPhoto> photos;
      std::vector<sam3::batch::BatchPrompt> prompts;
      if (fromSplit) {
        auto b = sam3::batch::project_batch(project.toStdString(), split.toStdString());
        photos = std::move(b.photos);
        prompts = std::move(b.prompts);
      } else {
        photos = sam3::batch::folder_photos(folder.toStdString());
        prompts = sam3::batch::project_batch(project.toStdString(), "none").prompts;
      }
      sam3::batch::BatchOptions bo;
      bo.results_file = (QDir(out).filePath(QStringLiteral("results.json"))).toStdString();
      bo.overlay_dir = QDir(out).filePath(QStringLiteral("overlays")).toStdString();
      std::filesystem::create_directories(out.toStdString());
      const auto summary = sam3::batch::run_batch(
          predictor, photos, prompts, bo,
          [&](std::size_t done, std::size_t total, const sam3::batch::BatchPhoto& p) {
            control.progress(tr("Predicted %1").arg(QString::fromStdString(p.file_name)), int(done),
                             int(total));
            return !control.cancelled();
          });
      if (summary.cancelled)
        return {TaskOutcome::Status::Cancelled,
                tr("Cancelled after %n photo(s); no results file written.", nullptr,
                   int(summary.photos_done))};
      return {TaskOutcome::Status::Done, tr("%n photo(s), %1 detections: %2 and overlays in %3",
                                            nullptr, int(summary.photos_done))
                                             .arg(summary.detections)
                                             .arg(QString::fromStdString(bo.results_file.string()),
                                                  QString::fromStdString(bo.overlay_dir.string()))};
    } catch (const std::exception& e) {
      return {TaskOutcome::Status::Failed,
              tr("Batch prediction failed: %1").arg(QString::fromUtf8(e.what()))};
    }
  };
  const TaskOutcome outcome = TaskDialog::run(tr("Batch prediction"), job, this);
  m_result->setText(outcome.message);
  return outcome;
}

}  // namespace sam3::ui
