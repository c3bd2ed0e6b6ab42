#include "ui/teaching/lif_playground_view.h"

#include "ui/common/color_maps.h"
#include "ui/export/gif_writer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QSlider>
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

QVector<double> steps(int n)
{
    QVector<double> t(n);
    for (int i = 0; i < n; ++i)
        t[i] = i + 1;
    return t;
}

QColor neuronColour(int neuron)
{
    return neuron == 0 ? palette::train() : palette::series(3);
}

} // namespace

LifPlaygroundView::LifPlaygroundView(QWidget* parent) : TeachingView(parent)
{
    m_waveform = new QComboBox(this);
    m_waveform->addItem(tr("Constant"), int(LifWaveform::Constant));
    m_waveform->addItem(tr("Step"), int(LifWaveform::Step));
    m_waveform->addItem(tr("Ramp"), int(LifWaveform::Ramp));
    m_waveform->addItem(tr("Noise"), int(LifWaveform::Noise));
    m_waveform->addItem(tr("Spike train"), int(LifWaveform::SpikeTrain));
    m_waveform->addItem(tr("Drawn (drag on the input plot)"), int(LifWaveform::Drawn));
    m_amplitude = slider(0, 500, this); // hundredths
    m_amplitudeLabel = new QLabel(this);
    connect(m_waveform, &QComboBox::activated, this, [this] {
        if (LifWaveform(m_waveform->currentData().toInt()) == LifWaveform::Drawn &&
            m_request.drawn.size() != m_request.steps)
            m_request.drawn = m_snapshot.current.size() == m_request.steps ? m_snapshot.current
                                                                           : QVector<double>(m_request.steps, 0.0);
        recompute();
    });
    connect(m_amplitude, &QSlider::valueChanged, this, [this] { recompute(); });

    auto* input = new QGroupBox(tr("Input current"), this);
    auto* inputForm = new QFormLayout(input);
    inputForm->addRow(tr("Shape"), m_waveform);
    auto* amplitudeRow = new QHBoxLayout;
    amplitudeRow->addWidget(m_amplitude, 1);
    amplitudeRow->addWidget(m_amplitudeLabel);
    inputForm->addRow(tr("Level"), amplitudeRow);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);

    auto* controls = new QVBoxLayout;
    controls->addWidget(input);
    controls->addWidget(neuronBox(tr("Neuron A"), m_a));
    controls->addWidget(neuronBox(tr("Neuron B"), m_b));
    controls->addWidget(m_message);
    controls->addStretch(1);

    m_inputPlot = new QCustomPlot(this);
    m_inputPlot->xAxis->setLabel(tr("t (steps)"));
    m_inputPlot->yAxis->setLabel(tr("input current I"));
    connect(m_inputPlot, &QCustomPlot::mousePress, this, &LifPlaygroundView::drawOnInput);
    connect(m_inputPlot, &QCustomPlot::mouseMove, this, &LifPlaygroundView::drawOnInput);
    m_membranePlot = new QCustomPlot(this);
    m_membranePlot->xAxis->setLabel(tr("t (steps)"));
    m_membranePlot->yAxis->setLabel(tr("membrane potential U"));
    m_ratePlot = new QCustomPlot(this);
    m_ratePlot->xAxis->setLabel(tr("constant input current I"));
    m_ratePlot->yAxis->setLabel(tr("spikes per step"));
    for (QCustomPlot* plot : {m_inputPlot, m_membranePlot, m_ratePlot}) {
        plot->setMinimumHeight(140);
        plot->legend->setFont(plot->font());
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    }
    auto* plots = new QVBoxLayout;
    plots->addWidget(m_inputPlot, 2);
    plots->addWidget(m_membranePlot, 3);
    plots->addWidget(m_ratePlot, 3);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(controls, 1);
    layout->addLayout(plots, 3);

    m_request.b.beta = 0.6;
    m_request.b.resetToZero = true;
    syncControls();
}

LifPlaygroundView::~LifPlaygroundView() = default;

QWidget* LifPlaygroundView::neuronBox(const QString& title, NeuronControls& controls)
{
    auto* box = new QGroupBox(title, this);
    controls.beta = slider(1, 100, box);       // hundredths: 0.01-1
    controls.threshold = slider(10, 300, box); // hundredths: 0.1-3
    controls.betaLabel = new QLabel(box);
    controls.thresholdLabel = new QLabel(box);
    controls.reset = new QComboBox(box);
    controls.reset->addItem(tr("subtract the threshold"));
    controls.reset->addItem(tr("to zero"));
    controls.form = new QComboBox(box);
    controls.form->addItem(tr("the seed's: β U + (1 − β) I"));
    controls.form->addItem(tr("common: β U + I"));
    for (QSlider* s : {controls.beta, controls.threshold})
        connect(s, &QSlider::valueChanged, this, [this] { recompute(); });
    for (QComboBox* c : {controls.reset, controls.form})
        connect(c, &QComboBox::activated, this, [this] { recompute(); });
    auto* form = new QFormLayout(box);
    auto* betaRow = new QHBoxLayout;
    betaRow->addWidget(controls.beta, 1);
    betaRow->addWidget(controls.betaLabel);
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(controls.threshold, 1);
    thresholdRow->addWidget(controls.thresholdLabel);
    form->addRow(tr("β (decay)"), betaRow);
    form->addRow(tr("Threshold"), thresholdRow);
    form->addRow(tr("Reset"), controls.reset);
    form->addRow(tr("Form"), controls.form);
    return box;
}

void LifPlaygroundView::setComputer(Computer computer)
{
    m_computer = std::move(computer);
    recompute();
}

void LifPlaygroundView::setRequest(const LifRequest& request)
{
    m_request = request;
    syncControls();
    recompute();
}

QString LifPlaygroundView::messageText() const
{
    return m_message->text();
}

void LifPlaygroundView::syncControls()
{
    m_syncing = true;
    m_waveform->setCurrentIndex(m_waveform->findData(int(m_request.waveform)));
    m_amplitude->setValue(int(std::lround(m_request.amplitude * 100)));
    for (const auto& [controls, setting] : {std::pair{&m_a, &m_request.a}, std::pair{&m_b, &m_request.b}}) {
        controls->beta->setValue(int(std::lround(setting->beta * 100)));
        controls->threshold->setValue(int(std::lround(setting->threshold * 100)));
        controls->reset->setCurrentIndex(setting->resetToZero ? 1 : 0);
        controls->form->setCurrentIndex(setting->commonForm ? 1 : 0);
    }
    m_syncing = false;
}

void LifPlaygroundView::readControls()
{
    m_request.waveform = LifWaveform(m_waveform->currentData().toInt());
    m_request.amplitude = m_amplitude->value() / 100.0;
    for (const auto& [controls, setting] : {std::pair{&m_a, &m_request.a}, std::pair{&m_b, &m_request.b}}) {
        setting->beta = controls->beta->value() / 100.0;
        setting->threshold = controls->threshold->value() / 100.0;
        setting->resetToZero = controls->reset->currentIndex() == 1;
        setting->commonForm = controls->form->currentIndex() == 1;
    }
}

void LifPlaygroundView::recompute()
{
    if (m_syncing)
        return;
    readControls();
    if (!m_computer)
        return;
    m_snapshot = m_computer(m_request);
    redraw();
}

void LifPlaygroundView::drawOnInput(QMouseEvent* event)
{
    if (m_request.waveform != LifWaveform::Drawn || !(event->buttons() & Qt::LeftButton))
        return;
    if (m_request.drawn.size() != m_request.steps)
        m_request.drawn = QVector<double>(m_request.steps, 0.0);
    const int t = int(std::lround(m_inputPlot->xAxis->pixelToCoord(event->position().x()))) - 1;
    const double value = m_inputPlot->yAxis->pixelToCoord(event->position().y());
    // A stroke paints a few steps around the mouse, so a quick drag leaves no gaps.
    for (int i = t - 2; i <= t + 2; ++i)
        if (i >= 0 && i < m_request.steps)
            m_request.drawn[i] = std::clamp(value, -5.0, 10.0);
    if (m_computer) {
        m_snapshot = m_computer(m_request);
        redraw();
    }
}

void LifPlaygroundView::redraw(int upToStep)
{
    const QLocale locale;
    m_amplitudeLabel->setText(locale.toString(m_request.amplitude, 'f', 2));
    for (const auto& [controls, setting] : {std::pair{&m_a, &m_request.a}, std::pair{&m_b, &m_request.b}}) {
        controls->betaLabel->setText(locale.toString(setting->beta, 'f', 2));
        controls->thresholdLabel->setText(locale.toString(setting->threshold, 'f', 2));
    }
    for (QCustomPlot* plot : {m_inputPlot, m_membranePlot, m_ratePlot}) {
        plot->clearGraphs();
        plot->clearItems();
    }
    if (!m_snapshot.error.isEmpty()) {
        m_message->setText(
            QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(m_snapshot.error.toHtmlEscaped()));
        for (QCustomPlot* plot : {m_inputPlot, m_membranePlot, m_ratePlot})
            plot->replot();
        Q_EMIT redrawn();
        return;
    }
    const int n = int(m_snapshot.current.size());
    const int shown = upToStep < 0 ? n : std::clamp(upToStep, 0, n);
    const QVector<double> t = steps(n);
    QCPGraph* current = m_inputPlot->addGraph();
    current->setData(t, m_snapshot.current);
    current->setPen(QPen(palette::guide().darker(150), 2));
    current->setLineStyle(QCPGraph::lsStepCenter);
    m_inputPlot->rescaleAxes();
    m_inputPlot->xAxis->setRange(0.5, n + 0.5);
    m_inputPlot->yAxis->scaleRange(1.15);

    // Each neuron: its membrane, its threshold dashed, its spikes as marks on the threshold.
    double lowest = 0.0, highest = 0.0;
    const struct {
        const QVector<double>& membrane;
        const QVector<int>& spikes;
        const LifNeuronSetting& setting;
        QString name;
        double rate;
    } neurons[] = {{m_snapshot.membraneA, m_snapshot.spikesA, m_request.a, tr("A"), m_snapshot.rateA},
                   {m_snapshot.membraneB, m_snapshot.spikesB, m_request.b, tr("B"), m_snapshot.rateB}};
    for (int k = 0; k < 2; ++k) {
        const auto& neuron = neurons[k];
        const QColor colour = neuronColour(k);
        QCPGraph* membrane = m_membranePlot->addGraph();
        membrane->setData(t.mid(0, shown), neuron.membrane.mid(0, shown));
        membrane->setPen(QPen(colour, 1.6));
        membrane->setName(tr("U of %1 (%2 spikes per step)").arg(neuron.name, locale.toString(neuron.rate, 'f', 3)));
        QCPGraph* threshold = m_membranePlot->addGraph();
        threshold->setData({0.5, n + 0.5}, {neuron.setting.threshold, neuron.setting.threshold});
        threshold->setPen(QPen(colour, 1, Qt::DashLine));
        threshold->removeFromLegend();
        QVector<double> spikeT, spikeU;
        for (int i = 0; i < shown; ++i)
            if (neuron.spikes.value(i))
                spikeT << i + 1, spikeU << neuron.membrane[i];
        QCPGraph* spikes = m_membranePlot->addGraph();
        spikes->setData(spikeT, spikeU);
        spikes->setLineStyle(QCPGraph::lsNone);
        spikes->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, colour, colour, 7));
        spikes->removeFromLegend();
        for (const double u : neuron.membrane)
            lowest = std::min(lowest, u), highest = std::max(highest, u);
        highest = std::max(highest, neuron.setting.threshold);
    }
    m_membranePlot->legend->setVisible(true);
    m_membranePlot->xAxis->setRange(0.5, n + 0.5);
    m_membranePlot->yAxis->setRange(lowest - 0.1, highest * 1.35 + 0.1);

    const struct {
        const QVector<double>& simulated;
        const QVector<double>& closed;
        QString name;
    } curves[] = {{m_snapshot.fiA, m_snapshot.closedFormA, tr("A")}, {m_snapshot.fiB, m_snapshot.closedFormB, tr("B")}};
    for (int k = 0; k < 2; ++k) {
        const QColor colour = neuronColour(k);
        QCPGraph* simulated = m_ratePlot->addGraph();
        simulated->setData(m_snapshot.fiCurrents, curves[k].simulated);
        simulated->setPen(QPen(colour, 2));
        simulated->setName(tr("%1 simulated").arg(curves[k].name));
        // The closed form where it exists: gaps (NaN) where it does not.
        bool any = false;
        for (const double v : curves[k].closed)
            any = any || std::isfinite(v);
        if (any) {
            QCPGraph* closed = m_ratePlot->addGraph();
            closed->setData(m_snapshot.fiCurrents, curves[k].closed);
            closed->setPen(QPen(colour.darker(160), 1.5, Qt::DashLine));
            closed->setName(tr("%1 closed form").arg(curves[k].name));
        }
    }
    m_ratePlot->legend->setVisible(true);
    m_ratePlot->xAxis->setRange(0, m_request.maxCurrent);
    m_ratePlot->yAxis->setRange(0, 1.05);
    const bool noClosedForm =
        !std::isfinite(m_snapshot.closedFormA.value(1, NAN)) || !std::isfinite(m_snapshot.closedFormB.value(1, NAN));
    m_message->setText(noClosedForm ? tr("No closed form for subtraction with leak (β < 1): its rate is the rotation "
                                         "number of a circle map, drawn by simulation only.")
                                    : QString());
    for (QCustomPlot* plot : {m_inputPlot, m_membranePlot, m_ratePlot})
        plot->replot();
    Q_EMIT redrawn();
}

void LifPlaygroundView::setFontScale(double scale)
{
    scaleFonts(scale, {m_inputPlot, m_membranePlot, m_ratePlot});
}

bool LifPlaygroundView::exportAnimation(const QString& fileName, QString* error)
{
    if (!m_snapshot.error.isEmpty() || m_snapshot.current.isEmpty()) {
        if (error)
            *error = tr("%1: nothing to animate: %2").arg(fileName, m_snapshot.error);
        return false;
    }
    // The membrane plot drawn up to t, in 40 frames.
    const QSize size(800, 360);
    GifWriter writer;
    if (!writer.open(fileName, size, 100, error))
        return false;
    const int n = int(m_snapshot.current.size());
    bool ok = true;
    for (int frame = 1; frame <= 40 && ok; ++frame) {
        redraw(n * frame / 40);
        ok = writer.addFrame(m_membranePlot->toPixmap(size.width(), size.height()).toImage(), error);
    }
    redraw();
    return ok && writer.finish(error);
}

} // namespace csae::ui
