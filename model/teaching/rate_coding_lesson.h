#pragma once
// The numbers of the rate-coding lesson ("From Floats to Spikes"): one image rate-coded with
// the engine's own encoder (model/data/rate_encoder), the count of each pixel, the running
// average of one pixel converging to its p, and that pixel's count over many re-draws against
// Binomial(T, p). Plain LibTorch on the CPU, a few milliseconds for 28 x 28 and T = 100; any thread.

#include "model/data/rate_encoder.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace csae {

struct RateCodingLesson {
    at::Tensor probabilities; ///< [H, W] float: p = dt [(f_on - f_off) x + f_off]
    at::Tensor spikes;        ///< [T, H, W] uint8, 0 or 1
    at::Tensor counts;        ///< [H, W] int64: spikes of each pixel over the T steps
};

/// Rate-codes `image` [H, W] (intensities in [0, 1]) for `options.steps()` steps; the same seed
/// gives the same spikes. Throws ConfigError naming the encoding.* key when an option is out of
/// range (f_on or f_off above 1/dt), and InputError when the image is not 2-d or not in [0, 1].
RateCodingLesson rate_coding_lesson(const at::Tensor& image, const RateEncoderOptions& options, std::uint64_t seed);

/// The mean of `spikes` [T] over steps 0..t, for every t: what a reader of the spikes estimates p to be.
std::vector<double> running_average(const at::Tensor& spikes);

/// P(K = k) for K ~ Binomial(n, p), k = 0..n.
std::vector<double> binomial_pmf(std::int64_t n, double p);

/// How often a pixel of spike probability `p` spiked k = 0..steps times in `redraws`
/// independent re-draws of its T = `steps` Bernoulli trials; the same seed gives the same counts.
std::vector<std::int64_t> count_histogram(double p, std::int64_t steps, std::int64_t redraws, std::uint64_t seed);

} // namespace csae
