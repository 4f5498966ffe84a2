#pragma once
// The Annotate mode's panels and how they talk: photo browser -> canvas photo, classes panel ->
// class of new shapes and "assign", canvas tool bar (tools, zoom, fill opacity). The main window
// only places the widgets; the workspace owns no data (the ProjectDocument does).
#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QSlider;
class QWidget;

namespace sam3::ui {

class AnnotationCanvas;
class ClassesPanel;
class PhotoBrowser;
class PhotoPanel;
class ProjectDocument;
class ShapesPanel;

class AnnotationWorkspace : public QObject {
  Q_OBJECT
 public:
  // The widgets are created as children of `parentWidget` and re-parented by their placement.
  explicit AnnotationWorkspace(QWidget* parentWidget);
  ~AnnotationWorkspace() override;
  void setDocument(ProjectDocument* doc);  // nullptr: closed; the caller owns the document
  ProjectDocument* document() const { return m_doc; }

  QWidget* canvasPage() const { return m_page; }  // tool bar + canvas
  AnnotationCanvas* canvas() const { return m_canvas; }
  PhotoBrowser* photoBrowser() const { return m_browser; }
  ClassesPanel* classesPanel() const { return m_classes; }
  // Made without a parent so that they stay off screen until placed (a "Photo" and the "Shapes"
  // dock); one never placed is deleted with the workspace.
  PhotoPanel* photoPanel() const;
  ShapesPanel* shapesPanel() const;
  QAction* toolAction(int tool) const;  // AnnotationCanvas::Tool as int
  static constexpr int kToolCount = 5;
  // Model proposals of the shown photo: accept / reject the selected one (Y / N), all of them
  // (Shift+Y / Shift+N). Each is one undo step.
  enum ProposalAction { AcceptOne = 0, RejectOne, AcceptAll, RejectAll };
  QAction* proposalAction(ProposalAction which) const { return m_proposals[which]; }
  // A bar of tool options under the tool bar (the SAM3 bar of ui/smart); the page takes it.
  void setToolOptions(QWidget* bar);

 Q_SIGNALS:
  void statusMessage(const QString& message);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;  // the page's LanguageChange

 private:
  void buildToolbar();
  void retranslate();

  ProjectDocument* m_doc = nullptr;
  QWidget* m_page;
  AnnotationCanvas* m_canvas;
  PhotoBrowser* m_browser;
  ClassesPanel* m_classes;
  QPointer<PhotoPanel> m_photoPanel;
  QPointer<ShapesPanel> m_shapesPanel;
  void buildProposalActions();
  QAction* m_tools[kToolCount] = {};
  QAction* m_proposals[4] = {};
  QAction* m_fit = nullptr;
  QAction* m_actualSize = nullptr;
  QSlider* m_opacity = nullptr;
  QLabel* m_opacityLabel = nullptr;
};

}  // namespace sam3::ui
