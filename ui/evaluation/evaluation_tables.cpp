// EvaluationView: the tables, curves and confusion matrix filled from the evaluations.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QTableWidget>

#include "core/eval/pr_curve.h"
#include "ui/evaluation/evaluation_view.h"
#include "ui/training/qcp.h"

namespace sam3::ui {
namespace {

QString number(double v) {
  return v < 0 ? QStringLiteral("–") : QString::number(v, 'f', 3);
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(align | Qt::AlignVCenter);
  return item;
}

// Translated names of the 12 COCO stats, in pycocotools' order.
QStringList statNames() {
  const QString ap = EvaluationView::tr("AP"), ar = EvaluationView::tr("AR");
  const QString all = EvaluationView::tr("all sizes"), s = EvaluationView::tr("small"),
                m = EvaluationView::tr("medium"), l = EvaluationView::tr("large");
  const QString iou = QStringLiteral("IoU .50:.95");
  return {QStringLiteral("%1 %2, %3").arg(ap, iou, all),
          QStringLiteral("%1 IoU .50, %2").arg(ap, all),
          QStringLiteral("%1 IoU .75, %2").arg(ap, all),
          QStringLiteral("%1 %2, %3").arg(ap, iou, s),
          QStringLiteral("%1 %2, %3").arg(ap, iou, m),
          QStringLiteral("%1 %2, %3").arg(ap, iou, l),
          EvaluationView::tr("%1 %2, 1 detection per photo").arg(ar, iou),
          EvaluationView::tr("%1 %2, 10 detections per photo").arg(ar, iou),
          EvaluationView::tr("%1 %2, 100 detections per photo").arg(ar, iou),
          QStringLiteral("%1 %2, %3").arg(ar, iou, s),
          QStringLiteral("%1 %2, %3").arg(ar, iou, m),
          QStringLiteral("%1 %2, %3").arg(ar, iou, l)};
}

const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                          QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                          QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};

void addCurve(QCustomPlot* plot, const std::vector<sam3::eval::PrPoint>& curve, const QString& name,
              const QColor& color, Qt::PenStyle style, double width) {
  if (curve.empty()) return;
  QVector<double> x, y;
  for (const auto& p : curve) {
    x << p.recall;
    y << p.precision;
  }
  QCPGraph* g = plot->addGraph();
  g->setData(x, y, true);
  g->setName(name);
  QPen pen(color, width);
  pen.setStyle(style);
  g->setPen(pen);
  g->setLineStyle(QCPGraph::lsStepLeft);
}

}  // namespace

void EvaluationView::fillStats() {
  QVector<std::pair<QString, const sam3::eval::CocoEvalResult*>> columns;
  for (const auto& e : {m_a, m_b}) {
    if (!e) continue;
    columns.push_back({tr("%1 — boxes").arg(e->label), &e->bbox});
    columns.push_back({tr("%1 — masks").arg(e->label), e->segm ? &*e->segm : nullptr});
  }
  const QStringList names = statNames();
  m_stats->clear();
  m_stats->setRowCount(int(names.size()));
  m_stats->setColumnCount(int(columns.size()));
  m_stats->setVerticalHeaderLabels(names);
  QStringList headers;
  for (int c = 0; c < columns.size(); ++c) {
    headers << columns[c].first;
    for (int r = 0; r < names.size(); ++r)
      m_stats->setItem(
          r, c,
          cell(columns[c].second ? number(columns[c].second->stats[size_t(r)]) : tr("no masks")));
  }
  m_stats->setHorizontalHeaderLabels(headers);
}

void EvaluationView::fillClasses() {
  m_classes->clear();
  if (!m_a) {
    m_classes->setRowCount(0);
    m_classes->setColumnCount(0);
    return;
  }
  QStringList headers{tr("Class")};
  QVector<std::vector<sam3::eval::CategoryAp>> columns;
  for (const auto& e : {m_a, m_b}) {
    if (!e) continue;
    columns.push_back(sam3::eval::per_category_ap(e->bbox));
    headers << tr("%1 — AP boxes").arg(e->label) << tr("%1 — AP50 boxes").arg(e->label);
    if (e->segm) {
      columns.push_back(sam3::eval::per_category_ap(*e->segm));
      headers << tr("%1 — AP masks").arg(e->label) << tr("%1 — AP50 masks").arg(e->label);
    }
  }
  const auto& names = m_a->bbox.category_names;
  m_classes->setRowCount(int(names.size()));
  m_classes->setColumnCount(int(headers.size()));
  m_classes->setHorizontalHeaderLabels(headers);
  for (int r = 0; r < int(names.size()); ++r) {
    m_classes->setItem(r, 0, cell(QString::fromStdString(names[size_t(r)]), Qt::AlignLeft));
    int c = 1;
    for (const auto& col : columns) {
      const bool has = size_t(r) < col.size();
      m_classes->setItem(r, c++, cell(has ? number(col[size_t(r)].ap) : QString()));
      m_classes->setItem(r, c++, cell(has ? number(col[size_t(r)].ap50) : QString()));
    }
  }
}

void EvaluationView::fillCurves() {
  m_pr->clearGraphs();
  const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine};
  int model = 0;
  for (const auto& e : {m_a, m_b}) {
    if (!e) continue;
    addCurve(m_pr, sam3::eval::pr_curve(e->bbox, 0.5),
             tr("%1: all classes (AP50 %2)")
                 .arg(e->label, number(sam3::eval::curve_ap(sam3::eval::pr_curve(e->bbox, 0.5)))),
             Qt::black, styles[model], 2.5);
    for (std::size_t k = 0; k < e->bbox.K(); ++k)
      addCurve(m_pr, sam3::eval::pr_curve(e->bbox, 0.5, k),
               tr("%1: %2").arg(e->label, QString::fromStdString(e->bbox.category_names[k])),
               kColors[k % std::size(kColors)], styles[model], 1.5);
    ++model;
  }
  m_pr->replot();
}

void EvaluationView::fillImageLevel() {
  m_confusion->setHorizontalHeaderLabels({tr("Model finds the class"), tr("Model finds nothing")});
  m_confusion->setVerticalHeaderLabels({tr("Photo has the class"), tr("Photo does not have it")});
  m_recommended = -1;
  const int k = m_imageClass->currentIndex();
  if (!m_a || k < 0 || k >= m_a->imageLevel.size()) {
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) m_confusion->setItem(r, c, cell(QString(), Qt::AlignCenter));
    m_imageMetrics->setText(tr("Evaluate a model to see which photos it flags."));
    m_recommend->clear();
    m_useRecommended->setEnabled(false);
    return;
  }
  const auto& ev = *m_a->imageLevel[k];
  const auto m = ev.at(m_threshold->value());
  const QString cells[2][2] = {
      {tr("%1 found").arg(m.tp), tr("%1 missed").arg(m.fn)},
      {tr("%1 false alarms").arg(m.fp), tr("%1 correctly empty").arg(m.tn)}};
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) {
      QTableWidgetItem* item = cell(cells[r][c], Qt::AlignCenter);
      if (r != c) item->setForeground(QColor(0xb0, 0x00, 0x20));
      m_confusion->setItem(r, c, item);
    }
  m_imageMetrics->setText(
      tr("Photos: recall %1, precision %2, specificity %3, F1 %4. Objects (IoU 0.5): recall %5, "
         "precision %6.")
          .arg(number(m.recall), number(m.precision), number(m.specificity), number(m.f1),
               number(m.instance_recall), number(m.instance_precision)));
  const auto point =
      ev.recommend(sam3::eval::ImageLevelEvaluator::default_thresholds(), m_targetRecall->value());
  m_recommended = point.threshold;
  m_recommend->setText(
      point.meets_target
          ? tr("Recommended threshold %1: the highest that still finds the class on %2 of the "
               "photos that have it (target %3); %4 false alarms there.")
                .arg(QString::number(point.threshold, 'f', 2), number(point.metrics.recall),
                     number(point.target_recall))
                .arg(point.metrics.fp)
          : tr("No threshold reaches photo recall %1; the best balance (F1 %2) is at %3.")
                .arg(number(point.target_recall), number(point.metrics.f1),
                     QString::number(point.threshold, 'f', 2)));
  m_useRecommended->setEnabled(true);
}

void EvaluationView::useRecommended() {
  if (m_recommended >= 0) m_threshold->setValue(m_recommended);
}

}  // namespace sam3::ui
