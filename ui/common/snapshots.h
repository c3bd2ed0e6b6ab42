#pragma once
// Immutable pictures of the training state that the views draw. Produced by the training
// worker (app/) in its own thread, passed by value through queued signals, never holding a
// tensor: views need no LibTorch. Every type is cheap to copy (Qt implicit sharing).

#include <QImage>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
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
    int width = 0; ///< input image width (neurons are row-major pixels, channel 0)
    int height = 0;
    QImage original;     ///< grayscale intensities
    SpikeRaster spikes;  ///< all width*height input neurons over T steps
    QString source;      ///< which sample this is, in words ("training sample 12", "test sample 7: 3")
    bool chosen = false; ///< a test sample the user chose (the Embedding view), not the one training shows
};

/// Fixed test samples: original, time-averaged input spikes, time-averaged output (SAE) or output (AE).
struct ReconstructionSnapshot {
    QVector<QImage> originals;
    QVector<QImage> inputAverages;
    QVector<QImage> outputs;
    bool spiking = true;
    qint64 first = 0; ///< the test index of the first column
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
    SpikeRaster spikes;         ///< a subset of at most a few hundred neurons, evenly spaced
    QVector<int> neuronIndices; ///< which neurons of the layer the raster rows are
    int layerNeurons = 0;       ///< neurons in the whole layer
    QVector<int> shape;         ///< the layer as [channels, height, width], or [neurons] when dense
    double firingRate = 0.0;    ///< mean spikes per neuron per step, whole layer
    QVector<float> membrane;    ///< [steps * raster neurons], pre-reset potential
    float threshold = 1.0f;
};

/// The events of the current DVS sample, for the event view. Coordinates are in the model's
/// input grid (after downsampling), times relative to the sample's start.
struct EventSnapshot {
    int width = 0; ///< grid the coordinates refer to
    int height = 0;
    qint64 durationUs = 0;   ///< the sample's span; every time is in [0, durationUs)
    QVector<qint64> timesUs; ///< ascending
    QVector<quint16> xs;
    QVector<quint16> ys;
    QVector<quint8> polarities; ///< 1: ON (brighter), 0: OFF (darker)
    QString label;              ///< the sample's class name; may be empty
    bool isEmpty() const { return timesUs.isEmpty(); }
};

/// The classifier's latest test evaluation.
struct ClassifierSnapshot {
    qint64 step = 0;
    QStringList classNames;    ///< K names
    QVector<qint64> confusion; ///< K x K counts, confusion[trueClass * K + predictedClass]
    bool isEmpty() const { return confusion.isEmpty(); }
};

/// Test samples' embeddings in two projections and the analysis's numbers (csae analyse, or
/// computed on the worker from the current model).
struct EmbeddingSnapshot {
    QVector<QPointF> pca;
    QVector<QPointF> umap;
    QVector<int> labels;    ///< one per point, 0-based
    QStringList classNames; ///< may be empty: the labels are shown as numbers
    QString summary;        ///< one line: probes, trustworthiness, silhouette
    qint64 step = -1;       ///< the training step of the model embedded; -1 when unknown
    /// Per point, optional (empty, or one per point): the test sample and its reconstruction.
    QVector<QImage> samples;
    QVector<QImage> reconstructions;
    bool isEmpty() const { return labels.isEmpty(); }
};

/// One set of fields, as csae analyse writes it (receptive_fields.json, projective_fields.json) or
/// as the worker computes it from the current model.
struct FieldSet {
    struct Neuron {
        int index = 0;
        double rate = 0.0;     ///< spikes per neuron and step (AE: the mean activation)
        double spikes = 0.0;   ///< spikes the field averages
        QVector<float> values; ///< channels x height x width, row-major
    };
    QString layer;
    bool perChannel = false; ///< a convolution: one field per channel
    QStringList channels;    ///< "intensity", or "ON", "OFF", "ON - OFF"
    int width = 0;
    int height = 0;
    int samples = 0;
    double ridge = 0.0;
    QVector<Neuron> neurons; ///< highest rate first
    KernelLayer kernels;     ///< conv1's weights, shown beside its STAs; empty otherwise
    bool isEmpty() const { return neurons.isEmpty(); }
};

struct ReceptiveFieldSnapshot {
    FieldSet receptive;
    FieldSet projective;
};

struct TrainingSnapshot {
    qint64 step = 0;
    InputSnapshot input;
    ReconstructionSnapshot reconstructions;
    QVector<KernelLayer> kernels;
    QVector<LayerActivity> layers;
    EventSnapshot events;    ///< empty unless the input is DVS events
    QStringList fieldLayers; ///< the layers whose receptive fields can be computed
};

} // namespace csae::ui

Q_DECLARE_METATYPE(csae::ui::TrainingSnapshot)
Q_DECLARE_METATYPE(csae::ui::ClassifierSnapshot)
Q_DECLARE_METATYPE(csae::ui::EmbeddingSnapshot)
Q_DECLARE_METATYPE(csae::ui::ReceptiveFieldSnapshot)
