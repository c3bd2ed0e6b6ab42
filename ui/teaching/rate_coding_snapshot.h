#pragma once
// What the rate-coding explorer asks for and what it draws: plain values, no LibTorch. The
// bridge (app/bridge/rate_coding_bridge) computes the snapshot with the engine.

#include <QMetaType>
#include <QString>
#include <QVector>

namespace csae::ui {

/// One rate-coding setting: p = dt [(f_on - f_off) x + f_off], T steps.
struct RateCodingSetting {
    double fOn = 1000.0; ///< Hz
    double fOff = 0.0;   ///< Hz
    double dt = 0.001;   ///< s
    int steps = 100;
    bool operator==(const RateCodingSetting&) const = default;
};

struct RateCodingRequest {
    QVector<float> image; ///< width x height intensities in [0, 1], row-major
    int width = 28;
    int height = 28;
    RateCodingSetting setting;
    RateCodingSetting comparison; ///< the side-by-side's second setting (its own f_on and f_off)
    int pixel = -1;               ///< the clicked pixel (row-major), -1 for none
    quint64 seed = 1;             ///< a new seed re-draws the spikes
    int redraws = 2000;           ///< re-draws of the clicked pixel for its count histogram
};

struct RateCodingSnapshot {
    QString error; ///< the engine's message when the setting is refused; the rest is empty then
    QString comparisonError;
    int width = 0;
    int height = 0;
    int steps = 0;
    QVector<float> probabilities; ///< per pixel
    QVector<quint8> spikes;       ///< [t * pixels + i]
    QVector<int> counts;          ///< per pixel, over the T steps
    QVector<int> comparisonCounts;
    int comparisonSteps = 0;
    // The clicked pixel:
    int pixel = -1;
    double pixelProbability = 0.0;
    QVector<double> runningAverage; ///< the mean of its spikes over steps 0..t
    QVector<qint64> histogram;      ///< its count k = 0..T over `redraws` re-draws
    QVector<double> binomial;       ///< Binomial(T, p) at k = 0..T
    int redraws = 0;
};

} // namespace csae::ui

Q_DECLARE_METATYPE(csae::ui::RateCodingRequest)
Q_DECLARE_METATYPE(csae::ui::RateCodingSnapshot)
