#include "model/teaching/lif_lesson.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace csae {

std::vector<double> input_current(const InputCurrentOptions& options)
{
    if (options.steps < 1 || options.steps > 10000)
        throw InputError("input current: steps " + std::to_string(options.steps) + " is out of range (1-10000)");
    if (!std::isfinite(options.amplitude) || !std::isfinite(options.noise_std) || options.noise_std < 0.0)
        throw InputError("input current: the amplitude and the noise's deviation must be finite (deviation >= 0)");
    const auto n = static_cast<std::size_t>(options.steps);
    std::vector<double> current(n, 0.0);
    switch (options.waveform) {
    case InputWaveform::Constant:
        current.assign(n, options.amplitude);
        break;
    case InputWaveform::Step:
        for (std::size_t t = 0; t < n; ++t)
            current[t] = std::int64_t(t) >= options.step_at ? options.amplitude : 0.0;
        break;
    case InputWaveform::Ramp:
        for (std::size_t t = 0; t < n; ++t)
            current[t] = options.amplitude * double(t) / double(std::max<std::size_t>(n - 1, 1));
        break;
    case InputWaveform::Noise: {
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        const at::Tensor noise =
            at::normal(options.amplitude, options.noise_std, {options.steps}, generator).to(at::kDouble).contiguous();
        current.assign(noise.data_ptr<double>(), noise.data_ptr<double>() + noise.numel());
        break;
    }
    case InputWaveform::SpikeTrain:
        if (options.period < 1)
            throw InputError("input current: the spike train's period must be at least 1 step");
        for (std::size_t t = 0; t < n; ++t)
            current[t] = std::int64_t(t) % options.period == 0 ? options.amplitude : 0.0;
        break;
    case InputWaveform::Drawn:
        if (options.drawn.size() != n)
            throw InputError("input current: the drawn current has " + std::to_string(options.drawn.size()) +
                             " values, not " + std::to_string(n));
        for (const double value : options.drawn)
            if (!std::isfinite(value))
                throw InputError("input current: the drawn current holds a value that is not finite");
        current = options.drawn;
        break;
    }
    return current;
}

NeuronResponse simulate_neuron(const std::vector<double>& current, const LifOptions& options)
{
    torch::NoGradGuard no_grad;
    Lif neuron(options);
    neuron->to(at::kDouble);
    const at::Tensor input =
        at::tensor(current, at::TensorOptions().dtype(at::kDouble)).view({std::int64_t(current.size()), 1});
    const LifTrace trace = neuron->forward_trace(input);
    const at::Tensor membrane = trace.membrane.reshape({-1}).to(at::kDouble).contiguous();
    const at::Tensor spikes = trace.spikes.reshape({-1}).to(at::kInt).contiguous();
    NeuronResponse response;
    response.membrane.assign(membrane.data_ptr<double>(), membrane.data_ptr<double>() + membrane.numel());
    response.spikes.assign(spikes.data_ptr<int>(), spikes.data_ptr<int>() + spikes.numel());
    double total = 0.0;
    for (const int spike : response.spikes)
        total += spike;
    response.rate = response.spikes.empty() ? 0.0 : total / double(response.spikes.size());
    return response;
}

std::optional<double> closed_form_rate(const LifOptions& options, double current)
{
    const double beta = options.beta(), threshold = options.threshold();
    const double gain = options.form() == MembraneForm::Seed ? 1.0 - beta : 1.0; // a in U = beta U' + a I
    const double drive = gain * current;
    if (beta < 1.0 && options.reset() != ResetMode::Zero)
        return std::nullopt;
    if (drive <= 0.0)
        return 0.0;
    if (beta >= 1.0) {
        // No leak: n steps reach n a I. Reset to zero: a spike every ceil(theta / (a I)) steps;
        // subtraction keeps the remainder, so on average a I / theta per step (at most 1).
        if (options.reset() == ResetMode::Zero)
            return 1.0 / std::max(1.0, std::ceil(threshold / drive - 1e-12));
        return std::min(1.0, drive / threshold);
    }
    // From 0, n steps give U = U* (1 - beta^n) with U* = a I / (1 - beta); the first n with
    // U >= theta is the inter-spike interval, and the reset to 0 starts the same climb again.
    const double fixed_point = drive / (1.0 - beta);
    if (fixed_point < threshold)
        return 0.0;
    const double steps = std::log(1.0 - threshold / fixed_point) / std::log(beta);
    return 1.0 / std::max(1.0, std::ceil(steps - 1e-12));
}

RateCurve rate_curve(const LifOptions& options, double max_current, int points, std::int64_t steps)
{
    if (points < 2 || !(max_current > 0.0) || !std::isfinite(max_current))
        throw InputError("f-I curve: needs at least 2 points and a positive, finite largest current");
    torch::NoGradGuard no_grad;
    RateCurve curve;
    // All currents at once: one neuron per current, one layer call.
    const at::Tensor currents = at::linspace(0.0, max_current, points, at::kDouble);
    Lif neuron(options);
    neuron->to(at::kDouble);
    const at::Tensor spikes = neuron->forward(currents.unsqueeze(0).expand({steps, points}).contiguous());
    const at::Tensor rates = spikes.mean(0).contiguous();
    for (int i = 0; i < points; ++i) {
        const double current = currents[i].item<double>();
        curve.currents.push_back(current);
        curve.simulated.push_back(rates[i].item<double>());
        curve.closed_form.push_back(closed_form_rate(options, current));
    }
    return curve;
}

} // namespace csae
