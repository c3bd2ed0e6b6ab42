#include "model/teaching/rate_coding_lesson.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace csae {

RateCodingLesson rate_coding_lesson(const at::Tensor& image, const RateEncoderOptions& options, std::uint64_t seed)
{
    validate(options);
    if (image.dim() != 2 || image.numel() == 0)
        throw InputError("rate coding: the image must be [H, W], got " + std::to_string(image.dim()) + " dimensions");
    const at::Tensor x = image.to(at::kFloat);
    if (x.min().item<float>() < 0.0f || x.max().item<float>() > 1.0f || !x.isfinite().all().item<bool>())
        throw InputError("rate coding: intensities must lie in [0, 1]");
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    RateCodingLesson lesson;
    lesson.probabilities = spike_probability(x, options);
    const at::Tensor spikes = rate_encode(x.unsqueeze(0).unsqueeze(0), options, generator); // [T, 1, 1, H, W]
    lesson.spikes = spikes.select(1, 0).select(1, 0).to(at::kByte).contiguous();
    lesson.counts = lesson.spikes.to(at::kLong).sum(0);
    return lesson;
}

std::vector<double> running_average(const at::Tensor& spikes)
{
    const at::Tensor cumulative = spikes.to(at::kDouble).reshape({-1}).cumsum(0).contiguous();
    std::vector<double> averages(static_cast<std::size_t>(cumulative.numel()));
    const double* values = cumulative.data_ptr<double>();
    for (std::size_t t = 0; t < averages.size(); ++t)
        averages[t] = values[t] / static_cast<double>(t + 1);
    return averages;
}

std::vector<double> binomial_pmf(std::int64_t n, double p)
{
    std::vector<double> pmf(static_cast<std::size_t>(n + 1), 0.0);
    if (p <= 0.0) {
        pmf.front() = 1.0;
        return pmf;
    }
    if (p >= 1.0) {
        pmf.back() = 1.0;
        return pmf;
    }
    // In logs: C(n, k) p^k (1-p)^(n-k) under- and overflows for n in the hundreds.
    for (std::int64_t k = 0; k <= n; ++k)
        pmf[static_cast<std::size_t>(k)] =
            std::exp(std::lgamma(double(n) + 1.0) - std::lgamma(double(k) + 1.0) - std::lgamma(double(n - k) + 1.0) +
                     double(k) * std::log(p) + double(n - k) * std::log1p(-p));
    return pmf;
}

std::vector<std::int64_t> count_histogram(double p, std::int64_t steps, std::int64_t redraws, std::uint64_t seed)
{
    if (!(p >= 0.0 && p <= 1.0) || steps < 1 || redraws < 1)
        throw InputError("count histogram: p must lie in [0, 1], steps and redraws be at least 1");
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    // A re-draw's count is a sum of T Bernoulli(p) trials: one binomial draw each, T times cheaper.
    const at::Tensor counts =
        at::binomial(at::full({redraws}, double(steps), at::kDouble), at::full({redraws}, p, at::kDouble), generator)
            .to(at::kLong);
    const at::Tensor histogram = at::bincount(counts, {}, steps + 1).contiguous();
    return std::vector<std::int64_t>(histogram.data_ptr<std::int64_t>(),
                                     histogram.data_ptr<std::int64_t>() + histogram.numel());
}

} // namespace csae
