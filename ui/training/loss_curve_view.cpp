#include "ui/training/loss_curve_view.h"
#include "ui/common/color_maps.h"

#include "ui/common/plot_updater.h"
#include "ui/export/view_export.h"

#include <QLocale>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QVariant>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace csae::ui {

namespace {

constexpr double kMaxSmoothing = 0.99;

QString formatLoss(double value)
{
    return std::isfinite(value) ? QLocale().toString(value, 'g', 5) : QStringLiteral("–");
}

} // namespace

LossCurveView::LossCurveView(QWidget* parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(200, 150);
    setProperty(kExportedPlotProperty, QVariant::fromValue<QObject*>(m_plot)); // exported alone
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->xAxis->setLabel(tr("Training step"));
    m_plot->yAxis->setLabel(tr("Loss"));
    m_plot->legend->setVisible(true);
    placeLegendAbove(m_plot); // never over the curves

    QColor light = palette::train();
    light.setAlpha(70);
    m_rawGraph = m_plot->addGraph();
    m_rawGraph->setName(tr("Training loss (raw)"));
    m_rawGraph->setPen(QPen(light, 1));

    m_smoothGraph = m_plot->addGraph();
    m_smoothGraph->setName(tr("Training loss (smoothed)"));
    m_smoothGraph->setPen(QPen(palette::train(), 2));

    m_testGraph = m_plot->addGraph();
    m_testGraph->setName(tr("Test loss"));
    m_testGraph->setPen(QPen(palette::test(), 1.5));
    m_testGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, palette::test(), Qt::white, 6));

    m_updater = new PlotUpdater(m_plot);

    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setRange(0, int(std::lround(kMaxSmoothing * 100)));
    m_smoothingSlider->setValue(int(std::lround(m_smoothing * 100)));
    m_smoothingSlider->setToolTip(tr("Exponential smoothing of the training loss; the raw curve stays visible"));
    m_smoothingLabel = new QLabel(this);
    m_smoothingLabel->setMinimumWidth(
        m_smoothingLabel->fontMetrics().horizontalAdvance(tr("Smoothing: %L1").arg(0.99, 0, 'f', 2)));
    updateSmoothingLabel();
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });

    m_logCheck = new QCheckBox(tr("Log scale"), this);
    connect(m_logCheck, &QCheckBox::toggled, this, &LossCurveView::setLogScale);

    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Fit all data and follow new points (also: double-click the plot)"));
    connect(reset, &QPushButton::clicked, this, &LossCurveView::resetView);

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setText(tr("Move the mouse over the plot to read values"));
    // A long readout must not widen the view (and squeeze the docks beside it): it is cut at the
    // view's edge instead, and the whole text is in its tooltip.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_readout->setMinimumWidth(0);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_smoothingLabel);
    controls->addWidget(m_smoothingSlider, 1);
    controls->addWidget(m_logCheck);
    controls->addWidget(reset);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);

    connect(m_plot, &QCustomPlot::mouseMove, this, &LossCurveView::showReadoutAt);
    connect(m_plot, &QCustomPlot::beforeReplot, this, &LossCurveView::thinEpochLabels);
}

LossCurveView::~LossCurveView() = default;

void LossCurveView::addTrainLoss(qint64 step, double loss)
{
    m_rawGraph->addData(double(step), loss);
    appendSmoothed(step, loss);
    m_updater->markDirty();
}

void LossCurveView::addTestLoss(qint64 step, double loss)
{
    m_testGraph->addData(double(step), loss);
    m_updater->markDirty();
}

void LossCurveView::addEpochMarker(qint64 step, int epoch)
{
    // x in plot coordinates, y as a fraction of the axis rect: the line spans the plot at any
    // zoom and stays valid on a log axis (where y = 0 has no pixel).
    auto* line = new QCPItemStraightLine(m_plot);
    line->setPen(QPen(palette::guide(), 1, Qt::DashLine));
    for (QCPItemPosition* point : {line->point1, line->point2}) {
        point->setTypeX(QCPItemPosition::ptPlotCoords);
        point->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    line->point1->setCoords(double(step), 0.0);
    line->point2->setCoords(double(step), 1.0);

    auto* label = new QCPItemText(m_plot);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(double(step), 0.0);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setPadding(QMargins(3, 2, 3, 2));
    label->setColor(palette::guideText());
    label->setText(tr("epoch %1").arg(epoch));
    m_epochLabels.append(label);

    ++m_epochMarkers;
    m_updater->markDirty();
}

void LossCurveView::clear()
{
    m_rawGraph->data()->clear();
    m_smoothGraph->data()->clear();
    m_testGraph->data()->clear();
    m_ema = 0.0;
    m_emaCount = 0;
    // Epoch markers and the hover tracer; the tracer is made again on the next hover (an
    // existing tracer on an empty graph would complain on every replot).
    m_plot->clearItems();
    m_tracer = nullptr;
    m_epochMarkers = 0;
    m_epochLabels.clear();
    m_readout->setText(tr("Move the mouse over the plot to read values"));
    m_updater->resetView();
}

void LossCurveView::addComparison(const QString& name, const QVector<QPair<qint64, double>>& trainLoss,
                                  const QVector<QPair<qint64, double>>& testLoss)
{
    // Series colours after the current run's train and test colours (0 and 1).
    const QColor colour = palette::series(2 + int(m_comparisons.size()));
    Comparison comparison;
    comparison.trainLoss = trainLoss;
    comparison.smoothed = m_plot->addGraph();
    comparison.smoothed->setName(tr("%1: training loss (smoothed)").arg(name));
    comparison.smoothed->setPen(QPen(colour, 1.5));
    comparison.test = m_plot->addGraph();
    comparison.test->setName(tr("%1: test loss").arg(name));
    comparison.test->setPen(QPen(colour, 1, Qt::DashLine));
    comparison.test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, colour, Qt::white, 6));
    QVector<QCPGraphData> test;
    for (const auto& [step, loss] : testLoss)
        test.append(QCPGraphData(double(step), loss));
    comparison.test->data()->set(test);
    smoothComparison(comparison);
    m_comparisons.append(comparison);
    m_updater->resetView(); // fit both runs
}

void LossCurveView::clearComparisons()
{
    for (const Comparison& comparison : std::as_const(m_comparisons)) {
        m_plot->removeGraph(comparison.smoothed);
        m_plot->removeGraph(comparison.test);
    }
    m_comparisons.clear();
    m_updater->resetView();
}

void LossCurveView::smoothComparison(Comparison& comparison) const
{
    // The same debiased EMA as the current run's curve, so the two compare like for like.
    double ema = 0.0;
    int count = 0;
    QVector<QCPGraphData> smoothed;
    smoothed.reserve(comparison.trainLoss.size());
    for (const auto& [step, loss] : std::as_const(comparison.trainLoss)) {
        if (!std::isfinite(loss))
            continue;
        ema = ema * m_smoothing + (1.0 - m_smoothing) * loss;
        ++count;
        smoothed.append(QCPGraphData(double(step), ema / (1.0 - std::pow(m_smoothing, count))));
    }
    comparison.smoothed->data()->set(smoothed, true);
}

void LossCurveView::setSmoothing(double factor)
{
    factor = std::isfinite(factor) ? std::clamp(factor, 0.0, kMaxSmoothing) : 0.0;
    const int sliderValue = int(std::lround(factor * 100));
    if (m_smoothingSlider->value() != sliderValue) {
        // The slider's signal comes back here with the rounded value; set it first, quietly.
        QSignalBlocker blocker(m_smoothingSlider);
        m_smoothingSlider->setValue(sliderValue);
    }
    if (factor == m_smoothing) {
        return;
    }
    m_smoothing = factor;
    updateSmoothingLabel();
    rebuildSmoothed();
    for (Comparison& comparison : m_comparisons)
        smoothComparison(comparison);
    m_updater->markDirty();
}

double LossCurveView::smoothing() const
{
    return m_smoothing;
}

void LossCurveView::setLogScale(bool log)
{
    if (m_logCheck->isChecked() != log) {
        QSignalBlocker blocker(m_logCheck);
        m_logCheck->setChecked(log);
    }
    if (log == logScale()) {
        return;
    }
    if (log) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    // The old range means little on the other scale: fit the data again.
    m_updater->resetView();
}

bool LossCurveView::logScale() const
{
    return m_plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
}

void LossCurveView::resetView()
{
    m_updater->resetView();
}

int LossCurveView::trainPointCount() const
{
    return int(m_rawGraph->dataCount());
}

int LossCurveView::smoothedPointCount() const
{
    return int(m_smoothGraph->dataCount());
}

int LossCurveView::testPointCount() const
{
    return int(m_testGraph->dataCount());
}

QString LossCurveView::readoutText() const
{
    return m_readout->text();
}

void LossCurveView::appendSmoothed(qint64 step, double loss)
{
    // TensorBoard's debiased EMA: without the correction the curve would start near zero.
    if (std::isfinite(loss)) {
        m_ema = m_ema * m_smoothing + (1.0 - m_smoothing) * loss;
        ++m_emaCount;
    }
    const double value =
        m_emaCount > 0 ? m_ema / (1.0 - std::pow(m_smoothing, m_emaCount)) : std::numeric_limits<double>::quiet_NaN();
    // One smoothed point per raw point, even for NaN losses, so counts and keys match.
    m_smoothGraph->addData(double(step), value);
}

void LossCurveView::rebuildSmoothed()
{
    m_ema = 0.0;
    m_emaCount = 0;
    m_smoothGraph->data()->clear();
    const auto raw = m_rawGraph->data();
    QVector<QCPGraphData> smoothed;
    smoothed.reserve(raw->size());
    for (auto it = raw->constBegin(); it != raw->constEnd(); ++it) {
        if (std::isfinite(it->value)) {
            m_ema = m_ema * m_smoothing + (1.0 - m_smoothing) * it->value;
            ++m_emaCount;
        }
        const double value = m_emaCount > 0 ? m_ema / (1.0 - std::pow(m_smoothing, m_emaCount))
                                            : std::numeric_limits<double>::quiet_NaN();
        smoothed.append(QCPGraphData(it->key, value));
    }
    m_smoothGraph->data()->add(smoothed, true);
}

void LossCurveView::thinEpochLabels()
{
    // Left to right, a label is drawn only when it starts right of the last one drawn, so twenty
    // epochs in a narrow plot show every few labels instead of a smear (the lines all stay).
    double freeFrom = -std::numeric_limits<double>::infinity();
    for (QCPItemText* label : std::as_const(m_epochLabels)) {
        const double left = m_plot->xAxis->coordToPixel(label->position->coords().x());
        const double width = QFontMetricsF(label->font()).horizontalAdvance(label->text()) + 10.0;
        const bool fits = left >= freeFrom;
        label->setVisible(fits);
        if (fits)
            freeFrom = left + width;
    }
}

int LossCurveView::visibleEpochLabelCount() const
{
    return int(std::count_if(m_epochLabels.cbegin(), m_epochLabels.cend(),
                             [](const QCPItemText* label) { return label->visible(); }));
}

void LossCurveView::updateSmoothingLabel()
{
    m_smoothingLabel->setText(tr("Smoothing: %L1").arg(m_smoothing, 0, 'f', 2));
}

void LossCurveView::showReadoutAt(QMouseEvent* event)
{
    const double key = m_plot->xAxis->pixelToCoord(event->position().x());
    const int train = nearestPointIndex(m_rawGraph, key);
    const int test = nearestPointIndex(m_testGraph, key);
    if (train < 0 && test < 0) {
        return;
    }
    QStringList parts;
    if (train >= 0) {
        const auto point = m_rawGraph->data()->at(train);
        const int s = nearestPointIndex(m_smoothGraph, point->key);
        const double smoothed = s >= 0 ? m_smoothGraph->data()->at(s)->value : qQNaN();
        parts << tr("step %1: training loss %2 (smoothed %3)")
                     .arg(qint64(point->key))
                     .arg(formatLoss(point->value), formatLoss(smoothed));
        if (m_tracer == nullptr) {
            m_tracer = new QCPItemTracer(m_plot);
            m_tracer->setGraph(m_rawGraph);
            m_tracer->setStyle(QCPItemTracer::tsCircle);
            m_tracer->setSize(8);
            m_tracer->setPen(QPen(palette::train().darker(), 1.5));
        }
        m_tracer->setGraphKey(point->key);
    }
    if (test >= 0) {
        const auto point = m_testGraph->data()->at(test);
        parts << tr("nearest test loss %1 at step %2").arg(formatLoss(point->value)).arg(qint64(point->key));
    }
    m_readout->setText(parts.join(QStringLiteral("   ·   ")));
    m_readout->setToolTip(m_readout->text());
    m_updater->markDirty();
}

} // namespace csae::ui
