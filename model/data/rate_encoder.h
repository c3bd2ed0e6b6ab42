#pragma once
// Rate coding from the seed's appendix: p_i = dt [(f_on - f_off) x_i + f_off], and at each of
// T steps every input neuron spikes independently with probability p_i.

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <torch/arg.h>

#include <cstdint>

namespace csae {

struct RateEncoderOptions {
    /// Firing rate, in Hz, of a neuron whose normalised intensity is 1. Must lie in [0, 1/dt].
    TORCH_ARG(double, f_on) = 1000.0;
    /// Firing rate, in Hz, of a neuron whose normalised intensity is 0. Must lie in [0, 1/dt].
    TORCH_ARG(double, f_off) = 0.0;
    /// Simulation time step in seconds.
    TORCH_ARG(double, dt) = 1e-3;
    /// Number of time steps T.
    TORCH_ARG(std::int64_t, steps) = 25;
};

/// Throws ConfigError naming the encoding.* key when an option is outside its range.
void validate(const RateEncoderOptions& options);

/// Per-neuron spike probability p = dt [(f_on - f_off) x + f_off] for intensities x in [0, 1].
at::Tensor spike_probability(const at::Tensor& intensities, const RateEncoderOptions& options);

/// Encodes intensities [B, C, H, W] in [0, 1] as Bernoulli spike trains [T, B, C, H, W] (float
/// 0/1). Equal generator states give equal spikes. Thread-safe if each caller owns its generator.
at::Tensor rate_encode(const at::Tensor& intensities, const RateEncoderOptions& options, at::Generator& generator);

} // namespace csae
