#include "ui/annotation_workspace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QSlider>
#include <QToolBar>
#include <QVBoxLayout>

#include "ui/canvas/annotation_canvas.h"
#include "ui/classes_panel.h"
#include "ui/panels/photo_panel.h"
#include "ui/panels/shapes_panel.h"
#include "ui/photo_browser.h"
#include "ui/project_document.h"
#include "ui/smart/proposal_commands.h"

namespace sam3::ui {

AnnotationWorkspace::AnnotationWorkspace(QWidget* parentWidget)
    : QObject(parentWidget),
      m_page(new QWidget(parentWidget)),
      m_canvas(new AnnotationCanvas(m_page)),
      m_browser(new PhotoBrowser(parentWidget)),
      m_classes(new ClassesPanel(parentWidget)),
      m_photoPanel(new PhotoPanel),
      m_shapesPanel(new ShapesPanel) {
  m_page->setObjectName(QStringLiteral("canvasPage"));
  buildToolbar();
  m_page->installEventFilter(this);
  connect(m_browser, &PhotoBrowser::currentPhotoChanged, m_canvas, &AnnotationCanvas::setPhoto);
  connect(m_browser, &PhotoBrowser::currentPhotoChanged, m_photoPanel, &PhotoPanel::setPhoto);
  connect(m_browser, &PhotoBrowser::currentPhotoChanged, m_shapesPanel, &ShapesPanel::setPhoto);
  connect(m_shapesPanel, &ShapesPanel::shapeSelected, m_canvas,
          &AnnotationCanvas::selectAnnotation);
  connect(m_canvas, &AnnotationCanvas::selectionChanged, m_shapesPanel,
          &ShapesPanel::setSelectedShape);
  connect(m_classes, &ClassesPanel::currentClassChanged, m_canvas,
          &AnnotationCanvas::setCurrentClass);
  connect(m_classes, &ClassesPanel::assignRequested, this, [this](qint64 classId) {
    const auto selected = m_canvas->selectedAnnotation();
    if (!m_doc || !selected) {
      Q_EMIT statusMessage(tr("Select a shape first, then assign a class to it."));
      return;
    }
    m_doc->setAnnotationClass(*selected, classId);
  });
  connect(m_canvas, &AnnotationCanvas::statusMessage, this, &AnnotationWorkspace::statusMessage);
  connect(m_canvas, &AnnotationCanvas::selectionChanged, this, [this](qint64 id) {
    if (!id) return;
    if (const auto a = m_canvas->selectedAnnotation()) m_classes->setCurrentClassId(a->class_id);
  });
  retranslate();
}

AnnotationWorkspace::~AnnotationWorkspace() {
  if (m_photoPanel && !m_photoPanel->parent()) delete m_photoPanel.data();
  if (m_shapesPanel && !m_shapesPanel->parent()) delete m_shapesPanel.data();
}

PhotoPanel* AnnotationWorkspace::photoPanel() const {
  return m_photoPanel;
}
ShapesPanel* AnnotationWorkspace::shapesPanel() const {
  return m_shapesPanel;
}

void AnnotationWorkspace::buildToolbar() {
  auto* bar = new QToolBar(m_page);
  bar->setObjectName(QStringLiteral("canvasToolbar"));
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto* group = new QActionGroup(this);
  const Qt::Key keys[] = {Qt::Key_E, Qt::Key_P, Qt::Key_B, Qt::Key_H, Qt::Key_S};
  for (int i = 0; i < kToolCount; ++i) {
    m_tools[i] = new QAction(group);
    m_tools[i]->setCheckable(true);
    m_tools[i]->setShortcut(QKeySequence(keys[i]));
    m_tools[i]->setShortcutContext(Qt::WindowShortcut);
    connect(m_tools[i], &QAction::triggered, this,
            [this, i] { m_canvas->setTool(static_cast<AnnotationCanvas::Tool>(i)); });
    bar->addAction(m_tools[i]);
  }
  m_tools[0]->setChecked(true);
  connect(m_canvas, &AnnotationCanvas::toolChanged, this, [this](AnnotationCanvas::Tool tool) {
    m_tools[static_cast<int>(tool)]->setChecked(true);
  });
  bar->addSeparator();
  m_fit = bar->addAction(QString(), m_canvas, &AnnotationCanvas::zoomToFit);
  m_fit->setShortcut(QKeySequence(Qt::Key_F));
  m_actualSize = bar->addAction(QString(), m_canvas, &AnnotationCanvas::zoomActualSize);
  m_actualSize->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  bar->addSeparator();
  m_opacityLabel = new QLabel(bar);
  m_opacityLabel->setContentsMargins(6, 0, 4, 0);
  bar->addWidget(m_opacityLabel);
  m_opacity = new QSlider(Qt::Horizontal, bar);
  m_opacity->setObjectName(QStringLiteral("fillOpacity"));
  m_opacity->setRange(0, 100);
  m_opacity->setValue(static_cast<int>(m_canvas->fillOpacity() * 100));
  m_opacity->setMaximumWidth(140);
  connect(m_opacity, &QSlider::valueChanged, this,
          [this](int v) { m_canvas->setFillOpacity(v / 100.0); });
  bar->addWidget(m_opacity);
  // The page's actions carry the shortcuts to the whole window once the page is placed in it.
  m_page->addActions(group->actions());
  m_page->addActions({m_fit, m_actualSize});
  buildProposalActions();
  auto* layout = new QVBoxLayout(m_page);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(bar);
  layout->addWidget(m_canvas, 1);
}

QAction* AnnotationWorkspace::toolAction(int tool) const {
  return tool >= 0 && tool < kToolCount ? m_tools[tool] : nullptr;
}

void AnnotationWorkspace::buildProposalActions() {
  const QKeySequence keys[] = {QKeySequence(Qt::Key_Y), QKeySequence(Qt::Key_N),
                               QKeySequence(Qt::SHIFT | Qt::Key_Y),
                               QKeySequence(Qt::SHIFT | Qt::Key_N)};
  for (int i = 0; i < 4; ++i) {
    m_proposals[i] = new QAction(this);
    m_proposals[i]->setShortcut(keys[i]);
    m_proposals[i]->setShortcutContext(Qt::WindowShortcut);
    connect(m_proposals[i], &QAction::triggered, this, [this, i] {
      if (!m_doc || !m_canvas->photoId()) return;
      std::vector<project::Annotation> shapes;
      if (i == AcceptOne || i == RejectOne) {
        const auto selected = m_canvas->selectedAnnotation();
        if (!selected || selected->source != project::Source::Model) {
          Q_EMIT statusMessage(tr("Select a proposal (a dashed shape) first."));
          return;
        }
        shapes.push_back(*selected);
      } else {
        shapes = proposal_commands::pending(*m_doc, m_canvas->photoId());
      }
      if (i == AcceptOne || i == AcceptAll)
        proposal_commands::accept(*m_doc, shapes);
      else
        proposal_commands::reject(*m_doc, shapes);
    });
  }
  m_page->addActions({m_proposals[0], m_proposals[1], m_proposals[2], m_proposals[3]});
}

void AnnotationWorkspace::setToolOptions(QWidget* bar) {
  auto* layout = static_cast<QVBoxLayout*>(m_page->layout());
  bar->setParent(m_page);
  layout->insertWidget(1, bar);
}

void AnnotationWorkspace::setDocument(ProjectDocument* doc) {
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_canvas->setDocument(doc);
  m_classes->setDocument(doc);
  m_photoPanel->setDocument(doc);
  m_shapesPanel->setDocument(doc);
  m_browser->setDocument(doc);  // selects the first photo, which the canvas then shows
  if (m_doc) {
    connect(m_doc, &ProjectDocument::editFailed, this, &AnnotationWorkspace::statusMessage);
    connect(m_doc, &QObject::destroyed, this, [this] { m_doc = nullptr; });
  }
}

bool AnnotationWorkspace::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_page && event->type() == QEvent::LanguageChange) retranslate();
  return QObject::eventFilter(watched, event);
}

void AnnotationWorkspace::retranslate() {
  m_tools[0]->setText(tr("Edit"));
  m_tools[0]->setToolTip(
      tr("Select and edit shapes: drag vertices, drag an edge to insert one, drag the shape to "
         "move it, Delete removes, 1-9 set the class, Ctrl+C / Ctrl+V copy and paste (E)"));
  m_tools[1]->setText(tr("Polygon"));
  m_tools[1]->setToolTip(tr("Click points; close on the first point or Enter, Esc cancels (P)"));
  m_tools[2]->setText(tr("Box"));
  m_tools[2]->setToolTip(tr("Drag a rectangle (B)"));
  m_tools[3]->setText(tr("Hole"));
  m_tools[3]->setToolTip(
      tr("Draw a polygon to cut out of the selected polygon; across its border it cuts a notch "
         "(H)"));
  m_tools[4]->setText(tr("Smart polygon"));
  m_tools[4]->setToolTip(
      tr("SAM3 segments what you click: left click adds the object, right click or Shift+click "
         "removes, drag a box; Enter accepts, Esc clears (S)"));
  m_proposals[AcceptOne]->setText(tr("Accept proposal"));
  m_proposals[RejectOne]->setText(tr("Reject proposal"));
  m_proposals[AcceptAll]->setText(tr("Accept all proposals of the photo"));
  m_proposals[RejectAll]->setText(tr("Reject all proposals of the photo"));
  m_fit->setText(tr("Fit"));
  m_fit->setToolTip(tr("Fit the photo into the view (F)"));
  m_actualSize->setText(tr("1:1"));
  m_actualSize->setToolTip(tr("One photo pixel per screen pixel (Ctrl+0)"));
  m_opacityLabel->setText(tr("Fill"));
  m_opacity->setToolTip(tr("Fill opacity of the shapes"));
}

}  // namespace sam3::ui
