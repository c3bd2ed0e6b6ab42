#include "model/teaching/convolution_lesson.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>

namespace csae {
namespace {

at::Tensor tensor_of(const Grid& grid)
{
    if (grid.rows < 1 || grid.cols < 1 || grid.values.size() != std::size_t(grid.rows) * grid.cols)
        throw InputError("convolution: a grid of " + std::to_string(grid.rows) + " x " + std::to_string(grid.cols) +
                         " holds " + std::to_string(grid.values.size()) + " values");
    for (const double v : grid.values)
        if (!std::isfinite(v))
            throw InputError("convolution: a value is not finite");
    return at::tensor(grid.values, at::kDouble).view({1, 1, grid.rows, grid.cols});
}

Grid grid_of(const at::Tensor& tensor)
{
    const at::Tensor t = tensor.to(at::kDouble).contiguous();
    Grid grid;
    grid.rows = int(t.size(-2));
    grid.cols = int(t.size(-1));
    grid.values.assign(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    return grid;
}

void check_geometry(const Grid& input, const Grid& kernel, int stride, int padding)
{
    if (stride < 1 || padding < 0 || padding > 8)
        throw InputError("convolution: stride must be at least 1 and padding 0-8");
    if (kernel.rows > input.rows + 2 * padding || kernel.cols > input.cols + 2 * padding)
        throw InputError("convolution: the " + std::to_string(kernel.rows) + " x " + std::to_string(kernel.cols) +
                         " kernel does not fit the padded " + std::to_string(input.rows + 2 * padding) + " x " +
                         std::to_string(input.cols + 2 * padding) + " input");
}

} // namespace

Grid seed_convolution_input()
{
    return {6, 6, {1, 2, 3, 4, 2, 1, 4, 5, 6, 5, 0, 1, 7, 8, 9, 2, 2, 1,
                   9, 3, 2, 4, 2, 1, 5, 7, 3, 2, 1, 9, 4, 4, 3, 2, 8, 1}};
}

Grid seed_convolution_kernel()
{
    return {3, 3, {1, 1, 0, 0, 0, 0, 0, 0, 1}};
}

ConvolutionLesson convolve_for_lesson(const Grid& input, const Grid& kernel, int stride, int padding)
{
    const at::Tensor x = tensor_of(input), w = tensor_of(kernel);
    check_geometry(input, kernel, stride, padding);
    torch::NoGradGuard no_grad;
    ConvolutionLesson lesson;
    lesson.output = grid_of(at::conv2d(x, w, {}, stride, padding)[0][0]);
    for (int r = 0; r < lesson.output.rows; ++r)
        for (int c = 0; c < lesson.output.cols; ++c) {
            ConvolutionPosition position{r, c, r * stride - padding, c * stride - padding};
            for (int i = 0; i < kernel.rows; ++i)
                for (int j = 0; j < kernel.cols; ++j) {
                    const int y = position.top + i, xcol = position.left + j;
                    const bool inside = y >= 0 && xcol >= 0 && y < input.rows && xcol < input.cols;
                    const double value = inside ? input.at(y, xcol) : 0.0;
                    position.inputs.push_back(value);
                    position.products.push_back(value * kernel.at(i, j));
                    position.sum += value * kernel.at(i, j);
                }
            lesson.positions.push_back(std::move(position));
        }
    return lesson;
}

SpikingConvolution spiking_convolution(const Grid& input, const Grid& kernel, int stride, int padding,
                                       const RateEncoderOptions& encoding, const LifOptions& neuron, std::uint64_t seed)
{
    at::Tensor x = tensor_of(input);
    const at::Tensor w = tensor_of(kernel);
    check_geometry(input, kernel, stride, padding);
    validate(encoding);
    torch::NoGradGuard no_grad;
    const double largest = x.abs().max().item<double>();
    x = largest > 0 ? (x.clamp_min(0.0) / largest) : x.clamp_min(0.0);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const at::Tensor spikes = rate_encode(x.to(at::kFloat), encoding, generator).to(at::kDouble); // [T, 1, 1, H, W]
    const std::int64_t steps = spikes.size(0);
    const at::Tensor currents = at::conv2d(spikes.flatten(0, 1), w, {}, stride, padding); // [T, 1, h, w]
    Lif layer(neuron);
    layer->to(at::kDouble);
    const LifTrace trace = layer->forward_trace(currents);
    SpikingConvolution result;
    for (std::int64_t t = 0; t < steps; ++t) {
        result.input_spikes.push_back(grid_of(spikes[t][0][0]));
        result.currents.push_back(grid_of(currents[t][0]));
        result.membrane.push_back(grid_of(trace.membrane[t][0]));
        result.spikes.push_back(grid_of(trace.spikes[t][0]));
    }
    return result;
}

} // namespace csae
