// The engine's own layer kernels (spike_conv: event-driven or dense channels-last convolutions;
// narrow_conv: few output channels; spike_linear: event-driven dense layers) against LibTorch's
// layers: outputs and the gradients of input, weight and bias, for the shapes the SAE uses and
// for awkward ones.

#include "model/core/cpu_features.h"
#include "model/kernels/narrow_conv.h"
#include "model/kernels/spike_conv.h"
#include "model/kernels/spike_linear.h"
#include "model/kernels/sparsity.h"
#include "model/kernels/transposed_conv.h"

#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/conv_transpose2d.h>
#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/zeros.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <torch/nn/modules/conv.h>
#include <torch/utils.h>

#include <QtTest/QtTest>

#include <functional>

using namespace csae;

namespace {

struct Gradients {
    at::Tensor output, input, weight, bias;
};

double relative_difference(const at::Tensor& actual, const at::Tensor& expected)
{
    const double scale = std::max(1e-12, expected.abs().max().item<double>());
    return (actual - expected).abs().max().item<double>() / scale;
}

/// Runs `conv` on fresh copies of input, weight and bias and backpropagates `grad_output`.
template <class Conv>
Gradients run(const Conv& conv, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
              const at::Tensor& grad_output)
{
    const at::Tensor x = input.detach().clone().requires_grad_(true);
    const at::Tensor w = weight.detach().clone().requires_grad_(true);
    const at::Tensor b = bias.detach().clone().requires_grad_(true);
    const at::Tensor y = conv(x, w, b);
    y.backward(grad_output.defined() ? grad_output : at::ones_like(y));
    return {y.detach(), x.grad(), w.grad(), b.grad()};
}

/// `bias_scale`, when set, replaces the bias gradient's own magnitude as the scale of its error: a
/// sum of thousands of random-signed terms can come out near zero, where the float32 rounding of
/// any summation order is large relative to the sum but not to the terms' magnitudes.
void compare(const Gradients& actual, const Gradients& expected, double tolerance, double bias_scale = 0.0)
{
    QVERIFY(actual.output.sizes() == expected.output.sizes());
    QVERIFY2(relative_difference(actual.output, expected.output) < tolerance, "output");
    QVERIFY2(relative_difference(actual.input, expected.input) < tolerance, "input gradient");
    QVERIFY2(relative_difference(actual.weight, expected.weight) < tolerance, "weight gradient");
    const double bias_error = (actual.bias - expected.bias).abs().max().item<double>() /
                              std::max({1e-12, bias_scale, expected.bias.abs().max().item<double>()});
    QVERIFY2(bias_error < tolerance, "bias gradient");
}

} // namespace

class TestConvKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        at::set_num_threads(2);
        qInfo("engine kernels at %s (CPU features: %s)", isa_name(kernel_isa_level()).c_str(),
              cpu_features().feature_list().c_str());
    }

    // ctest runs this suite again with CSAE_MAX_ISA=avx2 and =baseline: the kernels must then
    // really take that path, or those runs would only repeat this one.
    void kernelsHonourTheIsaCap()
    {
        const QByteArray cap = qgetenv("CSAE_MAX_ISA");
        const IsaLevel ceiling = cap == "baseline" ? IsaLevel::Baseline
                                 : cap == "avx2"   ? IsaLevel::Avx2
                                                   : IsaLevel::Avx512;
        QVERIFY(kernel_isa_level() <= ceiling);
    }

    // spike_conv against at::conv2d / the transposed convolution, on the event-driven and the
    // dense path, at densities from silent to dense, with channels-last and plain inputs.
    void spikeConvMatchesLibTorch_data()
    {
        QTest::addColumn<bool>("transposed");
        QTest::addColumn<int>("in_channels");
        QTest::addColumn<int>("out_channels");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<double>("density");
        QTest::addColumn<bool>("sparse");
        QTest::addColumn<bool>("channels_last");
        QTest::addColumn<bool>("float64");
        // The default SAE's layers, then odd shapes: channel counts off the vector widths,
        // kernels that overhang small inputs, a silent input, counts above 1.
        QTest::addRow("conv1 sparse") << false << 1 << 12 << 28 << 7 << 1 << 0.13 << true << false << false;
        QTest::addRow("conv1 dense") << false << 1 << 12 << 28 << 7 << 1 << 0.13 << false << false << false;
        // One input channel, dense: the engine's own forward (output narrower than a vector, two
        // vector blocks with a partial one, float64) and, at stride 2, oneDNN's.
        QTest::addRow("one channel narrow") << false << 1 << 8 << 5 << 3 << 1 << 0.3 << false << false << false;
        QTest::addRow("one channel two blocks") << false << 1 << 16 << 20 << 5 << 1 << 0.3 << false << true << false;
        QTest::addRow("one channel float64") << false << 1 << 12 << 28 << 7 << 1 << 0.13 << false << false << true;
        QTest::addRow("one channel stride 2") << false << 1 << 12 << 28 << 7 << 2 << 0.13 << false << false << false;
        QTest::addRow("conv2 sparse") << false << 12 << 32 << 28 << 7 << 2 << 0.1 << true << true << false;
        QTest::addRow("conv2 dense") << false << 12 << 32 << 28 << 7 << 2 << 0.1 << false << true << false;
        QTest::addRow("deconv1 sparse") << true << 32 << 12 << 14 << 7 << 2 << 0.06 << true << false << false;
        QTest::addRow("deconv1 dense") << true << 32 << 12 << 14 << 7 << 2 << 0.06 << false << false << false;
        // A channels-last convolution (not transposed) with several input channels and 1, 2, 12,
        // 16, 32 or 64 output channels takes the row-list forward, a channels-last transposed one
        // the kernel-row forward; the other rows take the scatter. Every sparse row takes the
        // tap-major weight gradient.
        QTest::addRow("deconv1 sparse channels-last")
            << true << 32 << 12 << 14 << 7 << 2 << 0.06 << true << true << false;
        QTest::addRow("transposed stride 3 sparse channels-last")
            << true << 5 << 2 << 6 << 3 << 3 << 0.3 << true << true << false;
        QTest::addRow("row lists stride 3") << false << 5 << 2 << 11 << 5 << 3 << 0.3 << true << true << false;
        QTest::addRow("kernel 1 sparse channels-last")
            << false << 20 << 16 << 5 << 1 << 1 << 0.3 << true << true << false;
        QTest::addRow("odd channels sparse") << false << 3 << 5 << 9 << 5 << 2 << 0.3 << true << true << false;
        QTest::addRow("odd transposed sparse") << true << 5 << 7 << 6 << 3 << 3 << 0.3 << true << false << false;
        QTest::addRow("kernel over input") << false << 2 << 16 << 3 << 7 << 1 << 0.5 << true << true << false;
        QTest::addRow("silent input") << false << 4 << 8 << 10 << 3 << 1 << 0.0 << true << true << false;
        QTest::addRow("dense input sparse path") << false << 4 << 64 << 10 << 3 << 1 << 1.0 << true << true << false;
        QTest::addRow("float64 sparse") << true << 6 << 12 << 7 << 5 << 2 << 0.2 << true << true << true;
        QTest::addRow("float64 row lists") << false << 6 << 12 << 9 << 5 << 2 << 0.2 << true << true << true;
    }
    void spikeConvMatchesLibTorch()
    {
        QFETCH(bool, transposed);
        QFETCH(int, in_channels);
        QFETCH(int, out_channels);
        QFETCH(int, size);
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(double, density);
        QFETCH(bool, sparse);
        QFETCH(bool, channels_last);
        QFETCH(bool, float64);
        torch::manual_seed(3);
        const auto type = float64 ? at::kDouble : at::kFloat;
        const std::int64_t padding = kernel / 2;
        const std::int64_t output_padding = transposed ? stride - 1 : 0;
        // Spikes, or counts up to 3 where the input is dense, so that values other than 1 occur.
        at::Tensor input = (at::rand({5, in_channels, size, size}) < density).to(type);
        if (density >= 1.0)
            input = input * at::randint(1, 4, input.sizes()).to(type);
        if (channels_last)
            input = input.contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor weight = transposed ? at::randn({in_channels, out_channels, kernel, kernel}, type)
                                             : at::randn({out_channels, in_channels, kernel, kernel}, type);
        const at::Tensor bias = at::randn({out_channels}, type);
        SpikeConvGeometry geometry;
        geometry.transposed = transposed;
        geometry.stride = stride;
        geometry.padding = padding;
        geometry.output_padding_h = geometry.output_padding_w = output_padding;
        geometry.sparse_below = sparse ? 1.01 : 0.0;
        const auto ours = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return spike_conv(x, w, b, geometry);
        };
        const auto reference = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            if (!transposed)
                return at::conv2d(x, w, b, {stride, stride}, {padding, padding});
            return at::conv_transpose2d(x, w, b, {stride, stride}, {padding, padding},
                                        {output_padding, output_padding});
        };
        const Gradients expected = run(reference, input, weight, bias, at::Tensor());
        const at::Tensor grad_output = at::randn(expected.output.sizes(), type);
        const Gradients actual = run(ours, input, weight, bias, grad_output);
        compare(actual, run(reference, input, weight, bias, grad_output), float64 ? 1e-12 : 1e-5);
        QVERIFY(actual.output.is_contiguous(at::MemoryFormat::ChannelsLast));
    }

    // The event-driven weight gradient adds fixed chunks of samples in a fixed order: the same
    // bits on one thread as on two.
    void spikeConvWeightGradientIndependentOfThreads()
    {
        torch::manual_seed(4);
        const at::Tensor input = (at::rand({21, 12, 28, 28}) < 0.1).to(at::kFloat);
        const at::Tensor weight = at::randn({32, 12, 7, 7});
        const at::Tensor bias = at::randn({32});
        SpikeConvGeometry geometry;
        geometry.stride = 2;
        geometry.padding = 3;
        geometry.sparse_below = 1.01;
        const auto ours = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return spike_conv(x, w, b, geometry);
        };
        const at::Tensor grad_output = at::randn({21, 32, 14, 14});
        // Both kernel families: the scatter (plain layout) and the row lists (channels-last).
        for (const at::Tensor& x : {input, input.contiguous(at::MemoryFormat::ChannelsLast)}) {
            at::set_num_threads(1);
            const Gradients one = run(ours, x, weight, bias, grad_output);
            at::set_num_threads(2);
            const Gradients two = run(ours, x, weight, bias, grad_output);
            QVERIFY(one.weight.equal(two.weight));
            QVERIFY(one.bias.equal(two.bias));
            QVERIFY(one.output.equal(two.output));
        }
    }

    // narrow_conv against at::conv2d at the SAE's output layer (MNIST: 1 channel, DVS: 2,
    // 28 or 32 wide) and at widths and kernels without a fixed-width kernel.
    void narrowConvMatchesLibTorch_data()
    {
        QTest::addColumn<int>("in_channels");
        QTest::addColumn<int>("out_channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("padding");
        QTest::addColumn<bool>("float64");
        QTest::addColumn<bool>("sparse");
        QTest::addColumn<bool>("channels_last");
        QTest::addRow("mnist output") << 12 << 1 << 28 << 28 << 7 << 3 << false << false << true;
        QTest::addRow("dvs output") << 12 << 2 << 32 << 32 << 7 << 3 << false << false << true;
        QTest::addRow("odd width") << 5 << 3 << 9 << 13 << 5 << 2 << false << false << true;
        QTest::addRow("valid padding") << 4 << 1 << 12 << 12 << 3 << 0 << false << false << true;
        QTest::addRow("kernel 1") << 7 << 4 << 6 << 6 << 1 << 0 << false << false << true;
        QTest::addRow("float64") << 12 << 1 << 28 << 28 << 7 << 3 << true << false << true;
        // The event-driven weight gradient: kernels up to 8 wide, any layout.
        QTest::addRow("mnist output sparse") << 12 << 1 << 28 << 28 << 7 << 3 << false << true << true;
        QTest::addRow("dvs output sparse") << 12 << 2 << 32 << 32 << 7 << 3 << false << true << true;
        QTest::addRow("odd width sparse") << 5 << 3 << 9 << 13 << 5 << 2 << false << true << true;
        QTest::addRow("valid padding sparse") << 4 << 1 << 12 << 12 << 3 << 0 << false << true << true;
        QTest::addRow("kernel 1 sparse") << 7 << 4 << 6 << 6 << 1 << 0 << false << true << true;
        QTest::addRow("kernel 8 sparse") << 3 << 1 << 10 << 11 << 8 << 4 << false << true << true;
        QTest::addRow("kernel 9 falls back") << 3 << 1 << 12 << 12 << 9 << 4 << false << true << true;
        QTest::addRow("plain layout sparse") << 12 << 1 << 28 << 28 << 7 << 3 << false << true << false;
        QTest::addRow("float64 sparse") << 12 << 1 << 28 << 28 << 7 << 3 << true << true << true;
    }
    void narrowConvMatchesLibTorch()
    {
        QFETCH(int, in_channels);
        QFETCH(int, out_channels);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, kernel);
        QFETCH(int, padding);
        QFETCH(bool, float64);
        QFETCH(bool, sparse);
        QFETCH(bool, channels_last);
        torch::manual_seed(6);
        const auto type = float64 ? at::kDouble : at::kFloat;
        // Nonzeros with random values: the kernels must multiply by them, not just count spikes.
        const at::Tensor plain = (at::rand({9, in_channels, height, width}) < 0.2).to(type) *
                                 at::randn({9, in_channels, height, width}, type);
        const at::Tensor input = channels_last ? plain.contiguous(at::MemoryFormat::ChannelsLast) : plain;
        const at::Tensor weight = at::randn({out_channels, in_channels, kernel, kernel}, type);
        const at::Tensor bias = at::randn({out_channels}, type);
        const auto ours = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return narrow_conv(x, w, b, padding, sparse ? 1.01 : 0.0);
        };
        const auto reference = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return at::conv2d(x, w, b, {1, 1}, {padding, padding});
        };
        const at::Tensor grad_output =
            at::randn({9, out_channels, height + 2 * padding - kernel + 1, width + 2 * padding - kernel + 1}, type);
        compare(run(ours, input, weight, bias, grad_output), run(reference, input, weight, bias, grad_output),
                float64 ? 1e-12 : 1e-5, grad_output.abs().sum({0, 2, 3}).max().item<double>());
    }

    // spike_linear against at::linear, event-driven and GEMM: the SAE's two dense layers, and
    // sizes that leave remainders after every vector block (outputs 21, 200; inputs 37).
    // Nonzeros carry random values, so the kernels must multiply by them, not just add rows.
    void spikeLinearMatchesLibTorch_data()
    {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<double>("density");
        QTest::addColumn<bool>("sparse");
        QTest::addColumn<bool>("float64");
        QTest::addRow("into the embedding") << 64 << 6272 << 64 << 0.1 << true << false;
        QTest::addRow("out of the embedding") << 64 << 64 << 6272 << 0.05 << true << false;
        QTest::addRow("remainders") << 3 << 37 << 21 << 0.2 << true << false;
        QTest::addRow("blocks of 8 and 4") << 5 << 50 << 200 << 0.3 << true << false;
        QTest::addRow("silent input") << 8 << 100 << 40 << 0.0 << true << false;
        QTest::addRow("all nonzero") << 8 << 100 << 40 << 1.0 << true << false;
        QTest::addRow("one by one") << 1 << 1 << 1 << 1.0 << true << false;
        QTest::addRow("float64") << 16 << 300 << 70 << 0.1 << true << true;
        QTest::addRow("gemm") << 16 << 300 << 70 << 0.1 << false << false;
    }
    void spikeLinearMatchesLibTorch()
    {
        QFETCH(int, batch);
        QFETCH(int, inputs);
        QFETCH(int, outputs);
        QFETCH(double, density);
        QFETCH(bool, sparse);
        QFETCH(bool, float64);
        torch::manual_seed(8);
        const auto type = float64 ? at::kDouble : at::kFloat;
        const at::Tensor input =
            (at::rand({batch, inputs}, type) < density).to(type) * at::randn({batch, inputs}, type);
        const at::Tensor weight_t = at::randn({inputs, outputs}, type);
        const at::Tensor bias = at::randn({outputs}, type);
        const auto ours = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return spike_linear(x, w, b, sparse ? 1.01 : 0.0);
        };
        const auto reference = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return at::linear(x, w.t(), b);
        };
        const at::Tensor grad_output = at::randn({batch, outputs}, type);
        compare(run(ours, input, weight_t, bias, grad_output), run(reference, input, weight_t, bias, grad_output),
                float64 ? 1e-12 : 1e-5);
    }

    // The event-driven products add in a fixed order: the same bits on one thread as on two.
    void spikeLinearIndependentOfThreads()
    {
        torch::manual_seed(9);
        const at::Tensor input = (at::rand({37, 6272}) < 0.1).to(at::kFloat);
        const at::Tensor weight_t = at::randn({6272, 64});
        const at::Tensor bias = at::randn({64});
        const auto ours = [&](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
            return spike_linear(x, w, b, 1.01);
        };
        const at::Tensor grad_output = at::randn({37, 64});
        at::set_num_threads(1);
        const Gradients one = run(ours, input, weight_t, bias, grad_output);
        at::set_num_threads(2);
        const Gradients two = run(ours, input, weight_t, bias, grad_output);
        QVERIFY(one.weight.equal(two.weight));
        QVERIFY(one.output.equal(two.output));
    }

    // Bfloat16 input gradients (train.gradient_precision): rounded to about 2^-9 of the
    // float32 result, but not equal to it (the products really are bfloat16); the output and
    // weight gradients unchanged; the bias gradient (a convolution's is summed while the output
    // gradient is converted) the float32 sum up to rounding, and the same bits on one thread as on
    // two; float64 ignores the setting and stays exact (the dense layers' float64 case, where the
    // SAE makes no bfloat16 copy, is checked in test_autoencoder through the whole network).
    void bfloat16InputGradient_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<bool>("float64");
        QTest::addRow("conv2") << QStringLiteral("conv2") << false;
        QTest::addRow("deconv1") << QStringLiteral("deconv1") << false;
        QTest::addRow("dense") << QStringLiteral("dense") << false;
        QTest::addRow("conv2 float64") << QStringLiteral("conv2") << true;
        QTest::addRow("deconv1 float64") << QStringLiteral("deconv1") << true;
    }
    void bfloat16InputGradient()
    {
        QFETCH(QString, layer);
        QFETCH(bool, float64);
        torch::manual_seed(10);
        const auto type = float64 ? at::kDouble : at::kFloat;
        const bool dense = layer == QLatin1String("dense");
        const bool transposed = layer == QLatin1String("deconv1");
        at::Tensor input, weight, bias;
        std::function<at::Tensor(const at::Tensor&, const at::Tensor&, const at::Tensor&, bool)> apply;
        if (dense) {
            input = (at::rand({16, 300}) < 0.1).to(type);
            weight = at::randn({300, 40}, type); // transposed, [K, N]
            bias = at::randn({40}, type);
            apply = [](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, bool low) {
                const at::Tensor copy =
                    low && w.scalar_type() == at::kFloat ? w.detach().t().to(at::kBFloat16).contiguous() : at::Tensor();
                return spike_linear(x, w, b, 1.01, copy);
            };
        } else {
            const std::int64_t in = transposed ? 32 : 12, out = transposed ? 12 : 32, size = transposed ? 14 : 28;
            input = (at::rand({4, in, size, size}) < 0.1).to(type).contiguous(at::MemoryFormat::ChannelsLast);
            weight = transposed ? at::randn({in, out, 7, 7}, type) : at::randn({out, in, 7, 7}, type);
            bias = at::randn({out}, type);
            apply = [transposed](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, bool low) {
                SpikeConvGeometry geometry;
                geometry.transposed = transposed;
                geometry.stride = 2;
                geometry.padding = 3;
                geometry.output_padding_h = geometry.output_padding_w = transposed ? 1 : 0;
                geometry.sparse_below = 1.01;
                geometry.bfloat16_input_gradient = low;
                return spike_conv(x, w, b, geometry);
            };
        }
        const auto with = [&](bool low) {
            return [&apply, low](const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
                return apply(x, w, b, low);
            };
        };
        const at::Tensor grad_output = at::randn(apply(input, weight, bias, false).sizes(), type);
        const Gradients exact = run(with(false), input, weight, bias, grad_output);
        at::set_num_threads(1);
        const Gradients one_thread = run(with(true), input, weight, bias, grad_output);
        at::set_num_threads(2);
        const Gradients low = run(with(true), input, weight, bias, grad_output);
        QVERIFY(low.output.equal(exact.output));
        QVERIFY(low.weight.equal(exact.weight));
        QVERIFY(low.bias.equal(one_thread.bias));
        QVERIFY(low.input.equal(one_thread.input));
        // Scaled by the summed magnitudes: a sum of random-signed terms can come out near zero.
        const at::Tensor magnitude = dense ? grad_output.abs().sum(0) : grad_output.abs().sum({0, 2, 3});
        QVERIFY(((low.bias - exact.bias).abs() <= magnitude * 1e-6).all().item<bool>());
        QCOMPARE(low.input.scalar_type(), type);
        QVERIFY(low.input.sizes() == exact.input.sizes());
        if (float64) {
            QVERIFY(low.input.equal(exact.input));
        } else {
            const double difference = relative_difference(low.input, exact.input);
            QVERIFY2(difference < 1e-2 && difference > 1e-5, qPrintable(QString::number(difference)));
            // The engine's own conversion rounds as LibTorch's does (to nearest even): the same
            // bfloat16 operands, so the same products.
            const at::Tensor go =
                dense ? at::Tensor() : grad_output.contiguous(at::MemoryFormat::ChannelsLast).to(at::kBFloat16);
            at::Tensor expected;
            if (dense)
                expected = at::mm(grad_output.to(at::kBFloat16), weight.t().to(at::kBFloat16).contiguous());
            else if (transposed)
                expected =
                    at::conv2d(go, weight.contiguous(at::MemoryFormat::ChannelsLast).to(at::kBFloat16), {}, 2, 3);
            else
                expected = std::get<0>(at::convolution_backward(
                    go, at::empty(input.sizes(), go.options(), at::MemoryFormat::ChannelsLast),
                    weight.contiguous(at::MemoryFormat::ChannelsLast).to(at::kBFloat16), c10::nullopt, {2, 2}, {3, 3},
                    {1, 1}, false, {0, 0}, 1, {true, false, false}));
            QVERIFY(low.input.equal(expected.to(at::kFloat)));
        }
    }

    // The density probe that picks event-driven or dense kernels: counted in place for one block
    // of memory, through ATen otherwise, on the first 4 samples only.
    void densityProbe_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<bool>("float64");
        QTest::addRow("contiguous") << QStringLiteral("contiguous") << false;
        QTest::addRow("channels-last") << QStringLiteral("channels_last") << false;
        QTest::addRow("strided view") << QStringLiteral("strided") << false;
        QTest::addRow("float64") << QStringLiteral("contiguous") << true;
    }
    void densityProbe()
    {
        QFETCH(QString, layout);
        QFETCH(bool, float64);
        const auto type = float64 ? at::kDouble : at::kFloat;
        // First 4 samples: 3 of 4 x 3 x 5 x 5 values nonzero (an odd count, so no rounding hides
        // an off-by-one); the fifth sample is all nonzero and must not count.
        at::Tensor input = at::zeros({5, 3, 5, 5}, type);
        input[0][0][0][0] = 1.0;
        input[2][1][2][3] = -2.0;
        input[3][2][4][4] = 0.5;
        input[4].fill_(1.0);
        if (layout == QLatin1String("channels_last"))
            input = input.contiguous(at::MemoryFormat::ChannelsLast);
        else if (layout == QLatin1String("strided"))
            input = input.transpose(2, 3);
        const double fraction = 3.0 / (4 * 3 * 5 * 5);
        QVERIFY(sparser_than(input, fraction * 1.01));
        QVERIFY(!sparser_than(input, fraction));
        QVERIFY(!sparser_than(input, 0.0));
        QVERIFY(!sparser_than(at::zeros({0, 3}, type), 1.0));
    }

    void badShapesAreRejected()
    {
        const at::Tensor input = at::zeros({2, 3, 8, 8});
        QVERIFY_THROWS_EXCEPTION(c10::Error, spike_conv(input, at::zeros({4, 5, 3, 3}), at::Tensor(), {}));
        QVERIFY_THROWS_EXCEPTION(c10::Error, narrow_conv(input, at::zeros({1, 5, 3, 3}), at::Tensor(), 1));
        QVERIFY_THROWS_EXCEPTION(c10::Error, narrow_conv(input, at::zeros({1, 3, 11, 11}), at::Tensor(), 0));
        QVERIFY_THROWS_EXCEPTION(c10::Error, spike_linear(at::zeros({2, 5}), at::zeros({6, 3}), at::Tensor(), 1.0));
        QVERIFY_THROWS_EXCEPTION(c10::Error, spike_linear(at::zeros({2, 5}), at::zeros({5, 3}), at::zeros({4}), 1.0));
    }
};

QTEST_GUILESS_MAIN(TestConvKernels)
#include "test_conv_kernels.moc"
