// ReviewPage: decisions on detections (accept, reject, edit, confirmed negative) and their keys.
#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>

#include <cstdio>

#include "core/inference/mask_to_polygon.h"
#include "core/util/errors.h"
#include "ui/project_document.h"
#include "ui/review/review_page.h"

namespace sam3::ui {

struct ReviewPage::Actions {
  QAction* next = nullptr;
  QAction* previous = nullptr;
  QAction* nextDetection = nullptr;
  QAction* previousDetection = nullptr;
  QAction* accept = nullptr;
  QAction* reject = nullptr;
  QAction* edit = nullptr;
  QAction* negative = nullptr;
  QAction* truth = nullptr;
  QAction* raise = nullptr;
  QAction* lower = nullptr;
};

namespace {

// The largest region of the mask as a polygon with holes; empty when the mask has no region.
std::vector<project::Ring> maskRings(const eval::Rle& rle) {
  if (rle.h == 0 || rle.w == 0) return {};
  const auto columns = eval::rle_decode(rle);
  std::vector<std::uint8_t> rows(columns.size());
  for (std::uint32_t x = 0; x < rle.w; ++x)
    for (std::uint32_t y = 0; y < rle.h; ++y)
      rows[static_cast<std::size_t>(y) * rle.w + x] =
          columns[static_cast<std::size_t>(x) * rle.h + y];
  polygon::PolygonOptions options;
  options.tolerance = 1.0;
  options.min_area = 4;
  options.min_hole_area = 4;
  const auto regions =
      polygon::mask_to_polygons(static_cast<int>(rle.w), static_cast<int>(rle.h), rows, options);
  if (regions.empty() || regions.front().outer.size() < 3) return {};
  auto convert = [](const polygon::Ring& ring) {
    project::Ring out;
    for (const auto& p : ring) out.push_back({p.x, p.y});
    return out;
  };
  std::vector<project::Ring> rings{convert(regions.front().outer)};
  for (const auto& hole : regions.front().holes)
    if (hole.size() >= 3) rings.push_back(convert(hole));
  return rings;
}

}  // namespace

ReviewPage::~ReviewPage() {
  // The worker stops after its photo before the page's members go.
  delete m_thread;
  delete m_actions;
}

void ReviewPage::buildActions() {
  m_actions = new Actions;
  auto& a = *m_actions;
  auto make = [this](QAction*& act, const QKeySequence& key, auto slot) {
    act = new QAction(this);
    act->setShortcut(key);
    // Only while the Review page is on screen. Keys differ from the canvas's (D/A photos, Y/N
    // proposals, tool letters) so that the shortcut registry sees no conflict.
    act->setShortcutContext(Qt::WindowShortcut);
    addAction(act);
    connect(act, &QAction::triggered, this, slot);
  };
  make(a.next, QKeySequence(Qt::Key_J), [this] { next(); });
  make(a.previous, QKeySequence(Qt::Key_K), [this] { previous(); });
  make(a.nextDetection, QKeySequence(Qt::Key_L), [this] { selectRow(m_selectedRow + 1); });
  make(a.previousDetection, QKeySequence(Qt::SHIFT | Qt::Key_L),
       [this] { selectRow(m_selectedRow - 1); });
  make(a.accept, QKeySequence(Qt::Key_C), [this] { acceptSelected(); });
  make(a.reject, QKeySequence(Qt::Key_R), [this] { rejectSelected(); });
  make(a.edit, QKeySequence(Qt::SHIFT | Qt::Key_E), [this] { editSelected(); });
  make(a.negative, QKeySequence(Qt::Key_M), [this] { confirmNegative(); });
  make(a.truth, QKeySequence(Qt::Key_G),
       [this] { setTruthMode(static_cast<TruthMode>((static_cast<int>(m_truthMode) + 1) % 3)); });
  make(a.raise, QKeySequence(Qt::Key_BracketRight), [this] { setThreshold(m_threshold + 0.05); });
  make(a.lower, QKeySequence(Qt::Key_BracketLeft), [this] { setThreshold(m_threshold - 0.05); });
  connect(m_accept, &QPushButton::clicked, a.accept, &QAction::trigger);
  connect(m_reject, &QPushButton::clicked, a.reject, &QAction::trigger);
  connect(m_edit, &QPushButton::clicked, a.edit, &QAction::trigger);
  connect(m_negative, &QPushButton::clicked, a.negative, &QAction::trigger);
  connect(m_prev, &QPushButton::clicked, a.previous, &QAction::trigger);
  connect(m_next, &QPushButton::clicked, a.next, &QAction::trigger);
}

QList<QPair<QString, QAction*>> ReviewPage::shortcutActions() const {
  const auto& a = *m_actions;
  return {{QStringLiteral("review.next"), a.next},
          {QStringLiteral("review.previous"), a.previous},
          {QStringLiteral("review.nextDetection"), a.nextDetection},
          {QStringLiteral("review.previousDetection"), a.previousDetection},
          {QStringLiteral("review.accept"), a.accept},
          {QStringLiteral("review.reject"), a.reject},
          {QStringLiteral("review.edit"), a.edit},
          {QStringLiteral("review.negative"), a.negative},
          {QStringLiteral("review.truth"), a.truth},
          {QStringLiteral("review.raiseThreshold"), a.raise},
          {QStringLiteral("review.lowerThreshold"), a.lower}};
}

void ReviewPage::retranslateActions() {
  auto& a = *m_actions;
  auto withKey = [](const QString& text, QAction* act) {
    return QStringLiteral("%1 (%2)").arg(text, act->shortcut().toString(QKeySequence::NativeText));
  };
  a.next->setText(tr("Next photo in the queue"));
  a.previous->setText(tr("Previous photo in the queue"));
  a.nextDetection->setText(tr("Select the next detection"));
  a.previousDetection->setText(tr("Select the previous detection"));
  a.accept->setText(tr("Accept the detection"));
  a.reject->setText(tr("Reject the detection"));
  a.edit->setText(tr("Accept and edit in the canvas"));
  a.negative->setText(tr("Confirm the photo as negative"));
  a.truth->setText(tr("Ground truth: hidden, overlaid, beside"));
  a.raise->setText(tr("Raise the threshold by 0.05"));
  a.lower->setText(tr("Lower the threshold by 0.05"));
  m_accept->setText(tr("Accept"));
  m_reject->setText(tr("Reject"));
  m_edit->setText(tr("Edit…"));
  m_negative->setText(tr("Confirm negative"));
  m_prev->setText(tr("◀ Previous"));
  m_next->setText(tr("Next ▶"));
  m_accept->setToolTip(
      withKey(tr("Adds the detection as an annotation (source: accepted)"), a.accept));
  m_reject->setToolTip(withKey(tr("Records that the detection is wrong"), a.reject));
  m_edit->setToolTip(
      withKey(tr("Accepts the detection and opens the photo in the canvas"), a.edit));
  m_negative->setToolTip(
      withKey(tr("Marks the photo as holding none of the classes (only a photo without shapes)"),
              a.negative));
  m_prev->setToolTip(a.previous->shortcut().toString(QKeySequence::NativeText));
  m_next->setToolTip(a.next->shortcut().toString(QKeySequence::NativeText));
}

void ReviewPage::updateButtons() {
  const Row* r = m_selectedRow >= 0 && m_selectedRow < static_cast<int>(m_rows.size())
                     ? &m_rows[static_cast<std::size_t>(m_selectedRow)]
                     : nullptr;
  const bool decidable =
      r && r->object >= 0 && r->status != Status::Accepted && r->status != Status::Matched;
  m_accept->setEnabled(decidable);
  m_reject->setEnabled(decidable && r->status != Status::Rejected);
  m_edit->setEnabled(r && r->object >= 0);
  const auto photo = m_doc ? m_doc->photo(m_photoId) : std::nullopt;
  // A confirmed negative holds none of the classes: not while it has shapes.
  m_negative->setEnabled(photo && !photo->confirmed_negative && truth(m_photoId).empty());
  m_actions->accept->setEnabled(m_accept->isEnabled());
  m_actions->reject->setEnabled(m_reject->isEnabled());
  m_actions->edit->setEnabled(m_edit->isEnabled());
  m_actions->negative->setEnabled(m_negative->isEnabled());
}

std::string ReviewPage::detectionTag(const review::PredictedObject& o) const {
  char box[96];
  std::snprintf(box, sizeof box, "%.1f,%.1f,%.1f,%.1f", o.box[0], o.box[1], o.box[2], o.box[3]);
  return "model=" + m_keyA + " class=" + std::to_string(o.class_id) + " box=" + box;
}

std::set<std::string> ReviewPage::rejectedTags(qint64 photoId) const {
  std::set<std::string> out;
  if (!m_doc || photoId == 0) return out;
  const std::string prefix = "rejected detection: ";
  for (const auto& d : const_cast<ProjectDocument*>(m_doc)->store().reviews(photoId))
    if (d.decision == project::Decision::Rejected && d.note.rfind(prefix, 0) == 0)
      out.insert(d.note.substr(prefix.size()));
  return out;
}

qint64 ReviewPage::photoIdOf(const std::string& sha) const {
  if (!m_doc) return 0;
  for (const auto& p : m_doc->photos())
    if (p.sha256 == sha) return p.id;
  return 0;
}

bool ReviewPage::acceptSelected() {
  if (!m_accept->isEnabled()) return false;
  const Row r = m_rows[static_cast<std::size_t>(m_selectedRow)];
  const auto& o = record(m_photoId)->objects[static_cast<std::size_t>(r.object)];
  project::Annotation a;
  a.photo_id = m_photoId;
  a.class_id = o.class_id;
  a.source = project::Source::Accepted;
  a.score = o.score;
  // Names the detection it came from: the review shows it as accepted however the polygon turns
  // out (a mask of several pieces keeps only its largest).
  a.attributes[kDetectionAttribute] = detectionTag(o);
  a.rings = maskRings(o.mask);
  if (a.rings.empty()) {  // no mask (or nothing left of it): the box
    a.kind = project::ShapeKind::Box;
    a.bbox = {o.box[0], o.box[1], o.box[2] - o.box[0], o.box[3] - o.box[1]};
  }
  const int row = m_selectedRow;
  if (!m_doc->addAnnotation(a)) return false;
  m_status->setText(tr("Accepted as an annotation (Ctrl+Z undoes it)."));
  // On to the next detection that still waits for a decision.
  for (int i = row + 1; i < static_cast<int>(m_rows.size()); ++i)
    if (m_rows[static_cast<std::size_t>(i)].object >= 0) {
      selectRow(i);
      return true;
    }
  return true;
}

bool ReviewPage::rejectSelected() {
  if (!m_reject->isEnabled()) return false;
  const Row r = m_rows[static_cast<std::size_t>(m_selectedRow)];
  const auto& o = record(m_photoId)->objects[static_cast<std::size_t>(r.object)];
  project::ReviewDecision d;
  d.photo_id = m_photoId;
  d.decision = project::Decision::Rejected;
  d.note = "rejected detection: " + detectionTag(o);
  try {
    m_doc->store().add_review(d);
  } catch (const sam3::Error& e) {
    m_status->setText(
        tr("The decision could not be saved: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  const int row = m_selectedRow;
  refreshPhoto();
  updateQueueTexts();
  m_status->setText(tr("Rejected; the decision is kept in the project."));
  for (int i = row + 1; i < static_cast<int>(m_rows.size()); ++i)
    if (m_rows[static_cast<std::size_t>(i)].object >= 0) {
      selectRow(i);
      return true;
    }
  return true;
}

bool ReviewPage::editSelected() {
  if (!m_edit->isEnabled()) return false;
  const Row& r = m_rows[static_cast<std::size_t>(m_selectedRow)];
  if (r.status != Status::Accepted && r.status != Status::Matched && !acceptSelected())
    return false;
  Q_EMIT editRequested(m_photoId);
  return true;
}

bool ReviewPage::confirmNegative() {
  if (!m_negative->isEnabled()) return false;
  if (!m_doc->setConfirmedNegative(m_photoId, true)) return false;
  m_status->setText(tr("The photo is confirmed negative (Ctrl+Z undoes it)."));
  updateQueueTexts();
  updateButtons();
  return true;
}

}  // namespace sam3::ui
