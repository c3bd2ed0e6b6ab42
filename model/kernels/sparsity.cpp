#include "model/kernels/sparsity.h"

#include "model/kernels/simd_targets.h"

#include <ATen/ops/count_nonzero.h>

#include <algorithm>

namespace csae {

CSAE_KERNEL(std::int64_t, count_nonzeros, (const float* values, std::int64_t n), (values, n))
{
    std::int64_t count = 0;
    for (std::int64_t i = 0; i < n; ++i)
        count += values[i] != 0.0f;
    return count;
}

CSAE_KERNEL(std::int64_t, count_nonzeros, (const double* values, std::int64_t n), (values, n))
{
    std::int64_t count = 0;
    for (std::int64_t i = 0; i < n; ++i)
        count += values[i] != 0.0;
    return count;
}

bool sparser_than(const at::Tensor& input, double fraction)
{
    if (fraction <= 0.0 || input.numel() == 0)
        return false;
    const at::Tensor probe = input.narrow(0, 0, std::min<std::int64_t>(4, input.size(0)));
    const double limit = fraction * static_cast<double>(probe.numel());
    const bool block = probe.is_contiguous() || probe.is_contiguous(at::MemoryFormat::ChannelsLast);
    if (block && probe.scalar_type() == at::kFloat)
        return static_cast<double>(count_nonzeros(probe.data_ptr<float>(), probe.numel())) < limit;
    if (block && probe.scalar_type() == at::kDouble)
        return static_cast<double>(count_nonzeros(probe.data_ptr<double>(), probe.numel())) < limit;
    return probe.count_nonzero().item<double>() < limit;
}

} // namespace csae
