#include "ui/smart/smart_tools.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStyle>
#include <QThread>
#include <QVBoxLayout>

#include "core/weights/model_dir.h"
#include "ui/annotation_workspace.h"
#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"
#include "ui/smart/prelabeler.h"
#include "ui/smart/smart_polygon_tool.h"

namespace sam3::ui {
namespace {

// One line however long the message: elided to the space the bar leaves, whole in the tooltip.
class ElidedLabel : public QLabel {
 public:
  using QLabel::QLabel;
  QSize minimumSizeHint() const override { return {40, QLabel::minimumSizeHint().height()}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    const QRect r = contentsRect();
    const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, r.width());
    style()->drawItemText(&painter, r, Qt::AlignLeft | Qt::AlignVCenter, palette(), isEnabled(),
                          shown, foregroundRole());
  }
};

constexpr double kToleranceStep = 0.5;  // pixels per slider step
const char* kWeightsKey = "smart/weights";
}  // namespace

SmartTools::SmartTools(AnnotationWorkspace* workspace, QObject* parent)
    : QObject(parent),
      m_workspace(workspace),
      m_interactiveThread(new QThread(this)),
      m_conceptThread(new QThread(this)),
      m_interactive(new InteractiveWorker),
      m_concept(new ConceptWorker) {
  registerSmartMetaTypes();
  m_interactiveThread->setObjectName(QStringLiteral("smartPolygonWorker"));
  m_conceptThread->setObjectName(QStringLiteral("prelabelWorker"));
  m_interactive->moveToThread(m_interactiveThread);
  m_concept->moveToThread(m_conceptThread);
  connect(m_interactiveThread, &QThread::finished, m_interactive, &QObject::deleteLater);
  connect(m_conceptThread, &QThread::finished, m_concept, &QObject::deleteLater);
  m_interactiveThread->start();
  m_conceptThread->start();

  m_tool = new SmartPolygonTool(workspace->canvas(), m_interactive, this);
  m_prelabel = new Prelabeler(m_concept, this);
  auto provider = [this](QString* whyNot) { return modelSpec(whyNot); };
  m_tool->setSpecProvider(provider);
  m_prelabel->setSpecProvider(provider);
  buildBar();
  workspace->setToolOptions(m_bar);
  connect(m_tool, &SmartPolygonTool::statusMessage, this, &SmartTools::statusMessage);
  auto device = [this](const QString& d) {
    m_device = d;
    Q_EMIT deviceChanged(d);
  };
  connect(m_tool, &SmartPolygonTool::deviceChanged, this, device);
  connect(m_prelabel, &Prelabeler::deviceChanged, this, device);
  connect(m_tool, &SmartPolygonTool::stateChanged, this,
          [this](SmartPolygonTool::State, const QString& message) {
            if (message.isEmpty()) return;
            m_state->setText(message);
            m_state->setToolTip(message);
          });
  connect(m_prelabel, &Prelabeler::started, this, [this](int photos) {
    m_progress->setRange(0, photos);
    m_progress->setValue(0);
    showRunning(true);
  });
  connect(m_prelabel, &Prelabeler::progressChanged, this, [this](int done, int total) {
    m_progress->setRange(0, total);
    m_progress->setValue(done);
  });
  connect(m_prelabel, &Prelabeler::finished, this, [this](bool, int, const QString& message) {
    showRunning(false);
    m_state->setText(message);
    Q_EMIT statusMessage(message);
  });
  connect(m_prelabel, &Prelabeler::failed, this, [this](const QString& message) {
    m_state->setText(message);
    m_state->setToolTip(message);
    Q_EMIT statusMessage(message);
  });
  connect(workspace->classesPanel(), &ClassesPanel::currentClassChanged, this,
          &SmartTools::classChanged);
  connect(workspace->canvas(), &AnnotationCanvas::toolChanged, this,
          [this](AnnotationCanvas::Tool tool) {
            // The smart polygon's own controls show while it is the tool.
            const bool smart = tool == AnnotationCanvas::Tool::Smart;
            for (QWidget* w : std::initializer_list<QWidget*>{m_toleranceLabel, m_tolerance,
                                                              m_toleranceValue, m_accept})
              w->setVisible(smart);
          });
}

SmartTools::~SmartTools() {
  m_concept->cancelFlag() = true;
  m_interactiveThread->quit();
  m_conceptThread->quit();
  m_interactiveThread->wait();
  m_conceptThread->wait();
}

void SmartTools::setDocument(ProjectDocument* doc) {
  m_doc = doc;
  m_tool->setDocument(doc);
  m_prelabel->setDocument(doc);
  m_classId = 0;
  showRunning(false);
}

QString SmartTools::deviceName(const QString& device) {
  return device.toUpper();  // the core's names are "cpu" and "cuda:N"
}

void SmartTools::setModelOverride(std::optional<SmartModelSpec> spec) {
  m_override = std::move(spec);
  m_tool->reloadModel();
}

std::optional<SmartModelSpec> SmartTools::modelSpec(QString* whyNot) const {
  SmartModelSpec spec;
  if (m_override) spec = *m_override;
  if (m_doc) spec.cacheDir = QDir(m_doc->dir()).filePath(QStringLiteral("cache/embeddings"));
  if (m_override) return spec;
  const QSettings settings;
  spec.weights = settings.value(QString::fromLatin1(kWeightsKey)).toString();
  if (spec.weights.isEmpty() && m_doc && m_activeModel) spec.weights = m_activeModel(m_doc->dir());
  spec.device = settings.value(QStringLiteral("smart/device"), spec.device).toString();
  if (spec.weights.isEmpty()) {
    try {
      spec.weights = QString::fromStdString(weights::find_model_dir().root.string());
    } catch (const std::exception&) {
      if (whyNot)
        *whyNot =
            tr("No SAM3 weights: choose a weights file (Weights… in the SAM3 bar: "
               "model.safetensors or sam3.pt of facebook/sam3), set an active model in "
               "Train > Checkpoints, or download facebook/sam3 into the Hugging Face cache.");
      return std::nullopt;
    }
  }
  return spec;
}

void SmartTools::buildBar() {
  m_bar = new QWidget;
  m_bar->setObjectName(QStringLiteral("sam3Bar"));
  m_bar->installEventFilter(this);
  m_findLabel = new QLabel(m_bar);
  m_prompt = new QLineEdit(m_bar);
  m_prompt->setObjectName(QStringLiteral("findPrompt"));
  m_prompt->setMaximumWidth(200);
  m_findPhoto = new QPushButton(m_bar);
  m_findPhoto->setObjectName(QStringLiteral("findInPhoto"));
  m_findSelected = new QPushButton(m_bar);
  m_findSelected->setObjectName(QStringLiteral("findInSelection"));
  m_progress = new QProgressBar(m_bar);
  m_progress->setObjectName(QStringLiteral("findProgress"));
  m_progress->setMaximumWidth(140);
  m_cancel = new QPushButton(m_bar);
  m_cancel->setObjectName(QStringLiteral("cancelFind"));
  m_toleranceLabel = new QLabel(m_bar);
  m_tolerance = new QSlider(Qt::Horizontal, m_bar);
  m_tolerance->setObjectName(QStringLiteral("smartTolerance"));
  m_tolerance->setRange(0, 20);
  m_tolerance->setValue(2);
  m_tolerance->setMaximumWidth(120);
  m_tolerance->setTracking(false);  // one undoable change per release, not one per pixel dragged
  m_toleranceValue = new QLabel(m_bar);
  m_toleranceValue->setMinimumWidth(44);
  m_accept = new QPushButton(m_bar);
  m_accept->setObjectName(QStringLiteral("smartAccept"));
  for (QWidget* w :
       std::initializer_list<QWidget*>{m_toleranceLabel, m_tolerance, m_toleranceValue, m_accept})
    w->setVisible(false);  // until the smart polygon is the tool
  m_weights = new QPushButton(m_bar);
  m_weights->setObjectName(QStringLiteral("smartWeights"));
  m_state = new ElidedLabel(m_bar);
  m_state->setObjectName(QStringLiteral("smartState"));
  m_state->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

  // The state (what to do next, errors) on a line of its own: beside the controls it was cut to
  // a few words.
  auto* rows = new QVBoxLayout(m_bar);
  rows->setContentsMargins(6, 2, 6, 2);
  rows->setSpacing(2);
  auto* layout = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{m_findLabel, m_prompt, m_findPhoto,
                                                    m_findSelected, m_progress, m_cancel})
    layout->addWidget(w);
  layout->addSpacing(16);
  for (QWidget* w : std::initializer_list<QWidget*>{m_toleranceLabel, m_tolerance, m_toleranceValue,
                                                    m_accept, m_weights})
    layout->addWidget(w);
  layout->addStretch(1);
  rows->addLayout(layout);
  rows->addWidget(m_state);
  showRunning(false);

  connect(m_prompt, &QLineEdit::returnPressed, this, &SmartTools::findInPhoto);
  connect(m_findPhoto, &QPushButton::clicked, this, &SmartTools::findInPhoto);
  connect(m_findSelected, &QPushButton::clicked, this, &SmartTools::findInSelection);
  connect(m_cancel, &QPushButton::clicked, m_prelabel, &Prelabeler::cancel);
  connect(m_tolerance, &QSlider::valueChanged, this, [this](int v) {
    m_toleranceValue->setText(tr("%1 px").arg(v * kToleranceStep, 0, 'f', 1));
    m_tool->setTolerance(v * kToleranceStep);
  });
  m_tool->setTolerance(m_tolerance->value() * kToleranceStep);
  connect(m_accept, &QPushButton::clicked, this, [this] { m_tool->accept(); });
  connect(m_weights, &QPushButton::clicked, this, &SmartTools::chooseWeights);
  retranslate();
}

void SmartTools::classChanged(qint64 classId) {
  m_classId = classId;
  // The workspace has the document before this object does (it is handed over first).
  ProjectDocument* doc = m_workspace ? m_workspace->document() : nullptr;
  if (!doc) return;
  if (const auto c = doc->classInfo(classId))
    m_prompt->setText(QString::fromStdString(c->prompt.empty() ? c->name : c->prompt));
}

void SmartTools::findInPhoto() {
  const qint64 photo = m_workspace->canvas()->photoId();
  runFind(photo ? QList<qint64>{photo} : QList<qint64>{});
}

void SmartTools::findInSelection() {
  runFind(m_workspace->photoBrowser()->selectedPhotoIds());
}

void SmartTools::runFind(const QList<qint64>& photos) {
  const qint64 classId = m_classId ? m_classId : m_workspace->canvas()->currentClass();
  m_prelabel->start(m_prompt->text(), classId, photos);
}

void SmartTools::showRunning(bool running) {
  m_progress->setVisible(running);
  m_cancel->setVisible(running);
  m_findPhoto->setEnabled(!running);
  m_findSelected->setEnabled(!running);
}

void SmartTools::chooseWeights() {
  QSettings settings;
  const QString file = QFileDialog::getOpenFileName(
      m_bar, tr("SAM3 weights"), settings.value(QString::fromLatin1(kWeightsKey)).toString(),
      tr("SAM3 weights (*.safetensors *.pt)"));
  if (file.isEmpty()) return;
  settings.setValue(QString::fromLatin1(kWeightsKey), file);
  m_tool->reloadModel();
}

bool SmartTools::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_bar && event->type() == QEvent::LanguageChange) retranslate();
  return QObject::eventFilter(watched, event);
}

void SmartTools::retranslate() {
  m_findLabel->setText(tr("Find"));
  m_prompt->setPlaceholderText(tr("class prompt"));
  m_prompt->setToolTip(tr("What SAM3 looks for: the current class's prompt, or any text"));
  m_findPhoto->setText(tr("In this photo"));
  m_findPhoto->setToolTip(tr("Pre-label this photo: proposals to accept or reject"));
  m_findSelected->setText(tr("In selected photos"));
  m_findSelected->setToolTip(
      tr("Pre-label the photos selected in the Photos panel (Ctrl/Shift+click to select several)"));
  m_cancel->setText(tr("Cancel"));
  m_toleranceLabel->setText(tr("Simplify"));
  m_tolerance->setToolTip(
      tr("How far the smart polygon may leave the mask's outline (pixels); also changes the "
         "polygon accepted last on this photo, until the project is closed"));
  m_toleranceValue->setText(tr("%1 px").arg(m_tolerance->value() * kToleranceStep, 0, 'f', 1));
  m_accept->setText(tr("Accept"));
  m_accept->setToolTip(tr("Add the smart polygon as a shape of the current class (Enter)"));
  m_weights->setText(tr("Weights…"));
  m_weights->setToolTip(tr("Choose the SAM3 weights file for smart polygon and pre-labelling"));
}

}  // namespace sam3::ui
