#include "ui/panel_placeholder.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace sam3::ui {

PanelPlaceholder::PanelPlaceholder(const char* title, const char* hint, QWidget* parent)
    : QWidget(parent),
      m_title(title),
      m_hint(hint),
      m_titleLabel(new QLabel(this)),
      m_hintLabel(new QLabel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->addStretch(1);
  QFont f = m_titleLabel->font();
  f.setPointSizeF(f.pointSizeF() * 1.3);
  f.setBold(true);
  m_titleLabel->setFont(f);
  m_titleLabel->setAlignment(Qt::AlignCenter);
  m_hintLabel->setAlignment(Qt::AlignCenter);
  m_hintLabel->setWordWrap(true);
  m_hintLabel->setEnabled(false);  // greyed: it is a hint, not content
  layout->addWidget(m_titleLabel);
  layout->addWidget(m_hintLabel);
  layout->addStretch(2);
  retranslate();
}

void PanelPlaceholder::retranslate() {
  m_titleLabel->setVisible(m_title != nullptr);  // docks already show their title
  if (m_title) m_titleLabel->setText(QCoreApplication::translate("Panels", m_title));
  m_hintLabel->setText(QCoreApplication::translate("Panels", m_hint));
}

void PanelPlaceholder::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

}  // namespace sam3::ui
