#include "model/kernels/narrow_conv.h"

#include "model/kernels/simd_targets.h"
#include "model/kernels/sparsity.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/flip.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <type_traits>

#include <algorithm>
#include <type_traits>
#include <vector>

namespace csae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// Shapes and strides of one call.
struct NarrowShape {
    std::int64_t channels, height, width, out_channels, kernel, padding, out_h, out_w;
    std::int64_t in_stride[4];         ///< input strides: b, c, y, x
    std::int64_t grad_stride[4];       ///< output (or output gradient) strides: b, co, y, x
    std::int64_t grad_input_stride[4]; ///< input gradient strides (backward only): b, c, y, x
};

/// The kernels work on rows of 512 bits (WideVector: one AVX-512 register, two AVX2 or four
/// SSE ones), with accumulators in registers: a block of kBlocks vectors of a row, for
/// several channels (input gradient), rows (forward) or kernel columns (weight gradient) at once.
/// Planar buffers are zero-padded so that every vector load is in bounds and the lanes past a
/// row's end read zeros; those lanes are never stored.
template <class T>
struct Lanes {
    static constexpr std::int64_t kWidth = 64 / sizeof(T);
    static std::int64_t round_up(std::int64_t n) { return (n + kWidth - 1) / kWidth * kWidth; }
    /// The same row computed in registers of Bytes (the level's kVectorBytes).
    template <int Bytes>
    using Wide = WideVector<T, kWidth, Bytes>;
    // By reference, not returned: a 512-bit vector return value would change the ABI of the
    // baseline build (GCC's -Wpsabi).
    template <class V>
    __attribute__((always_inline)) static void load(V& v, const T* p)
    {
        v.load(p);
    }
};
constexpr std::int64_t kBlocks = 2;       ///< vectors per row block
constexpr std::int64_t kRowsPerBlock = 4; ///< forward: output rows accumulated together
constexpr std::int64_t kColumnGroup = 8;  ///< weight gradient: kernel columns accumulated together

/// The padded planes of one thread. Input: plane[c][y + padding][x + padding]; output gradient:
/// grad[co][y + q][x + q] with q = k - 1 - padding (so the flipped kernel reaches every row).
template <class T>
struct Planes {
    std::int64_t plane_h, plane_w, grad_h, grad_w, q;
    std::vector<T> plane, grad;
    explicit Planes(const NarrowShape& s)
    {
        using L = Lanes<T>;
        q = s.kernel - 1 - s.padding;
        plane_h = s.height + 2 * s.padding + kRowsPerBlock;
        plane_w = std::max(s.width + 2 * s.padding,
                           std::max(s.kernel - 1, (s.kernel + kColumnGroup - 1) / kColumnGroup * kColumnGroup) +
                               L::round_up(s.out_w) + kBlocks * L::kWidth);
        grad_h = s.out_h + 2 * q;
        grad_w = std::max(s.out_w + 2 * q, std::max(L::round_up(s.width) + s.padding + q, q + L::round_up(s.out_w))) +
                 kBlocks * L::kWidth;
        // Zeroed once: each sample overwrites only the interior, so the borders stay zero.
        plane.assign(static_cast<std::size_t>(s.channels * plane_h * plane_w), T(0));
        grad.assign(static_cast<std::size_t>(s.out_channels * grad_h * grad_w), T(0));
    }
    void load_input(const NarrowShape& s, const T* input, std::int64_t b)
    {
        const T* sample = input + b * s.in_stride[0];
        const std::int64_t channel_plane = plane_h * plane_w;
        for (std::int64_t y = 0; y < s.height; ++y) {
            T* row = plane.data() + (y + s.padding) * plane_w + s.padding;
            const T* source = sample + y * s.in_stride[2];
            // Channels innermost: a channels-last input is then read in order.
            for (std::int64_t x = 0; x < s.width; ++x)
                for (std::int64_t c = 0; c < s.channels; ++c)
                    row[c * channel_plane + x] = source[x * s.in_stride[3] + c * s.in_stride[1]];
        }
    }
    void load_grad(const NarrowShape& s, const T* g, std::int64_t b)
    {
        for (std::int64_t co = 0; co < s.out_channels; ++co)
            for (std::int64_t y = 0; y < s.out_h; ++y) {
                const T* source = g + b * s.grad_stride[0] + co * s.grad_stride[1] + y * s.grad_stride[2];
                T* target = grad.data() + (co * grad_h + y + q) * grad_w + q;
                for (std::int64_t x = 0; x < s.out_w; ++x)
                    target[x] = source[x * s.grad_stride[3]];
            }
    }
};

/// Forward for sample b: out[co, y, x] = bias[co] + sum of w[co, c, ky, kx] * plane[c, y + ky, x + kx],
/// kRowsPerBlock output rows at a time so that each loaded input row serves all of them.
template <class T, int kUsed, int Bytes>
__attribute__((always_inline)) inline void forward_block(const NarrowShape& s, const Planes<T>& planes, const T* weight,
                                                         T bias, std::int64_t co, std::int64_t y0, std::int64_t x0,
                                                         T* output)
{
    using L = Lanes<T>;
    using V = typename L::template Wide<Bytes>;
    const std::int64_t k = s.kernel;
    V acc[kRowsPerBlock][kUsed];
    for (auto& row : acc)
        for (auto& v : row)
            v = V{} + bias;
    for (std::int64_t c = 0; c < s.channels; ++c) {
        const T* w = weight + (co * s.channels + c) * k * k;
        for (std::int64_t r = 0; r < kRowsPerBlock + k - 1; ++r) {
            const T* row = planes.plane.data() + (c * planes.plane_h + y0 + r) * planes.plane_w + x0;
            for (std::int64_t kx = 0; kx < k; ++kx) {
                V source[kUsed];
#pragma GCC unroll 2
                for (int n = 0; n < kUsed; ++n)
                    L::load(source[n], row + kx + n * L::kWidth);
#pragma GCC unroll 4
                for (int rr = 0; rr < kRowsPerBlock; ++rr) {
                    const std::int64_t ky = r - rr;
                    if (ky < 0 || ky >= k)
                        continue;
                    const T scale = w[ky * k + kx];
#pragma GCC unroll 2
                    for (int n = 0; n < kUsed; ++n)
                        acc[rr][n] += source[n] * scale;
                }
            }
        }
    }
    alignas(64) T tile[kUsed * L::kWidth];
    for (int rr = 0; rr < kRowsPerBlock && y0 + rr < s.out_h; ++rr) {
        for (int n = 0; n < kUsed; ++n)
            acc[rr][n].store(tile + n * L::kWidth);
        T* target = output + co * s.grad_stride[1] + (y0 + rr) * s.grad_stride[2];
        for (std::int64_t x = x0; x < std::min(s.out_w, x0 + kUsed * L::kWidth); ++x)
            target[x * s.grad_stride[3]] = tile[x - x0];
    }
}

template <class T, int Bytes>
__attribute__((always_inline)) inline void forward_body(const NarrowShape& s, const T* input, const T* weight,
                                                        const T* bias, T* output, std::int64_t first, std::int64_t last)
{
    using L = Lanes<T>;
    Planes<T> planes(s);
    for (std::int64_t b = first; b < last; ++b) {
        planes.load_input(s, input, b);
        T* out = output + b * s.grad_stride[0];
        for (std::int64_t co = 0; co < s.out_channels; ++co)
            for (std::int64_t y0 = 0; y0 < s.out_h; y0 += kRowsPerBlock)
                for (std::int64_t x0 = 0; x0 < s.out_w; x0 += kBlocks * L::kWidth) {
                    const T b0 = bias ? bias[co] : T(0);
                    if (s.out_w - x0 > L::kWidth)
                        forward_block<T, 2, Bytes>(s, planes, weight, b0, co, y0, x0, out);
                    else
                        forward_block<T, 1, Bytes>(s, planes, weight, b0, co, y0, x0, out);
                }
    }
}

/// Input gradient of sample b for kGroup channels from c0, one row block:
/// dX[c, y, x] = sum of w[co, c, ky, kx] * grad[co, y + padding + q - ky, x + padding + q - kx].
/// `packed` is the weight as [co][ky][kx][c], so one tap's weights for the group are contiguous.
template <class T, int kGroup, int kUsed, int Bytes>
__attribute__((always_inline)) inline void input_grad_block(const NarrowShape& s, const Planes<T>& planes,
                                                            const T* packed, std::int64_t c0, std::int64_t y,
                                                            std::int64_t x0, T* grad_input)
{
    using L = Lanes<T>;
    using V = typename L::template Wide<Bytes>;
    const std::int64_t k = s.kernel, shift = s.padding + planes.q;
    V acc[kGroup][kUsed];
    for (auto& group : acc)
        for (auto& v : group)
            v = V{};
    for (std::int64_t co = 0; co < s.out_channels; ++co)
        for (std::int64_t ky = 0; ky < k; ++ky) {
            const T* row = planes.grad.data() + (co * planes.grad_h + y + shift - ky) * planes.grad_w + shift + x0;
            const T* w = packed + (co * k + ky) * k * s.channels + c0;
            for (std::int64_t kx = 0; kx < k; ++kx, w += s.channels) {
                V source[kUsed];
#pragma GCC unroll 2
                for (int n = 0; n < kUsed; ++n)
                    L::load(source[n], row - kx + n * L::kWidth);
#pragma GCC unroll 12
                for (int c = 0; c < kGroup; ++c)
#pragma GCC unroll 2
                    for (int n = 0; n < kUsed; ++n)
                        acc[c][n] += source[n] * w[c];
            }
        }
    alignas(64) T tile[kGroup][kUsed * L::kWidth];
    for (int c = 0; c < kGroup; ++c)
        for (int n = 0; n < kUsed; ++n)
            acc[c][n].store(tile[c] + n * L::kWidth);
    const std::int64_t end = std::min(s.width, x0 + kUsed * L::kWidth);
    T* target = grad_input + c0 * s.grad_input_stride[1] + y * s.grad_input_stride[2];
    // Channels innermost: a channels-last gradient is then written in order.
    for (std::int64_t x = x0; x < end; ++x)
#pragma GCC unroll 12
        for (int c = 0; c < kGroup; ++c)
            target[x * s.grad_input_stride[3] + c * s.grad_input_stride[1]] = tile[c][x - x0];
}

template <class T, int kGroup, int Bytes>
__attribute__((always_inline)) inline void input_grad_rows(const NarrowShape& s, const Planes<T>& planes,
                                                           const T* packed, std::int64_t c0, T* grad_input)
{
    using L = Lanes<T>;
    for (std::int64_t y = 0; y < s.height; ++y)
        for (std::int64_t x0 = 0; x0 < s.width; x0 += kBlocks * L::kWidth) {
            if (s.width - x0 > L::kWidth)
                input_grad_block<T, kGroup, 2, Bytes>(s, planes, packed, c0, y, x0, grad_input);
            else
                input_grad_block<T, kGroup, 1, Bytes>(s, planes, packed, c0, y, x0, grad_input);
        }
}

/// Adds sample b's weight gradient to lanes[co][c][ky][kx][lane] (kx padded to kColumnGroup):
/// per lane, the sum over rows of plane[c, y + ky, x + kx] * grad[co, y, x], kColumnGroup kernel
/// columns at a time so that each loaded gradient vector serves all of them. The caller sums
/// the lanes.
template <class T, int Bytes>
__attribute__((always_inline)) inline void weight_grad_sample(const NarrowShape& s, const Planes<T>& planes, T* lanes)
{
    using L = Lanes<T>;
    using V = typename L::template Wide<Bytes>;
    const std::int64_t k = s.kernel, columns = (k + kColumnGroup - 1) / kColumnGroup * kColumnGroup;
    const std::int64_t blocks = L::round_up(s.out_w) / L::kWidth;
    for (std::int64_t co = 0; co < s.out_channels; ++co)
        for (std::int64_t c = 0; c < s.channels; ++c)
            for (std::int64_t ky = 0; ky < k; ++ky)
                for (std::int64_t kx0 = 0; kx0 < k; kx0 += kColumnGroup) {
                    T* lane = lanes + (((co * s.channels + c) * k + ky) * columns + kx0) * L::kWidth;
                    V acc[kColumnGroup];
#pragma GCC unroll 8
                    for (int j = 0; j < kColumnGroup; ++j)
                        L::load(acc[j], lane + j * L::kWidth);
                    for (std::int64_t y = 0; y < s.out_h; ++y) {
                        const T* g =
                            planes.grad.data() + (co * planes.grad_h + y + planes.q) * planes.grad_w + planes.q;
                        const T* x_row = planes.plane.data() + (c * planes.plane_h + y + ky) * planes.plane_w + kx0;
                        for (std::int64_t n = 0; n < blocks; ++n) {
                            V gv, xv;
                            L::load(gv, g + n * L::kWidth);
#pragma GCC unroll 8
                            for (int j = 0; j < kColumnGroup; ++j) {
                                L::load(xv, x_row + j + n * L::kWidth);
                                acc[j] += xv * gv;
                            }
                        }
                    }
#pragma GCC unroll 8
                    for (int j = 0; j < kColumnGroup; ++j)
                        acc[j].store(lane + j * L::kWidth);
                }
}

/// Backward for samples [first, last): their input gradient (when grad_input is set) and their
/// weight gradient added to `lanes` (when set).
template <class T, int Bytes>
__attribute__((always_inline)) inline void backward_body(const NarrowShape& s, const T* input, const T* packed,
                                                         const T* grad, T* grad_input, T* lanes, std::int64_t first,
                                                         std::int64_t last)
{
    Planes<T> planes(s);
    for (std::int64_t b = first; b < last; ++b) {
        planes.load_grad(s, grad, b);
        if (grad_input) {
            T* target = grad_input + b * s.grad_input_stride[0];
            // Channel groups as wide as the registers allow: 12 x 2 accumulators plus 2 loads.
            std::int64_t c0 = 0;
            for (; s.channels - c0 >= 12; c0 += 12)
                input_grad_rows<T, 12, Bytes>(s, planes, packed, c0, target);
            for (; s.channels - c0 >= 4; c0 += 4)
                input_grad_rows<T, 4, Bytes>(s, planes, packed, c0, target);
            for (; c0 < s.channels; ++c0)
                input_grad_rows<T, 1, Bytes>(s, planes, packed, c0, target);
        }
        if (lanes) {
            planes.load_input(s, input, b);
            weight_grad_sample<T, Bytes>(s, planes, lanes);
        }
    }
}

/// The event-driven weight gradient serves kernels up to this wide: one vector of lanes holds a
/// kernel row (lane j: kernel column k - 1 - j).
constexpr std::int64_t kSparseLanes = 8;

/// The weight gradient of samples [chunk * kWeightGradientChunk, ...) for chunks [first, last),
/// event-driven: for each nonzero input x[c, y, x], lanes[chunk][co][c][ky] += x * the gradient
/// plane's row y + k - 1 - ky from column x on (the zero margins stand in for the output's
/// edges). Costs in proportion to the spikes, where the dense weight gradient reads every
/// input value k x k times.
template <class T, int Bytes>
__attribute__((always_inline)) inline void sparse_weight_grad_body(const NarrowShape& s, const T* input, const T* grad,
                                                                   T* lanes, std::int64_t batch, std::int64_t first,
                                                                   std::int64_t last)
{
    typedef WideVector<T, kSparseLanes, Bytes> V;
    Planes<T> planes(s);
    const std::int64_t k = s.kernel, row_values = s.width * s.channels;
    const std::int64_t chunk_size = s.out_channels * s.channels * k * kSparseLanes;
    // One input row in (x, c) order, compacted; a position's column and channel by table.
    std::vector<T> row(static_cast<std::size_t>(row_values)),
        value(static_cast<std::size_t>(row_values + kCompactSlack));
    std::vector<std::int32_t> index(static_cast<std::size_t>(row_values + kCompactSlack));
    std::vector<std::int32_t> column(static_cast<std::size_t>(row_values)),
        channel(static_cast<std::size_t>(row_values));
    for (std::int64_t i = 0; i < row_values; ++i) {
        column[i] = static_cast<std::int32_t>(i / s.channels);
        channel[i] = static_cast<std::int32_t>(i % s.channels);
    }
    const bool channels_last_rows = s.in_stride[1] == 1 && s.in_stride[3] == s.channels;
    for (std::int64_t chunk = first; chunk < last; ++chunk) {
        T* chunk_lanes = lanes + chunk * chunk_size;
        const std::int64_t end = std::min(batch, (chunk + 1) * kWeightGradientChunk);
        for (std::int64_t b = chunk * kWeightGradientChunk; b < end; ++b) {
            planes.load_grad(s, grad, b);
            for (std::int64_t y = 0; y < s.height; ++y) {
                const T* source = input + b * s.in_stride[0] + y * s.in_stride[2];
                if (!channels_last_rows) {
                    for (std::int64_t x = 0; x < s.width; ++x)
                        for (std::int64_t c = 0; c < s.channels; ++c)
                            row[x * s.channels + c] = source[x * s.in_stride[3] + c * s.in_stride[1]];
                    source = row.data();
                }
                const std::int64_t count = compact_row(source, row_values, index.data(), value.data());
                for (std::int64_t i = 0; i < count; ++i) {
                    const std::int64_t x = column[index[i]], c = channel[index[i]];
                    const T v = value[i];
                    for (std::int64_t co = 0; co < s.out_channels; ++co) {
                        T* lane = chunk_lanes + (co * s.channels + c) * k * kSparseLanes;
                        const T* g = planes.grad.data() + (co * planes.grad_h + y + k - 1) * planes.grad_w + x;
                        for (std::int64_t ky = 0; ky < k; ++ky, lane += kSparseLanes, g -= planes.grad_w) {
                            V a, gv;
                            a.load(lane);
                            gv.load(g);
                            a += v * gv;
                            a.store(lane);
                        }
                    }
                }
            }
        }
    }
}

CSAE_KERNEL(void, narrow_sparse_weight_grad,
            (const NarrowShape& s, const float* input, const float* grad, float* lanes, std::int64_t batch,
             std::int64_t first, std::int64_t last),
            (s, input, grad, lanes, batch, first, last))
{
    sparse_weight_grad_body<std::remove_pointer_t<decltype(lanes)>, kVectorBytes>(s, input, grad, lanes, batch, first,
                                                                                  last);
}
CSAE_KERNEL(void, narrow_sparse_weight_grad,
            (const NarrowShape& s, const double* input, const double* grad, double* lanes, std::int64_t batch,
             std::int64_t first, std::int64_t last),
            (s, input, grad, lanes, batch, first, last))
{
    sparse_weight_grad_body<std::remove_pointer_t<decltype(lanes)>, kVectorBytes>(s, input, grad, lanes, batch, first,
                                                                                  last);
}

CSAE_KERNEL(void, narrow_forward,
            (const NarrowShape& s, const float* input, const float* weight, const float* bias, float* output,
             std::int64_t first, std::int64_t last),
            (s, input, weight, bias, output, first, last))
{
    forward_body<std::remove_pointer_t<decltype(output)>, kVectorBytes>(s, input, weight, bias, output, first, last);
}
CSAE_KERNEL(void, narrow_forward,
            (const NarrowShape& s, const double* input, const double* weight, const double* bias, double* output,
             std::int64_t first, std::int64_t last),
            (s, input, weight, bias, output, first, last))
{
    forward_body<std::remove_pointer_t<decltype(output)>, kVectorBytes>(s, input, weight, bias, output, first, last);
}
CSAE_KERNEL(void, narrow_backward,
            (const NarrowShape& s, const float* input, const float* packed, const float* grad, float* grad_input,
             float* lanes, std::int64_t first, std::int64_t last),
            (s, input, packed, grad, grad_input, lanes, first, last))
{
    backward_body<std::remove_pointer_t<decltype(lanes)>, kVectorBytes>(s, input, packed, grad, grad_input, lanes,
                                                                        first, last);
}
CSAE_KERNEL(void, narrow_backward,
            (const NarrowShape& s, const double* input, const double* packed, const double* grad, double* grad_input,
             double* lanes, std::int64_t first, std::int64_t last),
            (s, input, packed, grad, grad_input, lanes, first, last))
{
    backward_body<std::remove_pointer_t<decltype(lanes)>, kVectorBytes>(s, input, packed, grad, grad_input, lanes,
                                                                        first, last);
}

NarrowShape shape_of(const at::Tensor& input, const at::Tensor& weight, std::int64_t padding, const at::Tensor& output)
{
    NarrowShape s{};
    s.channels = input.size(1);
    s.height = input.size(2);
    s.width = input.size(3);
    s.out_channels = weight.size(0);
    s.kernel = weight.size(2);
    s.padding = padding;
    s.out_h = s.height + 2 * padding - s.kernel + 1;
    s.out_w = s.width + 2 * padding - s.kernel + 1;
    for (int d = 0; d < 4; ++d) {
        s.in_stride[d] = input.stride(d);
        if (output.defined())
            s.grad_stride[d] = output.stride(d);
    }
    return s;
}

struct NarrowConvFunction : public torch::autograd::Function<NarrowConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& bias, std::int64_t padding, double sparse_below)
    {
        TORCH_CHECK(input.dim() == 4 && weight.dim() == 4 && input.device().is_cpu() &&
                        input.size(1) == weight.size(1) && weight.size(2) == weight.size(3),
                    "narrow_conv: expects a CPU input [B, C, H, W] and a weight [out, C, k, k], got ", input.sizes(),
                    " and ", weight.sizes());
        TORCH_CHECK(input.scalar_type() == weight.scalar_type(), "narrow_conv: input and weight types differ");
        const std::int64_t out_h = input.size(2) + 2 * padding - weight.size(2) + 1;
        const std::int64_t out_w = input.size(3) + 2 * padding - weight.size(3) + 1;
        TORCH_CHECK(out_h > 0 && out_w > 0, "narrow_conv: the kernel is larger than the padded input");
        TORCH_CHECK(padding >= 0 && padding < weight.size(2), "narrow_conv: padding ", padding,
                    " must be at least 0 and below the kernel size ", weight.size(2));
        at::Tensor output =
            at::empty({input.size(0), weight.size(0), out_h, out_w}, input.options(), at::MemoryFormat::ChannelsLast);
        const at::Tensor w = weight.detach().contiguous();
        const NarrowShape s = shape_of(input, w, padding, output);
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "narrow_conv_forward", [&] {
            const scalar_t* in = input.data_ptr<scalar_t>();
            const scalar_t* wd = w.data_ptr<scalar_t>();
            const scalar_t* bd = bias.defined() ? bias.data_ptr<scalar_t>() : nullptr;
            scalar_t* out = output.data_ptr<scalar_t>();
            at::parallel_for(0, input.size(0), 1, [&](std::int64_t first, std::int64_t last) {
                narrow_forward(s, in, wd, bd, out, first, last);
            });
        });
        const bool sparse = weight.size(2) <= kSparseLanes && sparser_than(input, sparse_below);
        ctx->save_for_backward({input, weight, bias});
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["sparse"] = sparse;
        return output;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const at::Tensor& bias = saved[2];
        const std::int64_t padding = ctx->saved_data["padding"].toInt();
        const bool sparse = ctx->saved_data["sparse"].toBool();
        const at::Tensor& grad = grad_outputs[0];
        // [co][ky][kx][c]: one tap's weights for a group of input channels contiguous.
        const at::Tensor packed = weight.detach().permute({0, 2, 3, 1}).contiguous();
        const bool want_input = input.requires_grad(), want_weight = weight.requires_grad();
        at::Tensor grad_input, grad_weight, grad_bias;
        if (want_input)
            grad_input = at::empty(input.sizes(), input.options(), at::MemoryFormat::ChannelsLast);
        const std::int64_t batch = input.size(0), chunks = (batch + kWeightGradientChunk - 1) / kWeightGradientChunk;
        NarrowShape s = shape_of(input, weight, padding, grad);
        if (want_input)
            for (int d = 0; d < 4; ++d)
                s.grad_input_stride[d] = grad_input.stride(d);
        const std::int64_t k = s.kernel, columns = (k + kColumnGroup - 1) / kColumnGroup * kColumnGroup;
        const std::int64_t lanes_per_vector = 64 / static_cast<std::int64_t>(input.element_size());
        at::Tensor lanes;
        if (want_weight && sparse)
            lanes = at::zeros({chunks, s.out_channels, s.channels, k, kSparseLanes}, input.options());
        else if (want_weight)
            lanes = at::zeros({chunks, s.out_channels, s.channels, k, columns, lanes_per_vector}, input.options());
        if (want_input || want_weight) {
            AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "narrow_conv_backward", [&] {
                const scalar_t* in = input.data_ptr<scalar_t>();
                const scalar_t* wd = packed.data_ptr<scalar_t>();
                const scalar_t* gd = grad.data_ptr<scalar_t>();
                scalar_t* gi = want_input ? grad_input.data_ptr<scalar_t>() : nullptr;
                scalar_t* ld = want_weight ? lanes.data_ptr<scalar_t>() : nullptr;
                const std::int64_t lane_size = want_weight ? lanes.numel() / chunks : 0;
                at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
                    if (sparse) {
                        if (gi)
                            narrow_backward(s, in, wd, gd, gi, nullptr, first * kWeightGradientChunk,
                                            std::min(batch, last * kWeightGradientChunk));
                        if (ld)
                            narrow_sparse_weight_grad(s, in, gd, ld, batch, first, last);
                        return;
                    }
                    for (std::int64_t chunk = first; chunk < last; ++chunk) {
                        const std::int64_t begin = chunk * kWeightGradientChunk,
                                           end = std::min(batch, begin + kWeightGradientChunk);
                        narrow_backward(s, in, wd, gd, gi, ld ? ld + chunk * lane_size : nullptr, begin, end);
                    }
                });
            });
        }
        if (want_weight && sparse) // lane j holds kernel column k - 1 - j
            grad_weight = lanes.sum(0).narrow(3, 0, k).flip({3}).contiguous(weight.suggest_memory_format());
        else if (want_weight)
            grad_weight = lanes.sum(at::IntArrayRef{0, 5}).narrow(3, 0, k).contiguous(weight.suggest_memory_format());
        if (bias.defined() && bias.requires_grad())
            grad_bias = grad.sum({0, 2, 3});
        return {grad_input, grad_weight, grad_bias, at::Tensor(), at::Tensor()};
    }
};

} // namespace

at::Tensor narrow_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, std::int64_t padding,
                       double sparse_below)
{
    // Autograd's custom functions cannot take an undefined tensor argument here.
    const at::Tensor b = bias.defined() ? bias : at::zeros({weight.size(0)}, weight.options());
    return NarrowConvFunction::apply(input, weight, b, padding, sparse_below);
}

} // namespace csae
