// spike_conv's dense forward for a stride-1 convolution of one input channel (conv1), which
// dense.cpp takes instead of oneDNN where it applies.

#include "model/kernels/spike_conv/plan.h"

#include <algorithm>

namespace csae::spike_conv_detail {
namespace {

/// A stride-1 convolution of a one-channel input, dense, for samples [first, last): registers
/// hold a block of consecutive output pixels for every output channel, and each kernel tap adds
/// one vector of input pixels times the tap's weight per channel. oneDNN runs this shape (conv1:
/// 1 -> 12 channels, 7 x 7) at about a third of its speed on layers with several input channels.
/// `wp` is the weight as [ky][kx][co]; the output channels-last.
template <class T, int CO, int Bytes>
__attribute__((always_inline)) inline void single_channel_body(const Plan<T>& p, std::int64_t padding, const T* wp,
                                                               const T* bias, T* out, std::int64_t first,
                                                               std::int64_t last)
{
    constexpr std::int64_t kWidth = Bytes / sizeof(T);
    typedef typename VectorOf<T, kWidth>::type Vector;
    const std::int64_t k = p.kernel;
    const std::int64_t plane_w = (p.out_width + kWidth - 1) / kWidth * kWidth + k, plane_h = p.out_height + k;
    std::vector<T> plane(static_cast<std::size_t>(plane_h * plane_w), T(0)); // margins stay zero
    alignas(64) T tile[CO][kWidth];
    for (std::int64_t b = first; b < last; ++b) {
        for (std::int64_t y = 0; y < p.height; ++y)
            for (std::int64_t x = 0; x < p.width; ++x)
                plane[(y + padding) * plane_w + x + padding] =
                    p.input[b * p.stride_b + y * p.stride_y + x * p.stride_x];
        for (std::int64_t y = 0; y < p.out_height; ++y)
            for (std::int64_t x0 = 0; x0 < p.out_width; x0 += kWidth) {
                Vector acc[CO];
                for (int c = 0; c < CO; ++c)
                    acc[c] = Vector{} + (bias ? bias[c] : T(0));
                for (std::int64_t ky = 0; ky < k; ++ky) {
                    const T* row = plane.data() + (y + ky) * plane_w + x0;
                    const T* w = wp + ky * k * CO;
                    for (std::int64_t kx = 0; kx < k; ++kx, w += CO) {
                        Vector v;
                        std::memcpy(&v, row + kx, sizeof v);
                        for (int c = 0; c < CO; ++c)
                            acc[c] += v * w[c];
                    }
                }
                std::memcpy(tile, acc, sizeof tile);
                T* target = out + ((b * p.out_height + y) * p.out_width + x0) * CO;
                for (std::int64_t i = 0; i < std::min(kWidth, p.out_width - x0); ++i)
                    for (int c = 0; c < CO; ++c)
                        target[i * CO + c] = tile[c][i];
            }
    }
}

#define CSAE_SINGLE_CHANNEL_DISPATCH(T)                                                                                \
    switch (p.out_channels) {                                                                                          \
    case 8:                                                                                                            \
        return single_channel_body<T, 8, kVectorBytes>(p, padding, wp, bias, out, first, last);                        \
    case 12:                                                                                                           \
        return single_channel_body<T, 12, kVectorBytes>(p, padding, wp, bias, out, first, last);                       \
    case 16:                                                                                                           \
        return single_channel_body<T, 16, kVectorBytes>(p, padding, wp, bias, out, first, last);                       \
    }

} // namespace

/// Whether single_channel_forward serves a convolution: one input channel, stride 1, and an
/// output channel count it is compiled for.
bool single_channel_applies(const at::Tensor& input, std::int64_t out_channels, const SpikeConvGeometry& g)
{
    return !g.transposed && g.stride == 1 && input.size(1) == 1 &&
           (out_channels == 8 || out_channels == 12 || out_channels == 16);
}

CSAE_KERNEL(void, single_channel_forward,
            (const Plan<float>& p, std::int64_t padding, const float* wp, const float* bias, float* out,
             std::int64_t first, std::int64_t last),
            (p, padding, wp, bias, out, first, last))
{
    CSAE_SINGLE_CHANNEL_DISPATCH(float)
}
CSAE_KERNEL(void, single_channel_forward,
            (const Plan<double>& p, std::int64_t padding, const double* wp, const double* bias, double* out,
             std::int64_t first, std::int64_t last),
            (p, padding, wp, bias, out, first, last))
{
    CSAE_SINGLE_CHANNEL_DISPATCH(double)
}

} // namespace csae::spike_conv_detail
