#include "ui/panels/photo_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QTimer>
#include <QVBoxLayout>

#include "core/project/types.h"
#include "ui/project_document.h"

namespace sam3::ui {

PhotoPanel::PhotoPanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_details(new QLabel(this)),
      m_statusLabel(new QLabel(this)),
      m_splitLabel(new QLabel(this)),
      m_verdictLabel(new QLabel(this)),
      m_noteLabel(new QLabel(this)),
      m_status(new QComboBox(this)),
      m_split(new QComboBox(this)),
      m_negative(new QCheckBox(this)),
      m_verdict(new QComboBox(this)),
      m_note(new QPlainTextEdit(this)),
      m_noteTimer(new QTimer(this)) {
  setObjectName(QStringLiteral("photoPanel"));
  m_title->setObjectName(QStringLiteral("photoTitle"));
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_title->setWordWrap(true);
  QFont bold = m_title->font();
  bold.setBold(true);
  m_title->setFont(bold);
  m_details->setObjectName(QStringLiteral("photoDetails"));
  m_status->setObjectName(QStringLiteral("photoStatus"));
  m_split->setObjectName(QStringLiteral("photoSplit"));
  m_negative->setObjectName(QStringLiteral("photoNegative"));
  m_verdict->setObjectName(QStringLiteral("photoVerdict"));
  m_note->setObjectName(QStringLiteral("photoNote"));
  m_note->setTabChangesFocus(true);
  m_note->setMinimumHeight(60);
  m_note->installEventFilter(this);
  m_noteTimer->setSingleShot(true);
  m_noteTimer->setInterval(kNoteIdleMs);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(m_statusLabel, m_status);
  form->addRow(m_splitLabel, m_split);
  form->addRow(QString(), m_negative);
  form->addRow(m_verdictLabel, m_verdict);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(m_title);
  layout->addWidget(m_details);
  layout->addLayout(form);
  layout->addWidget(m_noteLabel);
  layout->addWidget(m_note, 1);

  // activated: the user's choice only (refresh() sets the combos without committing anything).
  connect(m_status, &QComboBox::activated, this, [this](int i) {
    if (m_doc && m_photoId) m_doc->setPhotoStatus(m_photoId, static_cast<project::PhotoStatus>(i));
  });
  connect(m_split, &QComboBox::activated, this, [this](int i) {
    if (m_doc && m_photoId) m_doc->setPhotoSplit(m_photoId, static_cast<project::Split>(i));
  });
  connect(m_verdict, &QComboBox::activated, this, [this](int i) {
    if (m_doc && m_photoId) m_doc->setPhotoVerdict(m_photoId, static_cast<project::Verdict>(i));
  });
  connect(m_negative, &QCheckBox::clicked, this, [this](bool on) {
    if (m_doc && m_photoId) m_doc->setConfirmedNegative(m_photoId, on);
  });
  connect(m_note, &QPlainTextEdit::textChanged, this, [this] {
    if (m_doc && m_photoId) m_noteTimer->start();
  });
  connect(m_noteTimer, &QTimer::timeout, this, &PhotoPanel::commitNote);
  retranslate();
  setPhoto(0);
}

void PhotoPanel::setDocument(ProjectDocument* doc) {
  commitNote();
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_photoId = 0;
  if (m_doc) {
    connect(m_doc, &ProjectDocument::photoChanged, this, [this](qint64 id) {
      if (id == m_photoId) refresh();
    });
    // The photo list was reloaded (an import, a removal): the photo shown may be gone.
    connect(m_doc, &ProjectDocument::photosChanged, this, [this] {
      if (m_photoId && !m_doc->photo(m_photoId)) m_photoId = 0;
      refresh();
    });
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_noteTimer->stop();
      m_doc = nullptr;
      m_photoId = 0;
      refresh();
    });
  }
  refresh();
}

void PhotoPanel::setPhoto(qint64 photoId) {
  commitNote();  // the note typed so far belongs to the photo shown so far
  m_photoId = m_doc && m_doc->photo(photoId) ? photoId : 0;
  refresh();
}

void PhotoPanel::commitNote() {
  m_noteTimer->stop();
  if (!m_doc || !m_photoId) return;
  const auto p = m_doc->photo(m_photoId);
  if (p && QString::fromStdString(p->note) != m_note->toPlainText())
    m_doc->setPhotoNote(m_photoId, m_note->toPlainText());
}

void PhotoPanel::refresh() {
  const auto p = m_doc && m_photoId ? m_doc->photo(m_photoId) : std::nullopt;
  setEnabled(p.has_value());
  const QSignalBlocker blockNote(m_note);
  if (!p) {
    m_title->setText(tr("No photo selected"));
    m_details->clear();
    m_note->clear();
    return;
  }
  m_title->setText(QString::fromStdString(p->original_name));
  m_details->setText(tr("%1 × %2 px · %3 · %4")
                         .arg(p->width)
                         .arg(p->height)
                         .arg(QString::fromStdString(p->format).toUpper())
                         .arg(QLocale().formattedDataSize(p->byte_size)));
  m_status->setCurrentIndex(static_cast<int>(p->status));
  m_split->setCurrentIndex(static_cast<int>(p->split));
  m_negative->setChecked(p->confirmed_negative);
  m_verdict->setCurrentIndex(static_cast<int>(p->verdict));
  const QString note = QString::fromStdString(p->note);
  // Only a different text replaces the editor's (keeps the cursor while the user types).
  if (m_note->toPlainText() != note) m_note->setPlainText(note);
}

bool PhotoPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_note && event->type() == QEvent::FocusOut) commitNote();
  return QWidget::eventFilter(watched, event);
}

void PhotoPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void PhotoPanel::retranslate() {
  // Items in the order of the store's enums (PhotoStatus, Split, Verdict).
  auto fill = [](QComboBox* box, const QStringList& items) {
    const QSignalBlocker block(box);
    const int index = std::max(0, box->currentIndex());
    box->clear();
    box->addItems(items);
    box->setCurrentIndex(index);
  };
  fill(m_status, {tr("Unlabeled"), tr("In progress"), tr("Done"), tr("Reviewed")});
  fill(m_split, {tr("None"), tr("Train"), tr("Valid"), tr("Test")});
  fill(m_verdict, {tr("Not inspected"), tr("Pass"), tr("Fail"), tr("Needs review")});
  m_statusLabel->setText(tr("Status"));
  m_splitLabel->setText(tr("Split"));
  m_verdictLabel->setText(tr("Verdict"));
  m_noteLabel->setText(tr("Note"));
  m_negative->setText(tr("Confirmed negative"));
  m_negative->setToolTip(
      tr("The photo shows none of the classes: it trains the model on what is not there"));
  m_verdict->setToolTip(tr("The inspection verdict for the equipment in this photo"));
  m_note->setPlaceholderText(tr("Inspection note for this photo (saved as you type)"));
  refresh();
}

}  // namespace sam3::ui
