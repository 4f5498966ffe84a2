#include "ui/review/model_compare.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/review/review_view.h"

namespace sam3::ui {

ModelCompare::ModelCompare(QWidget* parent)
    : QWidget(parent),
      m_modelA(new QLabel(this)),
      m_modelBLabel(new QLabel(this)),
      m_modelB(new QComboBox(this)),
      m_predict(new QPushButton(this)),
      m_listTitle(new QLabel(this)),
      m_list(new QListWidget(this)),
      m_summary(new QLabel(this)),
      m_viewA(new ReviewView(this)),
      m_viewB(new ReviewView(this)) {
  m_modelB->setObjectName(QStringLiteral("modelB"));
  m_modelB->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_modelBLabel->setBuddy(m_modelB);
  m_list->setObjectName(QStringLiteral("disagreements"));
  m_summary->setWordWrap(true);
  m_modelA->setWordWrap(true);

  auto* top = new QHBoxLayout;
  top->addWidget(m_modelBLabel);
  top->addWidget(m_modelB);
  top->addWidget(m_predict);
  top->addStretch(1);

  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(m_listTitle);
  leftLayout->addWidget(m_list, 1);
  leftLayout->addWidget(m_summary);

  auto* views = new QSplitter(Qt::Horizontal, this);
  views->addWidget(m_viewA);
  views->addWidget(m_viewB);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(views);
  split->setStretchFactor(1, 1);
  split->setSizes({260, 900});

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_modelA);
  layout->addLayout(top);
  layout->addWidget(split, 1);
  retranslate();
}

void ModelCompare::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ModelCompare::retranslate() {
  m_modelBLabel->setText(tr("Model &B:"));
  m_predict->setText(tr("Predict with B"));
  m_listTitle->setText(tr("Photos where A and B disagree"));
  m_predict->setToolTip(
      tr("Runs model B on every photo (cached photos are not predicted again) and lists the "
         "photos where a detection of one model has no match of the same class in the other "
         "(IoU 0.5, both at the review's threshold)."));
}

}  // namespace sam3::ui
