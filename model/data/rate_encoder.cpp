#include "model/data/rate_encoder.h"

#include "model/core/errors.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/rand.h>
#include <cmath>
#include <string>

namespace csae {

void validate(const RateEncoderOptions& options)
{
    const auto fail = [](const std::string& key, double value, const std::string& range) {
        throw ConfigError(key + ": " + std::to_string(value) + " is out of range (allowed: " + range + ")");
    };
    if (!(options.dt() > 0.0 && options.dt() <= 1.0))
        fail("encoding.dt", options.dt(), "(0, 1] seconds");
    const double max_rate = 1.0 / options.dt();
    const std::string rate_range = "[0, 1/dt] = [0, " + std::to_string(max_rate) + "] Hz";
    if (!(options.f_on() >= 0.0 && options.f_on() <= max_rate * (1.0 + 1e-12)))
        fail("encoding.f_on", options.f_on(), rate_range);
    if (!(options.f_off() >= 0.0 && options.f_off() <= max_rate * (1.0 + 1e-12)))
        fail("encoding.f_off", options.f_off(), rate_range);
    if (options.steps() < 1 || options.steps() > 1000)
        fail("encoding.steps", static_cast<double>(options.steps()), "integer 1-1000");
}

at::Tensor spike_probability(const at::Tensor& intensities, const RateEncoderOptions& options)
{
    validate(options);
    // The clamp only absorbs rounding when f_on = 1/dt; in-range options never exceed 1.
    return (intensities * (options.dt() * (options.f_on() - options.f_off())) + options.dt() * options.f_off())
        .clamp(0.0, 1.0);
}

at::Tensor rate_encode(const at::Tensor& intensities, const RateEncoderOptions& options, at::Generator& generator)
{
    const at::Tensor probability = spike_probability(intensities, options);
    std::vector<std::int64_t> shape{options.steps()};
    shape.insert(shape.end(), probability.sizes().begin(), probability.sizes().end());
    // U < p with U ~ Uniform[0, 1) is exactly Bernoulli(p), including p = 0 and p = 1.
    const at::Tensor uniform = at::rand(shape, generator, probability.options());
    return uniform.lt(probability.unsqueeze(0)).to(probability.scalar_type());
}

} // namespace csae
