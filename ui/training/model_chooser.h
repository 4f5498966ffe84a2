#pragma once
// Where a training starts from: a Hugging Face model folder, an entry of the Hugging Face cache
// ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub; facebook/sam3 snapshots), the official
// sam3.pt, a checkpoint of one of the project's runs, or sam3-tiny from random initialisation.
// Also the CLIP vocabulary the prompts are tokenised with (a model folder holds it; random init
// and run checkpoints need it chosen); the last one chosen is remembered in QSettings.
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sam3::ui {

class ModelChooser : public QWidget {
  Q_OBJECT
 public:
  enum class Source { HfFolder = 0, HfCache, OfficialPt, RunCheckpoint, TinyRandom };
  explicit ModelChooser(QWidget* parent = nullptr);

  void setProject(const QString& projectDir);  // lists its runs' checkpoints
  Source source() const;
  void setSource(Source source);
  void setWeightsPath(const QString& path);  // folder or file of the current source
  QString modelConfig() const;               // "sam3" or "sam3-tiny" (a run's own config)
  QString weights() const;                   // empty for random initialisation
  QString vocabulary() const;
  void setVocabulary(const QString& path);
  // The entries the cache and run lists offer (for tests).
  QComboBox* entries() const { return m_entries; }

 Q_SIGNALS:
  void changed();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void refreshEntries();
  void browseWeights();
  void browseVocabulary();
  void updateVisibility();
  void retranslate();

  QString m_project;
  QComboBox* m_source;
  QComboBox* m_entries;
  QLineEdit* m_path;
  QPushButton* m_browse;
  QLineEdit* m_vocab;
  QPushButton* m_browseVocab;
  QLabel* m_hint;
  QLabel* m_vocabLabel;
};

}  // namespace sam3::ui
