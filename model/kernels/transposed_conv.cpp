#include "model/kernels/transposed_conv.h"

#include <ATen/ops/conv2d.h>
#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/nn/init.h>

#include <cmath>

namespace csae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct TransposedConvFunction : public torch::autograd::Function<TransposedConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& bias, std::int64_t stride, std::int64_t padding, std::int64_t pad_h,
                              std::int64_t pad_w)
    {
        const std::int64_t k = weight.size(2);
        const std::int64_t out_h = (input.size(2) - 1) * stride - 2 * padding + k + pad_h;
        const std::int64_t out_w = (input.size(3) - 1) * stride - 2 * padding + k + pad_w;
        // Only the shape of the convolution's input is read when computing its input gradient.
        const at::Tensor shape = at::empty({input.size(0), weight.size(1), out_h, out_w}, input.options());
        at::Tensor output =
            std::get<0>(at::convolution_backward(input.contiguous(), shape, weight, c10::nullopt, {stride, stride},
                                                 {padding, padding}, {1, 1}, false, {0, 0}, 1, {true, false, false}));
        if (bias.defined())
            output.add_(bias.view({1, -1, 1, 1}));
        ctx->save_for_backward({input, weight, bias});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        return output;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const at::Tensor& bias = saved[2];
        const std::int64_t stride = ctx->saved_data["stride"].toInt();
        const std::int64_t padding = ctx->saved_data["padding"].toInt();
        const at::Tensor grad_output = grad_outputs[0].contiguous();
        at::Tensor grad_input, grad_weight, grad_bias;
        if (input.requires_grad())
            grad_input = at::conv2d(grad_output, weight, {}, {stride, stride}, {padding, padding});
        if (weight.requires_grad())
            grad_weight = std::get<1>(at::convolution_backward(input.contiguous(), grad_output, weight, c10::nullopt,
                                                               {stride, stride}, {padding, padding}, {1, 1}, false,
                                                               {0, 0}, 1, {false, true, false}));
        if (bias.defined() && bias.requires_grad())
            grad_bias = grad_output.sum({0, 2, 3});
        return {grad_input, grad_weight, grad_bias, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
    }
};

} // namespace

TransposedConv2dImpl::TransposedConv2dImpl(const TransposedConv2dOptions& options_) : options(options_)
{
    reset();
}

void TransposedConv2dImpl::reset()
{
    const auto& o = options;
    weight =
        register_parameter("weight", at::empty({o.in_channels(), o.out_channels(), o.kernel_size(), o.kernel_size()}));
    bias = register_parameter("bias", at::empty({o.out_channels()}));
    // ConvTranspose2d's default: kaiming_uniform(a = sqrt(5)) on the weight, and a bias bound
    // of 1/sqrt(fan_in), where PyTorch's fan_in of a [in, out, k, k] weight is out * k * k.
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    const double bound = 1.0 / std::sqrt(static_cast<double>(o.out_channels() * o.kernel_size() * o.kernel_size()));
    torch::nn::init::uniform_(bias, -bound, bound);
}

at::Tensor TransposedConv2dImpl::forward(const at::Tensor& input)
{
    TORCH_CHECK(input.dim() == 4 && input.size(1) == options.in_channels(), "TransposedConv2d expects [N, ",
                options.in_channels(), ", H, W], got ", input.sizes());
    return TransposedConvFunction::apply(input, weight, bias, options.stride(), options.padding(),
                                         options.output_padding()[0], options.output_padding()[1]);
}

} // namespace csae
