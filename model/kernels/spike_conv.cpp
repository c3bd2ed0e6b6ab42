// spike_conv: the autograd function, and per call the choice between the event-driven kernels
// (spike_conv/*.cpp, one file per kernel family) and the dense paths (spike_conv/dense.cpp).

#include "model/kernels/spike_conv.h"

#include "model/kernels/sparsity.h"
#include "model/kernels/spike_conv/plan.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <utility>

namespace csae {
namespace {

using namespace spike_conv_detail;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

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

/// The event-driven forward: the row lists, the kernel rows or the scatter, the first that applies.
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
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(),
                                      input.stride(0),
                                      input.stride(1),
                                      input.stride(2),
                                      input.stride(3),
                                      input.size(1),
                                      height,
                                      width,
                                      out_channels,
                                      out_h,
                                      out_w,
                                      k,
                                      nullptr,
                                      nullptr};
            const scalar_t* b = bias.defined() ? bias.data_ptr<scalar_t>() : nullptr;
            at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) {
                row_list_forward(plan, rows, tables, wt.data_ptr<scalar_t>(), b, output.data_ptr<scalar_t>(), first,
                                 last);
            });
        });
        return output;
    }
    const std::int64_t lanes = 64 / static_cast<std::int64_t>(input.element_size());
    const std::int64_t row_vectors = (k * out_channels + lanes - 1) / lanes;
    // Transposed convolutions by kernel rows, where the padded rows fit: measured faster than
    // the scatter at deconv1's shape (docs/performance.md).
    if (g.transposed && row_vectors <= kTransposedRowsMaxVectors && input.stride(1) == 1 &&
        input.stride(3) == input.size(1) && input.stride(2) == input.size(3) * input.size(1)) {
        // Weight rows [c][ky][kx * out + o], padded with zeros to whole vectors.
        const at::Tensor wr = at::zeros({input.size(1), k, row_vectors * lanes}, weight.options());
        wr.narrow(2, 0, k * out_channels).copy_(packed_weight(weight, true).view({input.size(1), k, k * out_channels}));
        const at::Tensor b = bias.defined() ? bias.contiguous() : at::Tensor();
        AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_transposed_rows", [&] {
            const Plan<scalar_t> plan{input.data_ptr<scalar_t>(),
                                      input.stride(0),
                                      input.stride(1),
                                      input.stride(2),
                                      input.stride(3),
                                      input.size(1),
                                      height,
                                      width,
                                      out_channels,
                                      out_h,
                                      out_w,
                                      k,
                                      nullptr,
                                      nullptr};
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
        const Plan<scalar_t> plan{input.data_ptr<scalar_t>(),
                                  input.stride(0),
                                  input.stride(1),
                                  input.stride(2),
                                  input.stride(3),
                                  input.size(1),
                                  height,
                                  width,
                                  out_channels,
                                  out_h,
                                  out_w,
                                  k,
                                  &rows,
                                  &cols};
        const scalar_t* w = wt.data_ptr<scalar_t>();
        scalar_t* out = output.data_ptr<scalar_t>();
        at::parallel_for(0, batch, 1,
                         [&](std::int64_t first, std::int64_t last) { scatter(plan, w, out, first, last); });
    });
    return output;
}

/// The event-driven weight gradient: per-chunk partial sums (tap_weight_grad), added in order.
at::Tensor sparse_weight_grad(const at::Tensor& input, const at::Tensor& grad, const at::Tensor& weight,
                              const SpikeConvGeometry& g)
{
    const std::int64_t k = weight.size(2);
    const std::int64_t batch = input.size(0), chunks = (batch + kWeightGradientChunk - 1) / kWeightGradientChunk;
    const std::int64_t in_channels = input.size(1), out_channels = grad.size(1);
    TORCH_INTERNAL_ASSERT(grad.is_contiguous(at::MemoryFormat::ChannelsLast));
    at::Tensor partial = at::zeros({chunks, k, k, in_channels, out_channels}, grad.options());
    AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "spike_conv_weight_grad", [&] {
        const Plan<scalar_t> plan{input.data_ptr<scalar_t>(),
                                  input.stride(0),
                                  input.stride(1),
                                  input.stride(2),
                                  input.stride(3),
                                  in_channels,
                                  input.size(2),
                                  input.size(3),
                                  out_channels,
                                  grad.size(2),
                                  grad.size(3),
                                  k,
                                  nullptr,
                                  nullptr};
        const scalar_t* g_data = grad.data_ptr<scalar_t>();
        scalar_t* parts = partial.data_ptr<scalar_t>();
        at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
            tap_weight_grad(plan, g, g_data, parts, batch, first, last);
        });
    });
    const at::Tensor packed = partial.sum(0); // [ky][kx][in][out]
    return (g.transposed ? packed.permute({2, 3, 0, 1}) : packed.permute({3, 2, 0, 1}))
        .contiguous(weight.suggest_memory_format());
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
        at::Tensor output =
            sparse ? sparse_forward(input, w, b, g, out_h, out_w) : dense_forward(input, w, b, g, out_h, out_w);
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
        return {grad_input,   grad_weight,  grad_bias,    at::Tensor(), at::Tensor(),
                at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
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
    const at::Tensor b =
        bias.defined() ? bias : at::zeros({geometry.transposed ? weight.size(1) : weight.size(0)}, weight.options());
    return SpikeConvFunction::apply(input, weight, b, geometry.transposed, geometry.stride, geometry.padding,
                                    geometry.output_padding_h, geometry.output_padding_w, geometry.sparse_below,
                                    geometry.bfloat16_input_gradient);
}

} // namespace csae
