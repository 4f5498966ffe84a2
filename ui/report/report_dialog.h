#pragma once
// The inspection report dialog: per photo verdict, note, counts per class and an overlay
// thumbnail (core/report + report_thumbnails.h), built in a TaskDialog worker with progress and
// cancel, previewed, and exported as CSV, printable HTML (thumbnails beside it in
// <name>_thumbnails/) or PDF (QPdfWriter, A4). GUI thread only.
#include <QDialog>
#include <QImage>
#include <QMap>
#include <QString>

#include <optional>

#include "core/report/inspection_report.h"
#include "core/report/report_writers.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace sam3::ui {

class ReportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ReportDialog(const QString& projectDir, QWidget* parent = nullptr);

  void setSplit(const QString& split);  // all | train | valid | test | none
  // Reads the project and makes the thumbnails behind a progress dialog; false when it failed or
  // was cancelled (status() says why, naming a missing photo file).
  bool build();
  bool exportCsv(const QString& file);
  bool exportHtml(const QString& file);
  bool exportPdf(const QString& file);

  const std::optional<sam3::report::InspectionReport>& report() const { return m_report; }
  const QMap<qint64, QImage>& thumbnails() const { return m_thumbs; }
  QTextBrowser* preview() const { return m_preview; }
  QLabel* status() const { return m_status; }

 private:
  sam3::report::HtmlOptions htmlOptions() const;  // translated labels
  void choose(const QString& filter, const QString& suffix,
              bool (ReportDialog::*save)(const QString&));
  void updateButtons();

  QString m_project;
  std::optional<sam3::report::InspectionReport> m_report;
  QMap<qint64, QImage> m_thumbs;
  QComboBox* m_split;
  QPushButton* m_build;
  QPushButton* m_csv;
  QPushButton* m_html;
  QPushButton* m_pdf;
  QTextBrowser* m_preview;
  QLabel* m_status;
};

}  // namespace sam3::ui
