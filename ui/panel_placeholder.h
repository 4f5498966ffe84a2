#pragma once
// An empty panel with an optional title (nullptr: none, for docks that show their own) and a hint
// of what will appear; later issues replace each one.
#include <QWidget>

class QLabel;

namespace sam3::ui {

class PanelPlaceholder : public QWidget {
  Q_OBJECT
 public:
  PanelPlaceholder(const char* title, const char* hint, QWidget* parent = nullptr);
  void retranslate();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  const char* m_title;  // untranslated source strings (QT_TRANSLATE_NOOP context "Panels")
  const char* m_hint;
  QLabel* m_titleLabel;
  QLabel* m_hintLabel;
};

}  // namespace sam3::ui
