#pragma once
// The Review view: the model's detections photo by photo. A prediction worker fills the project's
// prediction cache (every class prompt per photo); the score threshold slider only filters what
// is cached, so moving it never runs the model. Detections are drawn over the photo (masks,
// boxes, class and score); on labelled photos false positives and misses are marked; the ground
// truth can be hidden, overlaid or shown beside. Accept turns a detection into an annotation
// (source "accepted", one undo step on the project document), reject records a review decision,
// edit accepts and opens the photo in the annotation canvas; a photo can be confirmed negative.
// The queue goes by photo order, uncertainty or disagreement with the ground truth; the Model A/B
// tab shows a second model beside the first and lists the photos where they disagree.
// The project is the annotation workspace's (read when the page is shown). GUI thread only.
#include <QPointer>
#include <QString>
#include <QVector>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/review/review_match.h"
#include "core/review/review_queue.h"
#include "ui/review/prediction_worker.h"
#include "ui/review/review_view.h"

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSplitter;
class QTabWidget;
class QTreeWidget;

namespace sam3::ui {

class AnnotationWorkspace;
class ImageLoader;
class ModelCompare;
class ProjectDocument;

class ReviewPage : public QWidget {
  Q_OBJECT
 public:
  enum class TruthMode { Hidden = 0, Overlay = 1, Beside = 2 };
  // The attribute of an accepted annotation that names its detection (model key, class, box).
  static constexpr const char* kDetectionAttribute = "review.detection";
  enum class Status { Detection, Matched, FalsePositive, Accepted, Rejected };
  // One line of the detection list: a detection at or above the threshold, or a missed object.
  struct Row {
    int object = -1;  // index into the photo's record; -1 for a miss
    int truth = -1;   // index into the photo's ground truth (matched or missed); -1 none
    Status status = Status::Detection;
  };

  explicit ReviewPage(AnnotationWorkspace* workspace, QWidget* parent = nullptr);
  ~ReviewPage() override;

  void setDocument(ProjectDocument* doc);  // overrides the workspace's document
  ProjectDocument* document() const { return m_doc; }

  // Models: the chooser lists what the model source gives for the project (the main window's
  // lists the active model, base SAM3 and the runs' checkpoints); without one, base SAM3.
  void setModelSource(std::function<QVector<ReviewModel>(const QString& projectDir)> source);
  void refreshModels();
  void setModel(const ReviewModel& model);   // selects it (added to the chooser when new)
  void setModelB(const ReviewModel& model);  // the A/B tab's second model
  ReviewModel model() const;
  ReviewModel modelB() const;
  void setMinScore(double score) { m_minScore = score; }  // kept by the next prediction
  double minScore() const { return m_minScore; }

  // Prediction (in the worker): every photo of the project, or only the cached records.
  void predictAll();
  void predictB();  // every photo with model B (for the A/B list)
  void cancelPrediction();
  bool predicting() const { return m_running != 0; }
  int photosPredicted() const { return m_photosPredicted; }  // model runs since construction

  void setThreshold(double threshold);
  double threshold() const { return m_threshold; }
  void setTruthMode(TruthMode mode);
  void setOrder(review::QueueOrder order);
  std::vector<qint64> queue() const;  // photo ids in review order
  bool showPhoto(qint64 photoId);
  qint64 currentPhoto() const { return m_photoId; }
  void next();
  void previous();

  // The current photo at the threshold.
  const std::vector<Row>& rows() const { return m_rows; }
  const review::PhotoPredictions* record(qint64 photoId) const;
  const review::PhotoPredictions* recordB(qint64 photoId) const;  // the A/B tab's model B
  bool selectRow(int row);
  int selectedRow() const { return m_selectedRow; }
  bool acceptSelected();
  bool rejectSelected();
  bool editSelected();
  bool confirmNegative();
  // The photos where model A and model B disagree, in photo order.
  std::vector<qint64> disagreements() const;

  // The keyboard actions, for the shortcut registry: id ("review.accept") and action.
  QList<QPair<QString, QAction*>> shortcutActions() const;

  ReviewView* view() const { return m_view; }
  ReviewView* truthView() const { return m_truthView; }
  QTreeWidget* detectionList() const { return m_detections; }
  QListWidget* queueList() const { return m_queue; }
  QSlider* thresholdSlider() const { return m_slider; }
  QComboBox* modelChooser() const { return m_models; }
  QLabel* statusLabel() const { return m_status; }
  ModelCompare* compare() const { return m_compare; }
  QTabWidget* tabs() const { return m_tabs; }

 Q_SIGNALS:
  void editRequested(qint64 photoId);  // open the photo in the annotation canvas
  void predictionFinished(int predicted, int cached, bool cancelled, const QString& error);
  void statusMessage(const QString& message);

 protected:
  void showEvent(QShowEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  // review_page.cpp: layout, models, worker.
  QWidget* buildToolbar();
  QWidget* buildReviewTab();
  void retranslate();
  void syncDocument();
  void modelChanged();
  void startJob(bool forB, bool predict);
  void onPhotoReady(int id, const review::PhotoPredictions& record);
  void onFinished(int id, int predicted, int cached, bool cancelled, const QString& error);
  // review_page_view.cpp: queue, photo, overlays, detection list.
  void rebuildQueue();
  void updateQueueTexts();
  void refreshPhoto();
  void fillRows();
  QVector<ReviewView::Overlay> overlaysFor(const review::PhotoPredictions* rec,
                                           const std::vector<Row>& rows, bool withTruth,
                                           std::vector<QImage>& maskCache) const;
  QVector<ReviewView::Overlay> truthOverlays() const;
  const std::vector<review::GroundTruth>& truth(qint64 photoId) const;
  bool labelled(qint64 photoId) const;
  review::MatchResult matchOf(qint64 photoId) const;
  std::set<std::string> rejectedTags(qint64 photoId) const;
  qint64 photoIdOf(const std::string& sha256) const;  // 0 when not in the project
  void photoLoaded(quint64 id, const QImage& image);
  void annotationsChanged(qint64 photoId);
  // review_page_actions.cpp: decisions and keys.
  void buildActions();
  void retranslateActions();
  void updateButtons();
  std::string detectionTag(const review::PredictedObject& o) const;
  // review_page_compare.cpp: model A/B.
  void updateCompare();
  void showComparePhoto(qint64 photoId);

  QPointer<AnnotationWorkspace> m_workspace;
  ProjectDocument* m_doc = nullptr;
  bool m_explicitDoc = false;
  PredictionThread* m_thread;
  ImageLoader* m_loader;
  std::function<QVector<ReviewModel>(const QString&)> m_modelSource;
  QVector<ReviewModel> m_modelList;
  ReviewModel m_modelB;
  std::string m_keyA, m_keyB;
  std::map<std::string, review::PhotoPredictions> m_recordsA, m_recordsB;  // by photo sha256
  mutable std::map<qint64, std::vector<review::GroundTruth>> m_truth;
  int m_requestId = 0;
  int m_requestA = 0, m_requestB = 0, m_running = 0;
  int m_photosPredicted = 0;
  double m_minScore = 0.05;
  double m_threshold = 0.5;
  TruthMode m_truthMode = TruthMode::Hidden;
  review::QueueOrder m_order = review::QueueOrder::PhotoOrder;
  std::vector<qint64> m_queueIds;
  qint64 m_photoId = 0;
  quint64 m_imageRequest = 0;
  QImage m_image;
  std::vector<Row> m_rows;
  int m_selectedRow = -1;
  std::vector<QImage> m_masks;                    // per object of the current photo (lazily filled)
  std::vector<QImage> m_compareMasksA, m_masksB;  // of the A/B tab's photo
  qint64 m_comparePhoto = 0;
  quint64 m_compareImageRequest = 0;
  QImage m_compareImage;

  QTabWidget* m_tabs;
  QComboBox* m_models;
  QPushButton* m_predict;
  QPushButton* m_cancel;
  QProgressBar* m_progress;
  QComboBox* m_orderBox;
  QSlider* m_slider;
  QLabel* m_thresholdValue;
  QComboBox* m_truthBox;
  QListWidget* m_queue;
  ReviewView* m_view;
  ReviewView* m_truthView;
  QTreeWidget* m_detections;
  QLabel* m_status;
  QLabel* m_legend;
  QPushButton* m_accept;
  QPushButton* m_reject;
  QPushButton* m_edit;
  QPushButton* m_negative;
  QPushButton* m_prev;
  QPushButton* m_next;
  ModelCompare* m_compare;
  QList<QLabel*> m_labels;  // toolbar captions, retranslated
  struct Actions;
  Actions* m_actions = nullptr;  // owned; deleted in the destructor
};

}  // namespace sam3::ui
