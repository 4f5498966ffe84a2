#pragma once
// Overlay thumbnails for the inspection report: the stored photo scaled to a width, with its
// human and accepted annotations drawn in their class colour (polygons with holes, boxes;
// translucent fill, opaque outline). QImage and QPainter only, so any thread may make them
// (the report dialog makes them in its worker).
#include <QColor>
#include <QImage>
#include <QMap>
#include <QString>

#include <functional>
#include <vector>

#include "core/project/types.h"
#include "core/report/inspection_report.h"

namespace sam3::ui {

// A null image when the photo cannot be decoded.
QImage overlayThumbnail(const QString& photoFile,
                        const std::vector<sam3::project::Annotation>& shapes,
                        const QMap<qint64, QColor>& classColors, int width);

// One thumbnail per photo of `report`, read from the project store; `progress(done, total)`
// returning false stops early (the map then holds what was made). Throws what the store throws.
QMap<qint64, QImage> reportThumbnails(const sam3::report::InspectionReport& report, int width,
                                      const std::function<bool(int, int)>& progress = {});

}  // namespace sam3::ui
