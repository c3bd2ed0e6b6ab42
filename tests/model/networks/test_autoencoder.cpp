// The convolution of the seed's appendix, and the SAE / AE topologies: shapes, recurrence
// variants, traces for the views, kernels, embeddings and calibration.

#include "model/networks/autoencoder.h"
#include "model/core/errors.h"
#include "model/kernels/transposed_conv.h"
#include "model/networks/losses.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/linspace.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/tensor.h>
#include <torch/nn/modules/conv.h>
#include <torch/utils.h>

#include <QtTest/QtTest>

using namespace csae;
Q_DECLARE_METATYPE(csae::Recurrence)
Q_DECLARE_METATYPE(csae::Execution)
Q_DECLARE_METATYPE(std::vector<std::int64_t>)

class TestAutoencoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedConvolutionAppendix()
    {
        const at::Tensor x = at::tensor(std::vector<float>{1, 2, 3, 4, 2, 1, 4, 5, 6, 5, 0, 1, 7, 8, 9, 2, 2, 1,
                                                           9, 3, 2, 4, 2, 1, 5, 7, 3, 2, 1, 9, 4, 4, 3, 2, 8, 1})
                                 .view({1, 1, 6, 6});
        const at::Tensor w = at::tensor(std::vector<float>{1, 1, 0, 0, 0, 0, 0, 0, 1}).view({1, 1, 3, 3});
        const at::Tensor expected =
            at::tensor(std::vector<float>{12, 7, 9, 7, 11, 15, 13, 6, 18, 19, 12, 13, 15, 7, 14, 7}).view({1, 1, 4, 4});
        // The engine's convolution layer type, with b = 0 and the identity activation.
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(1, 1, 3).bias(false));
        {
            torch::NoGradGuard no_grad;
            conv->weight.copy_(w);
        }
        QVERIFY(conv->forward(x).equal(expected));
    }

    // The decoder's transposed convolution (computed as a convolution's input gradient) gives
    // ConvTranspose2d's result and gradients.
    void transposedConvMatchesLibTorch_data()
    {
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("outputPadding");
        QTest::newRow("decoder default s2 k7 op1") << 2 << 7 << 1;
        QTest::newRow("s2 k3 op0") << 2 << 3 << 0;
        QTest::newRow("s3 k5 op2") << 3 << 5 << 2;
        QTest::newRow("s1 k1") << 1 << 1 << 0;
    }
    void transposedConvMatchesLibTorch()
    {
        QFETCH(int, stride);
        QFETCH(int, kernel);
        QFETCH(int, outputPadding);
        torch::manual_seed(5);
        TransposedConv2d ours(TransposedConv2dOptions(6, 4, kernel)
                                  .stride(stride)
                                  .padding(kernel / 2)
                                  .output_padding({outputPadding, outputPadding}));
        torch::nn::ConvTranspose2d theirs(torch::nn::ConvTranspose2dOptions(6, 4, kernel)
                                              .stride(stride)
                                              .padding(kernel / 2)
                                              .output_padding(outputPadding));
        {
            torch::NoGradGuard no_grad;
            theirs->weight.copy_(ours->weight);
            theirs->bias.copy_(ours->bias);
        }
        const at::Tensor input = at::rand({3, 6, 9, 9});
        const at::Tensor a_in = input.clone().set_requires_grad(true), b_in = input.clone().set_requires_grad(true);
        const at::Tensor a = ours->forward(a_in), b = theirs->forward(b_in);
        QCOMPARE(a.sizes().vec(), b.sizes().vec());
        QVERIFY((a - b).abs().max().item<double>() < 1e-5);
        const at::Tensor weights = at::rand(a.sizes());
        (a * weights).sum().backward();
        (b * weights).sum().backward();
        const auto close = [](const at::Tensor& x, const at::Tensor& y) {
            return (x - y).abs().max().item<double>() <= 1e-5 * std::max(1.0, y.abs().max().item<double>());
        };
        QVERIFY(close(a_in.grad(), b_in.grad()));
        QVERIFY(close(ours->weight.grad(), theirs->weight.grad()));
        QVERIFY(close(ours->bias.grad(), theirs->bias.grad()));
    }

    void shapesRoundTrip_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<std::vector<std::int64_t>>("strides");
        QTest::newRow("default 28x28 k7") << 28 << 7 << std::vector<std::int64_t>{1, 2};
        QTest::newRow("odd 27x27 k5") << 27 << 5 << std::vector<std::int64_t>{1, 2};
        QTest::newRow("two strides k3") << 28 << 3 << std::vector<std::int64_t>{2, 2};
        QTest::newRow("k1 stride 3") << 20 << 1 << std::vector<std::int64_t>{3, 1};
    }
    void shapesRoundTrip()
    {
        QFETCH(int, size);
        QFETCH(int, kernel);
        QFETCH(std::vector<std::int64_t>, strides);
        AutoencoderOptions options;
        options.encoder().height(size).width(size).kernel_size(kernel).strides(strides).channels({4, 6});
        options.embedding_size(10);
        for (const bool spiking : {true, false}) {
            auto model = make_autoencoder(spiking, options);
            const at::Tensor input =
                spiking ? (at::rand({5, 3, 1, size, size}) < 0.3).to(at::kFloat) : at::rand({3, 1, size, size});
            const at::Tensor output = model->forward(input);
            QCOMPARE(output.sizes().vec(), (std::vector<std::int64_t>{3, 1, size, size}));
            QCOMPARE(model->target_of(input).sizes().vec(), output.sizes().vec());
            QCOMPARE(model->embed(input).sizes().vec(), (std::vector<std::int64_t>{3, 10}));
            if (spiking) // the reconstruction is a spike count over T = 5 steps
                QVERIFY(output.max().item<float>() <= 5.0f && output.min().item<float>() >= 0.0f);
        }
    }

    void recurrenceVariantsTrace_data()
    {
        QTest::addColumn<Recurrence>("recurrence");
        QTest::addColumn<QStringList>("layers");
        const QStringList conv{QStringLiteral("conv1"), QStringLiteral("conv2"), QStringLiteral("embedding")};
        const QStringList decoder{QStringLiteral("decoder_linear"), QStringLiteral("deconv1"),
                                  QStringLiteral("output")};
        QTest::newRow("none") << Recurrence::None << conv + decoder;
        QTest::newRow("implicit1") << Recurrence::Implicit1
                                   << conv + QStringList{QStringLiteral("recurrent1")} + decoder;
        QTest::newRow("implicit2") << Recurrence::Implicit2
                                   << conv + QStringList{QStringLiteral("recurrent1"), QStringLiteral("recurrent2")} +
                                          decoder;
        QTest::newRow("explicit1") << Recurrence::Explicit1
                                   << conv + QStringList{QStringLiteral("recurrent1")} + decoder;
    }
    void recurrenceVariantsTrace()
    {
        QFETCH(Recurrence, recurrence);
        QFETCH(QStringList, layers);
        AutoencoderOptions options;
        options.recurrence(recurrence).embedding_size(16);
        auto model = make_autoencoder(true, options);
        const at::Tensor input = (at::rand({6, 2, 1, 28, 28}) < 0.2).to(at::kFloat);
        const auto trace = model->trace(input, 1);
        QStringList names;
        for (const auto& layer : trace) {
            names << QString::fromStdString(layer.name);
            QCOMPARE(layer.spikes.size(0), 6);
            QCOMPARE(layer.membrane.sizes(), layer.spikes.sizes());
        }
        QCOMPARE(names, layers);
        QCOMPARE(trace.front().spikes.sizes().vec(), (std::vector<std::int64_t>{6, 12, 28, 28}));
        // Gradients reach the first layer through every variant.
        model->forward(input).sum().backward();
        bool all_have_grad = true;
        for (const auto& parameter : model->parameters())
            all_have_grad = all_have_grad && parameter.grad().defined();
        QVERIFY(all_have_grad);
    }

    // decode() given the bottleneck activity an input produced draws what forward() draws from
    // that input: the decoder alone, for the projective fields. Every recurrence variant (the
    // bottleneck is the last recurrent layer) and the AE.
    void decodeReproducesTheForwardPass_data()
    {
        QTest::addColumn<bool>("spiking");
        QTest::addColumn<Recurrence>("recurrence");
        QTest::newRow("SAE") << true << Recurrence::None;
        QTest::newRow("SAE, implicit2") << true << Recurrence::Implicit2;
        QTest::newRow("SAE, explicit1") << true << Recurrence::Explicit1;
        QTest::newRow("AE") << false << Recurrence::None;
    }
    void decodeReproducesTheForwardPass()
    {
        QFETCH(bool, spiking);
        QFETCH(Recurrence, recurrence);
        torch::manual_seed(5);
        AutoencoderOptions options;
        options.recurrence(recurrence).embedding_size(16);
        auto model = make_autoencoder(spiking, options);
        const at::Tensor input =
            spiking ? (at::rand({8, 3, 1, 28, 28}) < 0.2).to(at::kFloat) : at::rand({3, 1, 28, 28});
        model->calibrate(input, 0.1);
        model->to(at::kDouble);
        model->set_execution(Execution::Folded);
        const at::Tensor in = input.to(at::kDouble);
        torch::NoGradGuard no_grad;
        const std::string bottleneck = recurrence == Recurrence::None        ? "embedding"
                                       : recurrence == Recurrence::Implicit2 ? "recurrent2"
                                                                             : "recurrent1";
        std::vector<at::Tensor> activity;
        for (std::int64_t sample = 0; sample < 3; ++sample)
            for (const auto& layer : model->trace(in, sample))
                if (layer.name == bottleneck)
                    activity.push_back(spiking ? layer.spikes : layer.spikes.squeeze(0));
        QCOMPARE(int(activity.size()), 3);
        const at::Tensor drive = at::stack(activity, spiking ? 1 : 0); // SAE [T, B, E]; AE [B, E]
        const at::Tensor decoded = model->decode(drive);
        const at::Tensor expected = model->forward(in);
        QCOMPARE(decoded.sizes(), expected.sizes());
        QVERIFY2(at::allclose(decoded, expected, 1e-9, 1e-9),
                 qPrintable(QString::number((decoded - expected).abs().max().item<double>())));
        if (spiking)
            QVERIFY(expected.sum().item<double>() > 0);
        // The wrong shape is refused, not broadcast.
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->decode(at::zeros({4}, at::kDouble)));
    }

    // Both production executions (stepwise, folded) agree with the reference (per-timestep) on
    // the output and on every parameter gradient, from the same weights and input. In float64:
    // the executions add in different orders (event-driven, planar and oneDNN kernels), and in
    // float32 that rounding can flip a threshold-borderline spike.
    void productionMatchesPerTimestep_data()
    {
        QTest::addColumn<Recurrence>("recurrence");
        QTest::addColumn<Execution>("execution");
        for (const auto execution : {Execution::Stepwise, Execution::Folded}) {
            const char* name = execution == Execution::Stepwise ? "stepwise" : "folded";
            QTest::addRow("none, %s", name) << Recurrence::None << execution;
            QTest::addRow("implicit2, %s", name) << Recurrence::Implicit2 << execution;
            QTest::addRow("explicit1, %s", name) << Recurrence::Explicit1 << execution;
        }
    }
    void productionMatchesPerTimestep()
    {
        QFETCH(Recurrence, recurrence);
        QFETCH(Execution, execution);
        torch::manual_seed(21);
        AutoencoderOptions options;
        options.recurrence(recurrence).embedding_size(24);
        auto model = make_autoencoder(true, options);
        const at::Tensor input = (at::rand({8, 4, 1, 28, 28}) < 0.15).to(at::kFloat);
        model->calibrate(input, 0.1);
        model->to(at::kDouble);
        const at::Tensor weights = at::rand({4, 1, 28, 28}, at::kDouble);
        std::vector<at::Tensor> outputs, grads[2];
        for (const auto run : {execution, Execution::PerTimestep}) {
            model->set_execution(run);
            model->zero_grad();
            const at::Tensor output = model->forward(input.to(at::kDouble));
            (output * weights).sum().backward();
            outputs.push_back(output);
            for (const auto& parameter : model->parameters())
                grads[outputs.size() - 1].push_back(parameter.grad().clone());
        }
        QVERIFY(outputs[0].sum().item<double>() > 0); // the output layer fires
        QVERIFY(outputs[0].equal(outputs[1]));
        for (std::size_t i = 0; i < grads[0].size(); ++i) {
            const double scale = std::max(1e-12, grads[1][i].abs().max().item<double>());
            const double difference = (grads[0][i] - grads[1][i]).abs().max().item<double>() / scale;
            QVERIFY2(difference < 1e-4,
                     qPrintable(QStringLiteral("parameter %1 differs by %2").arg(i).arg(difference)));
        }
    }

    // train.gradient_precision through the whole network: bfloat16 input gradients leave the
    // output unchanged and every parameter gradient within 2e-2 of float32 (and some not equal,
    // so the setting reaches the layers); a float64 model ignores the setting entirely.
    void bfloat16InputGradientsInTheNetwork()
    {
        torch::manual_seed(22);
        AutoencoderOptions options;
        options.embedding_size(24);
        auto model = make_autoencoder(true, options);
        const at::Tensor input = (at::rand({4, 8, 1, 28, 28}) < 0.15).to(at::kFloat);
        model->calibrate(input, 0.1);
        const auto run = [&](const at::Tensor& x, bool bfloat16) {
            model->set_bfloat16_input_gradients(bfloat16);
            model->zero_grad();
            const at::Tensor output = model->forward(x);
            (output * at::linspace(0.5, 1.5, output.numel(), output.options()).view(output.sizes())).sum().backward();
            std::vector<at::Tensor> grads{output.detach()};
            for (const auto& parameter : model->parameters())
                grads.push_back(parameter.grad().clone());
            return grads;
        };
        for (const auto type : {at::kFloat, at::kDouble}) {
            model->to(type);
            const std::vector<at::Tensor> exact = run(input.to(type), false), low = run(input.to(type), true);
            QVERIFY(exact[0].sum().item<double>() > 0);
            QVERIFY(low[0].equal(exact[0]));
            double largest = 0.0;
            for (std::size_t i = 1; i < exact.size(); ++i) {
                const double scale = std::max(1e-12, exact[i].abs().max().item<double>());
                largest = std::max(largest, (low[i] - exact[i]).abs().max().item<double>() / scale);
            }
            if (type == at::kDouble)
                QCOMPARE(largest, 0.0);
            else
                QVERIFY2(largest < 2e-2 && largest > 1e-6, qPrintable(QString::number(largest)));
        }
    }

    // The exact-precision mode: at the default topology and T = 25, in float64 both executions
    // give the same spikes and gradients within 1e-4 relative (in float32 the convolutions'
    // different batchings round differently and can flip a threshold-borderline spike).
    void exactPrecisionMatchesAtDefaultConfig()
    {
        torch::manual_seed(5);
        auto model = make_autoencoder(true, AutoencoderOptions());
        const at::Tensor input = (at::rand({25, 8, 1, 28, 28}) < 0.13).to(at::kFloat);
        model->calibrate(input, 0.1);
        model->to(at::kDouble);
        const at::Tensor exact = input.to(at::kDouble);
        const at::Tensor weights = at::rand({8, 1, 28, 28}, at::kDouble);
        std::vector<at::Tensor> outputs, grads[2];
        for (const auto execution : {Execution::Folded, Execution::PerTimestep}) { // folded: the far shape
            model->set_execution(execution);
            model->zero_grad();
            const at::Tensor output = model->forward(exact);
            QCOMPARE(output.scalar_type(), at::kDouble);
            (output * weights).sum().backward();
            outputs.push_back(output);
            for (const auto& parameter : model->parameters())
                grads[outputs.size() - 1].push_back(parameter.grad().clone());
        }
        QVERIFY(outputs[0].sum().item<double>() > 0);
        QVERIFY(outputs[0].equal(outputs[1]));
        for (std::size_t i = 0; i < grads[0].size(); ++i) {
            const double scale = grads[1][i].abs().max().item<double>();
            QVERIFY2(scale > 0, qPrintable(QStringLiteral("parameter %1 has no gradient").arg(i)));
            const double difference = (grads[0][i] - grads[1][i]).abs().max().item<double>() / scale;
            QVERIFY2(difference < 1e-4,
                     qPrintable(QStringLiteral("parameter %1 differs by %2").arg(i).arg(difference)));
        }
    }

    void kernelsForViews()
    {
        AutoencoderOptions options;
        auto model = make_autoencoder(true, options);
        const auto kernels = model->conv_kernels();
        QCOMPARE(kernels.size(), std::size_t(4));
        QCOMPARE(kernels[0].name, std::string("conv1"));
        QCOMPARE(kernels[0].weight.sizes().vec(), (std::vector<std::int64_t>{12, 1, 7, 7}));
        QCOMPARE(kernels[1].weight.sizes().vec(), (std::vector<std::int64_t>{32, 12, 7, 7}));
        QCOMPARE(kernels[2].weight.sizes().vec(),
                 (std::vector<std::int64_t>{12, 32, 7, 7})); // transposed conv, [out, in]
        QCOMPARE(kernels[3].weight.sizes().vec(), (std::vector<std::int64_t>{1, 12, 7, 7}));
    }

    void calibrationWakesTheNetwork()
    {
        torch::manual_seed(3);
        AutoencoderOptions options;
        auto model = make_autoencoder(true, options);
        const at::Tensor input = (at::rand({10, 16, 1, 28, 28}) < 0.12).to(at::kFloat);
        model->calibrate(input, 0.1);
        for (const auto& layer : model->trace(input, 0)) {
            const double rate = layer.spikes.mean().item<double>();
            QVERIFY2(rate > 0.02 && rate < 0.4,
                     qPrintable(QStringLiteral("%1 fires at %2").arg(QString::fromStdString(layer.name)).arg(rate)));
        }
    }

    void aeCalibrationStartsTheOutputAtTheMeanIntensity()
    {
        torch::manual_seed(3);
        auto model = make_autoencoder(false, AutoencoderOptions());
        const at::Tensor input = at::rand({16, 1, 28, 28}) * 0.26; // mean 0.13, as MNIST's
        const double before = model->forward(input).mean().item<double>();
        model->calibrate(input, 0.1);
        const double after = model->forward(input).mean().item<double>();
        QVERIFY2(std::abs(before - 0.5) < 0.1, qPrintable(QString::number(before)));
        QVERIFY2(std::abs(after - 0.13) < 0.03, qPrintable(QString::number(after)));
    }

    // Trained against the encoder's expected counts, the loss uses them while the measured
    // metrics still score the sampled counts, as the seed's test metric does.
    void expectedCountsTargetOnlyChangesTheLoss()
    {
        torch::manual_seed(4);
        auto model = make_autoencoder(true, AutoencoderOptions());
        const at::Tensor probability = at::rand({3, 1, 28, 28}) * 0.2;
        const at::Tensor input = (at::rand({25, 3, 1, 28, 28}) < probability.unsqueeze(0)).to(at::kFloat);
        model->calibrate(input, 0.1);
        Objective objective{LossKind::Nrmse, Target::ExpectedCounts, 25, probability * 25.0};
        torch::NoGradGuard no_grad;
        const BatchResult trained = model->run_batch(input, {}, objective, /*measure=*/true);
        const at::Tensor reconstruction = model->forward(input);
        QCOMPARE(trained.loss.item<double>(), nrmse_loss(reconstruction, probability * 25.0).item<double>());
        QCOMPARE(trained.nrmse, nrmse_loss(reconstruction, input.sum(0)).item<double>());
        QVERIFY(std::abs(trained.loss.item<double>() - trained.nrmse) > 1e-3);
        objective.expected_counts = at::Tensor();
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->run_batch(input, {}, objective, false));
    }

    void rejectsBadOptions()
    {
        AutoencoderOptions options;
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, make_autoencoder(true, AutoencoderOptions(options).encoder(EncoderOptions().kernel_size(4))));
        QVERIFY_THROWS_EXCEPTION(ConfigError, make_autoencoder(true, AutoencoderOptions(options).embedding_size(1)));
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, make_autoencoder(false, AutoencoderOptions(options).recurrence(Recurrence::Explicit1)));
        QVERIFY_THROWS_EXCEPTION(
            ConfigError, make_autoencoder(true, AutoencoderOptions(options).encoder(EncoderOptions().strides({1}))));
    }
};

QTEST_GUILESS_MAIN(TestAutoencoder)
#include "test_autoencoder.moc"
