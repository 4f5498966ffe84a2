#include "ui/report/report_thumbnails.h"

#include <QImageReader>
#include <QPainter>
#include <QPainterPath>

#include "core/project/project.h"

namespace sam3::ui {

QImage overlayThumbnail(const QString& photoFile,
                        const std::vector<sam3::project::Annotation>& shapes,
                        const QMap<qint64, QColor>& classColors, int width) {
  QImageReader reader(photoFile);
  reader.setAutoTransform(false);  // the store keeps photos with their orientation baked in
  const QImage photo = reader.read();
  if (photo.isNull() || photo.width() <= 0) return {};
  const double scale = double(width) / photo.width();
  QImage thumb = photo.scaledToWidth(width, Qt::SmoothTransformation)
                     .convertToFormat(QImage::Format_ARGB32_Premultiplied);
  QPainter p(&thumb);
  p.setRenderHint(QPainter::Antialiasing);
  p.scale(scale, scale);
  for (const auto& a : shapes) {
    if (a.source == sam3::project::Source::Model) continue;  // unreviewed detections
    const QColor color = classColors.value(a.class_id, QColor(Qt::red));
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);  // holes stay open
    if (a.kind == sam3::project::ShapeKind::Box) {
      path.addRect(QRectF(a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]));
    } else {
      for (const auto& ring : a.rings) {
        QPolygonF poly;
        for (const auto& pt : ring) poly << QPointF(pt.x, pt.y);
        path.addPolygon(poly);
        path.closeSubpath();
      }
    }
    QColor fill = color;
    fill.setAlpha(90);
    p.fillPath(path, fill);
    QPen pen(color, 2.0 / scale);
    p.strokePath(path, pen);
  }
  p.end();
  return thumb;
}

QMap<qint64, QImage> reportThumbnails(const sam3::report::InspectionReport& report, int width,
                                      const std::function<bool(int, int)>& progress) {
  QMap<qint64, QImage> out;
  const auto store = sam3::project::Project::open(report.project_dir);
  QMap<qint64, QColor> colors;
  for (const auto& c : report.classes) colors[c.id] = QColor(QString::fromStdString(c.color));
  const int total = int(report.photos.size());
  for (int i = 0; i < total; ++i) {
    const auto& photo = report.photos[size_t(i)];
    const QImage thumb = overlayThumbnail(QString::fromStdString(photo.file.string()),
                                          store.annotations(photo.id), colors, width);
    if (!thumb.isNull()) out.insert(photo.id, thumb);
    if (progress && !progress(i + 1, total)) break;
  }
  return out;
}

}  // namespace sam3::ui
