#include "ui/smart/smart_polygon_tool.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFrame>
#include <QGraphicsEllipseItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <set>

#include "ui/canvas/annotation_canvas.h"
#include "ui/commands/shape_commands.h"
#include "ui/project_document.h"

namespace sam3::ui {

SmartPolygonTool::SmartPolygonTool(AnnotationCanvas* canvas, InteractiveWorker* worker,
                                   QObject* parent)
    : QObject(parent),
      m_canvas(canvas),
      m_worker(worker),
      m_maskItem(new QGraphicsPathItem),
      m_boxItem(new QGraphicsPathItem) {
  m_canvas->setSmartHandler(this);
  m_maskItem->setZValue(20);
  m_boxItem->setZValue(22);
  QPen boxPen(Qt::white, 2.0, Qt::DashLine);
  boxPen.setCosmetic(true);
  m_boxItem->setPen(boxPen);
  m_canvas->scene()->addItem(m_maskItem);
  m_canvas->scene()->addItem(m_boxItem);
  connect(m_canvas, &AnnotationCanvas::photoChanged, this, &SmartPolygonTool::photoChanged);
  connect(m_worker, &InteractiveWorker::loaded, this, &SmartPolygonTool::onLoaded);
  connect(m_worker, &InteractiveWorker::embeddingReady, this, &SmartPolygonTool::onEmbedding);
  connect(m_worker, &InteractiveWorker::maskReady, this, &SmartPolygonTool::onMask);
  connect(m_worker, &InteractiveWorker::failed, this, &SmartPolygonTool::onFailed);

  m_overlay = new QFrame(m_canvas->viewport());
  m_overlay->setObjectName(QStringLiteral("embeddingProgress"));
  m_overlay->setStyleSheet(
      QStringLiteral("#embeddingProgress { background: rgba(20, 20, 20, 210); border-radius: 6px; }"
                     "QLabel { color: white; }"));
  auto* layout = new QHBoxLayout(m_overlay);
  m_overlayText = new QLabel(m_overlay);
  auto* busy = new QProgressBar(m_overlay);
  busy->setRange(0, 0);  // no progress callback from the encoder: a busy bar and the time
  busy->setMaximumWidth(120);
  busy->setTextVisible(false);
  layout->addWidget(m_overlayText);
  layout->addWidget(busy);
  m_overlay->hide();
  m_overlayTimer = new QTimer(this);
  m_overlayTimer->setInterval(500);
  connect(m_overlayTimer, &QTimer::timeout, this, [this] { showProgress(true); });
}

SmartPolygonTool::~SmartPolygonTool() {
  if (m_canvas && m_canvas->smartHandler() == this) m_canvas->setSmartHandler(nullptr);
}

void SmartPolygonTool::setDocument(ProjectDocument* doc) {
  m_doc = doc;
  m_accepted.clear();
  // Another project has another embedding cache: load again on next use.
  reloadModel();
}

void SmartPolygonTool::reloadModel() {
  m_loadedSpec.reset();
  m_modelFailed = false;
  m_embeddedPhoto = m_embeddingPhoto = 0;
  m_loadRequest = m_photoRequest = 0;
  showProgress(false);
  setState(State::NoModel);
  if (m_active && ensureModel()) ensurePhoto();
}

void SmartPolygonTool::setState(State state, const QString& message) {
  m_state = state;
  Q_EMIT stateChanged(state, message);
  if (!message.isEmpty()) Q_EMIT statusMessage(message);
}

bool SmartPolygonTool::ensureModel() {
  QString whyNot;
  const auto spec = m_specProvider ? m_specProvider(&whyNot) : std::nullopt;
  if (!spec) {
    setState(State::NoModel, whyNot.isEmpty()
                                 ? tr("Smart polygon needs SAM3 weights: choose a weights file "
                                      "(Weights… in the SAM3 bar) or set an active model in Train.")
                                 : whyNot);
    return false;
  }
  if (m_loadedSpec && *m_loadedSpec == *spec) return !m_modelFailed;
  m_loadedSpec = spec;
  m_modelFailed = false;
  m_embeddedPhoto = m_embeddingPhoto = 0;
  m_loadRequest = ++m_request;
  setState(State::Loading, tr("Loading the SAM3 model for smart polygon…"));
  const quint64 request = m_loadRequest;
  InteractiveWorker* w = m_worker;
  const SmartModelSpec s = *spec;
  QMetaObject::invokeMethod(
      w, [w, request, s] { w->load(request, s); }, Qt::QueuedConnection);
  return true;
}

void SmartPolygonTool::ensurePhoto() {
  const qint64 photo = m_canvas->photoId();
  if (!photo || !m_doc || !m_loadedSpec) return;
  if (m_embeddedPhoto == photo) {
    if (m_state != State::Loading) setState(State::Ready, readyText());
    return;
  }
  if (m_embeddingPhoto == photo) return;
  const auto info = m_doc->photo(photo);
  if (!info) return;
  m_embeddingPhoto = photo;
  m_photoRequest = ++m_request;
  const quint64 request = m_photoRequest;
  const QString file = m_doc->photoPath(*info);
  const QString hash = QString::fromStdString(info->sha256);
  InteractiveWorker* w = m_worker;
  QMetaObject::invokeMethod(
      w, [w, request, photo, file, hash] { w->setPhoto(request, photo, file, hash); },
      Qt::QueuedConnection);
  m_embeddingClock = std::make_unique<QElapsedTimer>();
  m_embeddingClock->start();
  if (m_state != State::Loading)
    setState(State::Embedding, tr("Computing the image embedding of this photo…"));
  showProgress(true);
}

void SmartPolygonTool::photoChanged(qint64) {
  m_pressAt.reset();
  m_boxDragging = false;
  m_prompt = {};
  m_mask = {};
  ++m_revision;
  showProgress(false);
  m_embeddingPhoto = 0;  // an answer for the previous photo is ignored (request id)
  redrawPrompt();
  redrawPreview();
  if (m_active && ensureModel()) ensurePhoto();
}

void SmartPolygonTool::toolActivated(bool active) {
  m_active = active;
  if (!active) {
    clearPrompt();
    m_overlay->hide();
    m_overlayTimer->stop();
    return;
  }
  if (ensureModel()) ensurePhoto();
}

QString SmartPolygonTool::readyText() const {
  return tr("Smart polygon on %1: click the object (right click or Shift+click: not this), drag "
            "a box; Enter accepts, Esc clears.")
      .arg(m_device.toUpper());
}

void SmartPolygonTool::onLoaded(quint64 request, const QString& device, const QString& model) {
  if (request != m_loadRequest) return;
  m_device = device;
  Q_EMIT deviceChanged(device);
  Q_EMIT statusMessage(tr("Smart polygon model %1 loaded on %2.").arg(model, device.toUpper()));
  if (m_embeddingPhoto)
    setState(State::Embedding, tr("Computing the image embedding of this photo…"));
  else
    setState(State::Ready, readyText());
}

void SmartPolygonTool::onEmbedding(quint64 request, qint64 photoId, bool fromCache,
                                   double seconds) {
  if (request != m_photoRequest) return;
  m_embeddingPhoto = 0;
  m_embeddedPhoto = photoId;
  showProgress(false);
  setState(State::Ready, fromCache
                             ? tr("Image embedding read from the project's cache.")
                             : tr("Image embedding computed in %1 s on %2.")
                                   .arg(QString::number(seconds, 'f', 1), m_device.toUpper()));
  if (!m_prompt.empty() && !m_inFlight) sendPredict();
}

void SmartPolygonTool::onFailed(quint64 request, const QString& message) {
  if (request == m_loadRequest && request) {
    m_modelFailed = true;
    m_embeddingPhoto = 0;
    showProgress(false);
    setState(State::Failed,
             tr("Could not load the SAM3 weights for smart polygon: %1. Choose a weights file "
                "(Weights… in the SAM3 bar) or set an active model in Train.")
                 .arg(message));
  } else if (request == m_photoRequest && request) {
    if (m_state == State::Failed) return;  // the model failed first; that message stays
    m_embeddingPhoto = 0;
    showProgress(false);
    setState(State::Failed, tr("Could not compute the image embedding: %1").arg(message));
  } else if (request == m_predictRequest && request) {
    m_inFlight = false;
    Q_EMIT statusMessage(tr("Smart polygon prediction failed: %1").arg(message));
  }
}

void SmartPolygonTool::addPoint(QPointF p, bool positive) {
  if (!m_canvas->photoId()) return;
  const QPointF c = clamp(p);
  m_prompt.points.push_back({c.x(), c.y(), positive});
  m_boxLast = false;
  promptChanged();
}

void SmartPolygonTool::setBox(QRectF r) {
  const QRectF c = QRectF(clamp(r.topLeft()), clamp(r.bottomRight())).normalized();
  if (c.width() < 1 || c.height() < 1) return;
  m_prompt.box = PromptBox{c.left(), c.top(), c.right(), c.bottom()};
  m_boxLast = true;
  promptChanged();
}

void SmartPolygonTool::undoLastPrompt() {
  // The newest part goes: the box when it came after the last point.
  if (m_prompt.box && (m_boxLast || m_prompt.points.empty()))
    m_prompt.box.reset();
  else if (!m_prompt.points.empty())
    m_prompt.points.pop_back();
  m_boxLast = false;
  promptChanged();
}

void SmartPolygonTool::clearPrompt() {
  m_prompt = {};
  m_pressAt.reset();
  m_boxDragging = false;
  promptChanged();
}

void SmartPolygonTool::promptChanged() {
  ++m_revision;
  redrawPrompt();
  if (m_prompt.empty()) {
    m_mask = {};
    redrawPreview();
    Q_EMIT previewChanged();
    return;
  }
  if (m_embeddedPhoto != m_canvas->photoId() || !m_embeddedPhoto) return;  // sent when ready
  if (!m_inFlight) sendPredict();
}

void SmartPolygonTool::sendPredict() {
  m_inFlight = true;
  m_predictRequest = ++m_request;
  const quint64 request = m_predictRequest, revision = m_revision;
  const qint64 photo = m_embeddedPhoto;
  const SmartPrompt prompt = m_prompt;
  InteractiveWorker* w = m_worker;
  QMetaObject::invokeMethod(
      w, [w, request, photo, prompt, revision] { w->predict(request, photo, prompt, revision); },
      Qt::QueuedConnection);
}

void SmartPolygonTool::onMask(quint64 request, const SmartMask& mask) {
  if (request != m_predictRequest) return;
  m_inFlight = false;
  ++m_decoderCalls;
  if (mask.photoId != m_canvas->photoId()) return;
  if (!m_prompt.empty()) {
    m_mask = mask;  // shown even when clicks came meanwhile: the newest follows at once
    m_maskRevision = mask.revision;
    redrawPreview();
    Q_EMIT previewChanged();
  }
  if (mask.revision != m_revision && !m_prompt.empty()) sendPredict();
}
}  // namespace sam3::ui
