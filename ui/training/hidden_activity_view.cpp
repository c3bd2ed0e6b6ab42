#include "ui/training/hidden_activity_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/combo_box_items.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/common/plot_updater.h"
#include "ui/export/view_export.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace csae::ui {

namespace {

bool membraneConsistent(const LayerActivity& layer)
{
    return isConsistent(layer.spikes) && layer.membrane.size() >= qsizetype(layer.spikes.steps) * layer.spikes.neurons;
}

} // namespace

HiddenActivityView::HiddenActivityView(QWidget* parent) : QWidget(parent)
{
    m_layer = new QComboBox(this);
    m_layer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this] { layerChanged(); });
    m_neuron = new QSpinBox(this);
    m_neuron->setRange(0, 0);
    m_neuron->setToolTip(tr("Raster row whose membrane potential is plotted (or click a row of the raster)"));
    connect(m_neuron, &QSpinBox::valueChanged, this, [this] { updateMembrane(); });
    // Pick any neuron of the layer by where it is; one outside the sampled rows is fetched.
    m_channel = new QSpinBox(this);
    m_y = new QSpinBox(this);
    m_x = new QSpinBox(this);
    m_channel->setToolTip(tr("Channel of the neuron to show (a dense layer: its index)"));
    m_y->setToolTip(tr("Row y of the neuron in its feature map"));
    m_x->setToolTip(tr("Column x of the neuron in its feature map"));
    for (QSpinBox* spin : {m_channel, m_y, m_x}) {
        spin->setKeyboardTracking(false);
        connect(spin, &QSpinBox::valueChanged, this,
                [this] { selectNeuronAt(m_channel->value(), m_y->value(), m_x->value()); });
    }
    m_yLabel = new QLabel(tr("y"), this);
    m_xLabel = new QLabel(tr("x"), this);
    m_info = new QLabel(this);

    m_raster = new PixelImageWidget(this);
    m_raster->setKeepAspectRatio(false);
    m_raster->setMinimumSize(120, 120);
    m_raster->setToolTip(
        tr("Sampled neurons of the layer (rows) over time steps (columns); black = spike. Click a row to plot it."));
    connect(m_raster, &PixelImageWidget::pixelPressed, this, [this](int, int row) { setNeuron(row); });

    m_membranePlot = new QCustomPlot(this);
    m_membranePlot->setMinimumSize(200, 140);
    m_membranePlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_membranePlot->xAxis->setLabel(tr("Time step t"));
    m_membranePlot->yAxis->setLabel(tr("Potential")); // short: the caption above names it in full
    m_membraneGraph = m_membranePlot->addGraph();
    m_membraneGraph->setName(tr("Membrane potential"));
    m_membraneGraph->setPen(QPen(palette::train(), 1.5));
    m_membraneGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    m_spikeGraph = m_membranePlot->addGraph();
    m_spikeGraph->setName(tr("Spike"));
    m_spikeGraph->setLineStyle(QCPGraph::lsNone);
    m_spikeGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, palette::test(), palette::test(), 8));
    m_threshold = new QCPItemStraightLine(m_membranePlot);
    m_threshold->setPen(QPen(palette::test(), 1, Qt::DashLine));
    m_threshold->setVisible(false);
    m_membranePlot->legend->setVisible(true);
    placeLegendAbove(m_membranePlot); // never over the curves
    m_membraneUpdater = new PlotUpdater(m_membranePlot);
    m_membraneUpdater->setRescale([this](QCustomPlot* plot) {
        plot->rescaleAxes();
        // Keep the threshold in view even when the neuron stays far below it.
        if (m_threshold->visible()) {
            QCPRange range = plot->yAxis->range();
            range.expand(m_threshold->point1->coords().y());
            const double margin = 0.08 * std::max(range.size(), 1e-6);
            plot->yAxis->setRange(range.lower - margin, range.upper + margin);
        }
        QCPRange steps = plot->xAxis->range();
        plot->xAxis->setRange(steps.lower - 0.5, steps.upper + 0.5);
    });

    m_ratePlot = new QCustomPlot(this);
    m_ratePlot->setMinimumSize(200, 140);
    m_ratePlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_ratePlot->xAxis->setLabel(tr("Training step"));
    m_ratePlot->yAxis->setLabel(tr("Firing rate"));
    m_ratePlot->setToolTip(tr("Mean spikes per neuron per time step of each layer, over training"));
    m_ratePlot->legend->setVisible(true);
    placeLegendAbove(m_ratePlot); // never over the curves
    m_rateUpdater = new PlotUpdater(m_ratePlot);
    m_rateUpdater->setRescale([](QCustomPlot* plot) {
        plot->rescaleAxes();
        // Rates live in [0, 1]: anchor the axis at zero so small rates don't look large.
        plot->yAxis->setRangeLower(0.0);
        if (plot->yAxis->range().upper <= 0.0) {
            plot->yAxis->setRangeUpper(0.05);
        }
    });

    // Two short rows rather than one long one, so that the dock's width never forces a scroll bar;
    // the layer's summary takes what room is left and is cut, never widening the view.
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Layer:"), this));
    controls->addWidget(m_layer);
    controls->addWidget(m_info, 1);
    m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* picker = new QHBoxLayout;
    picker->addWidget(new QLabel(tr("Raster row:"), this));
    picker->addWidget(m_neuron);
    picker->addWidget(new QLabel(tr("Neuron: channel"), this));
    picker->addWidget(m_channel);
    picker->addWidget(m_yLabel);
    picker->addWidget(m_y);
    picker->addWidget(m_xLabel);
    picker->addWidget(m_x);
    picker->addStretch(1);

    auto* rasterBox = new QWidget(this);
    auto* rasterLayout = new QVBoxLayout(rasterBox);
    rasterLayout->setContentsMargins(0, 0, 0, 0);
    auto* rasterCaption = new QLabel(tr("Spike raster (neurons × time steps)"), rasterBox);
    rasterCaption->setAlignment(Qt::AlignHCenter);
    rasterLayout->addWidget(rasterCaption);
    rasterLayout->addWidget(m_raster, 1);

    auto* membraneBox = new QWidget(this);
    auto* membraneLayout = new QVBoxLayout(membraneBox);
    membraneLayout->setContentsMargins(0, 0, 0, 0);
    m_membraneCaption = new QLabel(tr("Membrane potential"), membraneBox);
    m_membraneCaption->setAlignment(Qt::AlignLeft | Qt::AlignVCenter); // cut at the end, not both sides
    // The caption names the neuron in full; it is cut rather than widening the view (tooltip).
    m_membraneCaption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    membraneLayout->addWidget(m_membraneCaption);
    membraneLayout->addWidget(m_membranePlot, 1);

    auto* upper = new QSplitter(Qt::Horizontal, this);
    upper->addWidget(rasterBox);
    upper->addWidget(membraneBox);
    upper->setSizes({300, 600}); // proportions: the plot needs room for its axes
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(upper);
    splitter->addWidget(m_ratePlot);
    splitter->setSizes({600, 400});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(picker);
    layout->addWidget(splitter, 1);
    for (QWidget* part : {rasterBox, membraneBox, static_cast<QWidget*>(m_ratePlot)}) {
        markExportPart(part); // the figure: the raster, the membrane and the rates, not the pickers
    }

    layerChanged();
}

HiddenActivityView::~HiddenActivityView() = default;

void HiddenActivityView::setLayers(const QVector<LayerActivity>& layers)
{
    m_layers = layers;
    QStringList names;
    for (const LayerActivity& layer : m_layers)
        names << layer.name;
    replaceItemsKeepingSelection(m_layer, names);
    layerChanged();
}

void HiddenActivityView::addFiringRates(qint64 step, const QVector<LayerActivity>& layers)
{
    QVector<QPair<QString, double>> rates;
    for (const LayerActivity& layer : layers) {
        rates.push_back({layer.name, layer.firingRate});
    }
    addFiringRates(step, rates);
}

void HiddenActivityView::addFiringRates(qint64 step, const QVector<QPair<QString, double>>& rates)
{
    for (const auto& [name, rate] : rates) {
        QCPGraph*& graph = m_rateGraphs[name];
        if (graph == nullptr) {
            graph = m_ratePlot->addGraph();
            graph->setName(name);
            graph->setPen(QPen(palette::series(int(m_rateGraphs.size()) - 1), 1.5));
        }
        graph->addData(double(step), rate);
    }
    m_rateUpdater->markDirty();
}

void HiddenActivityView::clearFiringRates()
{
    m_ratePlot->clearGraphs();
    m_rateGraphs.clear();
    m_rateUpdater->resetView();
}

QString HiddenActivityView::currentLayer() const
{
    return m_layer->currentText();
}

bool HiddenActivityView::setCurrentLayer(const QString& name)
{
    const int index = m_layer->findText(name, Qt::MatchExactly);
    if (index < 0) {
        return false;
    }
    m_layer->setCurrentIndex(index);
    return true;
}

int HiddenActivityView::neuron() const
{
    return m_neuron->value();
}

void HiddenActivityView::setNeuron(int row)
{
    m_neuron->setValue(row);
}

int HiddenActivityView::neuronIndex() const
{
    const LayerActivity* layer = selectedLayer();
    const int row = m_neuron->value();
    return layer != nullptr && rasterRowCount() > 0 && row < layer->neuronIndices.size() ? layer->neuronIndices[row]
                                                                                         : -1;
}

bool HiddenActivityView::selectNeuronIndex(int index)
{
    const LayerActivity* layer = selectedLayer();
    if (layer == nullptr || index < 0 || index >= layer->layerNeurons)
        return false;
    const int row = int(layer->neuronIndices.indexOf(index));
    if (row >= 0 && row < rasterRowCount()) {
        m_pendingIndex = -1;
        setNeuron(row);
        return true;
    }
    m_pendingLayer = layer->name;
    m_pendingIndex = index;
    Q_EMIT neuronRequested(layer->name, index);
    return true;
}

bool HiddenActivityView::selectNeuronAt(int channel, int y, int x)
{
    const LayerActivity* layer = selectedLayer();
    if (layer == nullptr)
        return false;
    if (layer->shape.size() != 3)
        return y == 0 && x == 0 && selectNeuronIndex(channel);
    const int height = layer->shape[1], width = layer->shape[2];
    if (channel < 0 || channel >= layer->shape[0] || y < 0 || y >= height || x < 0 || x >= width)
        return false;
    return selectNeuronIndex((channel * height + y) * width + x);
}

int HiddenActivityView::rasterRowCount() const
{
    const LayerActivity* layer = selectedLayer();
    return layer != nullptr && isConsistent(layer->spikes) ? layer->spikes.neurons : 0;
}

int HiddenActivityView::membranePointCount() const
{
    return int(m_membraneGraph->dataCount());
}

const LayerActivity* HiddenActivityView::selectedLayer() const
{
    const int index = m_layer->currentIndex();
    return index >= 0 && index < m_layers.size() ? &m_layers[index] : nullptr;
}

void HiddenActivityView::layerChanged()
{
    const LayerActivity* layer = selectedLayer();
    const int rows = rasterRowCount();
    {
        QSignalBlocker blocker(m_neuron);
        m_neuron->setRange(0, std::max(0, rows - 1));
    }
    m_neuron->setEnabled(rows > 0);
    // A neuron asked for by position arrives with a later snapshot: show it once it is there.
    if (layer != nullptr && m_pendingIndex >= 0 && m_pendingLayer == layer->name) {
        const int row = int(layer->neuronIndices.indexOf(m_pendingIndex));
        if (row >= 0 && row < rows) {
            QSignalBlocker blocker(m_neuron);
            m_neuron->setValue(row);
            m_pendingIndex = -1;
        }
    }
    m_raster->setImage(layer != nullptr ? rasterImage(layer->spikes) : QImage());
    if (layer != nullptr) {
        m_info->setText(tr("%1 of %2 neurons shown · firing rate %L3")
                            .arg(rows)
                            .arg(layer->layerNeurons)
                            .arg(layer->firingRate, 0, 'g', 3));
        m_info->setToolTip(m_info->text());
    } else {
        m_info->clear();
    }
    updateMembrane();
}

void HiddenActivityView::updatePositionEditors()
{
    const LayerActivity* layer = selectedLayer();
    const int index = neuronIndex();
    const bool conv = layer != nullptr && layer->shape.size() == 3;
    const QSignalBlocker blockChannel(m_channel), blockY(m_y), blockX(m_x);
    m_channel->setEnabled(index >= 0);
    m_y->setVisible(conv);
    m_x->setVisible(conv);
    m_yLabel->setVisible(conv);
    m_xLabel->setVisible(conv);
    if (index < 0)
        return;
    if (conv) {
        const int height = layer->shape[1], width = layer->shape[2];
        m_channel->setRange(0, layer->shape[0] - 1);
        m_y->setRange(0, height - 1);
        m_x->setRange(0, width - 1);
        m_channel->setValue(index / (height * width));
        m_y->setValue(index / width % height);
        m_x->setValue(index % width);
    } else {
        m_channel->setRange(0, std::max(0, layer->layerNeurons - 1));
        m_channel->setValue(index);
    }
}

void HiddenActivityView::updateMembrane()
{
    updatePositionEditors();
    const LayerActivity* layer = selectedLayer();
    const int row = m_neuron->value();
    m_raster->setHighlightedRow(rasterRowCount() > 0 ? row : -1);
    m_membraneGraph->data()->clear();
    m_spikeGraph->data()->clear();
    m_threshold->setVisible(false);
    if (layer != nullptr && membraneConsistent(*layer) && row < layer->spikes.neurons) {
        const int steps = layer->spikes.steps;
        const int neurons = layer->spikes.neurons;
        QVector<double> t(steps), v(steps), spikeT, spikeV;
        for (int s = 0; s < steps; ++s) {
            t[s] = s + 1;
            v[s] = layer->membrane[qsizetype(s) * neurons + row];
            if (layer->spikes.spikes[qsizetype(s) * neurons + row] != 0) {
                spikeT.append(s + 1);
                spikeV.append(v[s]);
            }
        }
        m_membraneGraph->setData(t, v, true);
        m_spikeGraph->setData(spikeT, spikeV, true);
        // Horizontal: both points at the threshold, in plot coordinates.
        m_threshold->point1->setCoords(0.0, layer->threshold);
        m_threshold->point2->setCoords(1.0, layer->threshold);
        m_threshold->setVisible(true);
        const int index = row < layer->neuronIndices.size() ? layer->neuronIndices[row] : row;
        const QString where =
            layer->shape.size() == 3
                ? tr("channel %1, y %2, x %3").arg(m_channel->value()).arg(m_y->value()).arg(m_x->value())
                : tr("index %1").arg(index);
        m_membraneCaption->setText(tr("Membrane potential of neuron %1 (%2) in %3 (threshold %L4)")
                                       .arg(index)
                                       .arg(where, layer->name)
                                       .arg(double(layer->threshold), 0, 'g', 3));
        m_membraneCaption->setToolTip(m_membraneCaption->text());
    } else {
        m_membraneCaption->setText(tr("Membrane potential"));
    }
    // A new neuron deserves a fitted view even after the user zoomed into the previous one.
    m_membraneUpdater->setFollowData(true);
    m_membraneUpdater->markDirty();
}

} // namespace csae::ui
