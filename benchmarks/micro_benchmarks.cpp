// Micro-benchmarks of the SAE's building blocks, production against reference, at the default
// topology's shapes (batch 64, T from the argument). Not a test: run by hand, e.g.
//   build/release/benchmarks/csae_micro_benchmarks --benchmark_filter=Lif --benchmark_repetitions=3
// Each benchmark times forward + backward of one layer.

#include "model/neurons/lif_neuron.h"
#include "model/kernels/narrow_conv.h"
#include "model/kernels/spike_conv.h"
#include "model/kernels/spike_linear.h"
#include "model/core/runtime.h"
#include "model/kernels/transposed_conv.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/scalar_tensor.h>
#include <benchmark/benchmark.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace {

constexpr std::int64_t kBatch = 64;

at::Tensor sparse_spikes(std::vector<std::int64_t> shape, double rate)
{
    return (at::rand(shape) < rate).to(at::kFloat);
}

/// LIF over [T, 64, 12, 28, 28] (the first conv layer's neurons); range(0) = T.
template <bool fused>
void lif_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    const at::Tensor input = (at::randn({steps, kBatch, 12, 28, 28}) + 0.5).set_requires_grad(true);
    const at::Tensor beta = at::scalar_tensor(0.5), threshold = at::scalar_tensor(1.0);
    const csae::LifOptions options;
    for (auto _ : state) {
        const auto trace = fused ? csae::lif_sequence(input, beta, threshold, options)
                                 : csae::lif_sequence_reference(input, beta, threshold, options);
        trace.spikes.sum().backward();
        benchmark::DoNotOptimize(input.grad().data_ptr());
        input.mutable_grad().reset();
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// LIF over the same neurons as the stepwise path runs it: per-step tensors, fused over
/// stretches of range(1) steps with the membrane carried between them; range(0) = T.
void lif_stretches(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    const auto stretch = static_cast<std::size_t>(state.range(1));
    const at::Tensor input = (at::randn({steps, kBatch, 12, 28, 28}) + 0.5).set_requires_grad(true);
    const at::Tensor beta = at::scalar_tensor(0.5), threshold = at::scalar_tensor(1.0);
    const csae::LifOptions options;
    for (auto _ : state) {
        const std::vector<at::Tensor> currents = input.unbind(0);
        at::Tensor membrane, total = at::scalar_tensor(0.0);
        for (std::size_t begin = 0; begin < currents.size(); begin += stretch) {
            const std::vector<at::Tensor> part(
                currents.begin() + static_cast<std::ptrdiff_t>(begin),
                currents.begin() + static_cast<std::ptrdiff_t>(std::min(currents.size(), begin + stretch)));
            const auto result = csae::lif_stretch(part, membrane, beta, threshold, options);
            membrane = result.final_membrane;
            for (const auto& spikes : result.spikes)
                total = total + spikes.sum();
        }
        total.backward();
        benchmark::DoNotOptimize(input.grad().data_ptr());
        input.mutable_grad().reset();
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// A convolution on spikes: all T steps folded into the batch, or one call per step.
/// range(0) = T; range(1) = which layer (0: conv1 1->12 s1, 1: conv2 12->32 s2, 2: conv 12->1 s1).
template <bool folded>
void conv_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    const struct {
        std::int64_t in, out, stride;
    } shapes[] = {{1, 12, 1}, {12, 32, 2}, {12, 1, 1}};
    const auto shape = shapes[state.range(1)];
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(shape.in, shape.out, 7).stride(shape.stride).padding(3));
    const at::Tensor input = sparse_spikes({steps * kBatch, shape.in, 28, 28}, 0.12);
    for (auto _ : state) {
        if (folded) {
            conv->forward(input).sum().backward();
        } else {
            for (std::int64_t t = 0; t < steps; ++t)
                conv->forward(input.narrow(0, t * kBatch, kBatch)).sum().backward();
        }
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// The decoder's transposed convolution 32 -> 12, stride 2, 14x14 -> 28x28: ours (convolution
/// input gradient) or LibTorch's ConvTranspose2d. range(0) = T.
template <bool ours>
void transposed_conv_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    csae::TransposedConv2d fast(csae::TransposedConv2dOptions(32, 12, 7).stride(2).padding(3).output_padding({1, 1}));
    torch::nn::ConvTranspose2d libtorch(
        torch::nn::ConvTranspose2dOptions(32, 12, 7).stride(2).padding(3).output_padding(1));
    const at::Tensor input = sparse_spikes({steps * kBatch, 32, 14, 14}, 0.1);
    for (auto _ : state) {
        const at::Tensor output = ours ? fast->forward(input) : libtorch->forward(input);
        output.sum().backward();
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// The bottleneck linear layer 32*14*14 -> 64 on all steps at once. range(0) = T.
void linear_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    torch::nn::Linear linear(32 * 14 * 14, 64);
    const at::Tensor input = sparse_spikes({steps, kBatch, 32 * 14 * 14}, 0.1);
    for (auto _ : state)
        linear->forward(input).sum().backward();
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// The production convolution kernels at the default network's shapes, per time step as the
/// stepwise execution calls them (T calls at batch 64, forward + weight gradient; the input
/// gradient is always dense oneDNN and left out). range(0) = layer (0: conv1 1->12 s1, 1: conv2
/// 12->32 s2, 2: deconv1 32->12 transposed s2); range(1) = input density in percent.
/// SpikeConvSparse is the event-driven kernel, SpikeConvDense oneDNN in channels-last.
template <bool sparse>
void spike_conv_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    constexpr std::int64_t steps = 25;
    const struct {
        std::int64_t in, out, size, stride;
        bool transposed;
    } shapes[] = {{1, 12, 28, 1, false}, {12, 32, 28, 2, false}, {32, 12, 14, 2, true}};
    const auto shape = shapes[state.range(0)];
    csae::SpikeConvGeometry geometry;
    geometry.transposed = shape.transposed;
    geometry.stride = shape.stride;
    geometry.padding = 3;
    geometry.output_padding_h = geometry.output_padding_w = shape.transposed ? 1 : 0;
    geometry.sparse_below = sparse ? 1.01 : 0.0;
    const at::Tensor weight =
        (shape.transposed ? at::randn({shape.in, shape.out, 7, 7}) : at::randn({shape.out, shape.in, 7, 7}))
            .contiguous(at::MemoryFormat::ChannelsLast)
            .set_requires_grad(true);
    const at::Tensor bias = at::randn({shape.out}).set_requires_grad(true);
    const double density = static_cast<double>(state.range(1)) / 100.0;
    const at::Tensor input = sparse_spikes({steps * kBatch, shape.in, shape.size, shape.size}, density)
                                 .contiguous(at::MemoryFormat::ChannelsLast);
    // A fixed output gradient: sum().backward() would add a broadcast-and-copy per call that
    // costs as much as the kernels' differences.
    const at::Tensor grad = at::randn(csae::spike_conv(input.narrow(0, 0, kBatch), weight, bias, geometry).sizes())
                                .contiguous(at::MemoryFormat::ChannelsLast);
    for (auto _ : state) {
        for (std::int64_t t = 0; t < steps; ++t)
            csae::spike_conv(input.narrow(0, t * kBatch, kBatch), weight, bias, geometry).backward(grad);
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// The dense layers per time step as the stepwise execution calls them (25 calls at batch 64,
/// forward + backward with the weight gradient; the input gradient, always a GEMM, is left out):
/// range(0) = layer (0: 6272 -> 64 into the embedding, 1: 64 -> 6272 out of it); range(1) =
/// input density in percent. SpikeLinearSparse is the event-driven kernel, SpikeLinearDense the
/// GEMM (OpenBLAS) through the same function.
template <bool sparse>
void spike_linear_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    constexpr std::int64_t steps = 25;
    const std::int64_t wide = 32 * 14 * 14, inputs = state.range(0) == 0 ? wide : 64,
                       outputs = state.range(0) == 0 ? 64 : wide;
    const at::Tensor weight_t = at::randn({inputs, outputs}).set_requires_grad(true);
    const at::Tensor bias = at::randn({outputs}).set_requires_grad(true);
    const at::Tensor input = sparse_spikes({steps * kBatch, inputs}, static_cast<double>(state.range(1)) / 100.0);
    const at::Tensor grad = at::randn({kBatch, outputs});
    for (auto _ : state) {
        for (std::int64_t t = 0; t < steps; ++t)
            csae::spike_linear(input.narrow(0, t * kBatch, kBatch), weight_t, bias, sparse ? 1.01 : 0.0).backward(grad);
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// The output layer 12 -> 1 (stride 1, 28 x 28) per time step at 6 % input density: oneDNN
/// (kind 0), the planar narrow_conv kernel (1) or the same with its event-driven weight gradient
/// (2), forward + backward including the input gradient. range(0) = T.
template <int kind>
void output_conv_layer(benchmark::State& state)
{
    csae::configure_runtime(0);
    const std::int64_t steps = state.range(0);
    const at::Tensor weight =
        at::randn({1, 12, 7, 7}).contiguous(at::MemoryFormat::ChannelsLast).set_requires_grad(true);
    const at::Tensor bias = at::randn({1}).set_requires_grad(true);
    std::vector<at::Tensor> inputs; // one leaf per step, as the previous LIF layer hands them over
    for (std::int64_t t = 0; t < steps; ++t)
        inputs.push_back(sparse_spikes({kBatch, 12, 28, 28}, 0.06)
                             .contiguous(at::MemoryFormat::ChannelsLast)
                             .set_requires_grad(true));
    for (auto _ : state) {
        for (auto& x : inputs) {
            (kind > 0 ? csae::narrow_conv(x, weight, bias, 3, kind == 2 ? 1.01 : 0.0)
                      : at::conv2d(x, weight, bias, 1, 3))
                .sum()
                .backward();
            x.mutable_grad().reset();
        }
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

/// Whole backward (input, weight and bias gradients) plus forward of one layer per time step as
/// the stepwise execution calls it (25 calls at batch 64, event-driven forward and weight
/// gradient), with the input gradient's products in float32 or bfloat16 (train.gradient_precision).
/// range(0) = layer: 0 conv2 (12 -> 32, stride 2, 10 % input density), 1 deconv1 (32 -> 12,
/// transposed, stride 2, 6 %), 2 the dense layer into the embedding (6272 -> 64, 10 %), 3 the one
/// out of it (64 -> 6272, 6 %). The dense layers' bfloat16 weight copy is made once per 25 steps,
/// as the SAE makes it once per forward pass.
template <bool bfloat16>
void input_gradient(benchmark::State& state)
{
    csae::configure_runtime(0);
    constexpr std::int64_t steps = 25;
    const std::int64_t layer = state.range(0);
    const bool dense = layer >= 2;
    const std::int64_t wide = 32 * 14 * 14;
    at::Tensor weight, bias, grad;
    std::vector<at::Tensor> inputs;
    csae::SpikeConvGeometry geometry;
    geometry.stride = 2;
    geometry.padding = 3;
    geometry.sparse_below = 1.01;
    geometry.bfloat16_input_gradient = bfloat16;
    if (dense) {
        const std::int64_t in = layer == 2 ? wide : 64, out = layer == 2 ? 64 : wide;
        weight = at::randn({in, out}).set_requires_grad(true); // transposed, [K, N]
        bias = at::randn({out}).set_requires_grad(true);
        grad = at::randn({kBatch, out});
        for (std::int64_t t = 0; t < steps; ++t)
            inputs.push_back(sparse_spikes({kBatch, in}, layer == 2 ? 0.1 : 0.06).set_requires_grad(true));
    } else {
        const bool transposed = layer == 1;
        geometry.transposed = transposed;
        geometry.output_padding_h = geometry.output_padding_w = transposed ? 1 : 0;
        const std::int64_t in = transposed ? 32 : 12, out = transposed ? 12 : 32, size = transposed ? 14 : 28;
        weight = (transposed ? at::randn({in, out, 7, 7}) : at::randn({out, in, 7, 7}))
                     .contiguous(at::MemoryFormat::ChannelsLast)
                     .set_requires_grad(true);
        bias = at::randn({out}).set_requires_grad(true);
        grad = at::randn({kBatch, out, transposed ? 28 : 14, transposed ? 28 : 14})
                   .contiguous(at::MemoryFormat::ChannelsLast);
        for (std::int64_t t = 0; t < steps; ++t)
            inputs.push_back(sparse_spikes({kBatch, in, size, size}, transposed ? 0.06 : 0.1)
                                 .contiguous(at::MemoryFormat::ChannelsLast)
                                 .set_requires_grad(true));
    }
    for (auto _ : state) {
        const at::Tensor copy = dense && bfloat16 ? weight.detach().t().to(at::kBFloat16).contiguous() : at::Tensor();
        for (auto& x : inputs) {
            (dense ? csae::spike_linear(x, weight, bias, 1.01, copy) : csae::spike_conv(x, weight, bias, geometry))
                .backward(grad);
            x.mutable_grad().reset();
        }
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}

} // namespace

BENCHMARK(lif_layer<true>)->Name("LifFused")->Arg(10)->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(lif_layer<false>)->Name("LifReference")->Arg(10)->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(lif_stretches)->Name("LifStretches")->ArgsProduct({{25}, {1, 5, 25}})->Unit(benchmark::kMillisecond);
BENCHMARK(conv_layer<true>)->Name("ConvFolded")->ArgsProduct({{25}, {0, 1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(conv_layer<false>)->Name("ConvPerStep")->ArgsProduct({{25}, {0, 1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(transposed_conv_layer<true>)->Name("TransposedConvOurs")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(transposed_conv_layer<false>)->Name("TransposedConvLibTorch")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(spike_conv_layer<true>)
    ->Name("SpikeConvSparse")
    ->ArgsProduct({{0, 1, 2}, {3, 6, 10, 15, 20}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(spike_conv_layer<false>)
    ->Name("SpikeConvDense")
    ->ArgsProduct({{0, 1, 2}, {3, 6, 10, 15, 20}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(spike_linear_layer<true>)
    ->Name("SpikeLinearSparse")
    ->ArgsProduct({{0, 1}, {3, 10, 20, 30, 50}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(spike_linear_layer<false>)
    ->Name("SpikeLinearDense")
    ->ArgsProduct({{0, 1}, {3, 10, 20, 30, 50}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(output_conv_layer<2>)->Name("OutputConvNarrowSparse")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(output_conv_layer<1>)->Name("OutputConvNarrow")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(output_conv_layer<0>)->Name("OutputConvOneDnn")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(linear_layer)->Name("LinearFolded")->Arg(25)->Unit(benchmark::kMillisecond);
BENCHMARK(input_gradient<false>)->Name("InputGradientFloat32")->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(input_gradient<true>)->Name("InputGradientBFloat16")->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
