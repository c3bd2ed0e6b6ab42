#pragma once
// What the network walk draws: every layer's spikes at every step for one digit, and the
// output accumulating into the reconstruction. Plain values, no LibTorch; the bridge
// (app/bridge/network_walk_bridge) computes it with the engine.

#include <QString>
#include <QVector>

namespace csae::ui {

struct WalkLayer {
    QString name;
    int channels = 1; ///< convolutions: C x H x W per step; dense layers: 1 x 1 x N
    int height = 1;
    int width = 1;
    QVector<quint8> spikes; ///< [t][c][y][x]
    int perStep() const { return channels * height * width; }
};

struct NetworkWalkSnapshot {
    QString error;
    QString model; ///< what is walked, in words
    int steps = 0;
    int width = 0;
    int height = 0;
    QVector<float> image;          ///< the digit, width x height
    QVector<quint8> input;         ///< [t][y][x]: its spikes (channel 0)
    QVector<WalkLayer> layers;     ///< input side first
    QVector<float> reconstruction; ///< [t][y][x]: the output's spikes averaged over 1..t; empty for a classifier
};

} // namespace csae::ui
