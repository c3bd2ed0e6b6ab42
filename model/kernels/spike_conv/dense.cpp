// spike_conv's dense paths (oneDNN, everything channels-last so that it converts nothing): the
// forward and weight gradient above the crossover density, and the input gradient always.

#include "model/kernels/spike_conv/plan.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/empty.h>

#include <tuple>

namespace csae::spike_conv_detail {
namespace {

/// `x` channels-last, with strides that say so. With one channel both layouts are contiguous and
/// contiguous(ChannelsLast) keeps the plain strides; oneDNN then picks the plain layout for the
/// output, which the next layer and the LIF kernels would have to copy (a copy that made conv1's
/// forward markedly slower: docs/performance.md).
at::Tensor channels_last_strided(const at::Tensor& x)
{
    at::Tensor y = x.contiguous(at::MemoryFormat::ChannelsLast);
    if (y.size(1) == 1)
        y = y.as_strided(y.sizes(), {y.size(2) * y.size(3), 1, y.size(3), 1});
    return y;
}

} // namespace

/// The dense convolution (oneDNN), everything channels-last so that it converts nothing.
at::Tensor dense_forward(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         const SpikeConvGeometry& g, std::int64_t out_h, std::int64_t out_w)
{
    const std::int64_t out_channels = g.transposed ? weight.size(1) : weight.size(0);
    // One input channel at stride 1 (conv1) takes the engine's own kernel: oneDNN's forward
    // measured slower at that shape (docs/performance.md).
    if (single_channel_applies(input, out_channels, g)) {
        const std::int64_t k = weight.size(2);
        at::Tensor output =
            at::empty({input.size(0), out_channels, out_h, out_w}, input.options(), at::MemoryFormat::ChannelsLast);
        const at::Tensor wp = weight.permute({2, 3, 1, 0}).contiguous(); // [ky][kx][1][co]
        const at::Tensor b = bias.defined() ? bias.contiguous() : at::Tensor();
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_single_channel", [&] {
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(),
                                      input.stride(0),
                                      input.stride(1),
                                      input.stride(2),
                                      input.stride(3),
                                      1,
                                      input.size(2),
                                      input.size(3),
                                      out_channels,
                                      out_h,
                                      out_w,
                                      k,
                                      nullptr,
                                      nullptr};
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
            .contiguous(at::MemoryFormat::ChannelsLast); // a no-op unless oneDNN chose otherwise
    // A transposed convolution is the input gradient of the convolution it transposes; only
    // the shape of that convolution's input is read.
    const at::Tensor shape =
        at::empty({x.size(0), weight.size(1), out_h, out_w}, x.options(), at::MemoryFormat::ChannelsLast);
    at::Tensor output =
        std::get<0>(at::convolution_backward(x, shape, weight, c10::nullopt, {g.stride, g.stride},
                                             {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1, {true, false, false}));
    if (bias.defined())
        output.add_(bias.view({1, -1, 1, 1}));
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
                                                {g.padding, g.padding}, {1, 1}, false, {0, 0}, 1,
                                                {false, true, false}));
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

} // namespace csae::spike_conv_detail
