#pragma once
// The numbers of the LIF lesson: an input current of a chosen shape, one neuron's membrane and
// spikes under it, simulated by the engine's own LIF layer (model/neurons/lif_neuron), and the
// firing rate against a constant input current (the f-I curve), simulated and in closed form
// where one exists. Plain LibTorch on the CPU (float64), about a millisecond; any thread.

#include "model/neurons/lif_neuron.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace csae {

enum class InputWaveform { Constant, Step, Ramp, Noise, SpikeTrain, Drawn };

struct InputCurrentOptions {
    InputWaveform waveform = InputWaveform::Constant;
    double amplitude =
        1.5; ///< the current's level (constant, after the step, at the ramp's end, the noise's mean, a spike's height)
    std::int64_t steps = 200;
    std::int64_t step_at = 50; ///< Step: where it switches on
    double noise_std = 0.5;    ///< Noise: standard deviation around the amplitude
    std::int64_t period = 10;  ///< SpikeTrain: steps between input spikes
    std::uint64_t seed = 1;    ///< Noise
    std::vector<double> drawn; ///< Drawn: the current itself, `steps` values
};

/// The current at each of `steps` steps. Throws InputError naming what is out of range (steps
/// 1-10000, a drawn current of the wrong length or not finite, period below 1).
std::vector<double> input_current(const InputCurrentOptions& options);

struct NeuronResponse {
    std::vector<double> membrane; ///< pre-reset potential U[t]
    std::vector<int> spikes;      ///< 0 or 1
    double rate = 0.0;            ///< spikes per step
};

/// One neuron of the engine's LIF layer (Lif with `options`) driven by `current`.
NeuronResponse simulate_neuron(const std::vector<double>& current, const LifOptions& options);

/// The long-run rate (spikes per step) under a constant current from rest, in closed form where
/// there is one: reset to zero (any beta), or subtraction without leak (beta = 1). None for
/// subtraction with leak, whose rate is the rotation number of a circle map.
std::optional<double> closed_form_rate(const LifOptions& options, double current);

struct RateCurve {
    std::vector<double> currents;
    std::vector<double> simulated; ///< spikes per step over `steps` steps
    std::vector<std::optional<double>> closed_form;
};

/// The f-I curve at `points` currents evenly spaced over [0, max_current].
RateCurve rate_curve(const LifOptions& options, double max_current, int points, std::int64_t steps = 1000);

} // namespace csae
