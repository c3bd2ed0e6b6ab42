#include "model/narrow_conv.h"

#include "model/kernel_targets.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <type_traits>
#include <vector>

namespace csae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// Shapes and strides of one call. Planar buffers hold one sample channel by channel, the
/// input zero-padded: plane[c][y][x] with y < padded_h, x < padded_w.
struct NarrowShape {
    std::int64_t channels, height, width, out_channels, kernel, padding, out_h, out_w, padded_h, padded_w;
    std::int64_t in_stride[4];          ///< input strides: b, c, y, x
    std::int64_t grad_stride[4];        ///< output (or output gradient) strides: b, co, y, x
    std::int64_t grad_input_stride[4];  ///< input gradient strides (backward only): b, c, y, x
};

/// Copies sample b of a [B, C, H, W] tensor into plane[c][y + padding][x + padding].
template <class T>
__attribute__((always_inline)) inline void load_planar(const NarrowShape& s, const T* input, std::int64_t b, T* plane)
{
    std::fill(plane, plane + s.channels * s.padded_h * s.padded_w, T(0));
    const T* sample = input + b * s.in_stride[0];
    for (std::int64_t c = 0; c < s.channels; ++c)
        for (std::int64_t y = 0; y < s.height; ++y) {
            T* row = plane + (c * s.padded_h + y + s.padding) * s.padded_w + s.padding;
            const T* source = sample + c * s.in_stride[1] + y * s.in_stride[2];
            for (std::int64_t x = 0; x < s.width; ++x)
                row[x] = source[x * s.in_stride[3]];
        }
}

/// One row of accumulators: a local array of fixed length that GCC keeps in vector registers
/// across the tap loops (Fixed > 0), or a buffer of the runtime width.
template <class T, int Fixed>
struct RowAccumulator {
    alignas(64) T fixed[Fixed > 0 ? Fixed : 1];
    std::vector<T> dynamic;
    std::int64_t n;
    explicit RowAccumulator(std::int64_t width) : n(width)
    {
        if constexpr (Fixed == 0)
            dynamic.resize(static_cast<std::size_t>(width));
    }
    T* data() { return Fixed > 0 ? fixed : dynamic.data(); }
    void fill(T value) { std::fill(data(), data() + n, value); }
};

/// Writes row[0..n) to target with a stride.
template <class T>
__attribute__((always_inline)) inline void store_strided(const T* row, std::int64_t n, T* target, std::int64_t stride)
{
    for (std::int64_t x = 0; x < n; ++x)
        target[x * stride] = row[x];
}

/// out[b, co, y, :] = bias[co] + sum over c, ky, kx of w[co, c, ky, kx] * plane[c, y + ky, kx:]
template <class T, int Fixed>
__attribute__((always_inline)) inline void forward_body(const NarrowShape& s, const T* input, const T* weight,
                                                        const T* bias, T* output, std::int64_t first, std::int64_t last)
{
    const std::int64_t k = s.kernel;
    std::vector<T> plane(static_cast<std::size_t>(s.channels * s.padded_h * s.padded_w));
    RowAccumulator<T, Fixed> row(s.out_w);
    for (std::int64_t b = first; b < last; ++b) {
        load_planar(s, input, b, plane.data());
        for (std::int64_t co = 0; co < s.out_channels; ++co)
            for (std::int64_t y = 0; y < s.out_h; ++y) {
                row.fill(bias ? bias[co] : T(0));
                for (std::int64_t c = 0; c < s.channels; ++c)
                    for (std::int64_t ky = 0; ky < k; ++ky) {
                        const T* source = plane.data() + (c * s.padded_h + y + ky) * s.padded_w;
                        const T* w = weight + ((co * s.channels + c) * k + ky) * k;
                        for (std::int64_t kx = 0; kx < k; ++kx)
                            add_scaled<T, Fixed>(row.data(), source + kx, w[kx], s.out_w);
                    }
                store_strided(row.data(), s.out_w,
                              output + b * s.grad_stride[0] + co * s.grad_stride[1] + y * s.grad_stride[2],
                              s.grad_stride[3]);
            }
    }
}

/// Backward for samples [first, last): writes their input gradient (when grad_input is set) and
/// adds their weight gradient to lanes[co][c][ky][kx][x] (when lanes is set), one lane per output
/// column so that the loops stay element-wise; the caller sums the lanes. Both are computed like
/// the forward pass, a row of accumulators at a time: the input gradient as the correlation of the
/// zero-padded output gradient with the flipped kernel, the weight gradient tap by tap over rows.
template <class T, int Fixed>
__attribute__((always_inline)) inline void backward_body(const NarrowShape& s, const T* input, const T* weight,
                                                         const T* grad, T* grad_input, T* lanes, std::int64_t first,
                                                         std::int64_t last)
{
    const std::int64_t k = s.kernel;
    // The output gradient zero-padded by q = k - 1 - padding on each side, so that every row and
    // column the flipped kernel reaches exists.
    const std::int64_t q = k - 1 - s.padding;
    const std::int64_t grad_h = s.out_h + 2 * q, grad_w = s.out_w + 2 * q;
    std::vector<T> plane(static_cast<std::size_t>(s.channels * s.padded_h * s.padded_w));
    std::vector<T> grad_plane(static_cast<std::size_t>(s.out_channels * grad_h * grad_w));
    RowAccumulator<T, Fixed> row(std::max(s.out_w, s.width));
    for (std::int64_t b = first; b < last; ++b) {
        std::fill(grad_plane.begin(), grad_plane.end(), T(0));
        for (std::int64_t co = 0; co < s.out_channels; ++co)
            for (std::int64_t y = 0; y < s.out_h; ++y) {
                const T* source = grad + b * s.grad_stride[0] + co * s.grad_stride[1] + y * s.grad_stride[2];
                T* target = grad_plane.data() + (co * grad_h + y + q) * grad_w + q;
                for (std::int64_t x = 0; x < s.out_w; ++x)
                    target[x] = source[x * s.grad_stride[3]];
            }
        if (grad_input) {
            // dX[c, y, x] = sum of w[co, c, ky, kx] * G[co, y + padding - ky, x + padding - kx]
            for (std::int64_t c = 0; c < s.channels; ++c)
                for (std::int64_t y = 0; y < s.height; ++y) {
                    row.fill(T(0));
                    for (std::int64_t co = 0; co < s.out_channels; ++co)
                        for (std::int64_t ky = 0; ky < k; ++ky) {
                            const T* source = grad_plane.data() + (co * grad_h + y + s.padding + q - ky) * grad_w;
                            const T* w = weight + ((co * s.channels + c) * k + ky) * k;
                            for (std::int64_t kx = 0; kx < k; ++kx)
                                add_scaled<T, Fixed>(row.data(), source + s.padding + q - kx, w[kx], s.width);
                        }
                    store_strided(row.data(), s.width,
                                  grad_input + b * s.grad_input_stride[0] + c * s.grad_input_stride[1] +
                                      y * s.grad_input_stride[2],
                                  s.grad_input_stride[3]);
                }
        }
        if (lanes) {
            load_planar(s, input, b, plane.data());
            for (std::int64_t co = 0; co < s.out_channels; ++co)
                for (std::int64_t c = 0; c < s.channels; ++c)
                    for (std::int64_t ky = 0; ky < k; ++ky)
                        for (std::int64_t kx = 0; kx < k; ++kx) {
                            T* lane = lanes + (((co * s.channels + c) * k + ky) * k + kx) * s.out_w;
                            std::copy(lane, lane + s.out_w, row.data());
                            for (std::int64_t y = 0; y < s.out_h; ++y)
                                add_product<T, Fixed>(row.data(), grad_plane.data() + (co * grad_h + y + q) * grad_w + q,
                                                      plane.data() + (c * s.padded_h + y + ky) * s.padded_w + kx,
                                                      s.out_w);
                            std::copy(row.data(), row.data() + s.out_w, lane);
                        }
        }
    }
}

// Rows of the common widths (MNIST 28, DVS 32) get fixed-length vector code.
#define CSAE_WIDTH_DISPATCH(BODY, s, ...)                                                                              \
    using T = std::remove_const_t<std::remove_pointer_t<decltype(input)>>;                                            \
    switch (s.out_w == s.width ? s.out_w : 0) {                                                                        \
    case 28: return BODY<T, 28>(s, __VA_ARGS__);                                                                       \
    case 32: return BODY<T, 32>(s, __VA_ARGS__);                                                                       \
    default: return BODY<T, 0>(s, __VA_ARGS__);                                                                        \
    }

CSAE_KERNEL_TARGETS void narrow_forward(const NarrowShape& s, const float* input, const float* weight, const float* bias,
                                        float* output, std::int64_t first, std::int64_t last)
{
    CSAE_WIDTH_DISPATCH(forward_body, s, input, weight, bias, output, first, last)
}
CSAE_KERNEL_TARGETS void narrow_forward(const NarrowShape& s, const double* input, const double* weight,
                                        const double* bias, double* output, std::int64_t first, std::int64_t last)
{
    CSAE_WIDTH_DISPATCH(forward_body, s, input, weight, bias, output, first, last)
}
CSAE_KERNEL_TARGETS void narrow_backward(const NarrowShape& s, const float* input, const float* weight, const float* grad,
                                         float* grad_input, float* lanes, std::int64_t first, std::int64_t last)
{
    CSAE_WIDTH_DISPATCH(backward_body, s, input, weight, grad, grad_input, lanes, first, last)
}
CSAE_KERNEL_TARGETS void narrow_backward(const NarrowShape& s, const double* input, const double* weight,
                                         const double* grad, double* grad_input, double* lanes, std::int64_t first,
                                         std::int64_t last)
{
    CSAE_WIDTH_DISPATCH(backward_body, s, input, weight, grad, grad_input, lanes, first, last)
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
    s.padded_h = s.height + 2 * padding;
    s.padded_w = s.width + 2 * padding;
    for (int d = 0; d < 4; ++d) {
        s.in_stride[d] = input.stride(d);
        if (output.defined())
            s.grad_stride[d] = output.stride(d);
    }
    return s;
}

struct NarrowConvFunction : public torch::autograd::Function<NarrowConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                              const at::Tensor& bias, std::int64_t padding)
    {
        TORCH_CHECK(input.dim() == 4 && weight.dim() == 4 && input.device().is_cpu() &&
                        input.size(1) == weight.size(1) && weight.size(2) == weight.size(3),
                    "narrow_conv: expects a CPU input [B, C, H, W] and a weight [out, C, k, k], got ", input.sizes(),
                    " and ", weight.sizes());
        TORCH_CHECK(input.scalar_type() == weight.scalar_type(), "narrow_conv: input and weight types differ");
        const std::int64_t out_h = input.size(2) + 2 * padding - weight.size(2) + 1;
        const std::int64_t out_w = input.size(3) + 2 * padding - weight.size(3) + 1;
        TORCH_CHECK(out_h > 0 && out_w > 0, "narrow_conv: the kernel is larger than the padded input");
        at::Tensor output = at::empty({input.size(0), weight.size(0), out_h, out_w}, input.options(),
                                      at::MemoryFormat::ChannelsLast);
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
        ctx->save_for_backward({input, weight, bias});
        ctx->saved_data["padding"] = padding;
        return output;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const at::Tensor& bias = saved[2];
        const std::int64_t padding = ctx->saved_data["padding"].toInt();
        const at::Tensor& grad = grad_outputs[0];
        const at::Tensor w = weight.detach().contiguous();
        const bool want_input = input.requires_grad(), want_weight = weight.requires_grad();
        at::Tensor grad_input, grad_weight, grad_bias;
        if (want_input)
            grad_input = at::empty(input.sizes(), input.options(), at::MemoryFormat::ChannelsLast);
        const std::int64_t batch = input.size(0), chunks = (batch + kWeightGradientChunk - 1) / kWeightGradientChunk;
        NarrowShape s = shape_of(input, w, padding, grad);
        if (want_input)
            for (int d = 0; d < 4; ++d)
                s.grad_input_stride[d] = grad_input.stride(d);
        at::Tensor lanes;
        if (want_weight)
            lanes = at::zeros({chunks, w.numel(), s.out_w}, input.options());
        if (want_input || want_weight) {
            AT_DISPATCH_FLOATING_TYPES(input.scalar_type(), "narrow_conv_backward", [&] {
                const scalar_t* in = input.data_ptr<scalar_t>();
                const scalar_t* wd = w.data_ptr<scalar_t>();
                const scalar_t* gd = grad.data_ptr<scalar_t>();
                scalar_t* gi = want_input ? grad_input.data_ptr<scalar_t>() : nullptr;
                scalar_t* ld = want_weight ? lanes.data_ptr<scalar_t>() : nullptr;
                const std::int64_t lane_size = w.numel() * s.out_w;
                at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
                    for (std::int64_t chunk = first; chunk < last; ++chunk) {
                        const std::int64_t begin = chunk * kWeightGradientChunk, end = std::min(batch, begin + kWeightGradientChunk);
                        narrow_backward(s, in, wd, gd, gi, ld ? ld + chunk * lane_size : nullptr, begin, end);
                    }
                });
            });
        }
        if (want_weight)
            grad_weight = lanes.sum(at::IntArrayRef{0, 2}).view(weight.sizes()).contiguous(weight.suggest_memory_format());
        if (bias.defined() && bias.requires_grad())
            grad_bias = grad.sum({0, 2, 3});
        return {grad_input, grad_weight, grad_bias, at::Tensor()};
    }
};

} // namespace

at::Tensor narrow_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, std::int64_t padding)
{
    // Autograd's custom functions cannot take an undefined tensor argument here.
    const at::Tensor b = bias.defined() ? bias : at::zeros({weight.size(0)}, weight.options());
    return NarrowConvFunction::apply(input, weight, b, padding);
}

} // namespace csae
