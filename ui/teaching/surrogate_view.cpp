#include "ui/teaching/surrogate_view.h"

#include "ui/common/color_maps.h"
#include "ui/export/gif_writer.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace csae::ui {
namespace {

QSlider* slider(int minimum, int maximum, QWidget* parent)
{
    auto* s = new QSlider(Qt::Horizontal, parent);
    s->setRange(minimum, maximum);
    return s;
}

// The slope slider is logarithmic: 0.1 to 100 over 0-300.
double slopeOf(int position)
{
    return std::pow(10.0, position / 100.0 - 1.0);
}

int positionOf(double slope)
{
    return int(std::lround((std::log10(slope) + 1.0) * 100.0));
}

} // namespace

SurrogateView::SurrogateView(QWidget* parent) : TeachingView(parent)
{
    m_slope = slider(0, 300, this);
    m_weight = slider(0, 200, this); // hundredths
    m_target = slider(0, 50, this);
    m_rate = slider(1, 100, this); // thousandths
    m_slopeLabel = new QLabel(this);
    m_weightLabel = new QLabel(this);
    m_targetLabel = new QLabel(this);
    m_rateLabel = new QLabel(this);
    for (QSlider* s : {m_slope, m_weight, m_target, m_rate})
        connect(s, &QSlider::valueChanged, this, [this] { recompute(); });
    const auto row = [this](QSlider* s, QLabel* label) {
        auto* layout = new QHBoxLayout;
        layout->addWidget(s, 1);
        layout->addWidget(label);
        label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("000.00")));
        return layout;
    };
    auto* shape = new QGroupBox(tr("Surrogate"), this);
    auto* shapeForm = new QFormLayout(shape);
    shapeForm->addRow(tr("Slope"), row(m_slope, m_slopeLabel));
    auto* training = new QGroupBox(tr("One neuron learns its spike count"), this);
    auto* trainingForm = new QFormLayout(training);
    trainingForm->addRow(tr("Initial weight"), row(m_weight, m_weightLabel));
    trainingForm->addRow(tr("Target spikes (of T = 50)"), row(m_target, m_targetLabel));
    trainingForm->addRow(tr("Learning rate"), row(m_rate, m_rateLabel));
    auto* explanation = new QLabel(tr("Forward, a spike is the Heaviside step H(U − θ), whose derivative is zero "
                                      "everywhere but at the threshold. Backward, each surrogate puts its own "
                                      "derivative in its place: the gradient the weights see."),
                                   this);
    explanation->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    auto* controls = new QVBoxLayout;
    controls->addWidget(shape);
    controls->addWidget(training);
    controls->addWidget(explanation);
    controls->addWidget(m_message);
    controls->addStretch(1);

    m_curves = new QCustomPlot(this);
    m_curves->xAxis->setLabel(tr("U − θ"));
    m_curves->yAxis->setLabel(tr("dS/dU in backward (solid), the step it integrates to (dashed)"));
    m_loss = new QCustomPlot(this);
    m_loss->xAxis->setLabel(tr("iteration"));
    m_loss->yAxis->setLabel(tr("loss ((count − target) / T)²"));
    for (QCustomPlot* plot : {m_curves, m_loss}) {
        plot->setMinimumHeight(180);
        plot->legend->setVisible(true);
        plot->legend->setFont(plot->font());
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    }
    auto* plots = new QVBoxLayout;
    plots->addWidget(m_curves, 3);
    plots->addWidget(m_loss, 2);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(controls, 1);
    layout->addLayout(plots, 3);
    syncControls();
}

void SurrogateView::setComputer(Computer computer)
{
    m_computer = std::move(computer);
    recompute();
}

void SurrogateView::setRequest(const SurrogateRequest& request)
{
    m_request = request;
    syncControls();
    recompute();
    train();
}

void SurrogateView::syncControls()
{
    m_syncing = true;
    m_slope->setValue(positionOf(m_request.slope));
    m_weight->setValue(int(std::lround(m_request.initialWeight * 100)));
    m_target->setValue(m_request.target);
    m_rate->setValue(int(std::lround(m_request.learningRate * 1000)));
    m_syncing = false;
}

void SurrogateView::readControls()
{
    m_request.slope = slopeOf(m_slope->value());
    m_request.initialWeight = m_weight->value() / 100.0;
    m_request.target = m_target->value();
    m_request.learningRate = m_rate->value() / 1000.0;
}

void SurrogateView::recompute()
{
    if (m_syncing)
        return;
    readControls();
    if (!m_computer)
        return;
    // The curves now; the four trainings at the next turn of the event loop, once for a burst
    // of slider moves, so that dragging stays within a frame.
    SurrogateRequest curves = m_request;
    curves.withTraining = false;
    m_snapshot = m_computer(curves);
    m_snapshot.loss = m_trained.loss;
    m_snapshot.count = m_trained.count;
    redraw();
    if (!m_trainingPending) {
        m_trainingPending = true;
        // setRequest() may have trained already: then nothing is pending and nothing runs twice.
        QTimer::singleShot(0, this, [this] {
            if (m_trainingPending)
                train();
        });
    }
}

void SurrogateView::train()
{
    m_trainingPending = false;
    if (!m_computer)
        return;
    m_trained = m_computer(m_request);
    m_snapshot = m_trained;
    redraw();
}

void SurrogateView::redraw()
{
    const QLocale locale;
    m_slopeLabel->setText(locale.toString(m_request.slope, 'g', 3));
    m_weightLabel->setText(locale.toString(m_request.initialWeight, 'f', 2));
    m_targetLabel->setText(QString::number(m_request.target));
    m_rateLabel->setText(locale.toString(m_request.learningRate, 'f', 3));
    m_curves->clearGraphs();
    m_loss->clearGraphs();
    m_message->setText(
        m_snapshot.error.isEmpty()
            ? QString()
            : QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(m_snapshot.error.toHtmlEscaped()));
    if (m_snapshot.error.isEmpty() && !m_snapshot.x.isEmpty()) {
        QCPGraph* step = m_curves->addGraph();
        step->setData(m_snapshot.x, m_snapshot.heaviside);
        step->setPen(QPen(Qt::black, 2));
        step->setName(tr("Heaviside H (forward)"));
        double highest = 1.0;
        for (int k = 0; k < m_snapshot.names.size(); ++k) {
            const QColor colour = palette::series(k + 1);
            QCPGraph* derivative = m_curves->addGraph();
            derivative->setData(m_snapshot.x, m_snapshot.derivative[k]);
            derivative->setPen(QPen(colour, 2));
            derivative->setName(m_snapshot.names[k]);
            QCPGraph* smooth = m_curves->addGraph();
            smooth->setData(m_snapshot.x, m_snapshot.smooth[k]);
            smooth->setPen(QPen(colour, 1.2, Qt::DashLine));
            smooth->removeFromLegend();
            for (const double v : m_snapshot.derivative[k])
                highest = std::max(highest, v);
            if (k >= m_snapshot.loss.size() || k >= m_snapshot.count.size())
                continue; // the training has not run yet
            QVector<double> iterations;
            for (int i = 0; i < m_snapshot.loss[k].size(); ++i)
                iterations << i;
            QCPGraph* loss = m_loss->addGraph();
            loss->setData(iterations, m_snapshot.loss[k]);
            loss->setPen(QPen(colour, 2));
            loss->setName(tr("%1: %2 spikes at the end")
                              .arg(m_snapshot.names[k])
                              .arg(m_snapshot.count[k].isEmpty() ? 0 : m_snapshot.count[k].last()));
        }
        m_curves->xAxis->setRange(m_snapshot.x.front(), m_snapshot.x.back());
        // Tall derivatives (a steep fast sigmoid peaks at 1, arctan at slope / 2) are clipped to keep the step
        // readable.
        m_curves->yAxis->setRange(-0.05, std::min(highest, 3.0) * 1.1);
        m_loss->rescaleAxes();
        m_loss->yAxis->setRangeLower(0);
    }
    m_curves->replot();
    m_loss->replot();
    Q_EMIT redrawn();
}

void SurrogateView::setFontScale(double scale)
{
    scaleFonts(scale, {m_curves, m_loss});
}

bool SurrogateView::exportAnimation(const QString& fileName, QString* error)
{
    if (!m_computer) {
        if (error)
            *error = tr("%1: nothing to animate: %2").arg(fileName, m_snapshot.error);
        return false;
    }
    const SurrogateRequest kept = m_request;
    const QSize size(800, 420);
    GifWriter writer;
    if (!writer.open(fileName, size, 120, error))
        return false;
    bool ok = true;
    for (int frame = 0; frame <= 20 && ok; ++frame) {
        m_request.slope = std::pow(50.0, frame / 20.0); // 1 to 50
        SurrogateRequest curves = m_request;
        curves.withTraining = false;
        m_snapshot = m_computer(curves);
        redraw();
        ok = writer.addFrame(m_curves->toPixmap(size.width(), size.height()).toImage(), error);
    }
    setRequest(kept);
    return ok && writer.finish(error);
}

} // namespace csae::ui
