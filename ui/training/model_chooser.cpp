#include "ui/training/model_chooser.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

#include "core/train/training_runs.h"

namespace sam3::ui {

namespace {

const QString kVocabKey = QStringLiteral("training/vocabulary");

QString hubCache() {
  const QString cache = qEnvironmentVariable("HF_HUB_CACHE");
  if (!cache.isEmpty()) return cache;
  const QString home = qEnvironmentVariable("HF_HOME");
  if (!home.isEmpty()) return home + QStringLiteral("/hub");
  return QDir::homePath() + QStringLiteral("/.cache/huggingface/hub");
}

// Snapshots of SAM3 repositories in the cache that hold weights.
QStringList cacheEntries() {
  QStringList out;
  const QDir hub(hubCache());
  for (const QString& repo : hub.entryList({QStringLiteral("models--*sam3*")}, QDir::Dirs)) {
    const QDir snaps(hub.filePath(repo + QStringLiteral("/snapshots")));
    for (const QString& snap : snaps.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
      const QString dir = snaps.filePath(snap);
      if (QFileInfo::exists(dir + QStringLiteral("/model.safetensors")) ||
          QFileInfo::exists(dir + QStringLiteral("/sam3.pt")))
        out << dir;
    }
  }
  return out;
}

}  // namespace

ModelChooser::ModelChooser(QWidget* parent)
    : QWidget(parent),
      m_source(new QComboBox(this)),
      m_entries(new QComboBox(this)),
      m_path(new QLineEdit(this)),
      m_browse(new QPushButton(this)),
      m_vocab(new QLineEdit(this)),
      m_browseVocab(new QPushButton(this)),
      m_hint(new QLabel(this)),
      m_vocabLabel(new QLabel(this)) {
  m_source->setObjectName(QStringLiteral("modelSource"));
  m_entries->setObjectName(QStringLiteral("modelEntries"));
  m_path->setObjectName(QStringLiteral("modelPath"));
  m_vocab->setObjectName(QStringLiteral("vocabulary"));
  for (int i = 0; i < 5; ++i) m_source->addItem(QString());
  m_hint->setWordWrap(true);
  m_hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
  m_vocabLabel->setBuddy(m_vocab);
  m_vocab->setText(QSettings().value(kVocabKey).toString());
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(m_source, 0, 0, 1, 2);
  grid->addWidget(m_entries, 1, 0, 1, 2);
  grid->addWidget(m_path, 2, 0);
  grid->addWidget(m_browse, 2, 1);
  grid->addWidget(m_hint, 3, 0, 1, 2);
  grid->addWidget(m_vocabLabel, 4, 0, 1, 2);
  grid->addWidget(m_vocab, 5, 0);
  grid->addWidget(m_browseVocab, 5, 1);
  grid->setColumnStretch(0, 1);
  connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
    refreshEntries();
    updateVisibility();
    Q_EMIT changed();
  });
  connect(m_entries, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT changed(); });
  connect(m_path, &QLineEdit::editingFinished, this, [this] { Q_EMIT changed(); });
  connect(m_vocab, &QLineEdit::editingFinished, this, [this] {
    QSettings().setValue(kVocabKey, m_vocab->text());
    Q_EMIT changed();
  });
  connect(m_browse, &QPushButton::clicked, this, &ModelChooser::browseWeights);
  connect(m_browseVocab, &QPushButton::clicked, this, &ModelChooser::browseVocabulary);
  retranslate();
  updateVisibility();
}

void ModelChooser::setProject(const QString& projectDir) {
  m_project = projectDir;
  refreshEntries();
}

ModelChooser::Source ModelChooser::source() const {
  return static_cast<Source>(m_source->currentIndex());
}

void ModelChooser::setSource(Source source) {
  m_source->setCurrentIndex(static_cast<int>(source));
}

void ModelChooser::setWeightsPath(const QString& path) {
  m_path->setText(path);
  Q_EMIT changed();
}

void ModelChooser::setVocabulary(const QString& path) {
  m_vocab->setText(path);
  QSettings().setValue(kVocabKey, path);
  Q_EMIT changed();
}

void ModelChooser::refreshEntries() {
  const QSignalBlocker block(m_entries);
  m_entries->clear();
  if (source() == Source::HfCache) {
    for (const QString& dir : cacheEntries()) m_entries->addItem(dir, dir);
    if (m_entries->count() == 0) m_entries->addItem(tr("(no SAM3 model in %1)").arg(hubCache()));
  } else if (source() == Source::RunCheckpoint && !m_project.isEmpty()) {
    for (const auto& run : train::list_runs(m_project.toStdString())) {
      for (const auto& c : run.checkpoints) {
        const QString label =
            QStringLiteral("%1 · %2 · %3")
                .arg(QString::fromStdString(run.name), QString::fromStdString(c.label()),
                     QString::fromStdString(run.model_config));
        m_entries->addItem(label, QStringList{QString::fromStdString(c.weights.string()),
                                              QString::fromStdString(run.model_config)});
      }
    }
    if (m_entries->count() == 0) m_entries->addItem(tr("(no checkpoint yet in this project)"));
  }
}

QString ModelChooser::modelConfig() const {
  switch (source()) {
    case Source::TinyRandom:
      return QStringLiteral("sam3-tiny");
    case Source::RunCheckpoint: {
      const QStringList data = m_entries->currentData().toStringList();
      return data.size() == 2 && !data[1].isEmpty() ? data[1] : QStringLiteral("sam3");
    }
    default:
      return QStringLiteral("sam3");
  }
}

QString ModelChooser::weights() const {
  // A model folder trains from its model.safetensors (the vocabulary sits beside it).
  const auto inFolder = [](const QString& path) {
    return QFileInfo(path).isDir() ? QDir(path).filePath(QStringLiteral("model.safetensors"))
                                   : path;
  };
  switch (source()) {
    case Source::TinyRandom:
      return {};
    case Source::HfCache:
      return inFolder(m_entries->currentData().toString());
    case Source::HfFolder:
      return inFolder(m_path->text());
    case Source::RunCheckpoint: {
      const QStringList data = m_entries->currentData().toStringList();
      return data.isEmpty() ? QString() : data[0];
    }
    default:
      return m_path->text();
  }
}

QString ModelChooser::vocabulary() const {
  return m_vocab->text();
}

void ModelChooser::browseWeights() {
  QString chosen;
  if (source() == Source::HfFolder)
    chosen = QFileDialog::getExistingDirectory(this, tr("Hugging Face model folder"));
  else
    chosen = QFileDialog::getOpenFileName(this, tr("Official SAM3 checkpoint"), QString(),
                                          tr("SAM3 checkpoints (sam3.pt *.pt)"));
  if (!chosen.isEmpty()) setWeightsPath(chosen);
}

void ModelChooser::browseVocabulary() {
  const QString chosen =
      QFileDialog::getOpenFileName(this, tr("CLIP vocabulary"), QString(),
                                   tr("CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz vocab.json)"));
  if (!chosen.isEmpty()) setVocabulary(chosen);
}

void ModelChooser::updateVisibility() {
  const Source s = source();
  const bool listed = s == Source::HfCache || s == Source::RunCheckpoint;
  const bool path = s == Source::HfFolder || s == Source::OfficialPt;
  m_entries->setVisible(listed);
  m_path->setVisible(path);
  m_browse->setVisible(path);
  retranslate();
}

void ModelChooser::retranslate() {
  m_source->setItemText(0, tr("Hugging Face model folder"));
  m_source->setItemText(1, tr("Hugging Face cache"));
  m_source->setItemText(2, tr("Official sam3.pt"));
  m_source->setItemText(3, tr("Checkpoint of a previous run"));
  m_source->setItemText(4, tr("sam3-tiny, random initialisation (for trying things)"));
  m_browse->setText(tr("Browse…"));
  m_browseVocab->setText(tr("Browse…"));
  m_vocabLabel->setText(tr("CLIP vocabulary (empty: the model folder's)"));
  m_path->setPlaceholderText(source() == Source::HfFolder ? tr("folder with model.safetensors")
                                                          : tr("path to sam3.pt"));
  m_vocab->setPlaceholderText(tr("bpe_simple_vocab_16e6.txt.gz or a model folder"));
  switch (source()) {
    case Source::TinyRandom:
      m_hint->setText(tr("A small untrained model: fast on a CPU, for trying the workflow."));
      break;
    case Source::RunCheckpoint:
      m_hint->setText(tr("Continues learning from a checkpoint of this project (a new run)."));
      break;
    default:
      m_hint->setText(tr("The released SAM3 weights: fine-tuning needs a CUDA GPU."));
      break;
  }
}

void ModelChooser::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

}  // namespace sam3::ui
