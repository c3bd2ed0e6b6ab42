#pragma once
// What the LIF playground asks for and draws: plain values, no LibTorch. The bridge
// (app/bridge/lif_bridge) computes the snapshot with the engine's LIF layer.

#include <QMetaType>
#include <QString>
#include <QVector>

namespace csae::ui {

/// One neuron: U[t] = beta U'[t-1] + a I[t], a = 1 - beta (the seed's form) or 1 (the common one).
struct LifNeuronSetting {
    double beta = 0.9;
    double threshold = 1.0;
    bool resetToZero = false; ///< else subtract the threshold
    bool commonForm = false;  ///< else the seed's form
};

enum class LifWaveform { Constant, Step, Ramp, Noise, SpikeTrain, Drawn };

struct LifRequest {
    LifWaveform waveform = LifWaveform::Step;
    double amplitude = 1.5;
    int steps = 200;
    int stepAt = 50;
    double noiseStd = 0.5;
    int period = 10;
    quint64 seed = 1;
    QVector<double> drawn; ///< the Drawn waveform: `steps` values
    LifNeuronSetting a;
    LifNeuronSetting b;
    double maxCurrent = 5.0; ///< the f-I curve's range of constant currents
};

struct LifSnapshot {
    QString error; ///< the engine's message; the rest is empty then
    QVector<double> current;
    QVector<double> membraneA, membraneB;
    QVector<int> spikesA, spikesB;
    double rateA = 0.0, rateB = 0.0;
    QVector<double> fiCurrents;
    QVector<double> fiA, fiB;                 ///< simulated spikes per step
    QVector<double> closedFormA, closedFormB; ///< NaN where there is no closed form
};

} // namespace csae::ui
