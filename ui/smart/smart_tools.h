#pragma once
// SAM3 in the annotation workspace: the smart polygon tool and text pre-labelling, their worker
// threads, and the SAM3 bar under the canvas tool bar (Find <prompt> on this photo or the selected
// photos with progress and cancel; the smart polygon's Simplify slider, Accept, the weights
// chooser and the tool's state). The main window creates one and hands it the document.
// Weights, in order: a test override (setModelOverride), the "smart/weights" setting (Weights…),
// the project's active model (Train > Checkpoints, through setActiveModelProvider), else the
// facebook/sam3 snapshot in the Hugging Face cache; when none loads the tool says what to do (never
// random weights in the product). GUI thread only; the destructor cancels pre-labelling and waits
// for the workers to finish the call they are in.
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

#include "ui/smart/smart_worker.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QThread;
class QWidget;

namespace sam3::ui {

class AnnotationWorkspace;
class Prelabeler;
class ProjectDocument;
class SmartPolygonTool;

class SmartTools : public QObject {
  Q_OBJECT
 public:
  explicit SmartTools(AnnotationWorkspace* workspace, QObject* parent = nullptr);
  ~SmartTools() override;
  void setDocument(ProjectDocument* doc);
  // The project's active model (weights file, "" for none): the Train view's choice.
  void setActiveModelProvider(std::function<QString(const QString& projectDir)> provider) {
    m_activeModel = std::move(provider);
  }
  // Tests: these weights (e.g. sam3-tiny with random weights) instead of the settings.
  void setModelOverride(std::optional<SmartModelSpec> spec);
  // The spec the next load would use; nullopt (with the reason) when no weights are configured.
  std::optional<SmartModelSpec> modelSpec(QString* whyNot) const;

  SmartPolygonTool* polygonTool() const { return m_tool; }
  Prelabeler* prelabeler() const { return m_prelabel; }
  QWidget* bar() const { return m_bar; }
  QLineEdit* findPrompt() const { return m_prompt; }
  QPushButton* findInPhotoButton() const { return m_findPhoto; }
  QPushButton* findInSelectionButton() const { return m_findSelected; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }
  QSlider* toleranceSlider() const { return m_tolerance; }
  QLabel* stateLabel() const { return m_state; }
  QString device() const { return m_device; }  // where the model ran last ("" before any load)
  // How the status bar names a device: "cpu" -> "CPU", "cuda:0" -> "CUDA:0" ("" stays "").
  static QString deviceName(const QString& device);

  void findInPhoto();
  void findInSelection();
  void chooseWeights();

 Q_SIGNALS:
  void deviceChanged(const QString& device);  // "cpu", "cuda:0"
  void statusMessage(const QString& message);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;  // the bar's LanguageChange

 private:
  void buildBar();
  void retranslate();
  void classChanged(qint64 classId);
  void runFind(const QList<qint64>& photos);
  void showRunning(bool running);

  QPointer<AnnotationWorkspace> m_workspace;  // may go first when the window closes
  QPointer<ProjectDocument> m_doc;
  std::optional<SmartModelSpec> m_override;
  std::function<QString(const QString&)> m_activeModel;
  QThread* m_interactiveThread;
  QThread* m_conceptThread;
  InteractiveWorker* m_interactive;
  ConceptWorker* m_concept;
  SmartPolygonTool* m_tool;
  Prelabeler* m_prelabel;
  qint64 m_classId = 0;
  QString m_device;
  QWidget* m_bar = nullptr;
  QLabel* m_findLabel = nullptr;
  QLineEdit* m_prompt = nullptr;
  QPushButton* m_findPhoto = nullptr;
  QPushButton* m_findSelected = nullptr;
  QProgressBar* m_progress = nullptr;
  QPushButton* m_cancel = nullptr;
  QLabel* m_toleranceLabel = nullptr;
  QSlider* m_tolerance = nullptr;
  QLabel* m_toleranceValue = nullptr;
  QPushButton* m_accept = nullptr;
  QPushButton* m_weights = nullptr;
  QLabel* m_state = nullptr;
};

}  // namespace sam3::ui
