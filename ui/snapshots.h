#pragma once
// Immutable pictures of the training state that the views draw. Produced by the training
// worker (app/) in its own thread, passed by value through queued signals, never holding a
// tensor: views need no LibTorch. Every type is cheap to copy (Qt implicit sharing).

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace csae::ui {

/// Spikes of `neurons` neurons over `steps` time steps: spikes[t * neurons + n] is 0 or 1.
struct SpikeRaster {
    int steps = 0;
    int neurons = 0;
    QVector<quint8> spikes;
    bool isEmpty() const { return steps == 0 || neurons == 0; }
};

/// The current sample as the network sees it.
struct InputSnapshot {
    int width = 0;             ///< input image width (neurons are row-major pixels, channel 0)
    int height = 0;
    QImage original;           ///< grayscale intensities
    SpikeRaster spikes;        ///< all width*height input neurons over T steps
};

/// Fixed test samples: original, time-averaged input spikes, time-averaged output (SAE) or output (AE).
struct ReconstructionSnapshot {
    QVector<QImage> originals;
    QVector<QImage> inputAverages;
    QVector<QImage> outputs;
    bool spiking = true;
};

/// The kernels of one convolution layer, weights[((o * in) + i) * k * k + y * k + x].
struct KernelLayer {
    QString name;
    int outChannels = 0;
    int inChannels = 0;
    int size = 0;
    QVector<float> weights;
};

/// One layer's activity for the current sample.
struct LayerActivity {
    QString name;
    SpikeRaster spikes;            ///< a subset of at most a few hundred neurons, evenly spaced
    QVector<int> neuronIndices;    ///< which neurons of the layer the raster rows are
    int layerNeurons = 0;          ///< neurons in the whole layer
    double firingRate = 0.0;       ///< mean spikes per neuron per step, whole layer
    QVector<float> membrane;       ///< [steps * raster neurons], pre-reset potential
    float threshold = 1.0f;
};

struct TrainingSnapshot {
    qint64 step = 0;
    InputSnapshot input;
    ReconstructionSnapshot reconstructions;
    QVector<KernelLayer> kernels;
    QVector<LayerActivity> layers;
};

} // namespace csae::ui

Q_DECLARE_METATYPE(csae::ui::TrainingSnapshot)
