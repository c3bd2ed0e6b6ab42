#pragma once
// What the convolution stepper asks for and draws: plain values, no LibTorch. The bridge
// (app/bridge/convolution_bridge) computes the snapshot with the engine.

#include <QString>
#include <QVector>

namespace csae::ui {

struct ConvolutionRequest {
    QVector<double> x; ///< xRows x xCols, row-major
    int xRows = 6;
    int xCols = 6;
    QVector<double> w; ///< wRows x wCols
    int wRows = 3;
    int wCols = 3;
    int stride = 1;
    int padding = 0;
    // The spiking version: X rate-coded, Y as currents into LIF neurons.
    double fOn = 500.0; ///< Hz at X's largest value; dt 1 ms
    int steps = 20;
    double beta = 0.9;
    double threshold = 2.0;
    quint64 seed = 1;
};

struct ConvolutionWindow {
    int outRow = 0, outCol = 0;
    int top = 0, left = 0; ///< in X's coordinates; negative inside the padding
    QVector<double> inputs, products;
    double sum = 0.0;
};

struct ConvolutionSnapshot {
    QString error;
    QVector<double> y;
    int yRows = 0, yCols = 0;
    QVector<ConvolutionWindow> windows; ///< in the order the window visits them
    QString spikingError;
    int steps = 0;
    QVector<QVector<double>> inputSpikes, currents, membrane, spikes; ///< per step; X's and Y's shapes
};

} // namespace csae::ui
