#pragma once
// The Photo dock: the current photo's status, split, "confirmed negative", inspection verdict
// (pass / fail / needs review) and note. Every change is an undoable document command written to
// the store at once; the note is committed when typing pauses, when it loses focus and before
// another photo is shown. Shows what the store holds, also after undo. GUI thread only.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTimer;

namespace sam3::ui {

class ProjectDocument;

class PhotoPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kNoteIdleMs = 800;  // a pause this long commits the note

  explicit PhotoPanel(QWidget* parent = nullptr);
  void setDocument(ProjectDocument* doc);  // the document outlives the panel or says destroyed()
  qint64 photoId() const { return m_photoId; }

 public Q_SLOTS:
  void setPhoto(qint64 photoId);  // 0: none (the panel is disabled)
  void commitNote();

 protected:
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;  // the note's focus-out

 private:
  void refresh();
  void retranslate();

  ProjectDocument* m_doc = nullptr;
  qint64 m_photoId = 0;
  QLabel* m_title;
  QLabel* m_details;
  QLabel* m_statusLabel;
  QLabel* m_splitLabel;
  QLabel* m_verdictLabel;
  QLabel* m_noteLabel;
  QComboBox* m_status;
  QComboBox* m_split;
  QCheckBox* m_negative;
  QComboBox* m_verdict;
  QPlainTextEdit* m_note;
  QTimer* m_noteTimer;
};

}  // namespace sam3::ui
