// spike_conv's forward scatter: each nonzero input pixel adds its weight columns into every
// output it reaches. Serves every sparse forward that the row lists and the kernel rows do not
// take (one input channel, other output channel counts, inputs not channels-last, wide
// transposed kernel rows).

#include "model/kernels/spike_conv/plan.h"

namespace csae::spike_conv_detail {
namespace {

/// Forward scatter for samples [first, last): out[b, o] += w[k, c] * in[b, c, i] per nonzero input.
/// A pixel's nonzero channels are summed in registers and the output read and written once per
/// tap: adding them one by one into memory chained each addition to the previous one's store.
template <class T, int Fixed, int Bytes>
__attribute__((always_inline)) inline void scatter_body(const Plan<T>& p, const T* wt, T* out, std::int64_t first,
                                                        std::int64_t last)
{
    const std::int64_t co = Fixed > 0 ? Fixed : p.out_channels, channel_stride = p.kernel * p.kernel * co;
    for_each_spike_tap(
        p, first, last,
        [&](std::int64_t pixel, std::int64_t tap, const std::int32_t* channel, const T* value, std::int64_t count)
            __attribute__((always_inline)) {
                if constexpr (Fixed > 0) {
                    Accumulators<T, Fixed, Bytes> acc;
                    acc.load(out + pixel);
                    for (std::int64_t n = 0; n < count; ++n)
                        acc.add(wt + tap + channel[n] * channel_stride, value[n]);
                    acc.store(out + pixel);
                } else {
                    for (std::int64_t n = 0; n < count; ++n)
                        add_scaled<T, 0>(out + pixel, wt + tap + channel[n] * channel_stride, value[n], co);
                }
            });
}

} // namespace

CSAE_KERNEL(void, scatter, (const Plan<float>& p, const float* wt, float* out, std::int64_t first, std::int64_t last),
            (p, wt, out, first, last))
{
    CSAE_CHANNEL_DISPATCH(scatter_body, float, p, wt, out, first, last)
}
CSAE_KERNEL(void, scatter,
            (const Plan<double>& p, const double* wt, double* out, std::int64_t first, std::int64_t last),
            (p, wt, out, first, last))
{
    CSAE_CHANNEL_DISPATCH(scatter_body, double, p, wt, out, first, last)
}

} // namespace csae::spike_conv_detail
