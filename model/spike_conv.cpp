#include "model/spike_conv.h"

#include "model/kernel_targets.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
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

/// Weight-gradient gather for samples [first, last): gw[k, c] += in[b, c, i] * grad[b, o].
template <class T, int Fixed>
__attribute__((always_inline)) inline void gather_body(const Plan<T>& p, const T* grad, T* gw, std::int64_t first,
                                                       std::int64_t last)
{
    const std::int64_t co = Fixed > 0 ? Fixed : p.out_channels, channel_stride = p.kernel * p.kernel * co;
    for_each_spike_tap(p, first, last,
                       [&](std::int64_t pixel, std::int64_t tap, const std::int32_t* channel, const T* value,
                           std::int64_t count) __attribute__((always_inline)) {
                           for (std::int64_t n = 0; n < count; ++n)
                               add_scaled<T, Fixed>(gw + tap + channel[n] * channel_stride, grad + pixel, value[n], co);
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
CSAE_KERNEL_TARGETS void sparse_weight_grad_samples(const Plan<float>& p, const float* grad, float* gw, std::int64_t first,
                                std::int64_t last)
{
    CSAE_CHANNEL_DISPATCH(gather_body, float, p, grad, gw, first, last)
}
CSAE_KERNEL_TARGETS void sparse_weight_grad_samples(const Plan<double>& p, const double* grad, double* gw, std::int64_t first,
                                std::int64_t last)
{
    CSAE_CHANNEL_DISPATCH(gather_body, double, p, grad, gw, first, last)
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

/// The dense convolution (oneDNN), everything channels-last so that it converts nothing.
at::Tensor dense_forward(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         const SpikeConvGeometry& g, std::int64_t out_h, std::int64_t out_w)
{
    const at::Tensor x = input.contiguous(at::MemoryFormat::ChannelsLast);
    // With one input channel oneDNN picks the plain layout for the output; the next layer and
    // the LIF kernels want channels-last.
    if (!g.transposed)
        return at::conv2d(x, weight, bias, {g.stride, g.stride}, {g.padding, g.padding})
            .contiguous(at::MemoryFormat::ChannelsLast);
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
    const at::Tensor x = input.contiguous(at::MemoryFormat::ChannelsLast);
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
    const Taps rows = taps_of(input.size(2), grad.size(2), k, g), cols = taps_of(input.size(3), grad.size(3), k, g);
    at::Tensor partial = at::zeros({chunks, in_channels, k, k, out_channels}, grad.options());
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_weight_grad", [&] {
        const Plan<scalar_t> plan{input.data_ptr<scalar_t>(), input.stride(0), input.stride(1), input.stride(2),
                                  input.stride(3), in_channels, input.size(2), input.size(3), out_channels,
                                  grad.size(2), grad.size(3), k, &rows, &cols};
        const scalar_t* g_data = grad.data_ptr<scalar_t>();
        scalar_t* parts = partial.data_ptr<scalar_t>();
        const std::int64_t part_size = k * k * in_channels * out_channels;
        at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
            for (std::int64_t chunk = first; chunk < last; ++chunk)
                sparse_weight_grad_samples(plan, g_data, parts + chunk * part_size, chunk * kWeightGradientChunk,
                       std::min(batch, (chunk + 1) * kWeightGradientChunk));
        });
    });
    const at::Tensor packed = partial.sum(0);  // [in][ky][kx][out]
    return (g.transposed ? packed.permute({0, 3, 1, 2}) : packed.permute({3, 0, 1, 2}))
        .contiguous(weight.suggest_memory_format());
}

struct SpikeConvFunction : public torch::autograd::Function<SpikeConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& bias, bool transposed, std::int64_t stride, std::int64_t padding,
                              std::int64_t output_padding_h, std::int64_t output_padding_w, double sparse_below)
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
        // Estimated on the first few samples: a whole-batch count would be a pass over the input
        // on every call of the training step, and a wrong guess only costs time, never accuracy.
        const bool sparse = sparse_below > 0.0 && [&] {
            const at::Tensor probe = input.narrow(0, 0, std::min<std::int64_t>(4, input.size(0)));
            return probe.numel() > 0 && probe.count_nonzero().item<double>() < sparse_below * static_cast<double>(probe.numel());
        }();
        at::Tensor output = sparse ? sparse_forward(input, w, b, g, out_h, out_w) : dense_forward(input, w, b, g, out_h, out_w);
        ctx->save_for_backward({input, weight, bias});
        ctx->saved_data["transposed"] = transposed;
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        ctx->saved_data["output_padding_h"] = output_padding_h;
        ctx->saved_data["output_padding_w"] = output_padding_w;
        ctx->saved_data["sparse"] = sparse;
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
        if (input.requires_grad()) {
            // Always dense: the output gradient has no zeros to skip.
            if (g.transposed)
                grad_input = at::conv2d(grad, w, {}, {g.stride, g.stride}, {g.padding, g.padding});
            else
                grad_input = std::get<0>(at::convolution_backward(
                    grad, input.contiguous(at::MemoryFormat::ChannelsLast), w, c10::nullopt, {g.stride, g.stride},
                    {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1, {true, false, false}));
        }
        if (weight.requires_grad()) {
            grad_weight = sparse ? sparse_weight_grad(input, grad, w, g) : dense_weight_grad(input, grad, w, g);
            grad_weight = grad_weight.contiguous(weight.suggest_memory_format());
        }
        if (bias.defined() && bias.requires_grad())
            grad_bias = grad.sum({0, 2, 3});
        return {grad_input, grad_weight, grad_bias, at::Tensor(), at::Tensor(), at::Tensor(),
                at::Tensor(),  at::Tensor(),  at::Tensor()};
    }
};

} // namespace

at::Tensor spike_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                      const SpikeConvGeometry& geometry)
{
    // Autograd's custom functions cannot take an undefined tensor argument here.
    const at::Tensor b = bias.defined() ? bias
                                        : at::zeros({geometry.transposed ? weight.size(1) : weight.size(0)}, weight.options());
    return SpikeConvFunction::apply(input, weight, b, geometry.transposed, geometry.stride, geometry.padding,
                                    geometry.output_padding_h, geometry.output_padding_w, geometry.sparse_below);
}

} // namespace csae
