#include "ui/review/review_page.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/util/errors.h"
#include "ui/annotation_workspace.h"
#include "ui/image_loader.h"
#include "ui/project_document.h"
#include "ui/review/model_compare.h"

namespace sam3::ui {

ReviewPage::ReviewPage(AnnotationWorkspace* workspace, QWidget* parent)
    : QWidget(parent),
      m_workspace(workspace),
      m_thread(new PredictionThread(this)),
      m_loader(new ImageLoader(this)),
      m_tabs(new QTabWidget(this)),
      m_models(new QComboBox(this)),
      m_predict(new QPushButton(this)),
      m_cancel(new QPushButton(this)),
      m_progress(new QProgressBar(this)),
      m_orderBox(new QComboBox(this)),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_thresholdValue(new QLabel(this)),
      m_truthBox(new QComboBox(this)),
      m_queue(new QListWidget(this)),
      m_view(new ReviewView(this)),
      m_truthView(new ReviewView(this)),
      m_detections(new QTreeWidget(this)),
      m_status(new QLabel(this)),
      m_legend(new QLabel(this)),
      m_accept(new QPushButton(this)),
      m_reject(new QPushButton(this)),
      m_edit(new QPushButton(this)),
      m_negative(new QPushButton(this)),
      m_prev(new QPushButton(this)),
      m_next(new QPushButton(this)),
      m_compare(new ModelCompare(this)) {
  setObjectName(QStringLiteral("reviewPage"));
  auto* worker = m_thread->worker();
  connect(worker, &PredictionWorker::photoReady, this, &ReviewPage::onPhotoReady);
  connect(worker, &PredictionWorker::finished, this, &ReviewPage::onFinished);
  connect(worker, &PredictionWorker::progress, this, [this](int id, int done, int total) {
    if (id != m_running) return;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
  });
  connect(worker, &PredictionWorker::problem, this, [this](int, const QString& text) {
    Q_EMIT statusMessage(tr("Prediction cache: %1 (predicting that photo again)").arg(text));
    m_status->setText(tr("A cached record could not be read and is predicted again: %1").arg(text));
  });
  connect(m_loader, &ImageLoader::loaded, this, &ReviewPage::photoLoaded);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildToolbar());
  m_tabs->addTab(buildReviewTab(), QString());
  m_tabs->addTab(m_compare, QString());
  layout->addWidget(m_tabs, 1);
  buildActions();
  connect(m_compare->predictButton(), &QPushButton::clicked, this, &ReviewPage::predictB);
  connect(m_compare->modelB(), &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0 && i < m_modelList.size()) setModelB(m_modelList[i]);
  });
  connect(m_compare->list(), &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) showComparePhoto(m_compare->list()->item(row)->data(Qt::UserRole).toLongLong());
  });
  retranslate();
  refreshPhoto();
}

QWidget* ReviewPage::buildToolbar() {
  auto* bar = new QWidget(this);
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  auto caption = [&](QWidget* buddy) {
    auto* l = new QLabel(bar);
    l->setBuddy(buddy);
    m_labels << l;
    row->addWidget(l);
    row->addWidget(buddy);
  };
  m_models->setObjectName(QStringLiteral("reviewModel"));
  m_models->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  caption(m_models);
  row->addWidget(m_predict);
  row->addWidget(m_cancel);
  m_progress->setMaximumWidth(160);
  m_progress->setTextVisible(true);
  m_progress->setVisible(false);  // only while predicting
  row->addWidget(m_progress);
  row->addSpacing(12);
  caption(m_orderBox);
  m_slider->setObjectName(QStringLiteral("threshold"));
  m_slider->setRange(0, 100);
  m_slider->setValue(50);
  m_slider->setMinimumWidth(160);
  caption(m_slider);
  m_thresholdValue->setMinimumWidth(34);
  row->addWidget(m_thresholdValue);
  caption(m_truthBox);
  row->addStretch(1);
  for (int i = 0; i < 3; ++i) m_orderBox->addItem(QString());
  for (int i = 0; i < 3; ++i) m_truthBox->addItem(QString());
  m_cancel->setEnabled(false);

  connect(m_predict, &QPushButton::clicked, this, &ReviewPage::predictAll);
  connect(m_cancel, &QPushButton::clicked, this, &ReviewPage::cancelPrediction);
  connect(m_models, &QComboBox::currentIndexChanged, this, [this](int) { modelChanged(); });
  connect(m_orderBox, &QComboBox::currentIndexChanged, this,
          [this](int i) { setOrder(static_cast<review::QueueOrder>(i)); });
  connect(m_truthBox, &QComboBox::currentIndexChanged, this,
          [this](int i) { setTruthMode(static_cast<TruthMode>(i)); });
  connect(m_slider, &QSlider::valueChanged, this, [this](int v) { setThreshold(v / 100.0); });
  return bar;
}

QWidget* ReviewPage::buildReviewTab() {
  m_queue->setObjectName(QStringLiteral("reviewQueue"));
  m_queue->setWordWrap(true);  // the detail line stays readable in a narrow list
  m_queue->setSpacing(2);
  m_queue->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_detections->setObjectName(QStringLiteral("detections"));
  m_detections->setColumnCount(3);
  m_detections->setRootIsDecorated(false);
  m_detections->setUniformRowHeights(true);
  m_detections->header()->setStretchLastSection(false);
  m_detections->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_detections->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  m_detections->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  m_status->setWordWrap(true);
  m_legend->setWordWrap(true);
  m_legend->setTextFormat(Qt::RichText);
  m_truthView->setVisible(false);
  connect(m_queue, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row < static_cast<int>(m_queueIds.size()))
      showPhoto(m_queueIds[static_cast<std::size_t>(row)]);
  });
  connect(m_detections, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item) selectRow(m_detections->indexOfTopLevelItem(item));
  });
  connect(m_view, &ReviewView::overlayClicked, this, [this](int id) {
    for (std::size_t r = 0; r < m_rows.size(); ++r)
      if ((id >= 0 && m_rows[r].object == id) ||
          (id <= -2 && m_rows[r].object < 0 && m_rows[r].truth == -2 - id))
        selectRow(static_cast<int>(r));
  });

  auto* views = new QSplitter(Qt::Horizontal, this);
  views->addWidget(m_view);
  views->addWidget(m_truthView);

  auto* side = new QWidget(this);
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(m_detections, 1);
  auto* decide = new QHBoxLayout;
  decide->addWidget(m_accept);
  decide->addWidget(m_reject);
  decide->addWidget(m_edit);
  sideLayout->addLayout(decide);
  sideLayout->addWidget(m_negative);
  auto* nav = new QHBoxLayout;
  nav->addWidget(m_prev);
  nav->addWidget(m_next);
  sideLayout->addLayout(nav);
  sideLayout->addWidget(m_legend);
  sideLayout->addWidget(m_status);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(m_queue);
  split->addWidget(views);
  split->addWidget(side);
  split->setStretchFactor(1, 1);
  split->setSizes({230, 800, 300});
  return split;
}

void ReviewPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ReviewPage::retranslate() {
  const char* captions[] = {QT_TR_NOOP("&Model:"), QT_TR_NOOP("&Order:"), QT_TR_NOOP("&Threshold:"),
                            QT_TR_NOOP("&Ground truth:")};
  for (int i = 0; i < m_labels.size(); ++i) m_labels[i]->setText(tr(captions[i]));
  m_predict->setText(tr("&Predict"));
  m_predict->setToolTip(
      tr("Runs the model on every photo of the project with every class's "
         "prompt. Photos already in the prediction cache are not run again; "
         "moving the threshold never runs the model."));
  m_cancel->setText(tr("Cancel"));
  m_orderBox->setItemText(0, tr("Photo order"));
  m_orderBox->setItemText(1, tr("Uncertain first"));
  m_orderBox->setItemText(2, tr("Most disagreement first"));
  m_orderBox->setToolTip(
      tr("Uncertain first: photos whose scores lie nearest the threshold. "
         "Most disagreement first: labelled photos with the most false "
         "positives and misses."));
  m_truthBox->setItemText(0, tr("Hidden"));
  m_truthBox->setItemText(1, tr("Overlaid"));
  m_truthBox->setItemText(2, tr("Beside"));
  m_detections->setHeaderLabels({tr("Class"), tr("Score"), tr("Status")});
  m_tabs->setTabText(0, tr("Review"));
  m_tabs->setTabText(1, tr("Model A/B"));
  m_legend->setText(
      tr("<span style='color:%1'>■</span> false positive &nbsp; "
         "<span style='color:%2'>■</span> missed &nbsp; <span style='color:%3'>■</span> "
         "accepted")
          .arg(ReviewView::falsePositiveColor().name(), ReviewView::missedColor().name(),
               ReviewView::acceptedColor().name()));
  m_view->setTitle(tr("Model"));
  m_truthView->setTitle(tr("Ground truth"));
  m_compare->viewA()->setTitle(tr("A"));
  m_compare->viewB()->setTitle(tr("B"));
  retranslateActions();
  refreshModels();
  setThreshold(m_threshold);
}

void ReviewPage::showEvent(QShowEvent* event) {
  syncDocument();
  QWidget::showEvent(event);
}

void ReviewPage::syncDocument() {
  if (m_explicitDoc || !m_workspace) return;
  if (m_workspace->document() != m_doc) {
    m_doc = nullptr;  // setDocument compares
    setDocument(m_workspace->document());
    m_explicitDoc = false;
  }
}

void ReviewPage::setDocument(ProjectDocument* doc) {
  m_explicitDoc = true;
  if (m_doc == doc) return;
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_recordsA.clear();
  m_recordsB.clear();
  m_truth.clear();
  m_photoId = 0;
  m_comparePhoto = 0;
  {
    // Another project: its own runs and active model, not the last project's.
    const QSignalBlocker blockA(m_models);
    const QSignalBlocker blockB(m_compare->modelB());
    m_modelList.clear();
    m_models->clear();
    m_compare->modelB()->clear();
    m_modelB = ReviewModel{};
  }
  if (m_doc) {
    connect(m_doc, &ProjectDocument::annotationsChanged, this, &ReviewPage::annotationsChanged);
    connect(m_doc, &ProjectDocument::photoChanged, this, &ReviewPage::annotationsChanged);
    connect(m_doc, &ProjectDocument::photosChanged, this, [this] {
      m_truth.clear();
      rebuildQueue();
    });
    connect(m_doc, &ProjectDocument::classesChanged, this, [this] { modelChanged(); });
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_doc = nullptr;
      rebuildQueue();
    });
  }
  refreshModels();
  modelChanged();
}

void ReviewPage::setModelSource(
    std::function<QVector<ReviewModel>(const QString& projectDir)> source) {
  m_modelSource = std::move(source);
  refreshModels();
}

void ReviewPage::refreshModels() {
  const QString project = m_doc ? m_doc->dir() : QString();
  const ReviewModel keepA = model();
  const ReviewModel keepB = m_modelB;
  QVector<ReviewModel> list =
      m_modelSource ? m_modelSource(project) : QVector<ReviewModel>{ReviewModel::base()};
  for (const ReviewModel& extra : {keepA, keepB})
    if (!extra.label.isEmpty() && !list.contains(extra)) list << extra;
  m_modelList = list;
  const QSignalBlocker blockA(m_models);
  const QSignalBlocker blockB(m_compare->modelB());
  m_models->clear();
  m_compare->modelB()->clear();
  for (const ReviewModel& m : m_modelList) {
    m_models->addItem(m.label);
    m_compare->modelB()->addItem(m.label);
  }
  m_models->setCurrentIndex(keepA.label.isEmpty() ? 0
                                                  : std::max(0, int(m_modelList.indexOf(keepA))));
  const int b = m_modelList.indexOf(keepB);
  m_compare->modelB()->setCurrentIndex(b >= 0 ? b : std::min(1, int(m_modelList.size()) - 1));
  if (b < 0 && m_compare->modelB()->currentIndex() >= 0)
    m_modelB = m_modelList[m_compare->modelB()->currentIndex()];
}

ReviewModel ReviewPage::model() const {
  const int i = m_models->currentIndex();
  return i >= 0 && i < m_modelList.size() ? m_modelList[i] : ReviewModel{};
}

ReviewModel ReviewPage::modelB() const {
  return m_modelB;
}

void ReviewPage::setModel(const ReviewModel& m) {
  if (!m_modelList.contains(m)) {
    m_modelList << m;
    m_models->addItem(m.label);
    m_compare->modelB()->addItem(m.label);
  }
  const int i = m_modelList.indexOf(m);
  if (m_models->currentIndex() == i) modelChanged();
  m_models->setCurrentIndex(i);
}

void ReviewPage::setModelB(const ReviewModel& m) {
  if (!m_modelList.contains(m)) {
    m_modelList << m;
    m_models->addItem(m.label);
    m_compare->modelB()->addItem(m.label);
  }
  m_modelB = m;
  {
    const QSignalBlocker block(m_compare->modelB());
    m_compare->modelB()->setCurrentIndex(m_modelList.indexOf(m));
  }
  m_recordsB.clear();
  m_keyB.clear();
  m_masksB.clear();
  if (m_doc) startJob(true, false);  // what the cache holds for B already
  updateCompare();
}

void ReviewPage::modelChanged() {
  m_recordsA.clear();
  m_keyA.clear();
  m_masks.clear();
  m_compare->modelALabel()->setText(tr("Model A: %1 (the Review tab's model)").arg(model().label));
  if (m_doc) {
    startJob(false, false);  // load what the cache holds
    if (!m_modelB.label.isEmpty()) startJob(true, false);
  }
  rebuildQueue();
}

void ReviewPage::predictAll() {
  startJob(false, true);
}

void ReviewPage::predictB() {
  startJob(true, true);
}

void ReviewPage::cancelPrediction() {
  m_thread->worker()->cancel();
}

void ReviewPage::startJob(bool forB, bool predict) {
  if (!m_doc) return;
  const ReviewModel m = forB ? m_modelB : model();
  PredictionJob job;
  job.projectDir = m_doc->dir();
  job.model = m;
  job.minScore = m_minScore;
  job.predict = predict;
  try {
    job.modelKey = m.key();
  } catch (const sam3::Error& e) {
    m_status->setText(tr("The model cannot be used: %1").arg(QString::fromStdString(e.what())));
    return;
  }
  (forB ? m_keyB : m_keyA) = job.modelKey;
  for (const auto& c : m_doc->classes())
    job.prompts.push_back({c.id, c.prompt.empty() ? c.name : c.prompt});
  for (const auto& p : m_doc->photos()) job.photos.push_back({p.sha256, m_doc->photoPath(p)});
  const int id = ++m_requestId;
  (forB ? m_requestB : m_requestA) = id;
  if (predict) {
    m_running = id;
    m_predict->setEnabled(false);
    m_compare->predictButton()->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_status->setText(tr("Predicting with %1…").arg(m.label));
  }
  QMetaObject::invokeMethod(m_thread->worker(), "run", Qt::QueuedConnection, Q_ARG(int, id),
                            Q_ARG(sam3::ui::PredictionJob, job));
}

void ReviewPage::onPhotoReady(int id, const review::PhotoPredictions& record) {
  const bool forA = id == m_requestA;
  if (!forA && id != m_requestB) return;  // stale: the model changed since
  auto& records = forA ? m_recordsA : m_recordsB;
  records[record.photo_sha256] = record;
  const qint64 photoId = photoIdOf(record.photo_sha256);
  if (forA) {
    if (photoId == m_photoId) {
      m_masks.clear();
      refreshPhoto();
    }
    updateQueueTexts();
  }
  if (photoId == m_comparePhoto) m_masksB.clear();
  updateCompare();
}

void ReviewPage::onFinished(int id, int predicted, int cached, bool cancelled,
                            const QString& error) {
  if (id != m_running) {
    // A job that only read the cache: the queue order may depend on what it found.
    if (id == m_requestA || id == m_requestB) {
      if (!error.isEmpty()) m_status->setText(error);
      rebuildQueue();
    }
    return;
  }
  m_running = 0;
  m_photosPredicted += predicted;
  m_progress->setVisible(false);
  m_predict->setEnabled(true);
  m_compare->predictButton()->setEnabled(true);
  m_cancel->setEnabled(false);
  if (!error.isEmpty())
    m_status->setText(tr("Prediction stopped: %1").arg(error));
  else if (cancelled)
    m_status->setText(tr("Prediction cancelled: %1 photos predicted, %2 from the cache.")
                          .arg(predicted)
                          .arg(cached));
  else
    m_status->setText(tr("%1 photos predicted, %2 from the cache.").arg(predicted).arg(cached));
  rebuildQueue();
  Q_EMIT predictionFinished(predicted, cached, cancelled, error);
}

}  // namespace sam3::ui
