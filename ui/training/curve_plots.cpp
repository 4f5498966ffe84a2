#include "ui/training/curve_plots.h"

#include "ui/training/qcp.h"

#include <QCheckBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTabWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace sam3::ui {

namespace {

QColor colorAt(int i) {
  static const QColor palette[] = {
      QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
      QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
      QColor(188, 189, 34),  QColor(23, 190, 207)};
  return palette[i % 10];
}

// Exponential moving average with the TensorBoard convention (weight = smoothing / 100).
QVector<double> smooth(const QVector<double>& y, int percent) {
  if (percent <= 0 || y.isEmpty()) return y;
  const double w = percent / 100.0;
  QVector<double> out(y.size());
  double last = y.front();
  for (int i = 0; i < y.size(); ++i) out[i] = last = last * w + y[i] * (1 - w);
  return out;
}

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QColor& color,
                   const QVector<double>& x, const QVector<double>& y, double width = 1.6) {
  QCPGraph* g = plot->addGraph();
  g->setName(name);
  g->setPen(QPen(color, width));
  g->setData(x, y, true);
  return g;
}

// Validation stats shown: index into the 12 COCO stats and a label.
struct ValStat {
  int index;
  const char* label;
};
constexpr ValStat kValStats[] = {{0, "mAP"}, {1, "AP50"}, {8, "recall (AR@100)"}};

}  // namespace

CurvePlots::CurvePlots(Mode mode, QWidget* parent)
    : QWidget(parent),
      m_mode(mode),
      m_tabs(new QTabWidget(this)),
      m_smooth(new QSlider(Qt::Horizontal, this)),
      m_smoothLabel(new QLabel(this)),
      m_aux(new QCheckBox(this)),
      m_hover(new QLabel(this)),
      m_fit(new QPushButton(this)),
      m_png(new QPushButton(this)),
      m_csv(new QPushButton(this)) {
  m_loss = makePlot(QStringLiteral("loss"), true);
  m_lr = makePlot(QStringLiteral("learning rate"), false);
  m_val = makePlot(QStringLiteral("metric"), false);
  m_tabs->addTab(m_loss, QString());
  m_tabs->addTab(m_lr, QString());
  m_tabs->addTab(m_val, QString());
  m_smooth->setObjectName(QStringLiteral("smoothing"));
  m_smooth->setRange(0, 99);
  m_smooth->setValue(mode == Mode::Live ? 60 : 80);
  m_smooth->setMaximumWidth(140);
  m_aux->setObjectName(QStringLiteral("auxTerms"));
  m_aux->setVisible(mode == Mode::Live);
  m_hover->setObjectName(QStringLiteral("hoverValues"));
  m_hover->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_hover->setMinimumHeight(m_hover->fontMetrics().height() * 2);
  m_hover->setWordWrap(true);
  connect(m_smooth, &QSlider::valueChanged, this, [this] { redraw(); });
  connect(m_aux, &QCheckBox::toggled, this, [this] { redraw(); });
  connect(m_fit, &QPushButton::clicked, this, [this] { redraw(); });
  connect(m_png, &QPushButton::clicked, this, &CurvePlots::chooseExportPng);
  connect(m_csv, &QPushButton::clicked, this, &CurvePlots::chooseExportCsv);

  auto* controls = new QHBoxLayout;
  controls->addWidget(m_smoothLabel);
  controls->addWidget(m_smooth);
  controls->addWidget(m_aux);
  controls->addStretch(1);
  controls->addWidget(m_fit);
  controls->addWidget(m_png);
  controls->addWidget(m_csv);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_tabs, 1);
  layout->addWidget(m_hover);
  layout->addLayout(controls);
  retranslate();
  redraw();
}

QCustomPlot* CurvePlots::makePlot(const QString& yLabel, bool logY) {
  auto* plot = new QCustomPlot(this);
  plot->setObjectName(yLabel);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->setMinimumSize(320, 200);
  plot->xAxis->setLabel(tr("step"));
  plot->yAxis->setLabel(yLabel);
  if (logY) {
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  }
  plot->legend->setVisible(true);
  plot->legend->setFont(QFont(font().family(), font().pointSize() - 1));
  plot->legend->setBrush(QColor(255, 255, 255, 210));
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  connect(plot, &QCustomPlot::mouseMove, this,
          [this, plot](QMouseEvent* e) { m_hover->setText(hoverAt(plot, e->position())); });
  return plot;
}

void CurvePlots::retranslate() {
  m_tabs->setTabText(0, tr("Loss"));
  m_tabs->setTabText(1, tr("Learning rate"));
  m_tabs->setTabText(2, tr("Validation"));
  m_smoothLabel->setText(tr("Smoothing %1").arg(m_smooth->value() / 100.0, 0, 'f', 2));
  m_aux->setText(tr("Auxiliary layers"));
  m_aux->setToolTip(tr("Also plot the loss terms of the decoder's auxiliary layers"));
  m_fit->setText(tr("Fit"));
  m_fit->setToolTip(tr("Show all points again after zooming or panning"));
  m_png->setText(tr("Export PNG…"));
  m_csv->setText(tr("Export CSV…"));
  if (m_hover->text().isEmpty() || !m_hover->property("hovered").toBool())
    m_hover->setText(tr("Hover over a curve for its values; drag to pan, wheel to zoom."));
}

void CurvePlots::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void CurvePlots::clear() {
  m_runs.clear();
  redraw();
}

void CurvePlots::appendSteps(const std::vector<train::StepPoint>& steps) {
  if (m_runs.empty()) m_runs.push_back({tr("this run"), {}});
  auto& curve = m_runs.front().curves.steps;
  for (const auto& s : steps) {
    // A resumed run restarts after its checkpoint: later points replace the ones they repeat.
    while (!curve.empty() && curve.back().step >= s.step) curve.pop_back();
    curve.push_back(s);
  }
  redraw();
}

void CurvePlots::appendValidation(const train::ValidationPoint& point) {
  if (m_runs.empty()) m_runs.push_back({tr("this run"), {}});
  m_runs.front().curves.validations.push_back(point);
  redraw();
}

void CurvePlots::setLive(const QString& name, const train::RunCurves& curves) {
  m_runs = {{name, curves}};
  redraw();
}

void CurvePlots::setRuns(const std::vector<Run>& runs) {
  m_runs = runs;
  redraw();
}

void CurvePlots::setSmoothing(int percent) {
  m_smooth->setValue(percent);
}

int CurvePlots::smoothing() const {
  return m_smooth->value();
}

std::size_t CurvePlots::stepCount() const {
  std::size_t n = 0;
  for (const auto& r : m_runs) n += r.curves.steps.size();
  return n;
}

std::size_t CurvePlots::validationCount() const {
  std::size_t n = 0;
  for (const auto& r : m_runs) n += r.curves.validations.size();
  return n;
}

void CurvePlots::redraw() {
  m_smoothLabel->setText(tr("Smoothing %1").arg(m_smooth->value() / 100.0, 0, 'f', 2));
  drawLoss();
  drawLr();
  drawValidation();
  for (QCustomPlot* p : {m_loss, m_lr, m_val}) {
    p->rescaleAxes();
    // One point (the first validation) gives an empty range: widen it around the point.
    const QCPRange x = p->xAxis->range();
    if (x.size() <= 0) p->xAxis->setRange(x.lower - 1, x.upper + 1);
    const QCPRange y = p->yAxis->range();
    if (y.size() <= 0) p->yAxis->setRange(y.lower * 0.9 - 1e-9, y.upper * 1.1 + 1e-9);
    p->legend->setVisible(p->graphCount() > 0);
  }
  m_val->yAxis->setRange(0, 1);  // COCO metrics
  for (QCustomPlot* p : {m_loss, m_lr, m_val}) p->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlots::drawLoss() {
  m_loss->clearGraphs();
  const int percent = m_smooth->value();
  for (std::size_t r = 0; r < m_runs.size(); ++r) {
    const auto& steps = m_runs[r].curves.steps;
    QVector<double> x, total;
    std::set<std::string> names;
    for (const auto& s : steps) {
      x << static_cast<double>(s.step);
      total << s.loss;
      for (const auto& t : s.terms) names.insert(t.first);
    }
    const QColor base = m_mode == Mode::Live ? QColor(20, 20, 20) : colorAt(static_cast<int>(r));
    const QString prefix = m_mode == Mode::Live ? QString() : m_runs[r].name + QStringLiteral(": ");
    if (percent > 0) {
      QColor faint = base;
      faint.setAlpha(60);
      addGraph(m_loss, prefix + tr("total (raw)"), faint, x, total, 1.0)->removeFromLegend();
    }
    addGraph(m_loss, prefix + tr("total"), base, x, smooth(total, percent), 2.2);
    if (m_mode != Mode::Live) continue;
    int c = 0;
    for (const auto& name : names) {
      if (!m_aux->isChecked() && name.find("_aux_") != std::string::npos) continue;
      QVector<double> y;
      for (const auto& s : steps) {
        const auto it = s.terms.find(name);
        y << (it == s.terms.end() ? qQNaN() : it->second);
      }
      addGraph(m_loss, QString::fromStdString(name), colorAt(c++), x, smooth(y, percent), 1.2);
    }
  }
}

void CurvePlots::drawLr() {
  m_lr->clearGraphs();
  int c = 0;
  for (const auto& run : m_runs) {
    std::set<std::string> families;
    for (const auto& s : run.curves.steps)
      for (const auto& l : s.lr) families.insert(l.first);
    for (const auto& family : families) {
      QVector<double> x, y;
      for (const auto& s : run.curves.steps) {
        const auto it = s.lr.find(family);
        if (it == s.lr.end()) continue;
        x << static_cast<double>(s.step);
        y << it->second;
      }
      const QString prefix = m_mode == Mode::Live ? QString() : run.name + QStringLiteral(": ");
      addGraph(m_lr, prefix + QString::fromStdString(family), colorAt(c++), x, y);
    }
  }
}

void CurvePlots::drawValidation() {
  m_val->clearGraphs();
  for (std::size_t r = 0; r < m_runs.size(); ++r) {
    const auto& vals = m_runs[r].curves.validations;
    QVector<double> x;
    for (const auto& v : vals) x << static_cast<double>(v.step);
    const bool hasSegm = !vals.empty() && vals.back().segm[0] >= 0;
    int c = m_mode == Mode::Live ? 0 : static_cast<int>(r);
    for (const auto& stat : kValStats) {
      if (m_mode == Mode::Overlay && stat.index != 1) continue;  // runs compare by AP50
      QVector<double> y;
      for (const auto& v : vals) y << v.bbox[static_cast<std::size_t>(stat.index)];
      const QString name =
          (m_mode == Mode::Live ? QString() : m_runs[r].name + QStringLiteral(": ")) +
          tr("box %1").arg(QString::fromLatin1(stat.label));
      QCPGraph* g = addGraph(m_val, name, colorAt(m_mode == Mode::Live ? c++ : c), x, y, 2.0);
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    }
    if (hasSegm && m_mode == Mode::Live) {
      QVector<double> y;
      for (const auto& v : vals) y << v.segm[0];
      addGraph(m_val, tr("mask mAP"), colorAt(c++), x, y, 2.0)
          ->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
    }
  }
}

QString CurvePlots::hoverAt(QCustomPlot* plot, const QPointF& pos) {
  const double step = plot->xAxis->pixelToCoord(pos.x());
  QStringList parts;
  double shownStep = qQNaN();
  for (int i = 0; i < plot->graphCount(); ++i) {
    QCPGraph* g = plot->graph(i);
    if (g->data()->isEmpty() || !g->visible()) continue;
    auto it = g->data()->findBegin(step, true);
    if (it == g->data()->constEnd()) continue;
    auto next = it + 1;
    if (next != g->data()->constEnd() && std::abs(next->key - step) < std::abs(it->key - step))
      it = next;
    if (std::isnan(it->value)) continue;
    if (std::isnan(shownStep)) shownStep = it->key;
    parts << QStringLiteral("%1 %2").arg(g->name()).arg(it->value, 0, 'g', 4);
  }
  m_hover->setProperty("hovered", true);
  if (parts.isEmpty()) return tr("No data here.");
  return tr("Step %1: %2").arg(shownStep, 0, 'f', 0).arg(parts.join(QStringLiteral(" · ")));
}

bool CurvePlots::exportPng(const QString& file, int width, int height) {
  auto* plot = static_cast<QCustomPlot*>(m_tabs->currentWidget());
  return plot->savePng(file, width, height);
}

bool CurvePlots::exportCsv(const QString& file) const {
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream s(&out);
  std::set<std::string> terms, lrs;
  for (const auto& r : m_runs)
    for (const auto& p : r.curves.steps) {
      for (const auto& t : p.terms) terms.insert(t.first);
      for (const auto& l : p.lr) lrs.insert(l.first);
    }
  s << "run,kind,step,epoch,loss";
  for (const auto& t : terms) s << ',' << QString::fromStdString(t);
  for (const auto& l : lrs) s << ",lr_" << QString::fromStdString(l);
  static const char* kStats[12] = {"AP",  "AP50", "AP75",  "APs", "APm", "APl",
                                   "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
  for (const char* prefix : {"bbox_", "segm_"})
    for (const char* st : kStats) s << ',' << prefix << st;
  s << '\n';
  const int columns = static_cast<int>(terms.size() + lrs.size());
  for (const auto& r : m_runs) {
    for (const auto& p : r.curves.steps) {
      s << r.name << ",step," << p.step << ',' << p.epoch << ',' << QString::number(p.loss, 'g', 8);
      for (const auto& t : terms) {
        const auto it = p.terms.find(t);
        s << ',' << (it == p.terms.end() ? QString() : QString::number(it->second, 'g', 8));
      }
      for (const auto& l : lrs) {
        const auto it = p.lr.find(l);
        s << ',' << (it == p.lr.end() ? QString() : QString::number(it->second, 'g', 8));
      }
      s << QString(24, QLatin1Char(',')) << '\n';
    }
    for (const auto& v : r.curves.validations) {
      s << r.name << ",validation," << v.step << ',' << v.epoch << ',';
      s << QString(columns, QLatin1Char(','));
      for (double x : v.bbox) s << ',' << QString::number(x, 'g', 8);
      for (double x : v.segm) s << ',' << QString::number(x, 'g', 8);
      s << '\n';
    }
  }
  s.flush();
  return out.error() == QFile::NoError;
}

void CurvePlots::chooseExportPng() {
  const QString file =
      QFileDialog::getSaveFileName(this, tr("Export plot"), QString(), tr("PNG images (*.png)"));
  if (!file.isEmpty() && !exportPng(file)) m_hover->setText(tr("Could not write %1.").arg(file));
}

void CurvePlots::chooseExportCsv() {
  const QString file =
      QFileDialog::getSaveFileName(this, tr("Export curves"), QString(), tr("CSV files (*.csv)"));
  if (!file.isEmpty() && !exportCsv(file)) m_hover->setText(tr("Could not write %1.").arg(file));
}

}  // namespace sam3::ui
