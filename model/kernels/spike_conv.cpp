#include "model/kernels/spike_conv.h"

#include "model/kernels/simd_targets.h"
#include "model/kernels/sparsity.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

namespace csae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// Which output row (or column) and kernel row each input row feeds: input coordinate i
/// contributes through kernel index k to output coordinate o.
struct Taps {
    std::vector<std::int32_t> begin;   ///< per input coordinate, into kernel/output; size in + 1
    std::vector<std::int32_t> kernel;
    std::vector<std::int32_t> output;
};

Taps taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g)
{
    Taps taps;
    taps.begin.push_back(0);
    for (std::int64_t i = 0; i < in; ++i) {
        for (std::int64_t kk = 0; kk < k; ++kk) {
            std::int64_t o = 0;
            if (g.transposed) {
                o = i * g.stride + kk - g.padding;  // out[o] += w[kk] * in[i]
            } else {
                const std::int64_t shifted = i + g.padding - kk;  // in[o * stride + kk - padding]
                if (shifted < 0 || shifted % g.stride != 0)
                    continue;
                o = shifted / g.stride;
            }
            if (o < 0 || o >= out)
                continue;
            taps.kernel.push_back(static_cast<std::int32_t>(kk));
            taps.output.push_back(static_cast<std::int32_t>(o));
        }
        taps.begin.push_back(static_cast<std::int32_t>(taps.kernel.size()));
    }
    return taps;
}

/// Everything the kernels read, for one call. Input is read through its strides; output,
/// output gradient and the packed weight are dense: out[b][y][x][co], wt[ci][ky][kx][co] (one
/// input channel's taps contiguous: a spike reads one block of weights in order).
template <class T>
struct Plan {
    const T* input;
    std::int64_t stride_b, stride_c, stride_y, stride_x;
    std::int64_t channels, height, width;
    std::int64_t out_channels, out_height, out_width, kernel;
    const Taps* rows;
    const Taps* cols;
};

/// Collects the nonzero channels of input pixel (b, y, x); returns how many.
template <class T>
inline std::int64_t nonzeros_at(const Plan<T>& p, std::int64_t b, std::int64_t y, std::int64_t x,
                                std::int32_t* channel, T* value)
{
    const T* pixel = p.input + b * p.stride_b + y * p.stride_y + x * p.stride_x;
    // Branch-free compaction: at the spikes' 5-15 % density a branch per channel mispredicts
    // often enough to cost as much as the additions it guards.
    std::int64_t count = 0;
    for (std::int64_t c = 0; c < p.channels; ++c) {
        const T v = pixel[c * p.stride_c];
        channel[count] = static_cast<std::int32_t>(c);
        value[count] = v;
        count += v != T(0);
    }
    return count;
}

/// Calls visit(pixel, tap, channel, value, count) for every nonzero input pixel of samples
/// [first, last) and every kernel tap it reaches: `pixel` is the offset of the output pixel
/// ((b * H' + y') * W' + x') * out_channels, `tap` the offset of the tap's weights in the packed
/// weight (ky * k + kx) * out_channels, and channel/value list the pixel's count nonzero channels.
template <class T, class Visit>
__attribute__((always_inline)) inline void for_each_spike_tap(const Plan<T>& p, std::int64_t first, std::int64_t last,
                                                              Visit&& visit)
{
    const std::int64_t co = p.out_channels;
    std::vector<std::int32_t> channel(static_cast<std::size_t>(p.channels));
    std::vector<T> value(static_cast<std::size_t>(p.channels));
    for (std::int64_t b = first; b < last; ++b)
        for (std::int64_t y = 0; y < p.height; ++y)
            for (std::int64_t x = 0; x < p.width; ++x) {
                const std::int64_t count = nonzeros_at(p, b, y, x, channel.data(), value.data());
                if (count == 0)
                    continue;
                for (std::int32_t r = p.rows->begin[y]; r < p.rows->begin[y + 1]; ++r) {
                    const std::int64_t row = (b * p.out_height + p.rows->output[r]) * p.out_width;
                    const std::int64_t ky = p.rows->kernel[r];
                    for (std::int32_t s = p.cols->begin[x]; s < p.cols->begin[x + 1]; ++s)
                        visit((row + p.cols->output[s]) * co, (ky * p.kernel + p.cols->kernel[s]) * co, channel.data(),
                              value.data(), count);
                }
            }
}

// The visitors are forced inline: a lambda's body is a function of its own, which would otherwise
// be compiled for the baseline target rather than for the kernel's clone.

/// N values of T as a chain of vectors, widest first (12 floats: 8 + 4), held by value so that
/// GCC keeps them in registers.
template <class T, int N>
struct Accumulators {
    static constexpr int kWide = 64 / sizeof(T);
    static constexpr int kBlock = N >= kWide ? kWide : N >= 8 ? 8 : N >= 4 ? 4 : N >= 2 ? 2 : 1;
    typedef typename VectorOf<T, kBlock>::type Vector;
    Vector head;
    Accumulators<T, N - kBlock> tail;

    __attribute__((always_inline)) void load(const T* p)
    {
        std::memcpy(&head, p, sizeof head);
        tail.load(p + kBlock);
    }
    __attribute__((always_inline)) void store(T* p) const
    {
        std::memcpy(p, &head, sizeof head);
        tail.store(p + kBlock);
    }
    /// this += v * w[0..N)
    __attribute__((always_inline)) void add(const T* w, T v)
    {
        Vector x;
        std::memcpy(&x, w, sizeof x);
        head += x * v;
        tail.add(w + kBlock, v);
    }
};
template <class T>
struct Accumulators<T, 0> {
    void load(const T*) {}
    void store(T*) const {}
    void add(const T*, T) {}
};

/// Forward scatter for samples [first, last): out[b, o] += w[k, c] * in[b, c, i] per nonzero input.
/// A pixel's nonzero channels are summed in registers and the output read and written once per
/// tap: adding them one by one into memory chained each addition to the previous one's store.
template <class T, int Fixed>
__attribute__((always_inline)) inline void scatter_body(const Plan<T>& p, const T* wt, T* out, std::int64_t first,
                                                        std::int64_t last)
{
    const std::int64_t co = Fixed > 0 ? Fixed : p.out_channels, channel_stride = p.kernel * p.kernel * co;
    for_each_spike_tap(p, first, last,
                       [&](std::int64_t pixel, std::int64_t tap, const std::int32_t* channel, const T* value,
                           std::int64_t count) __attribute__((always_inline)) {
                           if constexpr (Fixed > 0) {
                               Accumulators<T, Fixed> acc;
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

// One dispatch on the output channel count, compiled for each of CSAE_KERNEL_TARGETS.
#define CSAE_CHANNEL_DISPATCH(BODY, T, p, a, b, first, last)                                                          \
    switch (p.out_channels) {                                                                                          \
    case 1: return BODY<T, 1>(p, a, b, first, last);                                                                   \
    case 12: return BODY<T, 12>(p, a, b, first, last);                                                                 \
    case 16: return BODY<T, 16>(p, a, b, first, last);                                                                 \
    case 32: return BODY<T, 32>(p, a, b, first, last);                                                                 \
    case 64: return BODY<T, 64>(p, a, b, first, last);                                                                 \
    default: return BODY<T, 0>(p, a, b, first, last);                                                                  \
    }

CSAE_KERNEL_TARGETS void scatter(const Plan<float>& p, const float* wt, float* out, std::int64_t first, std::int64_t last)
{
    CSAE_CHANNEL_DISPATCH(scatter_body, float, p, wt, out, first, last)
}
CSAE_KERNEL_TARGETS void scatter(const Plan<double>& p, const double* wt, double* out, std::int64_t first,
                                 std::int64_t last)
{
    CSAE_CHANNEL_DISPATCH(scatter_body, double, p, wt, out, first, last)
}

/// Appends the nonzeros of one channels-last input row (width x channels values) to
/// position/value from index `begin` on, as positions x * channels + c in order, and sets
/// pixel_begin[x] (x <= width) to the index of pixel x's first entry; returns the new end.
/// position/value need kCompactSlack entries of room past the end.
template <class T>
__attribute__((always_inline)) inline std::int64_t compact_input_row(const T* row, std::int64_t width,
                                                                     std::int64_t channels, std::int32_t* position,
                                                                     T* value, std::int64_t begin,
                                                                     std::int32_t* pixel_begin)
{
    const std::int64_t end = begin + compact_row(row, width * channels, position + begin, value + begin);
    std::int64_t e = begin;
    for (std::int64_t x = 0; x < width; ++x) {
        while (e < end && position[e] < x * channels)
            ++e;
        pixel_begin[x] = static_cast<std::int32_t>(e);
    }
    pixel_begin[width] = static_cast<std::int32_t>(end);
    return end;
}

/// Transposed-convolution forward by kernel rows: a nonzero input pixel (iy, ix) adds, for each
/// kernel row ky, one contiguous run of k x out values to output row iy s + ky - p from pixel
/// ix s - p on (channels-last, the k output pixels its kernel columns reach are consecutive), the
/// sum over its nonzero channels c of value x w[c][ky][...] formed in registers first. That is
/// k read-modify-writes of a run per pixel where the scatter does k x k of out values each. Rows
/// go through a per-sample plane with k pixels of margin left and right (clipped columns land
/// there and are dropped) and room for the last run's vector rounding (`wr` rows are padded with
/// zeros to V vectors); within a row the pixels are taken even ones first, so that at deconv1's
/// shape (stride 2, 12 output channels: runs 48 values apart) consecutive runs sit whole vectors
/// apart and each load finds the previous store at the same address. Any order gives the same
/// sums.
template <class T, int V>
__attribute__((always_inline)) inline void transposed_rows_body(const Plan<T>& p, std::int64_t stride,
                                                                std::int64_t padding, const T* wr, const T* bias,
                                                                T* out, std::int64_t first, std::int64_t last)
{
    constexpr std::int64_t kWidth = 64 / sizeof(T);
    typedef typename VectorOf<T, kWidth>::type Vector;
    const std::int64_t k = p.kernel, co = p.out_channels, channels = p.channels, row_values = p.width * channels;
    const std::int64_t plane_w = p.out_width + 2 * k + (V * kWidth + co - 1) / co;
    std::vector<T> plane(static_cast<std::size_t>(p.out_height * plane_w * co));
    std::vector<std::int32_t> position(static_cast<std::size_t>(row_values + kCompactSlack));
    std::vector<T> value(position.size());
    std::vector<std::int32_t> pixel_begin(static_cast<std::size_t>(p.width + 1));
    for (std::int64_t b = first; b < last; ++b) {
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            for (std::int64_t ox = 0; ox < p.out_width; ++ox)
                for (std::int64_t o = 0; o < co; ++o)
                    plane[((oy * plane_w) + ox + k) * co + o] = bias ? bias[o] : T(0);
        for (std::int64_t iy = 0; iy < p.height; ++iy) {
            compact_input_row(p.input + b * p.stride_b + iy * p.stride_y, p.width, channels, position.data(),
                              value.data(), 0, pixel_begin.data());
            for (std::int64_t parity = 0; parity < 2; ++parity)
                for (std::int64_t ix = parity; ix < p.width; ix += 2) {
                    const std::int32_t begin = pixel_begin[ix], end = pixel_begin[ix + 1];
                    if (begin == end)
                        continue;
                    for (std::int64_t ky = 0; ky < k; ++ky) {
                        const std::int64_t oy = iy * stride + ky - padding;
                        if (oy < 0 || oy >= p.out_height)
                            continue;
                        Vector acc[V];
                        for (int v = 0; v < V; ++v)
                            acc[v] = Vector{};
                        for (std::int32_t i = begin; i < end; ++i) {
                            const T* w = wr + ((position[i] - ix * channels) * k + ky) * V * kWidth;
                            const T x = value[i];
                            for (int v = 0; v < V; ++v) {
                                Vector wv;
                                std::memcpy(&wv, w + v * kWidth, sizeof wv);
                                acc[v] += x * wv;
                            }
                        }
                        T* run = plane.data() + (oy * plane_w + ix * stride - padding + k) * co;
                        for (int v = 0; v < V; ++v) {
                            Vector o;
                            std::memcpy(&o, run + v * kWidth, sizeof o);
                            o += acc[v];
                            std::memcpy(run + v * kWidth, &o, sizeof o);
                        }
                    }
                }
        }
        T* target = out + b * p.out_height * p.out_width * co;
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            std::memcpy(target + oy * p.out_width * co, plane.data() + (oy * plane_w + k) * co,
                        static_cast<std::size_t>(p.out_width * co) * sizeof(T));
    }
}

#define CSAE_TRANSPOSED_ROWS_DISPATCH(T)                                                                               \
    switch (vectors) {                                                                                                 \
    case 1: return transposed_rows_body<T, 1>(p, stride, padding, wr, bias, out, first, last);                        \
    case 2: return transposed_rows_body<T, 2>(p, stride, padding, wr, bias, out, first, last);                        \
    case 3: return transposed_rows_body<T, 3>(p, stride, padding, wr, bias, out, first, last);                        \
    case 4: return transposed_rows_body<T, 4>(p, stride, padding, wr, bias, out, first, last);                        \
    case 5: return transposed_rows_body<T, 5>(p, stride, padding, wr, bias, out, first, last);                        \
    case 6: return transposed_rows_body<T, 6>(p, stride, padding, wr, bias, out, first, last);                        \
    case 7: return transposed_rows_body<T, 7>(p, stride, padding, wr, bias, out, first, last);                        \
    case 8: return transposed_rows_body<T, 8>(p, stride, padding, wr, bias, out, first, last);                        \
    }

/// The most vectors per padded kernel row that transposed_rows serves; wider rows take the scatter.
constexpr std::int64_t kTransposedRowsMaxVectors = 8;

CSAE_KERNEL_TARGETS void transposed_rows(const Plan<float>& p, std::int64_t vectors, std::int64_t stride,
                                         std::int64_t padding, const float* wr, const float* bias, float* out,
                                         std::int64_t first, std::int64_t last)
{
    CSAE_TRANSPOSED_ROWS_DISPATCH(float)
}
CSAE_KERNEL_TARGETS void transposed_rows(const Plan<double>& p, std::int64_t vectors, std::int64_t stride,
                                         std::int64_t padding, const double* wr, const double* bias, double* out,
                                         std::int64_t first, std::int64_t last)
{
    CSAE_TRANSPOSED_ROWS_DISPATCH(double)
}

// Output-stationary forward: every output pixel computed once, in registers.
//
// Why: the scatter above updates the output in memory once per nonzero input pixel and tap,
// and each such read-modify-write waits on the previous store to the same pixel (the profile's
// samples land on those stores; about 20 cycles per update, estimated from the time per call
// at ~3 GHz, against ~4 for the loads and adds alone).

/// For each output coordinate (row or column), the kernel indices and input coordinates that
/// reach it: output o sums kernel[j] times input[j] for j in [begin[o], begin[o + 1]).
struct OutputTaps {
    std::vector<std::int32_t> begin;  ///< size out + 1
    std::vector<std::int32_t> kernel;
    std::vector<std::int32_t> input;
};

/// The inverse of taps_of: the same (input, kernel, output) triples listed by output.
OutputTaps output_taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g)
{
    const Taps by_input = taps_of(in, out, k, g);
    std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> lists(static_cast<std::size_t>(out));
    for (std::int64_t i = 0; i < in; ++i)
        for (std::int32_t j = by_input.begin[i]; j < by_input.begin[i + 1]; ++j)
            lists[static_cast<std::size_t>(by_input.output[j])].emplace_back(by_input.kernel[j], static_cast<std::int32_t>(i));
    OutputTaps taps;
    taps.begin.push_back(0);
    for (const auto& list : lists) {
        for (const auto& [kernel, input] : list) {
            taps.kernel.push_back(kernel);
            taps.input.push_back(input);
        }
        taps.begin.push_back(static_cast<std::int32_t>(taps.kernel.size()));
    }
    return taps;
}

/// Per output column: the first input pixel of its window, the window's length in values
/// (pixels x channels) and, per window value, its packed-weight offset within a kernel row,
/// (kx * in + c) * out. The input pixels that reach one output column are consecutive for any
/// stride (dilation 1), each through a single kernel column.
struct WindowTables {
    std::vector<std::int32_t> first, length, offsets;
    std::int64_t stride = 0;  ///< offsets per column, a multiple of 16
};

WindowTables window_tables(const OutputTaps& cols, std::int64_t out_w, std::int64_t channels, std::int64_t out_channels)
{
    WindowTables t;
    std::int64_t widest = 0;
    for (std::int64_t o = 0; o < out_w; ++o)
        widest = std::max<std::int64_t>(widest, cols.begin[o + 1] - cols.begin[o]);
    t.stride = (widest * channels + 15) / 16 * 16;
    t.offsets.assign(static_cast<std::size_t>(out_w * t.stride), 0);
    for (std::int64_t o = 0; o < out_w; ++o) {
        std::int32_t lowest = std::numeric_limits<std::int32_t>::max();
        for (std::int32_t j = cols.begin[o]; j < cols.begin[o + 1]; ++j)
            lowest = std::min(lowest, cols.input[j]);
        const std::int32_t pixels = cols.begin[o + 1] - cols.begin[o];
        t.first.push_back(pixels > 0 ? lowest : 0);
        t.length.push_back(static_cast<std::int32_t>(pixels * channels));
        for (std::int32_t j = cols.begin[o]; j < cols.begin[o + 1]; ++j) {
            const std::int64_t q = cols.input[j] - lowest;
            TORCH_INTERNAL_ASSERT(q >= 0 && q < pixels, "spike_conv: a window's input pixels are not consecutive");
            for (std::int64_t c = 0; c < channels; ++c)
                t.offsets[static_cast<std::size_t>(o * t.stride + q * channels + c)] =
                    static_cast<std::int32_t>((cols.kernel[j] * channels + c) * out_channels);
        }
    }
    return t;
}

/// Output-stationary forward from per-row lists: each input row of a sample is compacted once
/// (its nonzeros as positions x * C + c, in order, and where each pixel's begin), and each output
/// pixel then sums, in registers, the weights of the nonzeros in the consecutive input pixels of
/// its window in each kernel row. A first version (AVX-512) re-read and compressed every window
/// value for each output it reaches, k x k / stride^2 times; this one reads each value once
/// per sample (SpikeConvSparse conv2 at 3 / 6 / 10 %: 53 / 56-59 / 64-67 -> 38-41 / 47-50 /
/// 59-60 ms, forward + weight gradient). For transposed convolutions (few nonzeros per window)
/// and one input channel the scatter measured faster (deconv1 51 / 70-75 / 94-96 against 62 /
/// 81-83 / 102-105 ms, conv1 16 / 19 / 24 against 24 / 34 / 48 ms), so they keep it.
template <class T, int Fixed>
__attribute__((always_inline)) inline void row_list_body(const Plan<T>& p, const OutputTaps& rows, const WindowTables& t,
                                                         const T* wt, const T* bias, T* out, std::int64_t first,
                                                         std::int64_t last)
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
                Accumulators<T, Fixed> acc;
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
    case 1: return row_list_body<T, 1>(p, rows, t, wt, bias, out, first, last);                                        \
    case 2: return row_list_body<T, 2>(p, rows, t, wt, bias, out, first, last);                                        \
    case 12: return row_list_body<T, 12>(p, rows, t, wt, bias, out, first, last);                                      \
    case 16: return row_list_body<T, 16>(p, rows, t, wt, bias, out, first, last);                                      \
    case 32: return row_list_body<T, 32>(p, rows, t, wt, bias, out, first, last);                                      \
    case 64: return row_list_body<T, 64>(p, rows, t, wt, bias, out, first, last);                                      \
    }

CSAE_KERNEL_TARGETS void row_list_forward(const Plan<float>& p, const OutputTaps& rows, const WindowTables& t,
                                          const float* wt, const float* bias, float* out, std::int64_t first,
                                          std::int64_t last)
{
    CSAE_ROW_LIST_DISPATCH(float)
}
CSAE_KERNEL_TARGETS void row_list_forward(const Plan<double>& p, const OutputTaps& rows, const WindowTables& t,
                                          const double* wt, const double* bias, double* out, std::int64_t first,
                                          std::int64_t last)
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

/// The event-driven weight gradient, tap by tap: gw[ky][kx][c][:] (the window layout) gathers
/// value * grad[o][:] over the nonzero inputs of channel c, o being the output each reaches
/// through (ky, kx). Accumulators in registers, one load and store of gw per tap, channel and
/// sample; no read-modify-write per spike.
///
/// The output an input reaches is a constant offset from it within a class of inputs: for a
/// convolution with stride s, input row iy reaches output row (iy + p - ky) / s only when
/// ky = iy + p (mod s), and then (iy + p - r) / s - (ky - r) / s with r = (iy + p) mod s; for a
/// transposed convolution always, at iy s + ky - p. So the nonzero inputs are listed per channel
/// and remainder class, each as its offset in a zero-margined copy of the output gradient, and a
/// tap adds one offset to every entry of its class: no bounds checks, no branches per spike.
template <class T>
struct TapGradient {
    std::int64_t classes, capacity, margin, plane_h, plane_w, stride, padding;
    bool transposed;
    std::vector<std::int32_t> offset;  ///< [c][class][capacity]
    std::vector<T> value;
    std::vector<std::int32_t> count;   ///< [c][class]
    std::vector<T> plane;              ///< the output gradient of one sample, zero-margined: [plane_h][plane_w][co]
    /// For a sample stored as one run of height x width x channels values (channels-last): per
    /// position in that run, its list (c * classes + class) and plane offset, so that the
    /// listing visits only the nonzeros the compaction finds instead of every value (the
    /// per-value listing cost more than the products at 5-10 % density).
    bool flat;
    std::vector<std::int32_t> entry_list, entry_position, found;
    std::vector<T> found_value;

    TapGradient(const Plan<T>& p, const SpikeConvGeometry& g)
        : classes(g.transposed ? 1 : g.stride * g.stride),
          capacity(g.transposed ? p.height * p.width
                                : ((p.height + g.stride - 1) / g.stride) * ((p.width + g.stride - 1) / g.stride)),
          margin(p.kernel + 1), plane_h(p.out_height + 2 * margin), plane_w(p.out_width + 2 * margin),
          stride(g.stride), padding(g.padding), transposed(g.transposed),
          offset(static_cast<std::size_t>(p.channels * classes * capacity)),
          value(offset.size()),
          count(static_cast<std::size_t>(p.channels * classes)),
          plane(static_cast<std::size_t>(plane_h * plane_w * p.out_channels), T(0)),
          flat(p.stride_c == 1 && p.stride_x == p.channels && p.stride_y == p.width * p.channels)
    {
        if (!flat)
            return;
        const std::int64_t values = p.height * p.width * p.channels;
        entry_list.resize(static_cast<std::size_t>(values));
        entry_position.resize(static_cast<std::size_t>(values));
        found.resize(static_cast<std::size_t>(values + kCompactSlack));
        found_value.resize(found.size());
        for (std::int64_t iy = 0; iy < p.height; ++iy)
            for (std::int64_t ix = 0; ix < p.width; ++ix) {
                const auto [cls, position] = class_and_position(iy, ix);
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const std::int64_t i = (iy * p.width + ix) * p.channels + c;
                    entry_list[i] = static_cast<std::int32_t>(c * classes + cls);
                    entry_position[i] = position;
                }
            }
    }

    /// The remainder class of input pixel (iy, ix) and the plane position its class's taps start from.
    std::pair<std::int64_t, std::int32_t> class_and_position(std::int64_t iy, std::int64_t ix) const
    {
        std::int64_t cls = 0, row = 0, col = 0;
        if (transposed) {
            row = iy * stride + margin;
            col = ix * stride + margin;
        } else {
            const std::int64_t ry = (iy + padding) % stride, rx = (ix + padding) % stride;
            cls = ry * stride + rx;
            row = (iy + padding - ry) / stride + margin;
            col = (ix + padding - rx) / stride + margin;
        }
        return {cls, static_cast<std::int32_t>(row * plane_w + col)};
    }

    /// Lists sample b's nonzero inputs and copies its output gradient into the plane.
    __attribute__((always_inline)) void load_sample(const Plan<T>& p, const T* grad, std::int64_t b)
    {
        std::fill(count.begin(), count.end(), 0);
        if (flat) {
            const std::int64_t n = compact_row(p.input + b * p.stride_b, p.height * p.width * p.channels, found.data(),
                                               found_value.data());
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int32_t list = entry_list[found[i]];
                const std::int32_t k = count[list]++;
                offset[list * capacity + k] = entry_position[found[i]];
                value[list * capacity + k] = found_value[i];
            }
        }
        for (std::int64_t iy = 0; !flat && iy < p.height; ++iy)
            for (std::int64_t ix = 0; ix < p.width; ++ix) {
                const auto [cls, position] = class_and_position(iy, ix);
                const T* pixel = p.input + b * p.stride_b + iy * p.stride_y + ix * p.stride_x;
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const T v = pixel[c * p.stride_c];
                    const std::int64_t list = c * classes + cls;
                    const std::int32_t n = count[list];
                    // Written always, kept only when nonzero: no branch to mispredict.
                    offset[list * capacity + n] = position;
                    value[list * capacity + n] = v;
                    count[list] = n + (v != T(0));
                }
            }
        const T* source = grad + b * p.out_height * p.out_width * p.out_channels;
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            std::copy(source + oy * p.out_width * p.out_channels, source + (oy + 1) * p.out_width * p.out_channels,
                      plane.data() + ((oy + margin) * plane_w + margin) * p.out_channels);
    }

    /// The remainder class and plane offset (in pixels) of tap (ky, kx).
    std::pair<std::int64_t, std::int64_t> tap(std::int64_t ky, std::int64_t kx) const
    {
        if (transposed)
            return {0, (ky - padding) * plane_w + (kx - padding)};
        const std::int64_t ry = ky % stride, rx = kx % stride;
        return {ry * stride + rx, -(((ky - ry) / stride) * plane_w + (kx - rx) / stride)};
    }
};

/// Adds the weight gradient of each chunk of kWeightGradientChunk samples in [first, last) of a
/// batch of `batch` to its own partial sum parts[chunk] ([ky][kx][c][co]); one work space for all.
template <class T, int Fixed>
__attribute__((always_inline)) inline void tap_gradient_body(const Plan<T>& p, const SpikeConvGeometry& g,
                                                             const T* grad, T* parts, std::int64_t batch,
                                                             std::int64_t first, std::int64_t last)
{
    const std::int64_t co = Fixed > 0 ? Fixed : p.out_channels, part_size = p.kernel * p.kernel * p.channels * co;
    TapGradient<T> lists(p, g);
    for (std::int64_t b = first * kWeightGradientChunk; b < std::min(batch, last * kWeightGradientChunk); ++b) {
        T* gw = parts + (b / kWeightGradientChunk) * part_size;
        lists.load_sample(p, grad, b);
        for (std::int64_t ky = 0; ky < p.kernel; ++ky)
            for (std::int64_t kx = 0; kx < p.kernel; ++kx) {
                const auto [cls, shift] = lists.tap(ky, kx);
                const T* plane = lists.plane.data() + shift * co;
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const std::int64_t list = c * lists.classes + cls;
                    const std::int32_t* offsets = lists.offset.data() + list * lists.capacity;
                    const T* values = lists.value.data() + list * lists.capacity;
                    const std::int32_t n = lists.count[list];
                    T* target = gw + ((ky * p.kernel + kx) * p.channels + c) * co;
                    if constexpr (Fixed > 0) {
                        Accumulators<T, Fixed> acc;
                        acc.load(target);
                        for (std::int32_t i = 0; i < n; ++i)
                            acc.add(plane + offsets[i] * Fixed, values[i]);
                        acc.store(target);
                    } else {
                        for (std::int32_t i = 0; i < n; ++i)
                            add_scaled<T, 0>(target, plane + offsets[i] * co, values[i], co);
                    }
                }
            }
    }
}

#define CSAE_TAP_DISPATCH(T)                                                                                           \
    switch (p.out_channels) {                                                                                          \
    case 1: return tap_gradient_body<T, 1>(p, g, grad, parts, batch, first, last);                                     \
    case 2: return tap_gradient_body<T, 2>(p, g, grad, parts, batch, first, last);                                     \
    case 12: return tap_gradient_body<T, 12>(p, g, grad, parts, batch, first, last);                                   \
    case 16: return tap_gradient_body<T, 16>(p, g, grad, parts, batch, first, last);                                   \
    case 32: return tap_gradient_body<T, 32>(p, g, grad, parts, batch, first, last);                                   \
    case 64: return tap_gradient_body<T, 64>(p, g, grad, parts, batch, first, last);                                   \
    default: return tap_gradient_body<T, 0>(p, g, grad, parts, batch, first, last);                                    \
    }

CSAE_KERNEL_TARGETS void tap_weight_grad(const Plan<float>& p, const SpikeConvGeometry& g, const float* grad,
                                         float* parts, std::int64_t batch, std::int64_t first, std::int64_t last)
{
    CSAE_TAP_DISPATCH(float)
}
CSAE_KERNEL_TARGETS void tap_weight_grad(const Plan<double>& p, const SpikeConvGeometry& g, const double* grad,
                                         double* parts, std::int64_t batch, std::int64_t first, std::int64_t last)
{
    CSAE_TAP_DISPATCH(double)
}

/// The weight as wt[ky][kx][in][out], contiguous (the window kernels' and tap gradient's layout).
at::Tensor window_weight(const at::Tensor& weight, bool transposed)
{
    return (transposed ? weight.permute({2, 3, 0, 1}) : weight.permute({2, 3, 1, 0})).contiguous();
}

std::int64_t output_extent(std::int64_t in, std::int64_t k, const SpikeConvGeometry& g, std::int64_t output_padding)
{
    return g.transposed ? (in - 1) * g.stride - 2 * g.padding + k + output_padding
                        : (in + 2 * g.padding - k) / g.stride + 1;
}

/// The weight as wt[in][ky][kx][out], contiguous.
at::Tensor packed_weight(const at::Tensor& weight, bool transposed)
{
    return (transposed ? weight.permute({0, 2, 3, 1}) : weight.permute({1, 2, 3, 0})).contiguous();
}

/// `x` channels-last, with strides that say so. With one channel both layouts are contiguous and
/// contiguous(ChannelsLast) keeps the plain strides; oneDNN then picks the plain layout for the
/// output, which the next layer and the LIF kernels would have to copy (conv1 forward, 25 steps:
/// 13-15 ms with that copy, 9.3 ms without).
at::Tensor channels_last_strided(const at::Tensor& x)
{
    at::Tensor y = x.contiguous(at::MemoryFormat::ChannelsLast);
    if (y.size(1) == 1)
        y = y.as_strided(y.sizes(), {y.size(2) * y.size(3), 1, y.size(3), 1});
    return y;
}

/// A stride-1 convolution of a one-channel input, dense, for samples [first, last): registers
/// hold a block of consecutive output pixels for every output channel, and each kernel tap adds
/// one vector of input pixels times the tap's weight per channel. oneDNN runs this shape (conv1:
/// 1 -> 12 channels, 7 x 7) at about a third of its speed on layers with several input channels.
/// `wp` is the weight as [ky][kx][co]; the output channels-last.
template <class T, int CO>
__attribute__((always_inline)) inline void single_channel_body(const Plan<T>& p, std::int64_t padding, const T* wp,
                                                               const T* bias, T* out, std::int64_t first,
                                                               std::int64_t last)
{
    constexpr std::int64_t kWidth = 64 / sizeof(T);
    typedef typename VectorOf<T, kWidth>::type Vector;
    const std::int64_t k = p.kernel;
    const std::int64_t plane_w = (p.out_width + kWidth - 1) / kWidth * kWidth + k, plane_h = p.out_height + k;
    std::vector<T> plane(static_cast<std::size_t>(plane_h * plane_w), T(0));  // margins stay zero
    alignas(64) T tile[CO][kWidth];
    for (std::int64_t b = first; b < last; ++b) {
        for (std::int64_t y = 0; y < p.height; ++y)
            for (std::int64_t x = 0; x < p.width; ++x)
                plane[(y + padding) * plane_w + x + padding] = p.input[b * p.stride_b + y * p.stride_y + x * p.stride_x];
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
    case 8: return single_channel_body<T, 8>(p, padding, wp, bias, out, first, last);                                 \
    case 12: return single_channel_body<T, 12>(p, padding, wp, bias, out, first, last);                               \
    case 16: return single_channel_body<T, 16>(p, padding, wp, bias, out, first, last);                               \
    }

/// Whether single_channel_forward serves a convolution: one input channel, stride 1, and an
/// output channel count it is compiled for.
bool single_channel_applies(const at::Tensor& input, std::int64_t out_channels, const SpikeConvGeometry& g)
{
    return !g.transposed && g.stride == 1 && input.size(1) == 1 &&
           (out_channels == 8 || out_channels == 12 || out_channels == 16);
}

CSAE_KERNEL_TARGETS void single_channel_forward(const Plan<float>& p, std::int64_t padding, const float* wp,
                                                const float* bias, float* out, std::int64_t first, std::int64_t last)
{
    CSAE_SINGLE_CHANNEL_DISPATCH(float)
}
CSAE_KERNEL_TARGETS void single_channel_forward(const Plan<double>& p, std::int64_t padding, const double* wp,
                                                const double* bias, double* out, std::int64_t first,
                                                std::int64_t last)
{
    CSAE_SINGLE_CHANNEL_DISPATCH(double)
}

/// The dense convolution (oneDNN), everything channels-last so that it converts nothing.
at::Tensor dense_forward(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         const SpikeConvGeometry& g, std::int64_t out_h, std::int64_t out_w)
{
    const std::int64_t out_channels = g.transposed ? weight.size(1) : weight.size(0);
    // conv1's forward + oneDNN weight gradient, 25 steps: 19.1-19.9 ms with oneDNN's forward,
    // 15.8-16.2 ms with this one (alternating runs).
    if (single_channel_applies(input, out_channels, g)) {
        const std::int64_t k = weight.size(2);
        at::Tensor output = at::empty({input.size(0), out_channels, out_h, out_w}, input.options(),
                                      at::MemoryFormat::ChannelsLast);
        const at::Tensor wp = weight.permute({2, 3, 1, 0}).contiguous();  // [ky][kx][1][co]
        const at::Tensor b = bias.defined() ? bias.contiguous() : at::Tensor();
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_single_channel", [&] {
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                      input.stride(3), 1, input.size(2), input.size(3), out_channels, out_h, out_w, k,
                                      nullptr, nullptr};
            const scalar_t* bd = b.defined() ? b.data_ptr<scalar_t>() : nullptr;
            at::parallel_for(0, input.size(0), 1, [&](std::int64_t first, std::int64_t last) {
                single_channel_forward(plan, g.padding, wp.data_ptr<scalar_t>(), bd, output.data_ptr<scalar_t>(), first,
                                       last);
            });
        });
        return output;
    }
    const at::Tensor x = channels_last_strided(input);
    if (!g.transposed)
        return at::conv2d(x, weight, bias, {g.stride, g.stride}, {g.padding, g.padding})
            .contiguous(at::MemoryFormat::ChannelsLast);  // a no-op unless oneDNN chose otherwise
    // A transposed convolution is the input gradient of the convolution it transposes; only
    // the shape of that convolution's input is read.
    const at::Tensor shape = at::empty({x.size(0), weight.size(1), out_h, out_w}, x.options(), at::MemoryFormat::ChannelsLast);
    at::Tensor output = std::get<0>(at::convolution_backward(x, shape, weight, c10::nullopt, {g.stride, g.stride},
                                                             {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1,
                                                             {true, false, false}));
    if (bias.defined())
        output.add_(bias.view({1, -1, 1, 1}));
    return output;
}

at::Tensor sparse_forward(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                          const SpikeConvGeometry& g, std::int64_t out_h, std::int64_t out_w)
{
    const std::int64_t k = weight.size(2), batch = input.size(0), height = input.size(2), width = input.size(3);
    const std::int64_t out_channels = g.transposed ? weight.size(1) : weight.size(0);
    at::Tensor output = at::empty({batch, out_channels, out_h, out_w}, input.options(), at::MemoryFormat::ChannelsLast);
    if (row_lists_apply(input, out_channels, g)) {
        const OutputTaps rows = output_taps_of(height, out_h, k, g), cols = output_taps_of(width, out_w, k, g);
        const WindowTables tables = window_tables(cols, out_w, input.size(1), out_channels);
        const at::Tensor wt = window_weight(weight, g.transposed);
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_row_lists", [&] {
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                      input.stride(3), input.size(1), height, width, out_channels, out_h, out_w, k,
                                      nullptr, nullptr};
            const scalar_t* b = bias.defined() ? bias.data_ptr<scalar_t>() : nullptr;
            at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) {
                row_list_forward(plan, rows, tables, wt.data_ptr<scalar_t>(), b, output.data_ptr<scalar_t>(), first, last);
            });
        });
        return output;
    }
    const std::int64_t lanes = 64 / static_cast<std::int64_t>(input.element_size());
    const std::int64_t row_vectors = (k * out_channels + lanes - 1) / lanes;
    // Transposed convolutions by kernel rows (SpikeConvSparse deconv1, forward + weight gradient
    // at 3 / 6 / 10 %: 48-52 / 75-80 / 102-108 ms with the scatter, 35 / 55-56 / 75-78 ms so).
    if (g.transposed && row_vectors <= kTransposedRowsMaxVectors && input.stride(1) == 1 &&
        input.stride(3) == input.size(1) && input.stride(2) == input.size(3) * input.size(1)) {
        // Weight rows [c][ky][kx * out + o], padded with zeros to whole vectors.
        const at::Tensor wr = at::zeros({input.size(1), k, row_vectors * lanes}, weight.options());
        wr.narrow(2, 0, k * out_channels).copy_(packed_weight(weight, true).view({input.size(1), k, k * out_channels}));
        const at::Tensor b = bias.defined() ? bias.contiguous() : at::Tensor();
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_transposed_rows", [&] {
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                      input.stride(3), input.size(1), height, width, out_channels, out_h, out_w, k,
                                      nullptr, nullptr};
            const scalar_t* bd = b.defined() ? b.data_ptr<scalar_t>() : nullptr;
            at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) {
                transposed_rows(plan, row_vectors, g.stride, g.padding, wr.data_ptr<scalar_t>(), bd,
                                output.data_ptr<scalar_t>(), first, last);
            });
        });
        return output;
    }
    if (bias.defined())
        output.copy_(bias.view({1, -1, 1, 1}).expand_as(output));
    else
        output.zero_();
    const Taps rows = taps_of(height, out_h, k, g), cols = taps_of(width, out_w, k, g);
    const at::Tensor wt = packed_weight(weight, g.transposed);
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_forward", [&] {
        const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                  input.stride(3), input.size(1), height, width, out_channels, out_h, out_w, k,
                                  &rows, &cols};
        const scalar_t* w = wt.data_ptr<scalar_t>();
        scalar_t* out = output.data_ptr<scalar_t>();
        at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) { scatter(plan, w, out, first, last); });
    });
    return output;
}

/// The weight gradient from a channels-last output gradient, dense (oneDNN).
at::Tensor dense_weight_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                             const SpikeConvGeometry& g)
{
    const at::Tensor x = channels_last_strided(input);
    // For a transposed convolution the roles of input and output gradient swap.
    const at::Tensor& conv_grad = g.transposed ? x : grad;
    const at::Tensor& conv_input = g.transposed ? grad : x;
    return std::get<1>(at::convolution_backward(conv_grad, conv_input, weight, c10::nullopt, {g.stride, g.stride},
                                                {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1, {false, true, false}));
}

at::Tensor sparse_weight_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                              const SpikeConvGeometry& g)
{
    const std::int64_t k = weight.size(2);
    const std::int64_t batch = input.size(0), chunks = (batch + kWeightGradientChunk - 1) / kWeightGradientChunk;
    const std::int64_t in_channels = input.size(1), out_channels = grad.size(1);
    TORCH_INTERNAL_ASSERT(grad.is_contiguous(at::MemoryFormat::ChannelsLast));
    at::Tensor partial = at::zeros({chunks, k, k, in_channels, out_channels}, grad.options());
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_weight_grad", [&] {
        const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                  input.stride(3), in_channels, input.size(2), input.size(3), out_channels,
                                  grad.size(2), grad.size(3), k, nullptr, nullptr};
        const scalar_t* g_data = grad.data_ptr<scalar_t>();
        scalar_t* parts = partial.data_ptr<scalar_t>();
        at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
            tap_weight_grad(plan, g, g_data, parts, batch, first, last);
        });
    });
    const at::Tensor packed = partial.sum(0);  // [ky][kx][in][out]
    return (g.transposed ? packed.permute({2, 3, 0, 1}) : packed.permute({3, 2, 0, 1}))
        .contiguous(weight.suggest_memory_format());
}

/// Adds in[0, n) into sums[j % group] (n need not be a multiple of group; group a whole number
/// of vectors). With `out`, also writes in[0, n) rounded to bfloat16 (to nearest even, as
/// LibTorch converts; NaN stays NaN): the input gradient's operand and the bias gradient's sum
/// from one read of the gradient.
CSAE_KERNEL_TARGETS void sum_by_channel(const float* __restrict in, std::uint16_t* __restrict out, std::int64_t n,
                                        std::int64_t group, float* __restrict sums)
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
    at::Tensor low = bfloat16 ? at::empty_like(grad, grad.options().dtype(at::kBFloat16), at::MemoryFormat::ChannelsLast)
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

/// The input gradient: dense, because the output gradient has no zeros to skip. `grad` and
/// `weight` in the products' type (bfloat16, or the input's); the result in `type`.
at::Tensor dense_input_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                            const SpikeConvGeometry& g, at::ScalarType type)
{
    at::Tensor grad_input;
    if (g.transposed) {
        grad_input = at::conv2d(grad, weight, {}, {g.stride, g.stride}, {g.padding, g.padding});
    } else {
        // Only the input's shape, type and layout matter here, so in bfloat16 no copy is made.
        const at::Tensor shape = grad.scalar_type() != input.scalar_type()
                                     ? at::empty(input.sizes(), grad.options(), at::MemoryFormat::ChannelsLast)
                                     : input.contiguous(at::MemoryFormat::ChannelsLast);
        grad_input = std::get<0>(at::convolution_backward(grad, shape, weight, c10::nullopt, {g.stride, g.stride},
                                                          {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1,
                                                          {true, false, false}));
    }
    return grad_input.scalar_type() == type ? grad_input : grad_input.to(type);
}

struct SpikeConvFunction : public torch::autograd::Function<SpikeConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& bias, bool transposed, std::int64_t stride, std::int64_t padding,
                              std::int64_t output_padding_h, std::int64_t output_padding_w, double sparse_below,
                              bool bfloat16_input_gradient)
    {
        const SpikeConvGeometry g{transposed, stride, padding, output_padding_h, output_padding_w, sparse_below};
        TORCH_CHECK(input.dim() == 4 && weight.dim() == 4 && input.device().is_cpu(),
                    "spike_conv: expects a CPU input [B, C, H, W] and a 4-d weight");
        TORCH_CHECK(input.scalar_type() == weight.scalar_type(), "spike_conv: input and weight types differ");
        TORCH_CHECK(input.size(1) == (transposed ? weight.size(0) : weight.size(1)), "spike_conv: input has ",
                    input.size(1), " channels, the weight expects another count");
        const std::int64_t k = weight.size(2);
        const std::int64_t out_h = output_extent(input.size(2), k, g, output_padding_h);
        const std::int64_t out_w = output_extent(input.size(3), k, g, output_padding_w);
        const at::Tensor w = weight.detach().contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor b = bias.defined() ? bias.detach() : at::Tensor();
        // The same choice serves backward's weight gradient, which has the same sparse operand.
        const bool sparse = sparser_than(input, sparse_below);
        at::Tensor output = sparse ? sparse_forward(input, w, b, g, out_h, out_w) : dense_forward(input, w, b, g, out_h, out_w);
        ctx->save_for_backward({input, weight, bias});
        ctx->saved_data["transposed"] = transposed;
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["output_padding_h"] = output_padding_h;
        ctx->saved_data["output_padding_w"] = output_padding_w;
        ctx->saved_data["sparse"] = sparse;
        ctx->saved_data["bfloat16_input_gradient"] = bfloat16_input_gradient;
        return output;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const at::Tensor& bias = saved[2];
        const SpikeConvGeometry g{ctx->saved_data["transposed"].toBool(), ctx->saved_data["stride"].toInt(),
                                  ctx->saved_data["padding"].toInt(), ctx->saved_data["output_padding_h"].toInt(),
                                  ctx->saved_data["output_padding_w"].toInt()};
        const bool sparse = ctx->saved_data["sparse"].toBool();
        // Channels-last like the forward output: oneDNN's layout here, so no conversion copies.
        const at::Tensor grad = grad_outputs[0].contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor w = weight.detach().contiguous(at::MemoryFormat::ChannelsLast);
        at::Tensor grad_input, grad_weight, grad_bias;
        const bool bias_wanted = bias.defined() && bias.requires_grad();
        if (input.requires_grad()) {
            if (ctx->saved_data["bfloat16_input_gradient"].toBool() && grad.scalar_type() == at::kFloat) {
                auto [low, sums] = channel_sums(grad, true);
                if (bias_wanted)
                    grad_bias = std::move(sums);
                grad_input = dense_input_grad(input, low, w.to(at::kBFloat16), g, grad.scalar_type());
            } else {
                grad_input = dense_input_grad(input, grad, w, g, grad.scalar_type());
            }
        }
        if (weight.requires_grad()) {
            grad_weight = sparse ? sparse_weight_grad(input, grad, w, g) : dense_weight_grad(input, grad, w, g);
            grad_weight = grad_weight.contiguous(weight.suggest_memory_format());
        }
        if (bias_wanted && !grad_bias.defined())
            grad_bias = channel_sums(grad, false).second;
        return {grad_input,  grad_weight, grad_bias,   at::Tensor(), at::Tensor(),
                at::Tensor(), at::Tensor(),  at::Tensor(), at::Tensor(), at::Tensor()};
    }
};

} // namespace

double event_driven_crossover(std::int64_t in_channels, bool transposed)
{
    return in_channels == 1 && !transposed ? 0.05 : 0.2;
}

at::Tensor spike_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                      const SpikeConvGeometry& geometry)
{
    // Autograd's custom functions cannot take an undefined tensor argument here.
    const at::Tensor b = bias.defined() ? bias
                                        : at::zeros({geometry.transposed ? weight.size(1) : weight.size(0)}, weight.options());
    return SpikeConvFunction::apply(input, weight, b, geometry.transposed, geometry.stride, geometry.padding,
                                    geometry.output_padding_h, geometry.output_padding_w, geometry.sparse_below,
                                    geometry.bfloat16_input_gradient);
}

} // namespace csae
