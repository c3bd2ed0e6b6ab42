#pragma once
// What the surrogate-gradient lesson asks for and draws: plain values, no LibTorch. The bridge
// (app/bridge/surrogate_bridge) computes the snapshot with the engine.

#include <QString>
#include <QStringList>
#include <QVector>

namespace csae::ui {

struct SurrogateRequest {
    double slope = 5.0; ///< applies to fast sigmoid, arctan and sigmoid
    double initialWeight = 0.5;
    int target = 10; ///< spikes the one neuron should fire in T = 50 steps
    double learningRate = 0.02;
    int iterations = 60;
    /// The curves alone (instant) or also the four trainings (tens of milliseconds): the view
    /// draws the curves within the frame and the training right after, coalesced.
    bool withTraining = true;
};

struct SurrogateSnapshot {
    QString error;
    QStringList names; ///< fast sigmoid, arctan, sigmoid, straight-through
    QVector<double> x; ///< U - threshold
    QVector<double> heaviside;
    QVector<QVector<double>> derivative; ///< per surrogate
    QVector<QVector<double>> smooth;     ///< per surrogate: its derivative integrated
    QVector<QVector<double>> loss;       ///< per surrogate: the training's loss per iteration
    QVector<QVector<double>> count;      ///< per surrogate: spikes fired per iteration
};

} // namespace csae::ui
