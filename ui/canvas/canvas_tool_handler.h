#pragma once
// A canvas tool implemented outside the canvas (the smart polygon tool of ui/smart, which needs
// the model): the canvas forwards the tool's mouse and key events to it while that tool is active
// and keeps panning (middle drag) and zooming (wheel) itself. Positions are scene coordinates
// (pixels of the stored, EXIF-corrected photo), not clamped to the photo. GUI thread only; the
// canvas does not own the handler.
#include <QPointF>
#include <Qt>

namespace sam3::ui {

class CanvasToolHandler {
 public:
  virtual ~CanvasToolHandler() = default;
  virtual void toolActivated(bool active) = 0;
  virtual void mousePressed(QPointF scenePos, Qt::MouseButton button,
                            Qt::KeyboardModifiers modifiers) = 0;
  virtual void mouseMoved(QPointF scenePos) = 0;
  virtual void mouseReleased(QPointF scenePos, Qt::MouseButton button) = 0;
  // Enter, Esc, Backspace and Delete reach the handler first; true when it used the key.
  virtual bool keyPressed(int key, Qt::KeyboardModifiers modifiers) = 0;
};

}  // namespace sam3::ui
