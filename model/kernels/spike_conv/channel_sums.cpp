// spike_conv's bias gradient: the output gradient's sums per channel, and in the same pass its
// bfloat16 copy for the input gradient's products.

#include "model/kernels/spike_conv/plan.h"

#include <ATen/Parallel.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/zeros.h>

#include <algorithm>
#include <numeric>

namespace csae::spike_conv_detail {

/// Adds in[0, n) into sums[j % group] (n need not be a multiple of group; group a whole number
/// of vectors). With `out`, also writes in[0, n) rounded to bfloat16 (to nearest even, as
/// LibTorch converts; NaN stays NaN): the input gradient's operand and the bias gradient's sum
/// from one read of the gradient.
CSAE_KERNEL(void, sum_by_channel,
            (const float* __restrict in, std::uint16_t* __restrict out, std::int64_t n, std::int64_t group,
             float* __restrict sums),
            (in, out, n, group, sums))
{
    for (std::int64_t i = 0; i < n; i += group) {
        const std::int64_t count = std::min(group, n - i);
        if (!out) {
            for (std::int64_t j = 0; j < count; ++j)
                sums[j] += in[i + j];
            continue;
        }
        for (std::int64_t j = 0; j < count; ++j) {
            const float v = in[i + j];
            sums[j] += v;
            std::uint32_t bits;
            std::memcpy(&bits, &v, sizeof bits);
            const std::uint32_t rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
            out[i + j] = v != v ? std::uint16_t(0x7FC0) : static_cast<std::uint16_t>(rounded);
        }
    }
}

/// The bias gradient of a channels-last output gradient [B, C, H, W]: its sum over all but the
/// channel; with `bfloat16`, also the gradient converted to bfloat16 in the same pass. LibTorch's
/// reduction keeps a row of C values as its inner loop, which with C = 12 is not a whole number of
/// vectors; here rows of a multiple of C that is (48 for 12) are summed and folded to C at the
/// end. Each sample's sum is one fixed sequence of additions and the samples' sums are added in
/// order, so the result has the same bits on any thread count. Float32 channels-last only;
/// other gradients take LibTorch's sum (and no conversion).
std::pair<at::Tensor, at::Tensor> channel_sums(const at::Tensor& grad, bool bfloat16)
{
    if (grad.scalar_type() != at::kFloat || !grad.is_contiguous(at::MemoryFormat::ChannelsLast))
        return {bfloat16 ? grad.to(at::kBFloat16) : at::Tensor(), grad.sum({0, 2, 3})};
    const std::int64_t batch = grad.size(0), channels = grad.size(1);
    const std::int64_t per_sample = batch == 0 ? 0 : grad.numel() / batch;
    const std::int64_t group = channels * (16 / std::gcd<std::int64_t>(channels, 16));
    at::Tensor low = bfloat16
                         ? at::empty_like(grad, grad.options().dtype(at::kBFloat16), at::MemoryFormat::ChannelsLast)
                         : at::Tensor();
    std::vector<float> partial(static_cast<std::size_t>(batch * group), 0.0f);
    const float* in = grad.data_ptr<float>();
    auto* out = bfloat16 ? reinterpret_cast<std::uint16_t*>(low.data_ptr<at::BFloat16>()) : nullptr;
    at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) {
        for (std::int64_t b = first; b < last; ++b)
            sum_by_channel(in + b * per_sample, out ? out + b * per_sample : nullptr, per_sample, group,
                           partial.data() + b * group);
    });
    at::Tensor sums = at::zeros({channels}, grad.options());
    float* bias = sums.data_ptr<float>();
    for (std::int64_t b = 0; b < batch; ++b)
        for (std::int64_t j = 0; j < group; ++j)
            bias[j % channels] += partial[static_cast<std::size_t>(b * group + j)];
    return {low, sums};
}

} // namespace csae::spike_conv_detail
