#pragma once
// Made-up snapshots for the view tests: a noisy disc as a digit, its rate-coded spikes, random
// rasters, kernels and layer activity, all from fixed seeds. GUI thread only.

#include "ui/common/snapshots.h"

#include <QImage>
#include <QRandomGenerator>
#include <QString>

#include <algorithm>
#include <cmath>

namespace csae::ui::testing {

inline SpikeRaster randomRaster(int steps, int neurons, double probability, quint32 seed)
{
    QRandomGenerator random(seed);
    SpikeRaster raster;
    raster.steps = steps;
    raster.neurons = neurons;
    raster.spikes.resize(qsizetype(steps) * neurons);
    for (quint8& spike : raster.spikes) {
        spike = random.generateDouble() < probability ? 1 : 0;
    }
    return raster;
}

inline QImage digitImage(int size, quint32 seed)
{
    // A bright disc with noise: something with structure, like a digit.
    QRandomGenerator random(seed);
    QImage image(size, size, QImage::Format_Grayscale8);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const double r = std::hypot(x - size / 2.0, y - size / 2.0) / (size / 2.0);
            const double value = std::clamp(1.2 - r * 1.3 + 0.2 * random.generateDouble(), 0.0, 1.0);
            image.scanLine(y)[x] = uchar(value * 255);
        }
    }
    return image;
}

inline InputSnapshot makeInput(int steps = 25)
{
    InputSnapshot input;
    input.width = 28;
    input.height = 28;
    input.original = digitImage(28, 7);
    // Rate coding, as the engine does: each pixel spikes with probability = its intensity.
    QRandomGenerator random(11);
    input.spikes.steps = steps;
    input.spikes.neurons = 28 * 28;
    input.spikes.spikes.resize(qsizetype(steps) * 28 * 28);
    for (int t = 0; t < steps; ++t) {
        for (int n = 0; n < 28 * 28; ++n) {
            const double p = input.original.pixelColor(n % 28, n / 28).valueF();
            input.spikes.spikes[qsizetype(t) * 28 * 28 + n] = random.generateDouble() < p ? 1 : 0;
        }
    }
    return input;
}

inline KernelLayer makeKernels(const QString& name, int out, int in, int size, quint32 seed)
{
    QRandomGenerator random(seed);
    KernelLayer layer;
    layer.name = name;
    layer.outChannels = out;
    layer.inChannels = in;
    layer.size = size;
    layer.weights.resize(qsizetype(out) * in * size * size);
    for (float& w : layer.weights) {
        w = float(random.generateDouble() * 2.0 - 1.0) * 0.3f; // positive and negative
    }
    return layer;
}

inline LayerActivity makeLayer(const QString& name, int rows, int layerNeurons, quint32 seed)
{
    LayerActivity layer;
    layer.name = name;
    layer.spikes = randomRaster(25, rows, 0.1, seed);
    layer.layerNeurons = layerNeurons;
    for (int i = 0; i < rows; ++i) {
        layer.neuronIndices.append(i * (layerNeurons / rows));
    }
    layer.firingRate = 0.1;
    QRandomGenerator random(seed + 1);
    layer.membrane.resize(qsizetype(25) * rows);
    for (float& v : layer.membrane) {
        v = float(random.generateDouble() * 1.4);
    }
    layer.threshold = 1.0f;
    return layer;
}

} // namespace csae::ui::testing
