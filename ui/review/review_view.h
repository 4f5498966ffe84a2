#pragma once
// One photo with a model's detections (or the ground truth) drawn over it: masks, boxes, class
// and score; false positives and misses marked in their own colours. The caller decides what is
// shown (the review page filters by the threshold); this widget only paints and reports clicks.
// Coordinates of the overlays are pixels of the photo; the photo is fitted into the widget.
// GUI thread only.
#include <QImage>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QVector>
#include <QWidget>

#include "core/eval/rle.h"

namespace sam3::ui {

// A COCO RLE mask as a Format_Grayscale8 image (1 inside, 0 outside); null for a 0 x 0 mask.
QImage maskImage(const eval::Rle& rle);

class ReviewView : public QWidget {
  Q_OBJECT
 public:
  struct Overlay {
    enum class Kind { Detection, FalsePositive, Missed, Truth, Accepted, Rejected };
    Kind kind = Kind::Detection;
    int id = 0;   // the caller's name for it (clicks report it)
    QRectF box;   // photo pixels
    QImage mask;  // Format_Grayscale8 of the photo's size (nonzero inside); may be null
    QVector<QPolygonF> rings;  // outline (ground truth); may be empty
    QColor color;              // the class's colour
    QString label;
  };

  explicit ReviewView(QWidget* parent = nullptr);
  void setTitle(const QString& title);      // drawn in the top-left corner
  void setMessage(const QString& message);  // shown when there is no photo
  void setPhoto(const QImage& photo);       // null: none
  void setOverlays(const QVector<Overlay>& overlays);
  void setSelected(int id);  // -1: none
  const QVector<Overlay>& overlays() const { return m_overlays; }
  bool hasPhoto() const { return !m_photo.isNull(); }
  int selected() const { return m_selected; }
  QSize sizeHint() const override { return {640, 480}; }

  static QColor falsePositiveColor() { return {255, 59, 48}; }
  static QColor missedColor() { return {255, 149, 0}; }
  static QColor acceptedColor() { return {52, 199, 89}; }

 Q_SIGNALS:
  void overlayClicked(int id);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  QRectF photoRect() const;  // where the photo is drawn
  void composeMasks();

  QString m_title;
  QString m_message;
  QImage m_photo;
  QImage m_masks;  // every overlay's mask, tinted, at the photo's size
  QVector<Overlay> m_overlays;
  int m_selected = -1;
};

}  // namespace sam3::ui
