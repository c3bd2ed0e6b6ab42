#pragma once
// The numbers of the surrogate-gradient lesson: the Heaviside step against each surrogate's
// derivative as the engine's backward pass uses it (model/neurons/lif_neuron), the smooth step
// each derivative integrates to, and a one-neuron training demo: one weight learnt by gradient
// descent through the engine's LIF layer so that the neuron fires a target number of spikes.
// Plain LibTorch on the CPU, a few milliseconds; any thread.

#include "model/neurons/lif_neuron.h"

#include <cstdint>
#include <vector>

namespace csae {

struct SurrogateCurve {
    std::vector<double> x;          ///< U - threshold
    std::vector<double> heaviside;  ///< the forward pass: 1 where x >= 0
    std::vector<double> derivative; ///< what backward uses for dS/dU (surrogate_derivative)
    std::vector<double> smooth;     ///< the derivative integrated from the left end: the step backward pretends to see
};

/// `surrogate` with `slope` at `points` values of x evenly over [-range, range].
SurrogateCurve surrogate_curve(Surrogate surrogate, double slope, double range = 2.0, int points = 401);

struct SpikeCountTraining {
    std::int64_t steps = 50;  ///< T of the neuron
    double input_rate = 0.3;  ///< the input spike train's probability per step
    std::int64_t target = 10; ///< spikes the neuron should fire
    double initial_weight = 0.5;
    double learning_rate = 0.02; ///< plain gradient descent, so the surrogate's scale shows
    std::int64_t iterations = 60;
    std::uint64_t seed = 1; ///< the input spike train
};

struct SpikeCountHistory {
    std::vector<double> loss;   ///< ((count - target) / T)^2 before each update
    std::vector<double> weight; ///< the weight before each update
    std::vector<double> count;  ///< spikes fired before each update
};

/// Learns the weight w of I[t] = w x[t] (x: the input spike train) for a LIF neuron (beta 0.9,
/// threshold 1, the common form, subtract reset) with `surrogate` in backward. Throws InputError
/// for steps outside 1-1000, iterations outside 1-1000 or a rate outside [0, 1].
SpikeCountHistory train_spike_count(const SpikeCountTraining& training, Surrogate surrogate, double slope);

} // namespace csae
