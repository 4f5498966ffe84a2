#include "ui/shell/project_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sam3::ui {

namespace {
QWidget* withBrowse(QLineEdit* edit, const QList<QPushButton*>& buttons, QWidget* parent) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  for (QPushButton* b : buttons) layout->addWidget(b);
  return row;
}
}  // namespace

NewProjectDialog::NewProjectDialog(const QString& baseDir, QWidget* parent)
    : QDialog(parent),
      m_name(new QLineEdit(this)),
      m_location(new QLineEdit(QDir::toNativeSeparators(baseDir), this)),
      m_folder(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setObjectName(QStringLiteral("newProjectDialog"));
  setWindowTitle(tr("New Project"));
  m_name->setPlaceholderText(tr("e.g. Substation North, fuse cutouts"));
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Location"), m_location->text());
    if (!dir.isEmpty()) m_location->setText(QDir::toNativeSeparators(dir));
  });
  auto* form = new QFormLayout;
  form->addRow(tr("Name:"), m_name);
  form->addRow(tr("Location:"), withBrowse(m_location, {browse}, this));
  form->addRow(tr("Folder:"), m_folder);
  m_folder->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_buttons);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_name, &QLineEdit::textChanged, this, &NewProjectDialog::validate);
  connect(m_location, &QLineEdit::textChanged, this, &NewProjectDialog::validate);
  validate();
  resize(560, sizeHint().height());
}

QString NewProjectDialog::name() const {
  return m_name->text().trimmed();
}

QString NewProjectDialog::folder() const {
  QString file = name();
  for (const char c : {'/', '\\', ':'}) file.replace(QLatin1Char(c), QLatin1Char('_'));
  return QDir(QDir::fromNativeSeparators(m_location->text().trimmed())).filePath(file);
}

QString NewProjectDialog::problem() const {
  return m_problem;
}

void NewProjectDialog::validate() {
  m_problem.clear();
  const QFileInfo target(folder());
  if (name().isEmpty())
    m_problem = tr("Give the project a name.");
  else if (m_location->text().trimmed().isEmpty())
    m_problem = tr("Choose where the project folder goes.");
  else if (target.exists() && !(target.isDir() && QDir(target.filePath()).isEmpty()))
    m_problem = tr("%1 exists already.").arg(QDir::toNativeSeparators(target.filePath()));
  m_folder->setText(m_problem.isEmpty() ? QDir::toNativeSeparators(folder()) : m_problem);
  m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

ImportDialog::ImportDialog(const QString& projectDir, QWidget* parent)
    : QDialog(parent),
      m_projectDir(projectDir),
      m_source(new QLineEdit(this)),
      m_detected(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
  setObjectName(QStringLiteral("importDialog"));
  setWindowTitle(tr("Import"));
  m_source->setReadOnly(true);
  auto* photos = new QPushButton(tr("Photos…"), this);
  auto* folder = new QPushButton(tr("Folder…"), this);
  auto* file = new QPushButton(tr("Annotation File…"), this);
  connect(photos, &QPushButton::clicked, this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Photos"), QString(),
        tr("Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!files.isEmpty()) setPhotoFiles(files);
  });
  connect(folder, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import a Folder"));
    if (!dir.isEmpty()) setSource(dir);
  });
  connect(file, &QPushButton::clicked, this, [this] {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Import an Annotation File"), QString(),
                                     tr("Annotations (*.json *.yaml *.yml);;All files (*)"));
    if (!f.isEmpty()) setSource(f);
  });
  auto* intro = new QLabel(
      tr("Photos are copied into the project. A folder can hold photos or a dataset: a Roboflow "
         "or COCO export, YOLO (data.yaml), Pascal VOC or labelme. The format is found from the "
         "content."),
      this);
  intro->setWordWrap(true);
  m_detected->setWordWrap(true);
  m_importButton = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
  m_importButton->setObjectName(QStringLiteral("importButton"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(withBrowse(m_source, {photos, folder, file}, this));
  layout->addWidget(m_detected);
  layout->addWidget(m_buttons);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  refresh();
  resize(640, sizeHint().height());
}

void ImportDialog::setSource(const QString& path) {
  m_paths = {path};
  m_detectedText = describeSource(path, &m_kind);
  refresh();
}

void ImportDialog::setPhotoFiles(const QStringList& files) {
  m_paths = files;
  m_kind = ImportRequest::Kind::PhotoFiles;
  m_detectedText = tr("%1 photo files").arg(files.size());
  refresh();
}

ImportRequest ImportDialog::request() const {
  return {m_projectDir, m_kind, m_paths};
}
QString ImportDialog::detected() const {
  return m_detectedText;
}
bool ImportDialog::isAcceptable() const {
  return !m_paths.isEmpty() && !m_detectedText.isEmpty();
}

void ImportDialog::refresh() {
  const QString shown = m_kind == ImportRequest::Kind::PhotoFiles
                            ? m_detectedText
                            : QDir::toNativeSeparators(m_paths.value(0));
  m_source->setText(m_paths.isEmpty() ? QString() : shown);
  if (m_paths.isEmpty())
    m_detected->setText(tr("Choose photos, a folder or an annotation file."));
  else if (m_detectedText.isEmpty())
    m_detected->setText(
        tr("Nothing importable found there: no photos and no known annotation "
           "format."));
  else
    m_detected->setText(tr("Found: %1").arg(m_detectedText));
  m_importButton->setEnabled(isAcceptable());
}

ExportDialog::ExportDialog(const QString& projectDir, QWidget* parent)
    : QDialog(parent),
      m_projectDir(projectDir),
      m_format(new QComboBox(this)),
      m_out(new QLineEdit(this)),
      m_photos(new QCheckBox(tr("Copy the photos"), this)),
      m_hint(new QLabel(this)),
      m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)) {
  setObjectName(QStringLiteral("exportDialog"));
  setWindowTitle(tr("Export"));
  m_format->addItem(tr("COCO"), QStringLiteral("coco"));
  m_format->addItem(tr("Roboflow (COCO, split folders)"), QStringLiteral("roboflow"));
  m_format->addItem(tr("YOLO"), QStringLiteral("yolo"));
  m_format->addItem(tr("Pascal VOC (boxes only)"), QStringLiteral("voc"));
  m_photos->setChecked(true);
  m_hint->setWordWrap(true);
  m_problem->setWordWrap(true);
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to"), m_out->text());
    if (!dir.isEmpty()) m_out->setText(QDir::toNativeSeparators(dir));
  });
  auto* form = new QFormLayout;
  form->addRow(tr("Format:"), m_format);
  form->addRow(QString(), m_hint);
  form->addRow(tr("Folder:"), withBrowse(m_out, {browse}, this));
  form->addRow(QString(), m_photos);
  m_exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  m_exportButton->setObjectName(QStringLiteral("exportButton"));
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_problem);
  layout->addWidget(m_buttons);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
  connect(m_out, &QLineEdit::textChanged, this, &ExportDialog::refresh);
  refresh();
  resize(600, sizeHint().height());
}

ExportRequest ExportDialog::request() const {
  return {m_projectDir, m_format->currentData().toString(),
          QDir::fromNativeSeparators(m_out->text().trimmed()), m_photos->isChecked()};
}

QString ExportDialog::problem() const {
  return m_problem->text();
}

void ExportDialog::refresh() {
  const QString format = m_format->currentData().toString();
  if (format == QLatin1String("coco"))
    m_hint->setText(tr("annotations.json and an images folder; polygons and boxes."));
  else if (format == QLatin1String("roboflow"))
    m_hint->setText(
        tr("Roboflow's layout: train, valid and test folders, each with "
           "_annotations.coco.json beside its photos. Photos without a split go to "
           "train."));
  else if (format == QLatin1String("yolo"))
    m_hint->setText(
        tr("data.yaml with images and labels per split; segmentation labels when "
           "any shape is a polygon."));
  else
    m_hint->setText(
        tr("One XML file per photo, beside the photo; polygons become their "
           "bounding boxes."));
  const QString why = exportTargetProblem(request().outDir);
  m_problem->setText(why);
  m_exportButton->setEnabled(why.isEmpty());
}

}  // namespace sam3::ui
