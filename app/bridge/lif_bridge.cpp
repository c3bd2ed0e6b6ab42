#include "app/bridge/lif_bridge.h"

#include "model/core/errors.h"
#include "model/teaching/lif_lesson.h"

#include <limits>

namespace csae {
namespace {

LifOptions options_of(const ui::LifNeuronSetting& setting)
{
    LifOptions options;
    options.beta(setting.beta)
        .threshold(setting.threshold)
        .reset(setting.resetToZero ? ResetMode::Zero : ResetMode::Subtract)
        .form(setting.commonForm ? MembraneForm::Common : MembraneForm::Seed);
    return options;
}

QVector<double> to_vector(const std::vector<double>& values)
{
    return QVector<double>(values.begin(), values.end());
}

} // namespace

ui::LifSnapshot compute_lif(const ui::LifRequest& request)
{
    ui::LifSnapshot snapshot;
    try {
        for (const ui::LifNeuronSetting* setting : {&request.a, &request.b})
            if (!(setting->beta > 0.0 && setting->beta <= 1.0) || !(setting->threshold > 0.0))
                throw InputError("neuron: beta must lie in (0, 1] and the threshold above 0");
        InputCurrentOptions input;
        input.waveform = static_cast<InputWaveform>(request.waveform);
        input.amplitude = request.amplitude;
        input.steps = request.steps;
        input.step_at = request.stepAt;
        input.noise_std = request.noiseStd;
        input.period = request.period;
        input.seed = request.seed;
        input.drawn.assign(request.drawn.begin(), request.drawn.end());
        const std::vector<double> current = input_current(input);
        snapshot.current = to_vector(current);
        const NeuronResponse a = simulate_neuron(current, options_of(request.a));
        const NeuronResponse b = simulate_neuron(current, options_of(request.b));
        snapshot.membraneA = to_vector(a.membrane);
        snapshot.membraneB = to_vector(b.membrane);
        snapshot.spikesA = QVector<int>(a.spikes.begin(), a.spikes.end());
        snapshot.spikesB = QVector<int>(b.spikes.begin(), b.spikes.end());
        snapshot.rateA = a.rate;
        snapshot.rateB = b.rate;
        // 81 currents over 400 steps: a rate resolved to 1/400, drawn within the frame.
        const RateCurve curveA = rate_curve(options_of(request.a), request.maxCurrent, 81, 400);
        const RateCurve curveB = rate_curve(options_of(request.b), request.maxCurrent, 81, 400);
        snapshot.fiCurrents = to_vector(curveA.currents);
        snapshot.fiA = to_vector(curveA.simulated);
        snapshot.fiB = to_vector(curveB.simulated);
        for (const auto& value : curveA.closed_form)
            snapshot.closedFormA << value.value_or(std::numeric_limits<double>::quiet_NaN());
        for (const auto& value : curveB.closed_form)
            snapshot.closedFormB << value.value_or(std::numeric_limits<double>::quiet_NaN());
    } catch (const std::exception& error) {
        // InputError says what is wrong; anything else (LibTorch) is reported, not a crash.
        snapshot = {};
        snapshot.error = QString::fromUtf8(error.what()).section(QLatin1Char('\n'), 0, 0);
    }
    return snapshot;
}

} // namespace csae
