#include "ui/shell/welcome_page.h"

#include <QDir>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace sam3::ui {

namespace {

QLabel* wrapped(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setTextFormat(Qt::RichText);
  l->setOpenExternalLinks(true);
  l->setTextInteractionFlags(Qt::TextBrowserInteraction);
  return l;
}

QLabel* badge(int number, QWidget* parent) {
  auto* l = new QLabel(QString::number(number), parent);
  l->setAlignment(Qt::AlignCenter);
  l->setFixedSize(34, 34);
  l->setStyleSheet(
      QStringLiteral("QLabel { border-radius: 17px; background: palette(highlight); "
                     "color: palette(highlighted-text); font-weight: bold; }"));
  return l;
}

}  // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_intro(wrapped(this)),
      m_weights(wrapped(this)),
      m_recentTitle(new QLabel(this)),
      m_recent(new QListWidget(this)),
      m_new(new QPushButton(this)),
      m_open(new QPushButton(this)),
      m_demo(new QPushButton(this)),
      m_shortcuts(new QPushButton(this)) {
  setObjectName(QStringLiteral("welcomePage"));
  m_demo->setObjectName(QStringLiteral("welcomeDemo"));
  m_new->setObjectName(QStringLiteral("welcomeNew"));
  m_open->setObjectName(QStringLiteral("welcomeOpen"));
  QFont big = m_title->font();
  big.setPointSizeF(big.pointSizeF() * 1.6);
  big.setBold(true);
  m_title->setFont(big);

  auto* column = new QWidget(this);
  column->setMaximumWidth(860);
  auto* steps = new QGridLayout(column);
  steps->setHorizontalSpacing(14);
  steps->setVerticalSpacing(16);
  steps->addWidget(m_title, 0, 0, 1, 2);
  steps->addWidget(m_intro, 1, 0, 1, 2);
  QWidget* buttons[3] = {nullptr, nullptr, nullptr};
  auto* row = new QWidget(column);
  auto* rowLayout = new QHBoxLayout(row);
  rowLayout->setContentsMargins(0, 0, 0, 0);
  rowLayout->addWidget(m_new);
  rowLayout->addWidget(m_open);
  rowLayout->addWidget(m_demo);
  rowLayout->addStretch(1);
  buttons[0] = row;
  buttons[1] = m_shortcuts;
  for (int i = 0; i < 3; ++i) {
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_stepTitles[i] = new QLabel(column);
    m_stepTitles[i]->setFont(bold);
    m_stepTexts[i] = wrapped(column);
    auto* body = new QVBoxLayout;
    body->addWidget(m_stepTitles[i]);
    body->addWidget(m_stepTexts[i]);
    if (i == 2) body->addWidget(m_weights);
    if (buttons[i]) body->addWidget(buttons[i], 0, Qt::AlignLeft);
    steps->addWidget(badge(i + 1, column), 2 + i, 0, Qt::AlignTop);
    steps->addLayout(body, 2 + i, 1);
  }
  steps->addWidget(m_recentTitle, 5, 1);
  steps->addWidget(m_recent, 6, 1);
  m_recent->setMaximumHeight(140);
  steps->setColumnStretch(1, 1);
  steps->setRowStretch(7, 1);  // spare height below the content, not between its rows

  auto* scroll = new QScrollArea(this);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidgetResizable(true);
  auto* holder = new QWidget(scroll);
  auto* centre = new QHBoxLayout(holder);
  centre->addStretch(1);
  centre->addWidget(column, 4);
  centre->addStretch(1);
  scroll->setWidget(holder);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll);

  connect(m_new, &QPushButton::clicked, this, &WelcomePage::newProjectRequested);
  connect(m_open, &QPushButton::clicked, this, &WelcomePage::openProjectRequested);
  connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
  connect(m_shortcuts, &QPushButton::clicked, this, &WelcomePage::shortcutsRequested);
  connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    Q_EMIT recentProjectRequested(item->data(Qt::UserRole).toString());
  });
  retranslate();
}

void WelcomePage::setRecentProjects(const QStringList& folders) {
  m_recent->clear();
  for (const QString& f : folders) {
    auto* item = new QListWidgetItem(QDir::toNativeSeparators(f), m_recent);
    item->setData(Qt::UserRole, f);
  }
  m_recent->setVisible(!folders.isEmpty());
  m_recentTitle->setVisible(!folders.isEmpty());
}

void WelcomePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void WelcomePage::retranslate() {
  m_title->setText(tr("Welcome to SAM3 Studio"));
  m_intro->setText(
      tr("Label photos of electrical equipment, fine-tune SAM3 on them and review "
         "what it finds. Three steps get you going:"));
  m_stepTitles[0]->setText(tr("Bring in your photos"));
  m_stepTexts[0]->setText(
      tr("Create a project and import photos, or a dataset you already have: a Roboflow export "
         "(COCO), YOLO, Pascal VOC or labelme. Photos are copied into the project folder. To look "
         "around first, open the demo project: generated panel photos with labelled fuse "
         "cutouts."));
  m_new->setText(tr("New Project…"));
  m_open->setText(tr("Open Project…"));
  m_demo->setText(tr("Open the Demo Project"));
  m_stepTitles[1]->setText(tr("Label"));
  m_stepTexts[1]->setText(
      tr("Pick a class on the right (each class carries the text prompt SAM3 sees), then draw "
         "polygons (<b>P</b>) or boxes (<b>B</b>) and fix them with the edit tool (<b>E</b>). "
         "<b>D</b> and <b>A</b> go to the next and previous photo. Every edit is saved at once; "
         "<b>Ctrl+Z</b> undoes it."));
  m_shortcuts->setText(tr("All Keyboard Shortcuts"));
  m_stepTitles[2]->setText(tr("Train"));
  m_stepTexts[2]->setText(
      tr("Fine-tune SAM3 on your labels in the Train mode (<b>Ctrl+2</b>), then check its "
         "detections photo by photo in the Review mode (<b>Ctrl+3</b>). Training the full model "
         "needs an NVIDIA GPU."));
  m_weights->setText(
      tr("<b>SAM3's weights</b> come from Hugging Face: the model <a "
         "href=\"https://huggingface.co/facebook/sam3\">facebook/sam3</a> is gated. Sign in, "
         "request access on its page and create an access token; then download the weights once "
         "with <code>hf auth login</code> and <code>hf download facebook/sam3</code>. SAM3 Studio "
         "finds them in <code>~/.cache/huggingface/hub</code>. The official checkpoint "
         "<code>sam3.pt</code> works as well."));
  m_recentTitle->setText(tr("Recent projects (double-click to open)"));
}

}  // namespace sam3::ui
