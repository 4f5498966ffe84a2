#pragma once
// The smart polygon tool (canvas Tool::Smart, key S): left click adds a positive point, right
// click or Shift+click a negative one, a drag draws a box prompt; the predicted mask previews live
// over the photo. Enter accepts it as polygons of the current class (one undo step), Esc clears
// the prompt, Backspace drops the newest point or box. The photo's image embedding is computed
// on the InteractiveWorker's thread once per photo (the project's embedding cache keeps it) while
// an overlay on the photo shows progress; clicks made meanwhile are kept and sent when it is ready.
// Clicks coalesce: one decoder call in flight, the newest prompt follows when it returns.
// The simplification tolerance applies to the preview and, afterwards, to the polygons accepted
// last on each photo, also after visiting other photos and after the project was closed: their
// traced masks (the exact outlines) are saved in the project (Project::set_smart_outline) with
// every tolerance applied, and a reopened project finds its shapes again by their rings. A shape
// edited by hand since is left alone (its rings are none the tool produced).
// GUI thread only; the worker lives on the thread SmartTools gives it.
#include <QList>
#include <QObject>
#include <QPointF>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "ui/canvas/canvas_tool_handler.h"
#include "ui/smart/smart_worker.h"

class QElapsedTimer;
class QGraphicsEllipseItem;
class QGraphicsPathItem;
class QLabel;
class QTimer;
class QWidget;

namespace sam3::ui {

class AnnotationCanvas;
class ProjectDocument;

class SmartPolygonTool : public QObject, public CanvasToolHandler {
  Q_OBJECT
 public:
  enum class State { NoModel, Loading, Embedding, Ready, Failed };

  // `worker` lives on another thread; requests go to it queued.
  SmartPolygonTool(AnnotationCanvas* canvas, InteractiveWorker* worker, QObject* parent = nullptr);
  ~SmartPolygonTool() override;
  void setDocument(ProjectDocument* doc);
  // Where the weights come from; called when the tool needs the model. An empty optional means
  // "no weights": the message says what to do.
  using SpecProvider = std::function<std::optional<SmartModelSpec>(QString* whyNot)>;
  void setSpecProvider(SpecProvider provider) { m_specProvider = std::move(provider); }
  void reloadModel();  // the weights setting changed: load again on next use

  State state() const { return m_state; }
  QString device() const { return m_device; }
  const SmartPrompt& prompt() const { return m_prompt; }
  bool hasPreview() const { return m_mask.traced != nullptr && m_maskRevision == m_revision; }
  const SmartMask& preview() const { return m_mask; }
  quint64 decoderCalls() const { return m_decoderCalls; }
  double tolerance() const { return m_tolerance; }
  // Annotation ids of the polygons accepted last on the current photo (in an earlier session: the
  // shapes whose rings one of the saved simplifications gave).
  QList<qint64> acceptedShapes() const;

  // Prompt edits (what the mouse does), for tests and the tool bar.
  void addPoint(QPointF photoPixel, bool positive);
  void setBox(QRectF photoRect);
  void undoLastPrompt();
  void clearPrompt();
  bool accept();  // false without a preview, a class or a document (the reason goes to status)

 public Q_SLOTS:
  void setTolerance(double pixels);

 Q_SIGNALS:
  void stateChanged(sam3::ui::SmartPolygonTool::State state, const QString& message);
  void deviceChanged(const QString& device);
  void previewChanged();
  void accepted(int shapes);
  void statusMessage(const QString& message);

 public:  // CanvasToolHandler
  void toolActivated(bool active) override;
  void mousePressed(QPointF scenePos, Qt::MouseButton button,
                    Qt::KeyboardModifiers modifiers) override;
  void mouseMoved(QPointF scenePos) override;
  void mouseReleased(QPointF scenePos, Qt::MouseButton button) override;
  bool keyPressed(int key, Qt::KeyboardModifiers modifiers) override;

 private:
  void setState(State state, const QString& message = {});
  QString readyText() const;
  bool ensureModel();
  void ensurePhoto();
  void photoChanged(qint64 photoId);
  void promptChanged();
  void sendPredict();
  void onLoaded(quint64 request, const QString& device, const QString& model);
  void onEmbedding(quint64 request, qint64 photoId, bool fromCache, double seconds);
  void onMask(quint64 request, const SmartMask& mask);
  void onFailed(quint64 request, const QString& message);
  void redrawPreview();
  void redrawPrompt();
  void showProgress(bool on);
  void applyToleranceToAccepted();
  struct Accepted;
  // Simplification with the tool's minimum region and hole areas (small islands dropped).
  static polygon::PolygonOptions regionOptions(double tolerance);
  // The polygons accepted last on `photo`: this session's, else from the saved outline; nullptr
  // when there are none (or none of its shapes is left).
  Accepted* acceptedOn(qint64 photo);
  void saveOutline(qint64 photo, const polygon::TracedMask& mask);
  QPointF clamp(QPointF p) const;

  QPointer<AnnotationCanvas> m_canvas;  // may go first when the window closes
  InteractiveWorker* m_worker;
  QPointer<ProjectDocument> m_doc;
  SpecProvider m_specProvider;
  std::optional<SmartModelSpec> m_loadedSpec;
  State m_state = State::NoModel;
  bool m_modelFailed = false;  // the loaded spec's weights failed: not again until reloadModel()
  QString m_device;
  bool m_active = false;
  quint64 m_request = 0;      // last request sent
  quint64 m_loadRequest = 0;  // requests whose answers still matter
  quint64 m_photoRequest = 0;
  quint64 m_predictRequest = 0;
  qint64 m_embeddedPhoto = 0;   // the worker's photo, ready
  qint64 m_embeddingPhoto = 0;  // being computed
  SmartPrompt m_prompt;
  bool m_boxLast = false;  // the box was drawn after the last point (Backspace drops it first)
  quint64 m_revision = 0;  // of m_prompt
  bool m_inFlight = false;
  SmartMask m_mask;  // the last prediction for the current photo
  quint64 m_maskRevision = 0;
  quint64 m_decoderCalls = 0;
  double m_tolerance = 1.0;
  // Mouse: a press starts a possible box drag.
  std::optional<QPointF> m_pressAt;
  bool m_pressNegative = false;
  bool m_boxDragging = false;
  // Drawn over the photo (owned by the canvas' scene).
  QGraphicsPathItem* m_maskItem;
  QGraphicsPathItem* m_boxItem;
  QList<QGraphicsEllipseItem*> m_pointItems;
  // The progress overlay on the canvas while the embedding is computed.
  QWidget* m_overlay = nullptr;
  QLabel* m_overlayText = nullptr;
  QTimer* m_overlayTimer = nullptr;
  std::unique_ptr<QElapsedTimer> m_embeddingClock;
  // Per photo: the polygons accepted last there, the mask they came from and every ring set the
  // tool gave each of them (so undoing a simplification still counts as the tool's).
  struct Accepted {
    QList<qint64> ids;  // by region; 0 where a restored region's shape is gone
    std::shared_ptr<const polygon::TracedMask> mask;
    std::map<qint64, std::vector<std::vector<project::Ring>>> produced;
  };
  std::map<qint64, Accepted> m_accepted;
};

}  // namespace sam3::ui
