#pragma once
// A transposed 2-d convolution computed as the input gradient of the matching convolution.
//
// Why: Debian's LibTorch 1.13 runs ConvTranspose2d on the CPU through slow_conv_transpose2d,
// which loops over the batch with small GEMMs. This formulation reaches oneDNN's convolution
// kernels instead (forward = convolution backward-data; backward = convolution forward +
// backward-weights) and measured many times faster at the SAE's decoder shape
// (docs/performance.md).
// Results match torch::nn::ConvTranspose2d to float rounding (tests/model/test_autoencoder.cpp).

#include <ATen/core/Tensor.h>
#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <array>

namespace csae {
/// Output padding along height and width.
using OutputPadding = std::array<std::int64_t, 2>;
} // namespace csae

namespace csae {

struct TransposedConv2dOptions {
    TransposedConv2dOptions(std::int64_t in_channels, std::int64_t out_channels, std::int64_t kernel_size)
        : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size)
    {}
    TORCH_ARG(std::int64_t, in_channels);
    TORCH_ARG(std::int64_t, out_channels);
    /// Square kernel side.
    TORCH_ARG(std::int64_t, kernel_size);
    TORCH_ARG(std::int64_t, stride) = 1;
    TORCH_ARG(std::int64_t, padding) = 0;
    /// Extra rows and columns at the bottom and right of the output, as in ConvTranspose2d.
    TORCH_ARG(OutputPadding, output_padding) = OutputPadding{0, 0};
};

/// Same parameters, layout ([in, out, k, k] weight, [out] bias), initialisation and result
/// as torch::nn::ConvTranspose2d with groups = 1 and dilation = 1.
class TransposedConv2dImpl : public torch::nn::Cloneable<TransposedConv2dImpl> {
public:
    explicit TransposedConv2dImpl(const TransposedConv2dOptions& options);
    void reset() override;
    /// [N, in, H, W] -> [N, out, (H-1) stride - 2 padding + kernel + output_padding, ...]
    at::Tensor forward(const at::Tensor& input);

    TransposedConv2dOptions options;
    at::Tensor weight;
    at::Tensor bias;
};
TORCH_MODULE(TransposedConv2d);

} // namespace csae
