#pragma once
// spike_conv's internals, shared by its sources: the tap tables, the plan of one call, the
// always-inline building blocks the kernels are made of, and each kernel family's entry points.
// Not part of the engine's API (model/kernels/spike_conv.h is).
//
// The entry points are defined with CSAE_KERNEL in exactly one .cpp each, which compiles them
// once per ISA level and dispatches at each call; callers elsewhere see a plain declaration.
// Everything they inline is here (templates forced inline, so that it is compiled for each level).

#include "model/kernels/simd_targets.h"
#include "model/kernels/spike_conv.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace csae::spike_conv_detail {

// ---------------------------------------------------------------------------------------------
// Tap tables (tables.cpp)

/// Which output row (or column) and kernel row each input row feeds: input coordinate i
/// contributes through kernel index k to output coordinate o.
struct Taps {
    std::vector<std::int32_t> begin; ///< per input coordinate, into kernel/output; size in + 1
    std::vector<std::int32_t> kernel;
    std::vector<std::int32_t> output;
};

Taps taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g);

/// For each output coordinate (row or column), the kernel indices and input coordinates that
/// reach it: output o sums kernel[j] times input[j] for j in [begin[o], begin[o + 1]).
struct OutputTaps {
    std::vector<std::int32_t> begin; ///< size out + 1
    std::vector<std::int32_t> kernel;
    std::vector<std::int32_t> input;
};

/// The inverse of taps_of: the same (input, kernel, output) triples listed by output.
OutputTaps output_taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g);

/// Per output column: the first input pixel of its window, the window's length in values
/// (pixels x channels) and, per window value, its packed-weight offset within a kernel row,
/// (kx * in + c) * out. The input pixels that reach one output column are consecutive for any
/// stride (dilation 1), each through a single kernel column.
struct WindowTables {
    std::vector<std::int32_t> first, length, offsets;
    std::int64_t stride = 0; ///< offsets per column, a multiple of 16
};

WindowTables window_tables(const OutputTaps& cols, std::int64_t out_w, std::int64_t channels,
                           std::int64_t out_channels);

// ---------------------------------------------------------------------------------------------
// The plan of one call and the kernels' building blocks

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
inline std::int64_t nonzeros_at(const Plan<T>& p, std::int64_t b, std::int64_t y, std::int64_t x, std::int32_t* channel,
                                T* value)
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
/// GCC keeps them in registers; no vector wider than Bytes (the level's kVectorBytes).
template <class T, int N, int Bytes>
struct Accumulators {
    static constexpr int kWide = Bytes / sizeof(T);
    static constexpr int kBlock = N >= kWide ? kWide : N >= 8 ? 8 : N >= 4 ? 4 : N >= 2 ? 2 : 1;
    typedef typename VectorOf<T, kBlock>::type Vector;
    Vector head;
    Accumulators<T, N - kBlock, Bytes> tail;

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
template <class T, int Bytes>
struct Accumulators<T, 0, Bytes> {
    void load(const T*) {}
    void store(T*) const {}
    void add(const T*, T) {}
};

// One dispatch on the output channel count, in a CSAE_KERNEL body (which defines kVectorBytes).
#define CSAE_CHANNEL_DISPATCH(BODY, T, p, a, b, first, last)                                                           \
    switch (p.out_channels) {                                                                                          \
    case 1:                                                                                                            \
        return BODY<T, 1, kVectorBytes>(p, a, b, first, last);                                                         \
    case 12:                                                                                                           \
        return BODY<T, 12, kVectorBytes>(p, a, b, first, last);                                                        \
    case 16:                                                                                                           \
        return BODY<T, 16, kVectorBytes>(p, a, b, first, last);                                                        \
    case 32:                                                                                                           \
        return BODY<T, 32, kVectorBytes>(p, a, b, first, last);                                                        \
    case 64:                                                                                                           \
        return BODY<T, 64, kVectorBytes>(p, a, b, first, last);                                                        \
    default:                                                                                                           \
        return BODY<T, 0, kVectorBytes>(p, a, b, first, last);                                                         \
    }

/// Appends the nonzeros of one channels-last input row (width x channels values) to
/// position/value from index `begin` on, as positions x * channels + c in order, and sets
/// pixel_begin[x] (x <= width) to the index of pixel x's first entry; returns the new end.
/// position/value need kCompactSlack entries of room past the end.
template <class T>
__attribute__((always_inline)) inline std::int64_t
compact_input_row(const T* row, std::int64_t width, std::int64_t channels, std::int32_t* position, T* value,
                  std::int64_t begin, std::int32_t* pixel_begin)
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

// ---------------------------------------------------------------------------------------------
// Kernel families: entry points, each for samples (or chunks) [first, last) of one call

/// Forward scatter (scatter.cpp): out += each nonzero input times the weights of every tap it
/// reaches. Needs p.rows and p.cols; `wt` packed as wt[ci][ky][kx][co].
void scatter(const Plan<float>& p, const float* wt, float* out, std::int64_t first, std::int64_t last);
void scatter(const Plan<double>& p, const double* wt, double* out, std::int64_t first, std::int64_t last);

/// The most vectors per padded kernel row that transposed_rows serves; wider rows take the scatter.
constexpr std::int64_t kTransposedRowsMaxVectors = 8;

/// Transposed-convolution forward by kernel rows (kernel_rows.cpp), channels-last input; `wr`
/// the weight rows [c][ky][kx * out + o], each padded with zeros to `vectors` whole vectors.
void transposed_rows(const Plan<float>& p, std::int64_t vectors, std::int64_t stride, std::int64_t padding,
                     const float* wr, const float* bias, float* out, std::int64_t first, std::int64_t last);
void transposed_rows(const Plan<double>& p, std::int64_t vectors, std::int64_t stride, std::int64_t padding,
                     const double* wr, const double* bias, double* out, std::int64_t first, std::int64_t last);

/// Whether the row-list forward serves this call (row_lists.cpp).
bool row_lists_apply(const at::Tensor& input, std::int64_t out_channels, const SpikeConvGeometry& g);

/// Output-stationary forward from per-row lists (row_lists.cpp); `wt` as wt[ky][kx][in][out].
void row_list_forward(const Plan<float>& p, const OutputTaps& rows, const WindowTables& t, const float* wt,
                      const float* bias, float* out, std::int64_t first, std::int64_t last);
void row_list_forward(const Plan<double>& p, const OutputTaps& rows, const WindowTables& t, const double* wt,
                      const double* bias, double* out, std::int64_t first, std::int64_t last);

/// The event-driven weight gradient, tap by tap (tap_weight_grad.cpp): for chunks [first, last)
/// of kWeightGradientChunk samples of `batch`, each chunk's partial sum into parts[chunk]
/// ([ky][kx][c][co]). `grad` the channels-last output gradient.
void tap_weight_grad(const Plan<float>& p, const SpikeConvGeometry& g, const float* grad, float* parts,
                     std::int64_t batch, std::int64_t first, std::int64_t last);
void tap_weight_grad(const Plan<double>& p, const SpikeConvGeometry& g, const double* grad, double* parts,
                     std::int64_t batch, std::int64_t first, std::int64_t last);

/// Whether single_channel_forward serves a convolution (single_channel.cpp).
bool single_channel_applies(const at::Tensor& input, std::int64_t out_channels, const SpikeConvGeometry& g);

/// Dense forward of a stride-1 convolution of one input channel (single_channel.cpp); `wp` the
/// weight as [ky][kx][co], the output channels-last.
void single_channel_forward(const Plan<float>& p, std::int64_t padding, const float* wp, const float* bias, float* out,
                            std::int64_t first, std::int64_t last);
void single_channel_forward(const Plan<double>& p, std::int64_t padding, const double* wp, const double* bias,
                            double* out, std::int64_t first, std::int64_t last);

// ---------------------------------------------------------------------------------------------
// Dense paths (dense.cpp) and the output gradient's channel sums (channel_sums.cpp)

/// The dense convolution (oneDNN, or single_channel_forward where it applies), channels-last.
at::Tensor dense_forward(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         const SpikeConvGeometry& g, std::int64_t out_h, std::int64_t out_w);

/// The weight gradient from a channels-last output gradient, dense (oneDNN).
at::Tensor dense_weight_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                             const SpikeConvGeometry& g);

/// The input gradient, dense (oneDNN); `grad` and `weight` in the products' type, the result in `type`.
at::Tensor dense_input_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                            const SpikeConvGeometry& g, at::ScalarType type);

/// The bias gradient of a channels-last output gradient (its sum over all but the channel) and,
/// with `bfloat16`, the gradient converted to bfloat16 in the same pass (else undefined).
std::pair<at::Tensor, at::Tensor> channel_sums(const at::Tensor& grad, bool bfloat16);

} // namespace csae::spike_conv_detail
