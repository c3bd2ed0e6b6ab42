#pragma once
// Hidden-layer activity: the chosen layer's spike raster for the current sample, one neuron's
// membrane potential over the T steps against the threshold, and every layer's firing rate over
// training.

#include "ui/common/snapshots.h"

#include <QHash>
#include <QVector>
#include <QWidget>

class QComboBox;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QSpinBox;

namespace csae::ui {

class PixelImageWidget;
class PlotUpdater;

/// Spike raster, membrane trace and firing-rate history of the hidden layers. Plots replot on a
/// coalescing timer (see PlotUpdater). GUI thread only; child widgets are owned by the view.
class HiddenActivityView : public QWidget {
    Q_OBJECT
public:
    explicit HiddenActivityView(QWidget* parent = nullptr);
    ~HiddenActivityView() override;

    /// Shows the current sample's activity. The selected layer is kept by name, the neuron row
    /// where the layer still has it.
    void setLayers(const QVector<LayerActivity>& layers);
    /// Appends each layer's firing rate at `step` to the history plot (one graph per layer
    /// name, created on first sight). Cheap: schedules a coalesced replot.
    void addFiringRates(qint64 step, const QVector<LayerActivity>& layers);
    /// The same from (layer name, rate) pairs, as a run's metrics.jsonl records them.
    void addFiringRates(qint64 step, const QVector<QPair<QString, double>>& rates);
    /// Forgets the firing-rate history (e.g. on a new run).
    void clearFiringRates();

    /// Name of the layer shown ("" when none).
    QString currentLayer() const;
    /// Selects a layer by name; false when there is none such.
    bool setCurrentLayer(const QString& name);
    /// Raster row whose membrane potential is plotted (clamped to the raster).
    int neuron() const;
    void setNeuron(int row);
    /// Rows of the current layer's raster.
    int rasterRowCount() const;
    /// The flat index in its layer of the neuron on show (LayerActivity::neuronIndices), -1 for none.
    int neuronIndex() const;
    /// Shows neuron `index` of the current layer: at once when the raster has it, otherwise
    /// neuronRequested() asks for it and it is shown when a snapshot brings it. False when the
    /// index is outside the layer.
    bool selectNeuronIndex(int index);
    /// The same by position: channel, row y and column x of a convolutional layer (a dense
    /// layer takes the index as `channel`, with y = x = 0).
    bool selectNeuronAt(int channel, int y, int x);

Q_SIGNALS:
    /// The user picked a neuron the raster does not hold: the snapshots should include it.
    void neuronRequested(const QString& layer, int index);

public:
    /// Firing rate per layer over training steps. Owned by this view.
    QCustomPlot* ratePlot() const { return m_ratePlot; }
    /// Membrane potential of the chosen neuron over time steps. Owned by this view.
    QCustomPlot* membranePlot() const { return m_membranePlot; }
    /// Graphs in the firing-rate plot (one per layer seen).
    int rateGraphCount() const { return int(m_rateGraphs.size()); }
    /// Points in the membrane trace.
    int membranePointCount() const;

private:
    const LayerActivity* selectedLayer() const;
    void layerChanged();
    void updateMembrane();
    void updatePositionEditors();

    QVector<LayerActivity> m_layers;
    QHash<QString, QCPGraph*> m_rateGraphs;

    QComboBox* m_layer = nullptr;
    QSpinBox* m_neuron = nullptr;
    QSpinBox* m_channel = nullptr; ///< the picked neuron's channel (dense layers: its index)
    QSpinBox* m_y = nullptr;
    QSpinBox* m_x = nullptr;
    QLabel* m_yLabel = nullptr;
    QLabel* m_xLabel = nullptr;
    QString m_pendingLayer; ///< a requested neuron not yet in the raster
    int m_pendingIndex = -1;
    QLabel* m_info = nullptr;
    PixelImageWidget* m_raster = nullptr;
    QLabel* m_membraneCaption = nullptr;
    QCustomPlot* m_membranePlot = nullptr;
    QCPGraph* m_membraneGraph = nullptr;
    QCPGraph* m_spikeGraph = nullptr;
    QCPItemStraightLine* m_threshold = nullptr;
    PlotUpdater* m_membraneUpdater = nullptr;
    QCustomPlot* m_ratePlot = nullptr;
    PlotUpdater* m_rateUpdater = nullptr;
};

} // namespace csae::ui
