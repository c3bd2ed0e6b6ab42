#include "model/teaching/surrogate_lesson.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/autograd.h>

#include <cmath>

namespace csae {

SurrogateCurve surrogate_curve(Surrogate surrogate, double slope, double range, int points)
{
    if (points < 2 || !(range > 0.0) || !(slope > 0.0) || !std::isfinite(slope))
        throw InputError("surrogate curve: needs at least 2 points, a positive range and a positive, finite slope");
    const at::Tensor x = at::linspace(-range, range, points, at::kDouble);
    const at::Tensor derivative = surrogate_derivative(x, surrogate, slope).to(at::kDouble).contiguous();
    SurrogateCurve curve;
    curve.x.assign(x.data_ptr<double>(), x.data_ptr<double>() + points);
    curve.derivative.assign(derivative.data_ptr<double>(), derivative.data_ptr<double>() + points);
    const double dx = 2.0 * range / (points - 1);
    double integral = 0.0;
    for (int i = 0; i < points; ++i) {
        curve.heaviside.push_back(curve.x[i] >= 0.0 ? 1.0 : 0.0);
        if (i > 0)
            integral += 0.5 * (curve.derivative[i] + curve.derivative[i - 1]) * dx; // trapezoids
        curve.smooth.push_back(integral);
    }
    return curve;
}

SpikeCountHistory train_spike_count(const SpikeCountTraining& training, Surrogate surrogate, double slope)
{
    if (training.steps < 1 || training.steps > 1000 || training.iterations < 1 || training.iterations > 1000 ||
        !(training.input_rate >= 0.0 && training.input_rate <= 1.0) || !std::isfinite(training.learning_rate))
        throw InputError("spike-count training: steps and iterations must lie in 1-1000, the input rate in [0, 1]");
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(training.seed);
    const at::Tensor input = at::bernoulli(at::full({training.steps, 1}, training.input_rate, at::kDouble), generator);
    LifOptions options;
    options.beta(0.9)
        .threshold(1.0)
        .form(MembraneForm::Common)
        .reset(ResetMode::Subtract)
        .surrogate(surrogate)
        .slope(slope);
    Lif neuron(options);
    neuron->to(at::kDouble);
    at::Tensor weight = at::full({}, training.initial_weight, at::kDouble).requires_grad_(true);
    SpikeCountHistory history;
    for (std::int64_t i = 0; i < training.iterations; ++i) {
        // The engine's LIF layer (one fused autograd node), whose backward takes dS/dU from the surrogate.
        const at::Tensor count = neuron->forward(input * weight).sum();
        const at::Tensor loss = ((count - double(training.target)) / double(training.steps)).pow(2);
        const at::Tensor gradient = torch::autograd::grad({loss}, {weight})[0];
        history.loss.push_back(loss.item<double>());
        history.weight.push_back(weight.item<double>());
        history.count.push_back(count.item<double>());
        {
            at::NoGradGuard no_grad;
            weight.sub_(gradient * training.learning_rate * double(training.steps));
        }
    }
    return history;
}

} // namespace csae
