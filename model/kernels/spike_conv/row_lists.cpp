// spike_conv's output-stationary forward: every output pixel computed once, in registers.
//
// Why: the scatter (scatter.cpp) updates the output in memory once per nonzero input pixel and
// tap, and each such read-modify-write waits on the previous store to the same pixel (the
// profile's samples land on those stores; the cost per update is in docs/performance.md).

#include "model/kernels/spike_conv/plan.h"

#include <algorithm>

namespace csae::spike_conv_detail {
namespace {

/// Output-stationary forward from per-row lists: each input row of a sample is compacted once
/// (its nonzeros as positions x * C + c, in order, and where each pixel's begin), and each output
/// pixel then sums, in registers, the weights of the nonzeros in the consecutive input pixels of
/// its window in each kernel row. A first version (AVX-512) re-read and compressed every window
/// value for each output it reaches, k x k / stride^2 times; this one reads each value once per
/// sample, and measured faster at conv2's shape. For transposed convolutions (few nonzeros per
/// window) and one input channel the scatter measured faster than this, so they do not come here
/// (transposed ones now take kernel_rows.cpp where it applies). Figures: docs/performance.md.
template <class T, int Fixed, int Bytes>
__attribute__((always_inline)) inline void row_list_body(const Plan<T>& p, const OutputTaps& rows,
                                                         const WindowTables& t, const T* wt, const T* bias, T* out,
                                                         std::int64_t first, std::int64_t last)
{
    const std::int64_t channels = p.channels, width = p.width, row_values = width * channels;
    const std::int64_t tap_row = p.kernel * channels * Fixed;
    std::vector<std::int32_t> position(static_cast<std::size_t>(p.height * row_values + kCompactSlack));
    std::vector<T> value(position.size());
    std::vector<std::int32_t> pixel_begin(static_cast<std::size_t>(p.height * (width + 1)));
    std::vector<T> bias_row(Fixed, T(0));
    if (bias)
        std::copy(bias, bias + Fixed, bias_row.begin());
    for (std::int64_t b = first; b < last; ++b) {
        const T* sample = p.input + b * p.stride_b;
        std::int64_t n = 0;
        for (std::int64_t iy = 0; iy < p.height; ++iy) {
            n = compact_input_row(sample + iy * p.stride_y, width, channels, position.data(), value.data(), n,
                                  pixel_begin.data() + iy * (width + 1));
        }
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            for (std::int64_t ox = 0; ox < p.out_width; ++ox) {
                Accumulators<T, Fixed, Bytes> acc;
                acc.load(bias_row.data());
                const std::int64_t lo = t.first[ox], hi = lo + t.length[ox] / channels;
                const std::int32_t* column = t.offsets.data() + ox * t.stride - lo * channels;
                for (std::int32_t r = rows.begin[oy]; r < rows.begin[oy + 1]; ++r) {
                    const T* w = wt + rows.kernel[r] * tap_row;
                    const std::int32_t* starts = pixel_begin.data() + rows.input[r] * (width + 1);
                    for (std::int32_t e = starts[lo]; e < starts[hi]; ++e)
                        acc.add(w + column[position[e]], value[e]);
                }
                acc.store(out + ((b * p.out_height + oy) * p.out_width + ox) * Fixed);
            }
    }
}

#define CSAE_ROW_LIST_DISPATCH(T)                                                                                      \
    switch (p.out_channels) {                                                                                          \
    case 1:                                                                                                            \
        return row_list_body<T, 1, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                              \
    case 2:                                                                                                            \
        return row_list_body<T, 2, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                              \
    case 12:                                                                                                           \
        return row_list_body<T, 12, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                             \
    case 16:                                                                                                           \
        return row_list_body<T, 16, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                             \
    case 32:                                                                                                           \
        return row_list_body<T, 32, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                             \
    case 64:                                                                                                           \
        return row_list_body<T, 64, kVectorBytes>(p, rows, t, wt, bias, out, first, last);                             \
    }

} // namespace

CSAE_KERNEL(void, row_list_forward,
            (const Plan<float>& p, const OutputTaps& rows, const WindowTables& t, const float* wt, const float* bias,
             float* out, std::int64_t first, std::int64_t last),
            (p, rows, t, wt, bias, out, first, last))
{
    CSAE_ROW_LIST_DISPATCH(float)
}
CSAE_KERNEL(void, row_list_forward,
            (const Plan<double>& p, const OutputTaps& rows, const WindowTables& t, const double* wt, const double* bias,
             double* out, std::int64_t first, std::int64_t last),
            (p, rows, t, wt, bias, out, first, last))
{
    CSAE_ROW_LIST_DISPATCH(double)
}

/// Whether the row-list forward serves this call: a convolution (not transposed) with several
/// input channels, every sample's rows stored as runs of width x channels values
/// (channels-last), and an output channel count with fixed-size accumulators.
bool row_lists_apply(const at::Tensor& input, std::int64_t out_channels, const SpikeConvGeometry& g)
{
    const bool fixed = out_channels == 1 || out_channels == 2 || out_channels == 12 || out_channels == 16 ||
                       out_channels == 32 || out_channels == 64;
    return !g.transposed && input.size(1) >= 2 && fixed && input.stride(1) == 1 && input.stride(3) == input.size(1) &&
           input.stride(2) == input.size(3) * input.size(1);
}

} // namespace csae::spike_conv_detail
