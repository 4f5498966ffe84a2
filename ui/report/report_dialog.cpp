#include "ui/report/report_dialog.h"

#include <algorithm>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPageSize>
#include <QPdfWriter>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>

#include <memory>

#include "ui/report/report_thumbnails.h"
#include "ui/shell/task_runner.h"

namespace sam3::ui {
namespace {

constexpr int kThumbWidth = 240;

QString resourceName(qint64 id) {
  return QStringLiteral("thumb/%1.png").arg(id);
}

// The document's thumbnails as resources under resourceName().
void addThumbnails(QTextDocument* doc, const QMap<qint64, QImage>& thumbs) {
  for (auto it = thumbs.begin(); it != thumbs.end(); ++it)
    doc->addResource(QTextDocument::ImageResource, QUrl(resourceName(it.key())), it.value());
}

}  // namespace

ReportDialog::ReportDialog(const QString& projectDir, QWidget* parent)
    : QDialog(parent),
      m_project(projectDir),
      m_split(new QComboBox(this)),
      m_build(new QPushButton(tr("Build report"), this)),
      m_csv(new QPushButton(tr("Export CSV…"), this)),
      m_html(new QPushButton(tr("Export HTML…"), this)),
      m_pdf(new QPushButton(tr("Export PDF…"), this)),
      m_preview(new QTextBrowser(this)),
      m_status(new QLabel(this)) {
  setWindowTitle(tr("Inspection report"));
  m_split->addItem(tr("All photos"), QStringLiteral("all"));
  m_split->addItem(tr("train"), QStringLiteral("train"));
  m_split->addItem(tr("valid"), QStringLiteral("valid"));
  m_split->addItem(tr("test"), QStringLiteral("test"));
  m_split->addItem(tr("No split"), QStringLiteral("none"));
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_preview->setOpenLinks(false);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Photos:"), this));
  top->addWidget(m_split);
  top->addWidget(m_build);
  top->addStretch(1);
  for (QPushButton* b : {m_csv, m_html, m_pdf}) top->addWidget(b);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_status);
  layout->addWidget(m_preview, 1);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_build, &QPushButton::clicked, this, [this] { build(); });
  connect(m_split, &QComboBox::currentIndexChanged, this, [this] {
    m_report.reset();
    m_thumbs.clear();
    m_preview->clear();
    updateButtons();
  });
  connect(m_csv, &QPushButton::clicked, this,
          [this] { choose(tr("CSV (*.csv)"), QStringLiteral(".csv"), &ReportDialog::exportCsv); });
  connect(m_html, &QPushButton::clicked, this, [this] {
    choose(tr("Web page (*.html)"), QStringLiteral(".html"), &ReportDialog::exportHtml);
  });
  connect(m_pdf, &QPushButton::clicked, this,
          [this] { choose(tr("PDF (*.pdf)"), QStringLiteral(".pdf"), &ReportDialog::exportPdf); });
  m_status->setText(tr("Build the report to preview and export it."));
  updateButtons();
  resize(900, 700);
}

void ReportDialog::setSplit(const QString& split) {
  m_split->setCurrentIndex(std::max(0, m_split->findData(split)));
}

void ReportDialog::updateButtons() {
  m_build->setEnabled(!m_project.isEmpty());
  for (QPushButton* b : {m_csv, m_html, m_pdf}) b->setEnabled(m_report.has_value());
}

bool ReportDialog::build() {
  sam3::report::ReportOptions options;
  options.split = m_split->currentData().toString().toStdString();
  const std::filesystem::path dir = m_project.toStdString();
  auto report = std::make_shared<std::optional<sam3::report::InspectionReport>>();
  auto thumbs = std::make_shared<QMap<qint64, QImage>>();
  TaskJob job = [=](TaskControl& control) -> TaskOutcome {
    try {
      control.progress(tr("Reading the project"), 0, 0, false);
      *report = sam3::report::build_report(dir, options);
      *thumbs = reportThumbnails(**report, kThumbWidth, [&](int done, int total) {
        control.progress(tr("Drawing thumbnails"), done, total);
        return !control.cancelled();
      });
      if (control.cancelled()) return {TaskOutcome::Status::Cancelled, tr("Report cancelled.")};
      return {TaskOutcome::Status::Done, QString()};
    } catch (const std::exception& e) {
      return {TaskOutcome::Status::Failed,
              tr("The report could not be built: %1").arg(QString::fromUtf8(e.what()))};
    }
  };
  const TaskOutcome outcome = TaskDialog::run(tr("Inspection report"), job, this);
  if (outcome.status != TaskOutcome::Status::Done) {
    m_status->setText(outcome.message);
    return false;
  }
  m_report = std::move(*report);
  m_thumbs = std::move(*thumbs);
  auto html = htmlOptions();
  for (auto it = m_thumbs.begin(); it != m_thumbs.end(); ++it)
    html.thumbnails[it.key()] = resourceName(it.key()).toStdString();
  html.thumbnail_width = kThumbWidth / 2;
  addThumbnails(m_preview->document(), m_thumbs);
  m_preview->setHtml(QString::fromStdString(sam3::report::report_html(*m_report, html)));
  m_status->setText(tr("%n photo(s) in the report.", nullptr, int(m_report->photos.size())));
  updateButtons();
  return true;
}

sam3::report::HtmlOptions ReportDialog::htmlOptions() const {
  sam3::report::HtmlOptions o;
  auto& l = o.labels;
  l.title = tr("Inspection report").toStdString();
  l.created = tr("Created").toStdString();
  l.project = tr("Project").toStdString();
  l.summary = tr("Summary").toStdString();
  l.per_class = tr("Objects per class").toStdString();
  l.per_photo = tr("Photos").toStdString();
  l.photos = tr("Photos").toStdString();
  l.photo = tr("Photo").toStdString();
  l.klass = tr("Class").toStdString();
  l.objects = tr("Objects").toStdString();
  l.photos_with = tr("Photos with it").toStdString();
  l.verdict = tr("Verdict").toStdString();
  l.note = tr("Note").toStdString();
  l.split = tr("Split").toStdString();
  l.status = tr("Status").toStdString();
  l.unreviewed = tr("Unreviewed detections").toStdString();
  l.negative = tr("Confirmed negative").toStdString();
  l.empty = tr("This report holds no photo.").toStdString();
  l.verdicts = {{"none", tr("Not inspected").toStdString()},
                {"ok", tr("Pass").toStdString()},
                {"defect", tr("Fail").toStdString()},
                {"unsure", tr("Needs review").toStdString()}};
  return o;
}

void ReportDialog::choose(const QString& filter, const QString& suffix,
                          bool (ReportDialog::*save)(const QString&)) {
  QString file = QFileDialog::getSaveFileName(this, tr("Export the report"), m_project, filter);
  if (file.isEmpty()) return;
  if (!file.endsWith(suffix, Qt::CaseInsensitive)) file += suffix;
  (this->*save)(file);
}

bool ReportDialog::exportCsv(const QString& file) {
  if (!m_report) return false;
  try {
    sam3::report::write_report_csv(*m_report, file.toStdString());
  } catch (const std::exception& e) {
    m_status->setText(tr("Could not write %1: %2").arg(file, QString::fromUtf8(e.what())));
    return false;
  }
  m_status->setText(tr("Wrote %1.").arg(file));
  return true;
}

bool ReportDialog::exportHtml(const QString& file) {
  if (!m_report) return false;
  const QFileInfo info(file);
  const QString folder = info.completeBaseName() + QStringLiteral("_thumbnails");
  QDir dir = info.absoluteDir();
  if (!m_thumbs.isEmpty() && !dir.mkpath(folder)) {
    m_status->setText(tr("Could not create %1.").arg(dir.filePath(folder)));
    return false;
  }
  auto html = htmlOptions();
  for (auto it = m_thumbs.begin(); it != m_thumbs.end(); ++it) {
    const QString name = QStringLiteral("%1/%2.png").arg(folder).arg(it.key());
    if (!it.value().save(dir.filePath(name))) {
      m_status->setText(tr("Could not write %1.").arg(dir.filePath(name)));
      return false;
    }
    html.thumbnails[it.key()] = name.toStdString();
  }
  try {
    sam3::report::write_report_html(*m_report, file.toStdString(), html);
  } catch (const std::exception& e) {
    m_status->setText(tr("Could not write %1: %2").arg(file, QString::fromUtf8(e.what())));
    return false;
  }
  m_status->setText(tr("Wrote %1 (thumbnails in %2).").arg(file, folder));
  return true;
}

bool ReportDialog::exportPdf(const QString& file) {
  if (!m_report) return false;
  auto html = htmlOptions();
  for (auto it = m_thumbs.begin(); it != m_thumbs.end(); ++it)
    html.thumbnails[it.key()] = resourceName(it.key()).toStdString();
  QTextDocument doc;
  addThumbnails(&doc, m_thumbs);
  doc.setHtml(QString::fromStdString(sam3::report::report_html(*m_report, html)));
  {
    QPdfWriter writer(file);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    writer.setTitle(tr("Inspection report"));
    writer.setCreator(QStringLiteral("SAM3 Studio"));
    doc.print(&writer);
  }
  if (QFileInfo(file).size() == 0) {
    m_status->setText(tr("Could not write %1.").arg(file));
    return false;
  }
  m_status->setText(tr("Wrote %1.").arg(file));
  return true;
}

}  // namespace sam3::ui
